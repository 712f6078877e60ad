"""The docx as Word reads it: page, styles, fonts, numbering, run-in headings, footers."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from drafting.commands.build import render_bytes
from drafting.form.validate import load_form

from ..conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(path: Path, fmt: str = "docx") -> bytes:
    return render_bytes(load_form(path), fmt)


@pytest.fixture(scope="module")
def summary() -> docx.Document:
    return docx.Document(io.BytesIO(build(EXAMPLES / "half-year-summary.yaml")))


@pytest.fixture(scope="module")
def plan() -> docx.Document:
    return docx.Document(io.BytesIO(build(EXAMPLES / "implementation-plan.yaml")))


def test_page_size_and_margins(summary):
    section = summary.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4
    margins = (section.top_margin.twips, section.bottom_margin.twips, section.left_margin.twips,
               section.right_margin.twips, section.footer_distance.twips)
    assert margins == (2098, 1984, 1587, 1474, 1417)  # 37, 35, 28, 26 and 25 mm
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


def east_asian(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.mark.parametrize("name, font, size, bold", [
    ("正文", "仿宋_GB2312", 16, False), ("标题", "方正小标宋简体", 22, False),
    ("一级标题", "黑体", 16, False), ("二级标题", "楷体_GB2312", 16, False),
    ("三级标题", "仿宋_GB2312", 16, False), ("四级标题", "仿宋_GB2312", 16, False),
    ("落款", "仿宋_GB2312", 16, False), ("成文日期", "仿宋_GB2312", 16, False),
    ("附件说明", "仿宋_GB2312", 16, False), ("页码", "宋体", 14, False),
    ("引语", "仿宋_GB2312", 16, True), ("二级标题字符", "楷体_GB2312", 16, False),
])
def test_named_styles_carry_east_asian_fonts(summary, name, font, size, bold):
    style = summary.styles[name]
    assert east_asian(style) == font
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:hint")) == "eastAsia"
    assert not any(k.endswith("Theme") for k in fonts.attrib)
    assert style.font.size.pt == size and bool(style.font.bold) is bold


def test_body_style_is_the_22_by_28_recipe(summary):
    ppr = summary.styles["正文"].element.pPr
    spacing = ppr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    assert ppr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "both"
    tracking = summary.styles["正文"].element.rPr.find(qn("w:spacing"))
    assert tracking.get(qn("w:val")) == "-5"


def test_every_paragraph_has_a_named_style(summary):
    names = {p.style.name for p in summary.paragraphs}
    assert names == {"标题", "正文", "一级标题", "二级标题", "附件说明", "落款", "成文日期"}


def numbered(doc, style):
    return [p.text for p in doc.paragraphs if p.style.name == style]


def test_heading_numbers_at_each_level(summary, plan):
    assert [t[:2] for t in numbered(summary, "一级标题")] == ["一、", "二、", "三、"]
    assert numbered(summary, "一级标题")[1:] == ["二、存在问题", "三、下半年工作打算"]
    assert [t[:3] for t in numbered(summary, "二级标题")] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    level3 = [p.text.split(".")[0] for p in plan.paragraphs if p.text[:1].isdigit() and "." in p.text[:3]]
    assert level3 == ["1", "2", "3", "4"] + [str(n) for n in range(1, 13)]  # 原因分析 restarts, 措施 runs on


def test_run_in_heading_is_set_in_the_heading_font(summary):
    para = next(p for p in summary.paragraphs if p.text.startswith("（一）政法干警违规违纪"))
    head, body = para.runs
    assert head.text == "（一）政法干警违规违纪现象未完全遏制。"
    assert head.style.name == "二级标题字符" and east_asian(head.style) == "楷体_GB2312"
    assert body.style.name == "Default Paragraph Font" and para.style.name == "正文"


def test_lead_sentence_and_enumeration_runs(summary):
    para = next(p for p in summary.paragraphs if p.text.startswith("重拳打击电信网络诈骗"))
    assert para.runs[0].text == "重拳打击电信网络诈骗。" and para.runs[0].style.name == "引语"
    labels = [r.text for r in para.runs if r.style.name == "列举序号"]
    assert labels == ["一是", "二是", "三是"]
    assert para.text.endswith("三是坚持部门联动，健全预警劝阻快速响应机制。")
    assert "一是坚持打防并举，强化“两卡”专项整治；二是" in para.text


def test_footers_hold_page_fields_odd_right_even_left(summary):
    assert summary.settings.odd_and_even_pages_header_footer
    section = summary.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        xml = footer._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.text == "— 1 —"
        assert footer.style.name == "页码"
    assert odd._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert odd._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "100"
    assert even._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "left"
    assert even._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")) == "100"
    assert even._p.pPr.find(qn("w:ind")).get(qn("w:firstLine")) == "0"


def test_signature_and_date_are_placed_right(summary, plan):
    texts = [p.text for p in summary.paragraphs]
    assert texts[-4:] == ["", "", "中共青山县委政法委员会", "2023年7月10日"]
    date = summary.paragraphs[-1]
    assert date.style.name == "成文日期"
    assert date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"  # 右空四字
    name_indent = summary.paragraphs[-2]._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))
    assert name_indent == "175"  # centred over the date: 4 + (6.5 − 11) / 2 = 1.75 characters


def test_attachments_are_numbered(summary, plan):
    assert numbered(summary, "附件说明") == ["附件：1.青山县2023年上半年政法工作主要指标完成情况",
                                          "2.青山县2023年下半年政法工作任务分解表"]
    assert numbered(plan, "附件说明") == ["附件：青山县提升公众安全感和执法满意度任务分解表"]


def test_title_lines_and_recipient(plan):
    assert numbered(plan, "标题") == ["青山县关于提升公众安全感和执法满意度", "推动更高水平平安建设的实施意见"]
    assert numbered(plan, "主送机关") == ["各乡镇党委、政府，县直各部门："]


def paragraph_texts(document) -> list[str]:
    """Body paragraphs, then those of the 版记 text box (its trailing empty paragraph left out)."""
    from docx.text.paragraph import Paragraph
    boxed = [Paragraph(p, document).text for p in document.element.body.xpath(".//w:txbxContent//w:p")]
    return [p.text for p in document.paragraphs] + boxed[:-1]


def test_docx_text_equals_plain_text_paragraph_for_paragraph():
    for form in sorted(EXAMPLES.glob("*.yaml")):
        document = docx.Document(io.BytesIO(build(form)))
        text = build(form, "txt").decode("utf-8")
        assert paragraph_texts(document) == text.split("\n")[:-1], form.name


def test_output_is_reproducible_and_well_formed():
    first, second = build(EXAMPLES / "half-year-summary.yaml"), build(EXAMPLES / "half-year-summary.yaml")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    assert names[0] == "[Content_Types].xml" and "word/document.xml" in names


def test_profile_override_changes_the_style_fonts(write_form):
    path = write_form("模板: 通用\n标题: 测试\n版式:\n  角色:\n    正文: {字体: 仿宋}\n    一级标题: {加粗: 是}\n")
    document = docx.Document(io.BytesIO(build(path)))
    assert east_asian(document.styles["正文"]) == "仿宋"
    assert document.styles["一级标题"].font.bold is True


def test_characters_outside_gb2312_get_the_fallback_font(write_form):
    path = write_form("模板: 通用\n正文:\n  - 标题: 䶮村平安创建\n    内容: 王喆带队走访䶮村。\n")
    document = docx.Document(io.BytesIO(build(path)))
    para = next(p for p in document.paragraphs if "走访" in p.text)
    fonts = [(r.text, r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))) for r in para.runs]
    # 一级标题 is 黑体 (every character prints); 正文 is 仿宋_GB2312, so 喆 (GBK only) and 䶮 move to 仿宋.
    assert fonts == [("一、䶮村平安创建。", None), ("王", None), ("喆", "仿宋"), ("带队走访", None), ("䶮", "仿宋"),
                     ("村。", None)]


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


def test_a_writer_numbers_a_document_that_is_not_numbered():
    """The AST is the contract: an unnumbered document is numbered, never written without its numbers."""
    from drafting.document.ast import Attachments, Document, Enumeration, Heading, Span
    from drafting.form.profile import builtin_profile
    from drafting.writers.text import write_text

    span = Span("测试", 1)
    doc = Document((Heading(1, "工作", span), Heading(2, "措施", span, text="内容。",
                                                      enumeration=Enumeration(("甲", "乙"))),
                    Attachments(("表一", "表二"), span)))
    assert not doc.numbered
    text = write_text(doc, builtin_profile()).decode("utf-8")
    assert text == "一、工作\n（一）措施。内容。一是甲；二是乙。\n\n附件：1.表一\n2.表二\n"
    paragraphs = docx.Document(io.BytesIO(write_docx_bytes(doc))).paragraphs
    assert [p.text for p in paragraphs if p.text] == text.split("\n")[:2] + ["附件：1.表一", "2.表二"]


def write_docx_bytes(doc) -> bytes:
    from drafting.form.profile import builtin_profile
    from drafting.writers.docx import write_docx

    return write_docx(doc, builtin_profile())
