"""The 指标表 as LibreOffice prints it (issue #26 point 20): no name or value breaks while the table can hold it
whole, a value too wide breaks only between its number and its unit words, and “—” stands where an integer of
its column stands (on the decimal tab, or right-aligned with the numbers).

Skipped, with the reason, where LibreOffice is absent; .ci/run makes it mandatory.
"""
from __future__ import annotations

import pytest

from drafting.check.pdfpages import measure
from drafting.form.validate import load_form
from drafting.office.holder import render_pdfs
from drafting.pipeline.stages import render_bytes

from ..conftest import EXAMPLES, require_soffice

DASHES = """模板: 通用
标题: 关于测试表格的报告
正文:
  - 表格:
      标题: 主要指标
      表头: [指标, 单位, 本期, 上期, 环比, 去年同期, 同比]
      行:
        - [招商签约项目, 个, 12, —, —, 10, +20.0%]
        - [医保参保率, '%', 96.7, 96.3, +0.4个百分点, —, +0.7个百分点]
        - [电诈损失, 万元, 512.6, 548.3, -6.51%, 603.15, —]
落款: 青山县人民政府
日期: 2024-03-01
"""
WHOLE_TABLE = """模板: 通用
标题: 关于测试表格的报告
正文:
  - 表格:
      标题: 主要指标
      表头: [指标, 单位, 本期, 上期, 环比, 去年同期]
      行:
        - [招商签约项目, 个, 12, 10, +20.0%, 9]
        - [医保参保率, '%', 96.7, 96.3, +0.4个百分点, 96.0]
        - [电诈损失, 万元, 512.6, 548.3, -6.51%, 603.15]
落款: 青山县人民政府
日期: 2024-03-01
"""
NAMES = ("矛盾纠纷排查", "矛盾纠纷化解", "法律援助案件", "安全隐患排查", "安全隐患整治", "招商签约项目", "医保参保率")
WHOLE = ("+13.75%", "+10.79%", "603.15", "-15.01%", "+20.0%")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    require_soffice()
    folder = tmp_path_factory.mktemp("columns")
    (folder / "dashes.yaml").write_text(DASHES, encoding="utf-8")
    (folder / "whole.yaml").write_text(WHOLE_TABLE, encoding="utf-8")
    documents = []
    for name, form in (("quarterly", EXAMPLES / "quarterly-report.yaml"), ("dashes", folder / "dashes.yaml"),
                       ("whole", folder / "whole.yaml")):
        documents.append(folder / f"{name}.docx")
        documents[-1].write_bytes(render_bytes(load_form(form)))
    (folder / "scratch").mkdir()
    pdfs, problems = render_pdfs(documents, folder / "scratch")
    assert not problems and all(pdfs)
    return {"quarterly": measure(pdfs[0]), "dashes": measure(pdfs[1]), "dashes.pdf": pdfs[1],
            "whole": measure(pdfs[2])}


def _lines(pages) -> list[str]:
    return [line.text.replace(" ", "") for page in pages for line in page.lines]


def test_no_name_or_value_breaks_and_a_unit_goes_whole_under_its_number(printed):
    for name in ("quarterly", "dashes"):
        lines = _lines(printed[name])
        for text in NAMES + WHOLE:
            found = [line for line in lines if text in line]
            pieces = [line for line in lines if text[:3] in line or text[-3:] in line]
            assert found or not pieces, f"{name}: “{text}” is broken across lines: {pieces}"
        units = [line for line in lines if "个百" in line or "分点" in line]
        assert units and all("个百分点" in line for line in units), f"{name}: a unit word broke: {units}"
    everything = _lines(printed["quarterly"]) + _lines(printed["dashes"])
    assert all(any(text in line for line in everything) for text in NAMES + WHOLE)


def test_a_table_that_can_hold_every_value_whole_prints_them_whole(printed):
    """Without 同比 the minimum widths (every name and value whole) fit the type area: nothing breaks, not even
    “+0.4个百分点”."""
    lines = _lines(printed["whole"])
    for text in ("招商签约项目", "医保参保率", "+0.4个百分点", "+20.0%", "603.15"):
        assert any(text in line for line in lines), f"“{text}” is broken across lines: {lines}"


def test_a_dash_ends_where_its_columns_integers_end(printed):
    """去年同期 holds 10, — and 603.15 (on a decimal tab): — ends where 10 and 603 end; 上期 holds —, 96.3 and
    548.3 (right-aligned): — ends where they end."""
    import pdfplumber

    with pdfplumber.open(printed["dashes.pdf"]) as pdf:
        words = pdf.pages[0].extract_words()

    def word(text: str, nth: int = 0) -> dict:
        return sorted((w for w in words if w["text"] == text), key=lambda w: (round(w["bottom"]), w["x0"]))[nth]

    ten, six_o_three = word("10"), word("603.15")
    digit = (six_o_three["x1"] - six_o_three["x0"]) / 5.5  # “603.15”: five digits and a point of half a digit
    dash_last_year = min((w for w in words if w["text"] == "—"), key=lambda w: abs(w["x1"] - ten["x1"]))
    assert round(dash_last_year["bottom"]) == round(word("96.7")["bottom"])  # the 医保参保率 row's —
    assert abs(dash_last_year["x1"] - ten["x1"]) < 1.5 and abs(six_o_three["x0"] + 3 * digit - ten["x1"]) < 1.5
    dash_previous = word("—", 0)  # 上期 of 招商签约项目
    assert abs(dash_previous["x1"] - word("548.3")["x1"]) < 1.5 and abs(word("96.3")["x1"] - word("548.3")["x1"]) < 1.5


def test_the_dash_sits_on_the_decimal_tab_in_the_layout():
    from drafting.document.ast import Table
    from drafting.writers.tablelayout import lay_out_table

    rows = (("指标", "去年同期", "上期"), ("甲", "10", "—"), ("乙", "—", "96.3"), ("丙", "603.15", "548.3"))
    table = Table(rows=rows, header_rows=1, span=None)  # type: ignore[arg-type]
    grid = lay_out_table(table)
    assert grid.rows[2][1].decimal is not None and grid.rows[2][1].decimal == grid.rows[1][1].decimal
    assert grid.rows[1][2].align == grid.rows[2][2].align == "right" and grid.rows[1][2].decimal is None
