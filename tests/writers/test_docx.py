"""The docx as Word reads it: page, styles, fonts, numbering, run-in headings, footers; pandoc agrees."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from ..conftest import EXAMPLES, require_program
from ..helpers import laid_out_texts, build, east_asian, fuzzed_forms, paragraph_texts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_every_paragraph_has_a_named_style(summary):
    names = {p.style.name for p in summary.paragraphs}
    assert names == {"公文标题", "Normal", "一级标题", "二级标题", "附件说明", "落款", "成文日期"}


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
    assert body.style.name == "Default Paragraph Font" and para.style.name == "Normal"


def test_lead_sentence_and_enumeration_runs(summary):
    para = next(p for p in summary.paragraphs if p.text.startswith("重拳打击电信网络诈骗"))
    assert para.runs[0].text == "重拳打击电信网络诈骗。" and para.runs[0].style.name == "引语"
    labels = [r.text for r in para.runs if r.style.name == "列举序号"]
    assert labels == ["一是", "二是", "三是"]
    assert para.text.endswith("三是坚持部门联动，健全预警劝阻快速响应机制。")
    assert "一是坚持打防并举，强化“两卡”专项整治；二是" in para.text


def test_attachments_are_numbered(summary, plan):
    assert numbered(summary, "附件说明") == ["附件：1.青山县2023年上半年政法工作主要指标完成情况",
                                          "2.青山县2023年下半年政法工作任务分解表"]
    assert numbered(plan, "附件说明") == ["附件：青山县提升公众安全感和执法满意度任务分解表"]


def test_title_lines_and_recipient(plan):
    assert numbered(plan, "公文标题") == ["青山县关于提升公众安全感和执法满意度", "推动更高水平平安建设的实施意见"]
    assert numbered(plan, "主送机关") == ["各乡镇党委、政府，县直各部门："]


def test_docx_text_equals_plain_text_paragraph_for_paragraph():
    for form in sorted(EXAMPLES.glob("*.yaml")):
        document = docx.Document(io.BytesIO(build(form)))
        text = build(form, "txt").decode("utf-8")
        if "表格" not in form.read_text(encoding="utf-8") and "指标表" not in form.read_text(encoding="utf-8"):
            assert paragraph_texts(document) == text.split("\n")[:-1], form.name
        assert paragraph_texts(document) == laid_out_texts(form), form.name  # a table row by row, cell by cell


def test_output_is_reproducible_and_well_formed():
    first, second = build(EXAMPLES / "half-year-summary.yaml"), build(EXAMPLES / "half-year-summary.yaml")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    assert names[0] == "[Content_Types].xml" and "word/document.xml" in names


def test_characters_outside_gb2312_get_the_fallback_font(write_form):
    path = write_form("模板: 通用\n正文:\n  - 标题: 䶮村平安创建\n    内容: 王喆带队走访䶮村。\n")
    document = docx.Document(io.BytesIO(build(path)))
    para = next(p for p in document.paragraphs if "走访" in p.text)
    fonts = [(r.text, r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))) for r in para.runs]
    # 一级标题 is 黑体 (every character prints); 正文 is 仿宋_GB2312, so 喆 (GBK only) and 䶮 move to 仿宋.
    assert fonts == [("一、䶮村平安创建。", None), ("王", None), ("喆", "仿宋"), ("带队走访", None), ("䶮", "仿宋"),
                     ("村。", None)]


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


def _paragraphs_without_whitespace(text: str) -> list[str]:
    """Each non-empty line without its whitespace; the rules pandoc draws around a table's rows are left out."""
    return [re.sub(r"\s", "", line) for line in text.split("\n") if line.strip() and not re.fullmatch(r"[\s\-+|=:]+", line)]


def _pandoc_text(docx_bytes: bytes, folder: Path) -> str:
    """What Debian's pandoc reads from a .docx, as plain text, a paragraph a line."""
    pandoc = require_program("pandoc", "pandoc")
    (folder / "read.docx").write_bytes(docx_bytes)
    return subprocess.run([pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(folder / "read.docx")],
                          capture_output=True, text=True, timeout=120, check=True).stdout


def test_pandoc_reads_the_same_text_as_the_text_writer(tmp_path):
    """An independent reader sees every paragraph the text writer writes, whitespace aside."""
    forms = sorted(EXAMPLES.glob("*.yaml"))
    for index, text in enumerate(fuzzed_forms(6)):
        forms.append(tmp_path / f"fuzz{index}.yaml")
        forms[-1].write_text(text, encoding="utf-8")
    for form in forms:
        read = _pandoc_text(build(form), tmp_path)
        written = build(form, "txt").decode("utf-8")
        assert _paragraphs_without_whitespace(read) == _paragraphs_without_whitespace(written), form.name


