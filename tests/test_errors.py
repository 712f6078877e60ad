"""Diagnostics: locations, the severity enum, errors that cross process boundaries intact."""
from __future__ import annotations

import json
import pickle

from drafting.errors import ERROR, NOTICE, WARNING, DraftError, FormError, Location, Problem, Severity, UsageError, \
    excerpt_of


def test_a_draft_error_survives_pickling_with_its_problems():
    """Bug: DraftError did not survive pickling, and it crosses process boundaries under -j."""
    problem = Problem(Location("表.yaml", 3, 5), "错了", "这样改", "E101", WARNING, "  落欵: 县委")
    error = pickle.loads(pickle.dumps(FormError([problem, problem._replace(code="E102")])))
    assert type(error) is FormError and error.problems == [problem, problem._replace(code="E102")]
    assert str(error) == "表.yaml:3:5: 错了; 表.yaml:3:5: 错了"
    assert pickle.loads(pickle.dumps(UsageError(problem))).exit_code == 2


def test_severity_is_an_enum_that_reads_as_chinese():
    assert [s.value for s in Severity] == ["错误", "警告", "提示"]
    assert f"{ERROR}{NOTICE}" == "错误提示" and str(WARNING) == "警告"
    assert json.dumps({"severity": ERROR}, ensure_ascii=False) == '{"severity": "错误"}'
    assert ERROR == "错误"  # comparisons with the old strings still hold


def test_locations_print_as_file_line_column():
    assert str(Location("a.yaml", 3, 7)) == "a.yaml:3:7"
    assert str(Location("a.yaml", 3)) == "a.yaml:3" and str(Location("命令行")) == "命令行"
    assert excerpt_of(["一", "二"], 2) == "二" and excerpt_of(["一"], 5) is None and excerpt_of(["一"], None) is None
    assert DraftError(Problem(Location("x"), "m")).exit_code == 1
