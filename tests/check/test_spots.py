"""Findings name the exact text they concern (Problem.subject), in a form and in a .docx's plain paragraphs."""
from __future__ import annotations

from drafting.check.checker import check_form
from drafting.check.spots import MAX_PER_RULE, plain_findings
from drafting.errors import Location, Subject
from drafting.form.validate import load_form

from ..conftest import MINIMAL


def test_a_forms_findings_name_the_text_at_their_column(write_form):
    form = load_form(write_form(MINIMAL + "期间: 2023Q3\n开头:\n  - 上半年,开展 次XX工作,“未完（待核实\n"))
    found = [p for p in check_form(form) if p.subject is not None]
    assert {p.code for p in found} >= {"C201", "C202", "C203", "C205", "C206"}
    for problem in found:
        line = form.source_lines[problem.location.line - 1]
        start = problem.location.column - 1
        assert line[start:start + len(problem.subject.text)] == problem.subject.text, problem
        assert problem.subject.within == Location("表单.yaml", 7, 5)  # the text's start, for finding its paragraph
    commas = [p.subject for p in found if p.code == "C203"]
    assert commas == [Subject(",", 0, Location("表单.yaml", 7, 5), "上半年"),
                      Subject(",", 1, Location("表单.yaml", 7, 5), " 次XX工作")]  # what comes before tells them apart


def test_what_comes_before_a_subject_leaves_template_code_out(write_form):
    form = load_form(write_form(MINIMAL + "指标:\n  受理: 3件\n开头:\n  - 受理{{ 指标.受理 }}后,又受理了\n"))
    [comma] = [p.subject for p in check_form(form) if p.code == "C203"]
    assert comma.before == "后" and comma.text == ","


def test_a_typed_rate_names_the_rate_as_printed(write_form):
    form = load_form(write_form(MINIMAL + "开头:\n  - 排查120件，化解110件，化解率95%。\n"))
    [rate] = [p for p in check_form(form) if p.code == "C208"]
    assert rate.subject.text == "化解率95%"


def test_plain_paragraphs_are_checked_without_a_form():
    found = plain_findings(["青山县XX工作情况", "", "三季度,开展 次行动。“未完"], "报告.docx")
    assert [(p.code, str(p.location), p.subject.text, p.subject.occurrence) for p in found] == [
        ("C202", "报告.docx:1:4", "XX", 0),
        ("C201", "报告.docx:3:5", "开展 ", 0),
        ("C203", "报告.docx:3:4", ",", 0),
        ("C205", "报告.docx:3:12", "“", 0),
    ]
    assert all(p.subject.within == Location("报告.docx", p.location.line) for p in found)


def test_plain_paragraphs_are_capped_as_forms_are():
    found = plain_findings(["甲," * 100], "报告.docx")
    assert len(found) == MAX_PER_RULE + 1
    assert found[-1].subject is None and "还有" in found[-1].message
