"""A table laid out for every writer: widths that fill the type area, numbers right-aligned on the decimal point, merges."""
from __future__ import annotations

import io
import re

import docx

from drafting.document.ast import Span, Table
from drafting.geometry import TEXT_TWIPS
from drafting.writers.tablelayout import is_number, lay_out_table
from drafting.writers.text import grid_lines

from ..helpers import build

SPAN = Span("测试", 1)


def test_widths_fill_the_type_area_and_follow_the_longest_cells():
    grid = lay_out_table(Table((("名称", "数"), ("矛盾纠纷排查化解", "1")), 1, SPAN))
    assert sum(grid.widths) == TEXT_TWIPS and grid.widths[0] > grid.widths[1]
    given = lay_out_table(Table((("甲", "乙"), ("1", "2")), 1, SPAN, widths=(3, 1)))
    assert sum(given.widths) == TEXT_TWIPS and abs(given.widths[0] - 3 * given.widths[1]) <= 3


def test_a_table_too_wide_for_the_page_narrows_its_widest_columns_first():
    cells = ("排查纠纷", "件", "2966", "2800", "+166", "+5.93%", "2700", "+0.4个百分点（很长的一格）")
    grid = lay_out_table(Table((tuple(f"列{i}" for i in range(8)), cells), 1, SPAN))
    assert sum(grid.widths) == TEXT_TWIPS
    assert grid.widths[-1] == max(grid.widths) and grid.widths[1] == min(grid.widths)


def test_numbers_are_right_aligned_on_a_decimal_tab_when_their_decimals_differ():
    grid = lay_out_table(Table((("指标", "本期", "率"), ("甲", "2966", "96.7%"), ("乙", "12.5", "—"), ("丙", "—", "9.1%")),
                               1, SPAN))
    header, first, second, third = grid.rows
    assert [c.align for c in header] == ["center"] * 3 and [c.role for c in header] == ["表头"] * 3
    assert [c.align for c in first] == ["left", "right", "right"]
    # “—” stands on the tab too: it ends where an integer ends (issue #26 point 20)
    assert first[1].decimal is not None and first[1].decimal == second[1].decimal == third[1].decimal
    assert first[2].decimal is None  # the same decimals everywhere: right alignment lines them up
    assert all(is_number(t) for t in ("2966", "+5.93%", "1,043.5万元", "—", "持平", "+0.4个百分点", "【待填】"))
    assert not any(is_number(t) for t in ("已完成", "第3季度", "约2000件", ""))


def test_merged_cells_span_and_cover_their_neighbours():
    grid = lay_out_table(Table((("甲", "乙", "丙"), ("1", "2", "3"), ("4", "5", "6")), 1, SPAN,
                               merges=((0, 0, 1, 2), (1, 2, 2, 1))))
    assert [(c.columns, c.covered) for c in grid.rows[0]] == [(2, None), (1, "beside"), (1, None)]
    assert (grid.rows[1][2].rows, grid.rows[2][2].covered, grid.rows[2][2].text) == (2, "below", "")


def test_the_txt_writer_prints_the_rows_the_docx_holds_cell_for_cell(tmp_path):
    path = tmp_path / "表.yaml"
    path.write_text("模板: 通用\n标题: 表\n正文:\n  - 表格:\n      表头: [工作, 单位, 完成率]\n      行:\n"
                    "        - [风险隐患排查, 综治中心, 100%]\n        - [化解, 司法所, 96.73%]\n", encoding="utf-8")
    rows = [[c.text.lstrip("\t") for c in row.cells]  # (a leading tab puts a number on its decimal tab)
            for row in docx.Document(io.BytesIO(build(path))).tables[0].rows]
    text = build(path, "txt").decode("utf-8").split("\n")
    start = text.index(next(line for line in text if line.startswith("工作")))
    assert [re.split(r" {2,}", line.strip()) for line in text[start:start + 3]] == rows
    assert text[start + 1].endswith("  100%") and text[start + 2].endswith("96.73%")  # numbers to the right


def test_grid_lines_pad_full_width_characters_as_two():
    grid = lay_out_table(Table((("名称", "数"), ("甲乙", "12")), 1, SPAN))
    assert grid_lines(grid) == ["名称  数", "甲乙  12"]


FIGURES_HEADER = ("指标", "单位", "本期", "上期", "环比", "去年同期", "同比")
FIGURES_ROWS = (("招商签约项目", "个", "12", "10", "+20.0%", "9", "+33.3%"),
                ("医保参保率", "%", "96.7", "96.3", "+0.4个百分点", "96.0", "+0.7个百分点"),
                ("电诈损失", "万元", "512.6", "548.3", "-6.51%", "603.15", "-15.01%"))


def _room(grid, column: int, text: str) -> bool:
    """Whether ``text`` fits its column on one line (as the layout reckons: page width and padding)."""
    from drafting.chars import page_width
    from drafting.geometry import TABLE_CHAR_TWIPS
    from drafting.writers.tablelayout import PADDING_CHARS

    return (page_width(text) + PADDING_CHARS) * TABLE_CHAR_TWIPS <= grid.widths[column] + 1


def test_names_and_values_stay_whole_when_the_table_can_hold_them():
    """Issue #26 point 20: without 同比 the table holds every name and value whole; the header may break."""
    rows = tuple(row[:6] for row in FIGURES_ROWS)
    grid = lay_out_table(Table((FIGURES_HEADER[:6],) + rows, 1, SPAN))
    for row in rows:
        for column, text in enumerate(row):
            assert _room(grid, column, text), f"“{text}” would break"
    assert not any(cell.wrap_at for row in grid.rows[1:] for cell in row)


def test_names_stay_whole_and_a_unit_goes_under_its_number_when_the_table_cannot_hold_everything():
    """With 同比 the values “+0.4个百分点” cannot all stay whole: the names still do, and such a value breaks only
    after its number (never “+0.7个百/分点”)."""
    grid = lay_out_table(Table((FIGURES_HEADER,) + FIGURES_ROWS, 1, SPAN))
    assert all(_room(grid, 0, row[0]) for row in FIGURES_ROWS)
    broken = [cell for row in grid.rows[1:] for cell in row if cell.wrap_at]
    assert broken and all(cell.text[cell.wrap_at:] == "个百分点" for cell in broken)
    header = grid.rows[0][5]
    assert header.wrap_at is None or header.text[:header.wrap_at] == "去年"
