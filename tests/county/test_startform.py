"""A round's blank form: the template's form for the unit, its example figures without their numbers."""
from __future__ import annotations

from datetime import date

import pytest

from drafting.commands.templates import new_form_text
from drafting.county.startform import blank_form
from drafting.form.period import parse_period
from drafting.form.validate import load_form_text
from drafting.options import Session

TEMPLATES = ("工作总结", "工作汇报", "实施意见", "工作方案", "整改落实情况报告", "通用")


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_example_numbers_are_left_out_the_names_units_and_comments_kept(template, tmp_path):
    session = Session()
    example = load_form_text(tmp_path / "示例.yaml", new_form_text(template, session))
    text = blank_form(template, parse_period("2026Q3"), "白河镇", "县委政法委", date(2026, 10, 10), session)
    form = load_form_text(tmp_path / "白河镇-2026Q3.yaml", text)
    assert list(form.figures) == list(example.figures)  # every name the example's text refers to is still there
    assert all(f.value is None and f.previous is None and f.last_year is None for f in form.figures.values())
    assert [f.unit for f in form.figures.values()] == [f.unit for f in example.figures.values()]
    lines = new_form_text(template, session).splitlines()
    after = [line for line in lines[lines.index("指标:"):] if line.startswith("# ")] if "指标:" in lines else []
    kept = [line for line in text.splitlines() if line.startswith("# ")]
    assert after == kept[len(kept) - len(after):]  # draft new's guidance after the figures is all still there
