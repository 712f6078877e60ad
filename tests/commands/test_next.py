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


def test_next_of_year_one_writes_a_form_its_own_check_accepts(write_form, capsys):
    """Issue #25.19: 期间 0001H1 led to 1H2.yaml with 期间: 1H2, refused by draft check (E122)."""
    write_form("模板: 通用\n标题: 测试报告\n期间: 0001H1\n落款: 县委\n日期: 0001-07-10\n正文:\n  - 内容\n", "第一年.yaml")
    code, out, err = run(["next", "第一年.yaml"], capsys)
    assert code == 0, err
    assert "0001H2.yaml" in out + err
    code, out, err = run(["check", "0001H2.yaml"], capsys)
    assert code == 0 and "E122" not in out + err, out + err


def test_a_period_of_year_zero_is_a_located_error_not_an_internal_one(write_form, capsys):
    write_form("模板: 通用\n标题: 测试报告\n期间: 0000H1\n落款: 县委\n日期: 2023-07-10\n正文:\n  - 内容\n")
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert code == 1 and "表单.yaml:3:5: 错误[E122]：期间“0000H1”无法识别" in out + err, out + err


def test_next_takes_a_period_as_written_and_a_form_may_write_its_period_so(write_form, capsys):
    """Bug (#26 point 16): 期间: 2026年第三季度 was E122, --period 2026年第四季度 was N002."""
    write_form("模板: 通用\n标题: 测试报告\n期间: 2026年第三季度\n落款: 县委\n日期: 2026-10-10\n正文:\n  - 内容\n",
               "三季度.yaml")
    code, out, err = run(["check", "三季度.yaml"], capsys)
    assert code == 0 and "E122" not in out + err, out + err
    code, out, err = run(["next", "三季度.yaml", "--period", "2026年第四季度"], capsys)
    assert code == 0, err
    assert "2026Q4.yaml" in out + err
