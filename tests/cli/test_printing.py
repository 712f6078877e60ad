"""Diagnostics on the terminal: the codes the README documents are shown, with the source line and a caret."""
from __future__ import annotations

from drafting.diagnostics import excerpt_lines

from ..conftest import MINIMAL, run


def test_form_text_codes_appear_in_text_output(write_form, capsys):
    """Bug: the README lists F001–F007, but text output showed only C codes."""
    write_form(MINIMAL + "开头: 累计{{ 指标.化解 }}。\n")
    code, out, _ = run(["check", "表单.yaml"], capsys)
    assert code == 1
    assert "表单.yaml:5:10: 错误[F001]：开头引用的指标“化解”没有定义" in out  # the caret under 指标.化解


def test_validation_codes_stay_out_of_the_line(write_form, capsys):
    write_form(MINIMAL + "落欵: 县委\n")
    _, _, err = run(["build", "表单.yaml"], capsys)
    assert err.startswith("表单.yaml:5:1: 错误：表单里没有“落欵”这个字段，您是否想写“落款”？")


def test_the_caret_stands_under_the_column_counting_wide_characters():
    assert excerpt_lines("标题: 甲乙丙丁", 7) == ["标题: 甲乙丙丁", "          ^"]
    assert excerpt_lines("  x", None) == ["x"]
