"""draft check on tables: empty cells, 合计 rows that do not add up, 指标表 comparisons that cannot be made."""
from __future__ import annotations

from drafting.check.checker import check_form
from drafting.form.validate import load_form

HEAD = "模板: 通用\n标题: 表格检查\n落款: 县委\n日期: 2023-07-10\n"


def _found(write_form, text, codes=("C220", "C221", "C222", "C101", "C103")):
    return [(p.location.line, p.code, p.message) for p in check_form(load_form(write_form(HEAD + text)))
            if p.code in codes]


def test_an_empty_cell_is_named_by_row_column_and_cell(write_form):
    found = _found(write_form, "正文:\n  - 表格:\n      表头: [甲, 乙]\n      行:\n        - [1, \"\"]\n"
                               "        - [\"\", \"\"]\n      合并: [A3:B3]\n")
    assert found == [(9, "C220", "表格第1行第2列（B2）是空的")]  # the merged row is left alone


def test_a_total_row_that_is_not_the_sum_of_its_column(write_form):
    found = _found(write_form, "指标:\n  甲: 5件\n正文:\n  - 表格:\n      表头: [项目, 件数, 比例]\n      行:\n"
                               "        - [甲, \"{{ 指标.甲 }}\", 50%]\n        - [乙, 7件, 50%]\n        - [合计, 13件, 100%]\n")
    assert found == [(13, "C221", "表格第3行“合计”第2列是 13，上面各行相加是 12")]


def test_figures_a_figures_table_prints_are_used_and_a_missing_base_is_said(write_form):
    found = _found(write_form, "指标:\n  排查: {值: 12, 单位: 件, 去年同期: 10}\n  化解: null\n正文:\n"
                               "  - 指标表: {列: [指标, 本期, 同比, 环比]}\n")
    assert found == [(7, "C103", "指标“化解”还没有填写数值，正文引用了它"),
                     (9, "C222", "指标“排查”没有上期数，指标表的环比一栏印成“—”")]


def test_a_row_named_after_a_figure_that_holds_another_number(write_form):
    found = _found(write_form, "指标:\n  化解: {值: 1486, 单位: 件, 上期: 1392}\n正文:\n  - 表格:\n      表头: [指标, 本期, 上期]\n"
                               "      行:\n        - [化解, 1437件, 1392件]\n        - [排查, 12件, 10件]\n"
                               "  - 化解{{ 指标.化解 }}。\n", codes=("C223",))
    assert found == [(11, "C223", "表格里“化解”一行是 1437件，指标“化解”是 1486件")]
    assert not _found(write_form, "指标:\n  化解: 1486件\n正文:\n  - 表格:\n      行: [[化解, \"{{ 指标.化解 }}\"]]\n",
                      codes=("C223",))
