"""Hostile and odd spreadsheets (issue #25 points 5, 12, 13): measured before reading, read once, read whole or refused.

Bounds are proven by counting work (openpyxl never opened, bytes read once), never by the clock.
"""
from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from drafting.form import spreadsheet, workbook
from drafting.form.resolver import FolderResolver
from drafting.form.spreadsheet import SheetError, read_sheet
from drafting.options import Caches

from ..conftest import run

HEAD = "模板: 通用\n标题: 表格指标\n落款: 县委\n日期: 2023-07-10\n指标文件: 指标{suffix}\n"


def _xlsx(rows: list[list[object]], edit: dict[str, tuple[str, str]] | None = None) -> bytes:
    """A workbook of ``rows``; ``edit`` replaces text in a part (part → (old, new)) to write what openpyxl would not."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if not edit:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in edit:
                old, new = edit.pop(info.filename)
                assert old.encode() in data, (info.filename, data[:400])
                data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(info, data)
        for name, (_, new) in edit.items():  # a part openpyxl did not write (it writes strings inline)
            target.writestr(name, new)
    return out.getvalue()


def _problems(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(SheetError) as caught:
        read_sheet(path)
    return [(str(p.location), p.code, p.message) for p in caught.value.problems]


SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working folder


def test_millions_of_shared_strings_are_refused_before_openpyxl_loads_them(tmp_path, monkeypatch):
    """Point 5: 5.5 million shared strings in 232 KB cost 36 s and 558 MB: now counted while streaming, and refused."""
    strings = "".join("<si><t>x</t></si>" for _ in range(workbook.MAX_STRINGS + 1))
    data = _xlsx([["指标", "数值"], ["案件", 1]], {"xl/sharedStrings.xml": ("", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                                         + strings + "</sst>")})
    (tmp_path / "文字.xlsx").write_bytes(data)
    opened: list[object] = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a))
    problems = _problems(tmp_path / "文字.xlsx")
    assert problems[0][1] == "E167" and "文字超过 100,000 条" in problems[0][2] and opened == []


def test_a_dimension_claiming_column_xfd_costs_nothing_and_rows_past_the_dimension_are_read(tmp_path):
    """Points 5 and 13: <dimension ref="A1:XFD1048576"> padded every row to 16,384 cells (682 MB); a short one hid rows."""
    rows = [["指标", "数值"], ["案件", 12], ["人数", 5]]
    for ref in ("A1:XFD1048576", "A1:B2"):
        path = tmp_path / "维度.xlsx"
        path.write_bytes(_xlsx(rows, {SHEET: ('<dimension ref="A1:B3"', f'<dimension ref="{ref}"')}))
        widths: list[int] = []
        original = spreadsheet._rows_xlsx

        def counted(*args: object) -> object:
            for number, row in original(*args):  # type: ignore[arg-type]
                widths.append(len(row))
                yield number, row
        spreadsheet._rows_xlsx = counted  # type: ignore[assignment]
        try:
            figures = read_sheet(path)
        finally:
            spreadsheet._rows_xlsx = original  # type: ignore[assignment]
        assert figures["人数"].value == 5 and figures["案件"].value == 12
        assert max(widths) <= workbook.MAX_COLUMNS and len(widths) == 3


@pytest.mark.parametrize("cell, where, words", [("XFD2", "XFD2", "超出了前 64 列"), ("A6000", "A6000", "超出了前 5,000 行")])
def test_content_past_the_columns_or_rows_read_is_refused_at_its_cell(tmp_path, cell, where, words):
    """Point 13: rows after 5,000 were dropped without a word (a figure on row 6,000 was “没有定义”)."""
    path = tmp_path / "远.xlsx"
    row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    far = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>远处</t></is></c></row>'
    path.write_bytes(_xlsx([["指标", "数值"], ["案件", 12]], {SHEET: ("</sheetData>", far + "</sheetData>")})
                     if row != "2" else _xlsx([["指标", "数值"], ["案件", 12]],
                                              {SHEET: ("</c></row></sheetData>", f'</c><c r="{cell}"><v>1</v></c></row></sheetData>')}))
    [(location, code, message)] = _problems(path)
    assert (location, code) == (f"远.xlsx!{where}", "E167") and words in message and "没有读取" in message


def test_a_csv_row_past_the_limit_is_refused_not_dropped(tmp_path):
    path = tmp_path / "长.csv"
    path.write_text("指标,数值\n" + "".join(f"指标{i},{i}\n" for i in range(1, 6000)), encoding="utf-8")
    [(location, code, message)] = _problems(path)
    assert (location, code) == ("长.csv!A5001", "E167") and "第 5001 行起没有读取" in message


def test_a_date_in_the_number_column_is_named_not_read_as_its_year(tmp_path):
    """Point 13: a date cell in 数值 was read as 2023."""
    import datetime

    path = tmp_path / "日期.xlsx"
    path.write_bytes(_xlsx([["指标", "数值"], ["案件", datetime.datetime(2023, 7, 10)]]))
    [(location, code, message)] = _problems(path)
    assert (location, code) == ("日期.xlsx!B2", "E165") and "是日期或时间，不是数字" in message


def test_a_line_separator_inside_a_csv_cell_stays_in_its_cell(tmp_path):
    """Point 13: U+2028 inside a CSV cell split the row in two."""
    path = tmp_path / "分隔.csv"
    path.write_text('指标,数值,来源\n案件,12,"县法院\u2028统计"\n人数,5,\n', encoding="utf-8")
    figures = read_sheet(path)
    assert figures["案件"].source == "县法院\u2028统计" and figures["人数"].value == 5 and len(figures) == 2


@pytest.mark.parametrize("value, shown", [("NaN", "NaN"), ("1E999", "1E999"), ("1E300", "1E300"), ("9" * 5000, "99999999999999999999…")])
def test_non_finite_and_absurd_numbers_are_refused_at_their_cell(tmp_path, value, shown):
    """Point 12: NaN, 1E999, 1E300 or 5,000 digits crashed 简写/比率/数值(2) or printed “值Infinity件”."""
    path = tmp_path / "大数.xlsx"
    path.write_bytes(_xlsx([["指标", "数值"], ["案件", 7]], {SHEET: ("<v>7</v>", f"<v>{value}</v>")}))
    [(location, code, message)] = _problems(path)
    assert (location, code) == ("大数.xlsx!B2", "E168") and shown in message and "超出了指标数值的范围" in message


def test_the_same_numbers_typed_as_text_are_refused_too(tmp_path):
    path = tmp_path / "文字数.csv"
    path.write_text("指标,数值\n甲,1E999\n乙,NaN\n丙," + "9" * 5000 + "\n丁,1e5\n", encoding="utf-8")
    with pytest.raises(SheetError) as caught:
        read_sheet(path)
    assert [(str(p.location), p.code) for p in caught.value.problems] == [
        ("文字数.csv!B2", "E168"), ("文字数.csv!B3", "E168"), ("文字数.csv!B4", "E168")]


def test_a_csv_field_past_the_csv_module_limit_is_a_located_error(tmp_path, capsys, monkeypatch):
    """Point 12: a CSV field over 131,072 characters ended in an internal error (exit 3)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "指标.csv").write_text("指标,数值\n" + "长" * 140_000 + ",1\n", encoding="utf-8")
    (tmp_path / "表.yaml").write_text(HEAD.format(suffix=".csv") + "正文: [案件]\n", encoding="utf-8")
    code, out, err = run(["check", "表.yaml"], capsys)
    assert code == 1 and "指标.csv!A2" in out + err and "单元格内容太长" in out + err


