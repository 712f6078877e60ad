"""draft check over several forms: a form that cannot be read is a finding, --strict counts warnings."""
from __future__ import annotations

from drafting.commands.check import check_forms, failed
from drafting.errors import ERROR, NOTICE, WARNING, Location, Problem
from drafting.options import Options, Session

from ..conftest import MINIMAL, run


def test_findings_of_every_form_in_turn(write_form):
    good = write_form(MINIMAL + "开头: 中文,中文\n", "好.yaml")
    bad = write_form("模板: 通用\n落欵: 县委\n", "坏.yaml")
    found = [(p.location.file, p.code) for p in check_forms([good, bad], Session())]
    assert found == [("好.yaml", "C203"), ("坏.yaml", "E101")]


def test_what_fails_a_check():
    at = Location("x")
    assert failed([Problem(at, "m", severity=ERROR)], strict=False)
    assert not failed([Problem(at, "m", severity=WARNING)], strict=False)
    assert failed([Problem(at, "m", severity=WARNING)], strict=True)
    assert not failed([Problem(at, "m", severity=NOTICE)], strict=True)


def test_json_output_names_every_field(write_form, capsys):
    import json

    write_form(MINIMAL + "开头: 中文,中文\n")
    code, out, _ = run(["check", "表单.yaml", "--format", "json", "--strict"], capsys)
    assert code == 1
    assert json.loads(out) == [{"file": "表单.yaml", "line": 5, "column": 7, "severity": "警告", "code": "C203",
                                "message": "中文里用了半角标点“,”", "hint": "改成全角标点（，；：？！）"}]
    assert Options(strict=True).strict


def test_all_problems_come_in_one_round(write_form, capsys):
    """Bug: field typos came first, check findings only after they were fixed."""
    write_form("模板: 通用\n标题: 报告XX\n落欵: 县委\n开头: 中文,中文\n日期: 2024-04-31\n")
    code, out, _ = run(["check", "表单.yaml"], capsys)
    located = [line.split("：")[0] for line in out.splitlines() if line.startswith("表单.yaml:")]
    assert located == ["表单.yaml:2:7: 错误[C202]", "表单.yaml:3:1: 错误[E101]", "表单.yaml:4:7: 警告[C203]", "表单.yaml:5:5: 错误[E121]"]
    assert out.splitlines()[-1] == "检查完毕：1 个表单，错误 3 处，警告 1 处。"
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and err.splitlines()[-1] == "共 3 处错误、1 处警告，未生成文件。"  # --force would not help here


def test_check_takes_quiet_like_build_and_quiet_says_no_notices(write_form, capsys):
    """Bug (#26 point 19): `draft check -q` was refused while `draft build -q` exists; -q still printed the
    full-width-colon notices."""
    from ..conftest import MINIMAL

    write_form(MINIMAL.replace("标题: 测试报告", "标题：测试报告") + "开头: 好。\n")
    code, out, err = run(["check", "-q", "表单.yaml"], capsys)
    assert (code, out, err) == (0, "", "")
    code, out, err = run(["build", "-q", "表单.yaml"], capsys)
    assert (code, out, err) == (0, "", "")
    write_form(MINIMAL.replace("标题: 测试报告", "标题：测试报告") + "开头: 好XX。\n正文:\n  - 引语: 甲\n    列举: [乙]\n")
    code, out, err = run(["check", "-q", "表单.yaml"], capsys)
    assert code == 1 and "E005" not in out + err and "C216" not in out and "错误[C202]" in out, out + err
