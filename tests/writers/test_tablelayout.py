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