def test_a_sheet_is_read_once_per_change_of_the_file(tmp_path):
    """Point 5: the sheet was re-read at every preview; now once per (path, sheet, mtime, size)."""
    path = tmp_path / "缓存.xlsx"
    path.write_bytes(_xlsx([["指标", "数值"], ["案件", 12]]))
    reads: list[Path] = []

    class Counting(FolderResolver):
        def read_bytes(self, target: Path, limit: int) -> bytes:
            reads.append(target)
            return super().read_bytes(target, limit)

    caches, resolver = Caches(), Counting()
    for _ in range(3):
        assert read_sheet(path, None, resolver, caches)["案件"].value == 12
    assert len(reads) == 1
    path.write_bytes(_xlsx([["指标", "数值"], ["案件", 13], ["人数", 1]]))
    os.utime(path, ns=(1, 1))
    assert read_sheet(path, None, resolver, caches)["案件"].value == 13 and len(reads) == 2


@pytest.mark.parametrize("digits", [23, 24, 28, 30, 31, 37, 38, 47])
def test_yaml_figures_of_many_digits_are_worded_or_refused_never_an_internal_error(tmp_path, capsys, monkeypatch, digits):
    """Point 12: YAML figures of 28–30 digits with 同比 or 数值(2) crashed (the default context keeps 28 digits)."""
    monkeypatch.chdir(tmp_path)
    value = "1" * digits
    (tmp_path / "表.yaml").write_text(
        "模板: 通用\n标题: 大数\n落款: 县委\n日期: 2023-07-10\n"
        f"指标:\n  甲: {{值: {value[:-6]}.{value[-6:]}, 单位: 件, 去年同期: 0.000001, 上期: 3}}\n  乙: 0.0000000000000000000000001\n"
        "正文:\n  - 甲{{ 指标.甲 | 数值(2) }}，{{ 指标.甲 | 同比(10) }}，{{ 指标.甲 | 简写(10) }}，"
        "{{ 比率(指标.甲, 指标.乙, 10) }}，{{ 指标.甲 | 增减 }}，{{ 合计(指标.甲, 指标.甲) }}。\n", encoding="utf-8")
    code, out, err = run(["build", "表.yaml", "-f", "txt"], capsys)
    assert code in (0, 1), err
    if digits > 37:  # 6 decimals: past 10^31 (or 40 significant digits) a figure is refused where it is typed
        assert code == 1 and "表.yaml:6:" in err and "超出了指标数值的范围" in err
    else:
        text = (tmp_path / "表.txt").read_text(encoding="utf-8")
        assert "同比上升" in text and "Infinity" not in text and "E+" not in text


