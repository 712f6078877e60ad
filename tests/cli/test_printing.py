"""Diagnostics on the terminal: every problem's code is shown, with the source line and a caret."""
from __future__ import annotations

from drafting.diagnostics import excerpt_lines

from ..conftest import MINIMAL, run


def test_form_text_codes_appear_in_text_output(write_form, capsys):
    """Bug: the README lists F001–F007, but text output showed only C codes."""
    write_form(MINIMAL + "开头: 累计{{ 指标.化解 }}。\n")
    code, out, _ = run(["check", "表单.yaml"], capsys)
    assert code == 1
    assert "表单.yaml:5:10: 错误[F001]：开头引用的指标“化解”没有定义" in out  # the caret under 指标.化解


def test_every_code_is_shown_on_the_terminal_as_in_the_web_page(write_form, capsys):
    """Bug (#26 point 19): the terminal showed only C/F/L codes, so a date error had none while draft serve showed E121."""
    write_form(MINIMAL + "落欵: 县委\n")
    _, _, err = run(["build", "表单.yaml"], capsys)
    assert err.startswith("表单.yaml:5:1: 错误[E101]：表单里没有“落欵”这个字段，您是否想写“落款”？")


def test_the_caret_stands_under_the_column_counting_wide_characters():
    assert excerpt_lines("标题: 甲乙丙丁", 7) == ["标题: 甲乙丙丁", "          ^"]
    assert excerpt_lines("  x", None) == ["x"]


def test_a_date_error_shows_its_code_and_force_says_why_it_does_not_cover_it(write_form, capsys):
    """Bug (#26 point 19): the date error had no code on the terminal, and --force silently did not cover it."""
    write_form(MINIMAL.replace("日期: 2023-07-10", "日期: 2023-13-10") + "开头: 排查{{ 指标.甲 }}。\n指标:\n  甲: null\n")
    code, _, err = run(["build", "--force", "表单.yaml"], capsys)
    assert code == 1 and "错误[E121]：日期“2023-13-10”的月份不对" in err, err
    assert err.splitlines()[-1].endswith("（--force 只放过检查发现的问题（代码以 C、F 开头）；E121 是表单本身读不懂的地方，"
                                         "不知道该印什么，要先改正）"), err
