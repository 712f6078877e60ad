"""The template commands: draft templates, draft new and draft schema from the command line."""
from __future__ import annotations

import json


from ..conftest import run
from ..helpers import BUILTINS


def test_templates_command_lists_name_description_origin(capsys):
    code, out, _ = run(["templates"], capsys)
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(BUILTINS)
    row = next(line for line in lines if line.startswith("工作总结"))
    assert "季度、半年、全年工作总结" in row and row.endswith("〔内置〕")


def test_new_and_schema_commands(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["new", "工作汇报", "-o", "汇报.yaml"], capsys)
    assert code == 0 and (tmp_path / "汇报.yaml").is_file()
    code, _, err = run(["new", "工作汇报", "-o", "汇报.yaml"], capsys)
    assert code == 1 and "已经存在，没有覆盖" in err
    code, _, err = run(["new", "工作总节"], capsys)
    assert code == 1 and "没有模板“工作总节”，您是否想写“工作总结”？" in err
    code, out, _ = run(["schema", "实施意见"], capsys)
    assert code == 0 and json.loads(out)["properties"]["主要措施"]["$ref"] == "#/$defs/部分"
