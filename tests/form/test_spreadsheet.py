"""指标文件: figures read from .xlsx (openpyxl) and .csv exactly as the sheet shows them, problems at 文件!单元格."""
from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from drafting.errors import FormError
from drafting.form.spreadsheet import SheetError, read_sheet
from drafting.form.validate import load_form

HEAD = "模板: 通用\n标题: 表格指标\n落款: 县委\n日期: 2023-07-10\n"


def _workbook(path, rows, title="Sheet"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_values_are_exact_as_the_sheet_shows_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _workbook(tmp_path / "指标.xlsx", [["指标", "数值", "单位", "上期", "去年同期", "来源"],
                                              ["化解率", 93.6, "%", 96.1, None, "县法院"],
                                              ["损失", 1043.5, "万元", None, 980.25, None],
                                              ["案件", "2966件", None, 2800, 2700, None]])
    figures = read_sheet(path)
    assert figures["化解率"].value == Decimal("93.6") and figures["化解率"].previous == Decimal("96.1")  # not 96.09999…
    assert figures["化解率"].source == "县法院" and figures["损失"].last_year == Decimal("980.25")
    assert (figures["案件"].value, figures["案件"].unit) == (Decimal(2966), "件")
    assert str(figures["损失"].location) == "指标.xlsx!A3"


def test_columns_may_stand_in_any_order_and_a_sheet_may_be_named(tmp_path):
    path = tmp_path / "指标.xlsx"
    book = Workbook()
    book.active.title = "封面"
    other = book.create_sheet("一季度")
    for row in (["单位", "本期", "名称"], ["件", 12, "排查"]):
        other.append(row)
    book.save(path)
    assert read_sheet(path, "一季度")["排查"].value == 12
    with pytest.raises(SheetError) as caught:
        read_sheet(path, "二季度")
    assert caught.value.problems[0].code == "E161" and "已有的工作表：封面、一季度" in caught.value.problems[0].hint


def test_a_cell_that_is_not_a_number_is_named_by_file_and_cell(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _workbook(tmp_path / "坏.xlsx", [["指标", "数值"], ["排查", "二千"], ["", 5], ["排查", 3]])
    with pytest.raises(SheetError) as caught:
        read_sheet(path)
    assert [(str(p.location), p.code, p.message) for p in caught.value.problems] == [
        ("坏.xlsx!B2", "E165", "“二千”不是数字"), ("坏.xlsx!A3", "E163", "这一行没有指标名称"),
        ("坏.xlsx!A4", "E164", "指标“排查”在指标文件里出现了两次")]


def test_a_csv_in_utf8_or_gbk_reads_the_same(tmp_path):
    text = "指标,数值,单位,去年同期\n排查,2966,件,2700\n化解率,96.73,%,\n"
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    (tmp_path / "b.csv").write_bytes(text.encode("gbk"))
    first, second = read_sheet(tmp_path / "a.csv"), read_sheet(tmp_path / "b.csv")
    values = lambda figures: {n: (f.value, f.unit, f.last_year) for n, f in figures.items()}  # noqa: E731
    assert values(first) == values(second)
    assert first["化解率"].value == Decimal("96.73") and first["排查"].last_year == 2700


def test_a_form_takes_the_sheets_figures_and_its_own_win(write_form, tmp_path):
    _workbook(tmp_path / "指标.xlsx", [["指标", "数值", "单位"], ["排查", 2966, "件"], ["化解", 2869, "件"]])
    form = load_form(write_form(HEAD + "指标文件: 指标.xlsx\n指标:\n  化解: 2870件\n正文:\n"
                                       "  - 排查{{ 指标.排查 }}，化解{{ 指标.化解 }}。\n"))
    assert form.figures["排查"].value == 2966 and form.figures["化解"].value == 2870


def test_a_blank_row_of_the_same_name_does_not_hide_the_sheets_number(write_form, tmp_path):
    _workbook(tmp_path / "指标.xlsx", [["指标", "数值", "单位"], ["排查", 2966, "件"]])
    form = load_form(write_form(HEAD + "指标文件: 指标.xlsx\n指标:\n  排查: {单位: 件}\n  化解: {单位: 件}\n正文:\n"
                                       "  - 排查{{ 指标.排查 }}。\n"))
    assert form.figures["排查"].value == 2966 and form.figures["化解"].value is None  # a name waiting for a number


def test_a_missing_sheet_or_a_file_outside_the_folder_is_said(write_form, tmp_path):
    with pytest.raises(FormError) as caught:
        load_form(write_form(HEAD + "指标文件: 没有.xlsx\n"))
    assert [(p.code, p.message) for p in caught.value.problems] == [("E160", "找不到指标文件“没有.xlsx”")]
    with pytest.raises(FormError) as caught:
        load_form(write_form(HEAD + "指标文件: ../外面.xlsx\n"))
    assert "在表单所在的文件夹之外" in caught.value.problems[0].message
    (tmp_path / "假.xlsx").write_text("不是表格", encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(write_form(HEAD + "指标文件: {文件: 假.xlsx, 表: 一季度}\n"))
    assert caught.value.problems[0].message == "指标文件“假.xlsx”无法读取：不是能读的 .xlsx 文件"


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    import zipfile

    from drafting.form import workbook

    path = tmp_path / "大.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "0" * 2_000_000)
    monkeypatch.setattr(workbook, "MAX_UNPACKED", 1_000_000)
    with pytest.raises(SheetError) as caught:
        read_sheet(path)
    assert caught.value.problems[0].code == "E160" and "解压后太大" in caught.value.problems[0].message


@pytest.mark.parametrize("part, old, new", [
    ("xl/workbook.xml", 'name="Sheet"', 'name="&xxe;"'),
    ("xl/worksheets/sheet1.xml", "<t>", "<t>&xxe;"),
    ("xl/worksheets/sheet1.xml", "</sheetData>", "<sheetData>"),
], ids=["workbook", "sheet", "broken XML"])
def test_a_workbook_with_an_entity_or_broken_xml_is_said_not_an_internal_error(tmp_path, monkeypatch, part, old, new):
    """Bug: an XML error in a workbook's parts (an external entity, a broken tag) was an internal error (exit 3)."""
    monkeypatch.chdir(tmp_path)
    import zipfile

    (tmp_path / "secret.txt").write_text("PRIVATE-KEY-0042", encoding="utf-8")
    source = _workbook(tmp_path / "原.xlsx", [["指标", "数值"], ["受理", 5]])
    path = tmp_path / "指标.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as crafted:
        for name in original.namelist():
            data = original.read(name).decode("utf-8")
            if name == part:
                doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{tmp_path / "secret.txt"}">]>' if "&" in new else ""
                data = doctype + data.replace(old, new, 1)
            crafted.writestr(name, data)
    with pytest.raises(SheetError) as caught:
        read_sheet(path)
    assert [(p.code, p.message) for p in caught.value.problems] == [("E160", "指标文件“指标.xlsx”无法读取：不是能读的 .xlsx 文件")]


def test_the_common_header_names_are_accepted(tmp_path):
    """Bug (#26 point 18): a sheet headed 指标名称 / 本期数 was refused (E162)."""
    path = _workbook(tmp_path / "指标.xlsx", [["序号", "指标名称", "本期数", "计量单位", "上期数", "上年同期", "备注", "数据来源"],
                                              [1, "排查隐患", 126, "处", 110, 98, "含复查", "县应急局"]])
    figure = read_sheet(path)["排查隐患"]
    assert (figure.value, figure.unit, figure.previous, figure.last_year) == (126, "处", 110, 98)
    assert figure.source == "县应急局"  # 来源 wins over 备注, wherever it stands
    path = _workbook(tmp_path / "项目.xlsx", [["项目", "完成数", "去年同期数"], ["培训", 12, 10]])
    assert (read_sheet(path)["培训"].value, read_sheet(path)["培训"].last_year) == (12, 10)


def test_an_empty_value_cell_is_reported_at_the_value_cell(tmp_path, monkeypatch, capsys):
    """Bug (#26 point 18): a figure whose 数值 cell B3 is empty was reported at its name cell A3."""
    from ..conftest import run

    monkeypatch.chdir(tmp_path)
    _workbook(tmp_path / "f.xlsx", [["指标", "数值"], ["甲", 1], ["乙", None]])
    (tmp_path / "表单.yaml").write_text(HEAD + "指标文件: f.xlsx\n开头: 甲{{ 指标.甲 }}，乙{{ 指标.乙 }}。\n", encoding="utf-8")
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert code == 1 and "f.xlsx!B3: 错误[C103]：指标“乙”还没有填写数值，正文引用了它" in out + err, out + err