def test_figures_at_the_edge_of_the_range_never_make_a_filter_fail():
    from drafting.form.figures import Figure, abbreviate, compare, format_number, rate

    big, tiny = Decimal("9" * 24 + "." + "9" * 6), Decimal("1E-30")
    figure = Figure("甲", Decimal("-" + "9" * 23 + "." + "9" * 7), "万元", tiny, tiny)
    assert compare(figure, "同比", 10).startswith("同比下降") and rate(big, tiny, 10).endswith("%")
    assert abbreviate(figure, 10, True) and format_number(big, 10)


@pytest.mark.parametrize("typed", ["1E999", ".nan", "NaN", "-.inf", "1" + "0" * 31, "9" * 5000])
def test_a_form_figure_out_of_range_is_refused_where_it_is_typed(tmp_path, capsys, typed):
    (tmp_path / "表.yaml").write_text("模板: 通用\n标题: 大数\n落款: 县委\n日期: 2023-07-10\n"
                                      f"指标:\n  甲: {typed}\n  乙: {{值: {typed}}}\n正文: [\"甲{{{{ 指标.甲 }}}}\"]\n", encoding="utf-8")
    code, out, err = run(["check", "表.yaml"], capsys)
    assert code == 1 and "表.yaml:6:" in out + err and "表.yaml:7:" in out + err
    assert "超出了指标数值的范围" in out + err and "Infinity" not in out + err


def _damaged(data: bytes) -> bytes:
    """``data`` with the start of sheet1.xml's compressed bytes overwritten (an invalid deflate stream)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return data[:start] + b"\xff" * 8 + data[start + 8:]


def test_a_damaged_part_is_a_located_error_not_an_internal_one(tmp_path, capsys):
    (tmp_path / "指标.xlsx").write_bytes(_damaged(_xlsx([["指标", "数值"], ["案件", 7]])))
    (tmp_path / "表.yaml").write_text(HEAD.format(suffix=".xlsx") + "正文: [案件]\n", encoding="utf-8")
    code, out, err = run(["check", "表.yaml"], capsys)
    assert code == 1 and "指标.xlsx" in out + err and "无法读取" in out + err


def test_previews_of_one_form_read_its_sheet_once(tmp_path):
    """Point 5: every preview re-read the sheet; the form reader now goes through the session's caches."""
    from drafting.form.validate import load_form
    from drafting.options import Session

    (tmp_path / "指标.xlsx").write_bytes(_xlsx([["指标", "数值"], ["案件", 7]]))
    form = tmp_path / "表.yaml"
    form.write_text(HEAD.format(suffix=".xlsx") + "正文: [\"案件{{ 指标.案件 }}件\"]\n", encoding="utf-8")
    reads: list[str] = []

    class Counting(FolderResolver):
        def read_bytes(self, target: Path, limit: int) -> bytes:
            reads.append(target.name)
            return super().read_bytes(target, limit)

    session = Session(resolver=Counting(tmp_path))
    for _ in range(3):
        assert load_form(form, session).figures["案件"].value == 7
    assert reads.count("指标.xlsx") == 1
