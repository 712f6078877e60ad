"""Tables and attachment pages as LibreOffice prints them: 附件 on a page of its own with its title on the
third line, tables inside the type area, a long table's header repeated on every page.

Skipped, with the reason, where LibreOffice is absent; .ci/run makes it mandatory.
"""
from __future__ import annotations

import pytest

from drafting.check.pdfpages import measure
from drafting.office.holder import render_pdfs
from drafting.form.validate import load_form
from drafting.pipeline.stages import render_bytes

from ..conftest import EXAMPLES, require_soffice

LEFT_PT, RIGHT_PT = 28 * 72 / 25.4, (210 - 26) * 72 / 25.4  # the type area: 28 mm from the left, 26 mm from the right
LONG = "模板: 通用\n标题: 长表格\n正文:\n  - 表格:\n      标题: 逐项情况\n      表头: [序号, 事项, 责任单位, 完成率]\n      行:\n" + "".join(
    f"        - [{n}, 第{n}项重点工作推进落实, 县直有关部门, {90 + n % 10}.5%]\n" for n in range(1, 61))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    require_soffice()
    folder = tmp_path_factory.mktemp("tables")
    long_form = folder / "long.yaml"
    long_form.write_text(LONG, encoding="utf-8")
    documents = []
    for name, form in (("quarterly", EXAMPLES / "quarterly-report.yaml"), ("long", long_form)):
        documents.append(folder / f"{name}.docx")
        documents[-1].write_bytes(render_bytes(load_form(form)))
    (folder / "scratch").mkdir()
    pdfs, problems = render_pdfs(documents, folder / "scratch")
    assert not problems and all(pdfs)
    return {"quarterly": measure(pdfs[0]), "long": measure(pdfs[1])}


def test_the_attachment_opens_a_page_with_its_label_and_its_title_on_the_third_line(printed):
    pages = printed["quarterly"]
    annex = next(page for page in pages if page.lines and page.lines[0].text.replace(" ", "") == "附件1")
    label, title = annex.lines[0], annex.lines[1]
    assert annex.number > 1 and label.size == pytest.approx(16, abs=0.2) and "Hei" in label.fonts[0]
    assert abs(label.x0 - LEFT_PT) < 2  # flush left
    assert title.text.replace(" ", "") == "青山县2023年第一季度" and title.size == pytest.approx(22, abs=0.2)
    assert title.baseline - label.baseline == pytest.approx(2 * 28.95, abs=3)  # line 3: one blank line between
    assert abs((title.x0 + title.x1) / 2 - (LEFT_PT + RIGHT_PT) / 2) < 3  # centred
    body_pages = [page for page in pages if page.number < annex.number]
    assert any("中共青山县委政法委员会" in line.text.replace(" ", "") for page in body_pages for line in page.lines)
    lines = [line.text.replace(" ", "") for page in body_pages for line in page.lines]
    start = next(i for i, text in enumerate(lines) if text.startswith("附件："))
    assert "".join(lines[start:start + 3]) == ("附件：1.青山县2023年第一季度政法工作主要指标完成情况表"
                                                "2.青山县2023年第二季度政法工作任务分解表")  # the 附件说明 names the page


def test_tables_stay_inside_the_type_area(printed):
    for name, pages in printed.items():
        for page in pages:
            for line in page.printed:
                assert line.x0 >= LEFT_PT - 1.5 and line.x1 <= RIGHT_PT + 1.5, f"{name} p{page.number}: {line.text}"


def test_a_long_tables_header_repeats_on_every_page_and_rows_are_whole(printed):
    pages = printed["long"]
    assert len(pages) >= 3
    for page in pages:
        texts = [line.text.replace(" ", "") for line in page.lines]
        header = next(i for i, text in enumerate(texts) if text.startswith("序号事项"))
        assert header <= 2, f"page {page.number}: the header is not at the top"
        rows = [text for text in texts[header + 1:] if text[:1].isdigit()]
        assert all("县直有关部门" in row and row.endswith("%") for row in rows), f"page {page.number}: a split row"
    printed_rows = [t for page in pages for t in (line.text.replace(" ", "") for line in page.lines) if t[:1].isdigit()]
    assert len(printed_rows) == 60
