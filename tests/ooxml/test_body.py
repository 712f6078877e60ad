"""document.xml: the section's page and margins, paragraphs with their placement, the 版记 box."""
from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn


from ..conftest import EXAMPLES
from ..helpers import build, east_asian, paragraph_texts


def test_page_size_and_margins(summary):
    section = summary.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4
    margins = (section.top_margin.twips, section.bottom_margin.twips, section.left_margin.twips,
               section.right_margin.twips, section.footer_distance.twips)
    assert margins == (2098, 1984, 1587, 1474, 1417)  # 37, 35, 28, 26 and 25 mm
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


def test_signature_and_date_are_placed_right(summary, plan):
    texts = [p.text for p in summary.paragraphs]
    assert texts[-4:] == ["", "", "中共青山县委政法委员会", "2023年7月10日"]
    date = summary.paragraphs[-1]
    assert date.style.name == "成文日期"
    assert date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"  # 右空四字
    name_indent = summary.paragraphs[-2]._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))
    assert name_indent == "175"  # centred over the date: 4 + (6.5 − 11) / 2 = 1.75 characters


def test_red_header_and_imprint(write_form):
    document = docx.Document(io.BytesIO(build(EXAMPLES / "rectification-report.yaml")))
    first = [p for p in document.paragraphs[:5]]
    assert [p.style.name for p in first] == ["份号", "发文机关标志", "正文", "正文", "发文字号"]
    mark = first[1]
    assert mark.text == "中共青山县委政法委员会文件" and mark.runs[0].font.size.pt == 34  # fitted to one line
    assert document.styles["发文机关标志"].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    number = first[4]
    assert number.text == "青政法〔2023〕18号\t签发人：李明"
    assert number.runs[-1].style.name == "签发人" and east_asian(number.runs[-1].style) == "楷体_GB2312"
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (rule.get(qn("w:color")), rule.get(qn("w:val"))) == ("FF0000", "single")
    anchor = document.element.body.xpath(".//wp:anchor")[0]
    assert anchor.xpath("./wp:positionV/wp:align")[0].text == "bottom"
    assert paragraph_texts(document)[-2:] == ["抄送：县纪委监委，县委组织部。", "中共青山县委政法委员会办公室\t2023年9月20日印发"]
