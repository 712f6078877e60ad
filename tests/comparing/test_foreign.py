"""A pair of .docx drafting did not write (python-docx's template: its own styles, lists, a table, a hyperlink and
tracked changes of its own): the same identities, and a 对照稿 Word accepts."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from lxml import etree

from drafting.comparing.diff import compare, marked_lines, revised_docx
from drafting.ooxml.comparable import open_docx

from ..helpers import assert_valid_for_word
from ..ooxml.test_schema import _validate
from ..conftest import require_program
from .test_diff import pandoc_text


def word_document(paragraphs: list[tuple[str, str]], rows: list[list[str]], link: str, tracked: bool = False) -> bytes:
    """A .docx from python-docx's template: (style, text) paragraphs, a table, a paragraph holding a hyperlink."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    paragraph = document.add_paragraph("详见")
    hyperlink = etree.SubElement(paragraph._p, qn("w:hyperlink"), {qn("w:anchor"): "附件"})
    run = etree.SubElement(hyperlink, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = link
    if tracked:  # a change of its own, already tracked: read as accepted
        inserted = etree.SubElement(paragraph._p, qn("w:ins"), {qn("w:id"): "900", qn("w:author"): "领导",
                                                               qn("w:date"): "2024-01-01T00:00:00Z"})
        etree.SubElement(etree.SubElement(inserted, qn("w:r")), qn("w:t")).text = "。"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


OLD = word_document([("Heading 1", "一、基本情况"), ("List Bullet", "排查矛盾纠纷1486件。"), ("Normal", "要删去的一段。"),
                     ("Normal", "结尾。")], [["工作", "进度"], ["排查", "已完成"], ["整治", "进行中"]], "附件一")
NEW = word_document([("Heading 1", "一、基本情况"), ("List Bullet", "排查矛盾纠纷1493件。"), ("Normal", "结尾。"),
                     ("Normal", "新加的一段。")], [["工作", "进度"], ["排查", "已完成"], ["宣传", "已完成"], ["整治", "已完成"]],
                    "附件二", tracked=True)


def test_word_s_own_documents_keep_the_identities(tmp_path):
    compared = compare(open_docx(OLD), open_docx(NEW))
    assert compared.accepted == 1
    lines = marked_lines(compared)
    assert "排查矛盾纠纷【删：1486】【增：1493】件。" in lines and "【删：要删去的一段。】" in lines
    assert "【增：宣传  已完成】" in lines and "整治  【删：进行中】【增：已完成】" in lines
    assert "详见附件【删：一】【增：二。】" in lines  # NEW's own tracked “。” read as accepted
    revised = revised_docx(compare(open_docx(OLD), open_docx(NEW)), "draft diff", "2024-07-10T00:00:00Z", "旧")
    assert pandoc_text(revised, tmp_path, "accept") == pandoc_text(NEW, tmp_path)
    assert pandoc_text(revised, tmp_path, "reject") == pandoc_text(OLD, tmp_path)
    assert_valid_for_word(revised)
    with zipfile.ZipFile(io.BytesIO(revised)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    # python-docx's template declares Markup Compatibility, which a consumer strips before the schema applies
    root.attrib.pop("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable", None)
    (tmp_path / "document.xml").write_bytes(etree.tostring(root))
    assert not _validate(require_program("jing", "jing"), "WordprocessingML_Main_Document.rnc", [tmp_path / "document.xml"])
