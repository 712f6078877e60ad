"""draft check on title lines a user gives: too long for a line (C213), broken inside a word (C214)."""
from __future__ import annotations

from drafting.check.checker import check_form
from drafting.form.validate import load_form


def _codes(path):
    return [(str(p.location), p.code, p.message) for p in check_form(load_form(path)) if p.code in ("C213", "C214")]


def test_a_line_break_inside_a_word_is_a_finding(write_form):
    path = write_form("模板: 通用\n标题:\n  - 青山县委政法委2023年上半年工作\n  - 总结及下半年工作打算\n正文:\n  - 内容。\n")
    assert _codes(path) == [("表单.yaml:4:5", "C214", "标题在“工作|总结”处分行，把一个词拆到了两行")]


def test_a_line_that_would_wrap_is_a_finding(write_form):
    path = write_form("模板: 通用\n标题:\n  - 青山县委政法委关于2023年上半年工作总结及下半年工作打算的报告\n  - 附件\n"
                      "正文:\n  - 内容。\n")
    assert _codes(path) == [("表单.yaml:3:5", "C213", "标题第1行有 30 个字，一行只排得下 20 个，会自动回行")]


def test_good_lines_and_one_line_titles_pass(write_form):
    good = write_form("模板: 通用\n标题:\n  - 青山县委政法委\n  - 2023年上半年工作总结\n正文:\n  - 内容。\n", "好.yaml")
    one = write_form("模板: 通用\n标题: 青山县委政法委2023年上半年工作总结及下半年工作打算\n正文:\n  - 内容。\n", "一行.yaml")
    assert _codes(good) == [] and _codes(one) == []
