"""The form page's controls over HTTP: uploading a spreadsheet beside the form, its sheets, 版式 by name, and the
spreadsheet's figures in the preview with their cells (issue #26, points 2 and 3)."""
from __future__ import annotations

import io
import json
from urllib.parse import quote

import pytest

from drafting.serve.guard import TOKEN_HEADER
from drafting.serve.uploads import MAX_UPLOAD

from .test_app import ORIGIN, TOKEN, _page_data, _post, client, folder, services  # noqa: F401  (fixtures)

FORM = "quarterly-report.yaml"


def _workbook(*sheets: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheets[0]
    for name in sheets[1:]:
        book.create_sheet(name)
    for sheet in book.worksheets:
        sheet.append(["指标", "数值", "单位"])
        sheet.append(["新增网格员", 42 if sheet.title == sheets[-1] else 7, "人"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, file: str, raw: bytes, replace: bool = False, **headers):
    query = f"form={quote(FORM)}&file={quote(file)}" + ("&replace=1" if replace else "")
    given = {TOKEN_HEADER: TOKEN, "Origin": ORIGIN, "Content-Type": "application/octet-stream", **headers}
    return client.post(f"/api/upload?{query}", content=raw, headers={k: v for k, v in given.items() if v is not None})


def test_an_xlsx_is_saved_beside_the_form_and_its_sheets_listed(client, folder):
    raw = _workbook("一月", "二月")
    answer = _upload(client, "新指标.xlsx", raw)
    assert answer.status_code == 200, answer.text
    assert answer.json()["sheets"] == ["一月", "二月"] and answer.json()["file"] == "新指标.xlsx"
    assert (folder / "新指标.xlsx").read_bytes() == raw
    listed = _post(client, "/api/sheets", {"form": FORM, "file": "quarterly-figures.xlsx"})
    assert listed.status_code == 200 and listed.json()["sheets"] == ["一季度"]


@pytest.mark.parametrize("file, raw, status, code", [
    ("指标.docx", b"PK\x03\x04", 400, "S070"),             # not a spreadsheet by its name
    ("指标.xlsx", b"not a zip at all", 400, "S070"),        # named .xlsx, but openpyxl cannot open it
    ("../外面.xlsx", None, 400, "S072"),                    # a path, not a file name
    ("..\\外面.xlsx", None, 400, "S072"),
    (".隐藏.xlsx", None, 400, "S072"),
    ("quarterly-figures.xlsx", None, 409, "S073"),          # a file already there: never replaced unasked
])
def test_refused_uploads_write_nothing(client, folder, file, raw, status, code):
    before = sorted(p.name for p in folder.rglob("*"))
    original = (folder / "quarterly-figures.xlsx").read_bytes()
    answer = _upload(client, file, raw if raw is not None else _workbook("表1"))
    assert answer.status_code == status and answer.json()["code"] == code, answer.text
    assert answer.json()["error"] and answer.json()["hint"]
    assert sorted(p.name for p in folder.rglob("*")) == before
    assert (folder / "quarterly-figures.xlsx").read_bytes() == original
    assert not (folder.parent / "外面.xlsx").exists()


def test_a_workbook_past_the_readers_budgets_is_refused_before_openpyxl_reads_it(client, folder):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"], book.active["XFD1"] = "指标", 1  # a cell in the last column: openpyxl would pad every row to it
    out = io.BytesIO()
    book.save(out)
    answer = _upload(client, "远列.xlsx", out.getvalue())
    assert answer.status_code == 400 and answer.json()["code"] == "S070" and "XFD1" in answer.json()["error"]
    assert not (folder / "远列.xlsx").exists()


def test_the_file_already_there_chosen_again_is_taken_without_asking(client, folder):
    same = (folder / "quarterly-figures.xlsx").read_bytes()
    answer = _upload(client, "quarterly-figures.xlsx", same)
    assert answer.status_code == 200 and answer.json()["sheets"] == ["一季度"]
    assert (folder / "quarterly-figures.xlsx").read_bytes() == same


def test_a_file_there_is_replaced_only_when_asked(client, folder):
    raw = _workbook("二季度")
    answer = _upload(client, "quarterly-figures.xlsx", raw, replace=True)
    assert answer.status_code == 200 and answer.json()["sheets"] == ["二季度"]
    assert (folder / "quarterly-figures.xlsx").read_bytes() == raw


def test_a_body_past_the_limit_is_refused_before_it_is_read_whole(client, folder):
    too_big = _upload(client, "大.xlsx", b"\0" * (MAX_UPLOAD + 1))
    assert too_big.status_code == 413 and too_big.json()["code"] == "S071"
    assert not (folder / "大.xlsx").exists()


def test_an_upload_without_the_token_or_from_another_origin_is_refused(client, folder):
    raw = _workbook("表1")
    assert _upload(client, "无令牌.xlsx", raw, **{TOKEN_HEADER: None}).status_code == 403
    assert _upload(client, "外站.xlsx", raw, Origin="http://evil.example").status_code == 403
    assert not (folder / "无令牌.xlsx").exists() and not (folder / "外站.xlsx").exists()


def test_the_figures_file_is_saved_as_file_and_sheet_and_its_figures_carry_their_cells(client, folder):
    _upload(client, "新指标.xlsx", _workbook("一月", "二月"))
    page = _page_data(client.get(f"/form/{FORM}").text)
    assert page["state"]["指标文件"] == {"文件": "quarterly-figures.xlsx", "表": ""}
    state = dict(page["state"], 指标文件={"文件": "新指标.xlsx", "表": "二月"})
    shown = _post(client, "/api/preview", {"name": FORM, "version": page["version"], "state": state}).json()
    assert {"名称": "新增网格员", "值": "42", "单位": "人", "上期": "", "去年同期": "", "来源": "", "单元格": "二月!B2"} \
        in shown["sheetFigures"]
    saved = _post(client, "/api/save", {"name": FORM, "version": page["version"], "state": state})
    assert saved.status_code == 200, saved.text
    assert "指标文件: {文件: 新指标.xlsx, 表: 二月}" in (folder / FORM).read_text(encoding="utf-8")


def test_the_page_offers_profiles_by_their_chinese_names(client, folder):
    (folder / "大字版式.yaml").write_text("名称: 大字版\n基于: gbt9704\n角色:\n  正文: {字号: 四号}\n", encoding="utf-8")
    page = _page_data(client.get(f"/form/{FORM}").text)
    assert ["gbt9704", "GB/T 9704-2012（内置）"] in page["profiles"]
    assert ["大字版式.yaml", "大字版（大字版式.yaml）"] in page["profiles"]
    assert not any(value.startswith(("half-year", "quarterly")) for value, _ in page["profiles"])  # forms are no profiles


def test_the_preview_marks_each_spreadsheet_figure_with_its_sheet_and_cell(client):
    page = _page_data(client.get(f"/form/{FORM}").text)
    shown = _post(client, "/api/preview", {"name": FORM, "version": page["version"], "state": page["state"]}).json()
    cells = {f["名称"]: f["单元格"] for f in shown["sheetFigures"]}
    assert cells["矛盾纠纷排查"] == "一季度!B2" and cells["化解率"] == "一季度!B4"
    assert json.dumps(shown["sheetFigures"], ensure_ascii=False).count("一季度!") == len(shown["sheetFigures"])


def test_a_csv_has_no_sheets_and_its_figures_are_marked_with_its_name(client, folder):
    answer = _upload(client, "季度.csv", "指标,数值,单位\n新增网格员,42,人\n".encode("utf-8"))
    assert answer.status_code == 200 and answer.json()["sheets"] == []
    page = _page_data(client.get(f"/form/{FORM}").text)
    state = dict(page["state"], 指标文件={"文件": "季度.csv", "表": ""})
    shown = _post(client, "/api/preview", {"name": FORM, "version": page["version"], "state": state}).json()
    assert [f["单元格"] for f in shown["sheetFigures"]] == ["季度!B2"]
    _post(client, "/api/save", {"name": FORM, "version": page["version"], "state": state})
    assert "指标文件: 季度.csv\n" in (folder / FORM).read_text(encoding="utf-8")