def test_pandoc_reads_the_imprint(tmp_path):
    """Bug: the 版记 was a text box pandoc's reader skips; its rows are paragraphs now."""
    read = _pandoc_text(build(EXAMPLES / "rectification-report.yaml"), tmp_path)
    assert _paragraphs_without_whitespace(read)[-2:] == ["抄送：县纪委监委，县委组织部。",
                                                          "中共青山县委政法委员会办公室2023年9月20日印发"]


def test_python_docx_reads_a_drafting_style_for_every_paragraph_and_run(tmp_path):
    from drafting.styles import CHARACTER_STYLES, PARAGRAPH_STYLES

    paragraph_names = {style.name for style in PARAGRAPH_STYLES.values()}
    run_names = {style.name for style in CHARACTER_STYLES.values()} | {"Default Paragraph Font"}
    forms = sorted(EXAMPLES.glob("*.yaml"))
    for index, text in enumerate(fuzzed_forms(6)):
        forms.append(tmp_path / f"fuzz{index}.yaml")
        forms[-1].write_text(text, encoding="utf-8")
    for form in forms:
        document = docx.Document(io.BytesIO(build(form)))
        assert {p.style.name for p in document.paragraphs} <= paragraph_names, form.name
        assert {r.style.name for p in document.paragraphs for r in p.runs} <= run_names, form.name


def test_shared_punctuation_carries_the_chinese_font_in_every_slot(write_form):
    """“”‘’—…· get the role's Chinese font as ascii, hAnsi, cs and eastAsia font, so LibreOffice and
    WPS (which ignore w:hint) draw them as Word does; a character outside GB2312 among them gets
    the fallback font in every slot."""
    path = write_form("模板: 通用\n标题: 测试\n正文:\n  - 标题: 开展“3·15”活动\n    内容: 接听“12345”热线……‘喆’\n")
    document = docx.Document(io.BytesIO(build(path)))

    def fonts(run):
        r_fonts = run._r.rPr.find(qn("w:rFonts"))
        return tuple(r_fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia"))

    paragraph = next(p for p in document.paragraphs if p.text.startswith("一、"))
    chinese = {"黑体": ("黑体",) * 4, "仿宋": ("仿宋_GB2312",) * 4}
    assert [(r.text, fonts(r)) for r in paragraph.runs] == [
        ("一、开展", (None,) * 4), ("“", chinese["黑体"]), ("3", (None,) * 4), ("·", chinese["黑体"]),
        ("15", (None,) * 4), ("”", chinese["黑体"]), ("活动。", (None,) * 4),
        ("接听", (None,) * 4), ("“", chinese["仿宋"]), ("12345", (None,) * 4), ("”", chinese["仿宋"]),
        ("热线", (None,) * 4), ("……‘", chinese["仿宋"]), ("喆", (None, None, None, "仿宋")), ("’", chinese["仿宋"])]



# A body in 仿宋_GB2312 with characters outside GB2312: their runs name the fallback font in w:rFonts.
FONT_FORM = "模板: 通用\n标题: 字体\n正文:\n  - 喆䶮“囧”\n落款: 县委\n日期: 2024-03-01\n"
XML_SPECIALS = "A&B \"C\" <D> 'E'\t]]>"


def hostile_fonts(profile):
    """``profile`` with fonts (and the fallback for characters outside GB2312) named with XML's special
    characters, as no profile reader lets by."""
    roles = {role: style._replace(east_asian=f"仿宋{XML_SPECIALS}", western=f"Roman{XML_SPECIALS}")
             for role, style in profile.roles.items() if role != "正文"}
    return profile._replace(roles={**profile.roles, **roles}, fallbacks={"仿宋_GB2312": f"宋体{XML_SPECIALS}"})


def test_font_names_reach_w_rfonts_escaped(write_form):
    from lxml import etree

    from drafting.form.validate import load_form
    from drafting.pipeline.stages import document as build_document
    from drafting.writers.docx import write_docx

    form = load_form(write_form(FONT_FORM))
    data = write_docx(build_document(form), hostile_fonts(form.profile))
    fonts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for part in (p for p in package.namelist() if p.endswith(".xml") or p.endswith(".rels")):
            root = etree.fromstring(package.read(part))  # every part is well-formed
            for element in root.iter(f"{W}rFonts", f"{W}font", f"{W}altName"):
                for key in ("eastAsia", "ascii", "name", "val"):
                    fonts.setdefault(element.get(f"{W}{key}"), set()).add(part)
    assert fonts[f"仿宋{XML_SPECIALS}"] == {"word/styles.xml", "word/fontTable.xml"}
    assert fonts[f"Roman{XML_SPECIALS}"] == {"word/styles.xml", "word/fontTable.xml"}
    assert fonts[f"宋体{XML_SPECIALS}"] == {"word/document.xml", "word/fontTable.xml"}  # the run holding 喆䶮, altName
