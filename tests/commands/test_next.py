"""The next command: refuses to overwrite, needs a period."""
from __future__ import annotations

from ..conftest import run


def test_next_refuses_to_overwrite_and_needs_a_period(workdir, write_form, capsys):
    run(["next", "half-year-summary.yaml"], capsys)
    code, _, err = run(["next", "half-year-summary.yaml"], capsys)
    assert code == 1 and "已经存在，没有覆盖" in err
    write_form("模板: 通用\n标题: 无期间\n", "无期间.yaml")
    code, _, err = run(["next", "无期间.yaml"], capsys)
    assert code == 1 and "表单没有“期间”，无法推算下一期" in err
