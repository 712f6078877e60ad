"""A form text against its edited print: prose rewritten around expressions, plain figures changed, others kept."""
from __future__ import annotations

import pytest

from drafting.form.validate import load_form
from drafting.merging.texts import Printer, rewrite
from drafting.options import Session
from tests.conftest import EXAMPLES

SOURCE = "全县累计排查矛盾纠纷{{ 指标.矛盾纠纷排查 }}，化解{{ 指标.矛盾纠纷化解 }}，化解率{{ 指标.矛盾纠纷化解 | 比率(指标.矛盾纠纷排查) }}。"
PRINTED = "全县累计排查矛盾纠纷2966件，化解2869件，化解率96.73%。"


@pytest.fixture(scope="module")
def printer() -> Printer:
    return Printer(load_form(EXAMPLES / "work-briefing.yaml", Session()))


def test_the_prose_changes_and_the_expressions_stay(printer: Printer) -> None:
    assert printer.render(SOURCE) == PRINTED
    written = rewrite(SOURCE, PRINTED, "今年以来，全县共排查矛盾纠纷2966件，已化解2869件，化解率达96.73%。", printer)
    assert written is not None and (written.figures, written.conflicts) == ([], [])
    assert written.source == ("今年以来，全县共排查矛盾纠纷{{ 指标.矛盾纠纷排查 }}，已化解{{ 指标.矛盾纠纷化解 }}，"
                              "化解率达{{ 指标.矛盾纠纷化解 | 比率(指标.矛盾纠纷排查) }}。")


@pytest.mark.parametrize("new, figure", [("2966件，化解2969件", ("矛盾纠纷化解", "2869件", "2969件")),
                                         ("2966件，化解2896件", ("矛盾纠纷化解", "2869件", "2896件")),
                                         ("2966件，化解12869件", ("矛盾纠纷化解", "2869件", "12869件"))])
def test_a_plain_figure_printed_otherwise_is_a_figure_change(printer: Printer, new: str, figure: tuple) -> None:
    written = rewrite(SOURCE, PRINTED, PRINTED.replace("2966件，化解2869件", new), printer)
    assert written is not None and written.source == SOURCE and written.figures == [figure]


def test_prose_and_a_figure_changed_together(printer: Printer) -> None:
    written = rewrite(SOURCE, PRINTED, "全县共排查矛盾纠纷2966件，化解2870件，化解率96.73%。", printer)
    assert written is not None and written.figures == [("矛盾纠纷化解", "2869件", "2870件")]
    assert written.source.startswith("全县共排查矛盾纠纷{{ 指标.矛盾纠纷排查 }}，化解{{ 指标.矛盾纠纷化解 }}")


def test_a_computed_figure_written_otherwise_is_a_conflict_and_stays(printer: Printer) -> None:
    written = rewrite(SOURCE, PRINTED, PRINTED.replace("96.73%", "97%"), printer)
    assert written is not None and written.source == SOURCE and written.figures == []
    assert written.conflicts == [("{{ 指标.矛盾纠纷化解 | 比率(指标.矛盾纠纷排查) }}", "96.73%", "97%")]


def test_an_expression_deleted_by_the_leader_is_never_lost_silently(printer: Printer) -> None:
    written = rewrite(SOURCE, PRINTED, "全县累计排查矛盾纠纷2966件，化解2869件。", printer)
    assert written is not None and "比率(指标.矛盾纠纷排查)" in written.source and written.conflicts


def test_braces_the_leader_typed_print_as_braces(printer: Printer) -> None:
    written = rewrite("没有表达式的文字。", "没有表达式的文字。", "写了{{ 括号 }}的文字。", printer)
    assert written is not None and printer.render(written.source) == "写了{{ 括号 }}的文字。"


def test_heading_numbers_are_read_as_draft_import_reads_them():
    """One reading of 一、（一）1.（1） and the variants people type (document/numerals.py), not a second table."""
    from drafting.merging.pairing import heading_level, without_number

    assert [(without_number(t), heading_level(t, None)) for t in ("一、总体要求", "（二）加强", "1、坚持", "１．全角",
                                                                  "(3)做好", "一．见效", " 十、其他")] == \
        [("总体要求", 1), ("加强", 2), ("坚持", 3), ("全角", 3), ("做好", 4), ("见效", 1), ("其他", 1)]
    assert without_number("1.5倍增长") == "1.5倍增长" and heading_level("1.5倍增长", None) is None
    assert heading_level("加强队伍建设", "二级标题") == 2
