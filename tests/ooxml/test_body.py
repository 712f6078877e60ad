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
    assert [p.style.name for p in first] == ["份号", "发文机关标志", "Normal", "Normal", "发文字号"]
    mark = first[1]
    assert mark.text == "中共青山县委政法委员会文件" and mark.runs[0].font.size.pt == 34  # fitted to one line
    assert document.styles["发文机关标志"].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    number = first[4]
    assert number.text == "青政法〔2023〕18号\t签发人：李明"
    assert number.runs[-1].style.name == "签发人" and east_asian(number.runs[-1].style) == "楷体_GB2312"
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (rule.get(qn("w:color")), rule.get(qn("w:val"))) == ("FF0000", "single")
    assert paragraph_texts(document)[-2:] == ["抄送：县纪委监委，县委组织部。", "中共青山县委政法委员会办公室\t2023年9月20日印发"]


def test_imprint_rows_are_frames_stacked_on_the_type_areas_foot():
    """GB/T 9704 7.4: the 版记 is ordinary paragraphs (every reader sees its text) in frames at the
    foot of the last page, ruled 1 pt above and below and 0.75 pt between its rows."""
    document = docx.Document(io.BytesIO(build(EXAMPLES / "rectification-report.yaml")))
    *_, copy_to, printed, anchor = document.paragraphs
    assert (copy_to.style.name, printed.style.name) == ("版记", "版记") and anchor.text == ""
    frames = [p._p.pPr.find(qn("w:framePr")) for p in (copy_to, printed)]
    assert {(f.get(qn("w:vAnchor")), f.get(qn("w:hAnchor")), f.get(qn("w:w"))) for f in frames} == {
        ("margin", "margin", "8845")}
    (y1, h1), (y2, h2) = ((int(f.get(qn("w:y"))), int(f.get(qn("w:h")))) for f in frames)
    assert y1 + h1 == y2 and y2 + h2 == 16838 - 2098 - 1984, "stacked, the last ending on the type area's foot"

    def rules(paragraph):
        return [(side.tag.split("}")[1], side.get(qn("w:sz"))) for side in paragraph._p.pPr.find(qn("w:pBdr"))]

    assert rules(copy_to) == [("top", "8"), ("bottom", "6")] and rules(printed) == [("bottom", "8")]
    indent = printed._p.pPr.find(qn("w:ind"))
    assert (indent.get(qn("w:left")), indent.get(qn("w:right")), indent.get(qn("w:firstLineChars"))) == ("0", "0", "100")


def test_a_long_copy_to_list_makes_its_frame_taller(write_form):
    form = write_form("模板: 通用\n标题: 测试\n正文:\n  - 内容\n版头:\n  发文机关标志: 县委办\n  发文字号: 县办〔2024〕1号\n"
                      "  抄送: " + "，".join(["县人大常委会办公室", "县政府办公室", "县政协办公室"] * 3) + "\n  印发机关: 县委办\n")
    document = docx.Document(io.BytesIO(build(form)))
    heights = [int(p._p.pPr.find(qn("w:framePr")).get(qn("w:h"))) for p in document.paragraphs
               if p._p.xpath("./w:pPr/w:framePr")]
    assert heights == [3 * 480 + 18, 480 + 18]
