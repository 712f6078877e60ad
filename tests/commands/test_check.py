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
