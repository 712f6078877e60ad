"""w:tbl as Word reads it: the type area's width, fixed columns, header rows repeated, rows never split, merges."""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from drafting.ooxml.names import W

from ..helpers import build

FORM = """模板: 通用
标题: 表
正文:
  - 表格:
      标题: 推进情况
      表头: [[项目, 数量, ""], ["", 本期, 上期]]
      行:
        - [排查, 12, 10]
        - [化解, 11.5, 9]
      合并: [A1:A2, B1:C1]
"""


def _table(tmp_path):
    path = tmp_path / "表.yaml"
    path.write_text(FORM, encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO(build(path))) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return root.find(f".//{W}tbl"), root


def test_the_table_fills_the_type_area_with_fixed_columns(tmp_path):
    table, _ = _table(tmp_path)
    assert table.find(f"{W}tblPr/{W}tblW").get(f"{W}w") == "8845"
    assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    assert sum(int(col.get(f"{W}w")) for col in table.iter(f"{W}gridCol")) == 8845


def test_header_rows_repeat_and_no_row_splits(tmp_path):
    table, _ = _table(tmp_path)
    rows = table.findall(f"{W}tr")
    assert [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows] == [True, True, False, False]
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)


def test_merges_are_grid_spans_and_vertical_merges(tmp_path):
    table, _ = _table(tmp_path)
    first, second = table.findall(f"{W}tr")[:2]
    assert [tc.find(f"{W}tcPr/{W}vMerge").get(f"{W}val") if tc.find(f"{W}tcPr/{W}vMerge") is not None else None
            for tc in first.findall(f"{W}tc")] == ["restart", None]
    assert first.findall(f"{W}tc")[1].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    continued = second.findall(f"{W}tc")[0].find(f"{W}tcPr/{W}vMerge")
    assert continued is not None and continued.get(f"{W}val") is None and len(second.findall(f"{W}tc")) == 3


def test_the_title_keeps_with_the_table_and_cells_use_the_table_styles(tmp_path):
    table, root = _table(tmp_path)
    title = table.getprevious()
    assert title.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "GwTableTitle"
    styles = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in table.iter(f"{W}p")}
    assert styles == {"GwTableHeader", "GwTableText"}
    decimal = [tab for tab in table.iter(f"{W}tab") if tab.get(f"{W}val") == "decimal"]
    assert decimal  # 12 and 11.5: on the decimal point
