"""Reading a report's paragraphs: .docx through ooxml's reader, .txt in any common encoding; broken files refused."""
from __future__ import annotations

import io
import zipfile

import pytest

from drafting.errors import FormError
from drafting.importing.paragraphs import read_paragraphs

from ..conftest import run
import docx

from drafting.importing.recognise import recognise

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path, document_xml: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", document_xml)
    path.write_bytes(buffer.getvalue())


def test_a_docx_without_a_body_is_refused_in_chinese(tmp_path, monkeypatch, capsys):
    """Bug: a document.xml without w:body ended in an internal error (exit 3)."""
    monkeypatch.chdir(tmp_path)
    _docx(tmp_path / "空.docx", f'<w:document {_W}></w:document>')
    code, _, err = run(["import", "空.docx"], capsys)
    assert code == 1 and err.startswith("空.docx: 错误[I003]：“空.docx”不是有效的 Word 文件（.docx）")
    assert not (tmp_path / "空.yaml").exists()


def test_levels_and_starts_without_values_are_read_as_defaults(tmp_path):
    numbering = (f'<w:numbering {_W}><w:abstractNum w:abstractNumId="1"><w:lvl><w:start/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>'
                 '</w:numbering>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f'<w:document {_W}><w:body><w:p><w:pPr><w:numPr><w:ilvl/><w:numId w:val="3"/>'
                                              '</w:numPr></w:pPr><w:r><w:t>第一项</w:t></w:r></w:p></w:body></w:document>')
        archive.writestr("word/numbering.xml", numbering)
    (tmp_path / "编号.docx").write_bytes(buffer.getvalue())
    paragraphs, _ = read_paragraphs(tmp_path / "编号.docx")
    assert [p.text for p in paragraphs] == ["1.第一项"]


def test_utf16_text_is_read_by_its_byte_order_mark_or_when_named(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes("县委工作报告\r\n一、工作\n".encode("utf-16"))
    assert [p.text for p in read_paragraphs(path)[0]] == ["县委工作报告", "一、工作", ""]
    path.write_bytes("县委工作报告\n".encode("utf-16-le"))
    with pytest.raises(FormError) as info:
        read_paragraphs(path)
    assert "不是文本文件" in info.value.problems[0].message
    assert [p.text for p in read_paragraphs(path, "utf-16-le")[0]] == ["县委工作报告", ""]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_text_encodings_and_line_ends(tmp_path, encoding):
    path = tmp_path / "报告.txt"
    path.write_bytes("县委工作报告\r\n\r\n一、工作情况\r\n正文。\r\n".encode(encoding))
    paragraphs, _ = read_paragraphs(path)
    assert [p.text for p in paragraphs if p.text] == ["县委工作报告", "一、工作情况", "正文。"]


@pytest.mark.parametrize("content, message", [
    (b"", "是空文件"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "不是文本文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "旧版 Word 格式"), (b"PK\x03\x04broken", "不是有效的 Word 文件"),
])
def test_hostile_files_get_a_chinese_message(tmp_path, content, message):
    path = tmp_path / "文件.txt"
    path.write_bytes(content)
    with pytest.raises(FormError) as info:
        read_paragraphs(path)
    assert message in info.value.problems[0].message


def test_word_automatic_numbering_is_read_as_levels(tmp_path):
    from docx.oxml import parse_xml
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="7">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml('<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                               'w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))
    document.add_paragraph("县委工作报告")
    document.add_paragraph("")
    for text, level in [("工作情况", 0), ("坚持高位推动", 1), ("强化基层基础", 1), ("存在问题", 0)]:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>'))
    document.save(tmp_path / "自动编号.docx")
    paragraphs, _ = read_paragraphs(tmp_path / "自动编号.docx")
    assert [p.text for p in paragraphs if p.text][1:] == ["一、工作情况", "（一）坚持高位推动", "（二）强化基层基础", "二、存在问题"]
    assert recognise(paragraphs).heading_counts() == {1: 2, 2: 2, 3: 0, 4: 0}


def test_a_moved_paragraph_is_imported_once_and_revisions_and_comments_are_said(tmp_path):
    """Bug: the text inside w:moveFrom was read too, so a paragraph Word moved with 修订 on appeared twice."""
    who = 'w:author="张科长" w:date="2026-10-09T10:00:00Z"'
    moved = "这一段被挪到了后面。"
    body = (f'<w:p><w:moveFrom w:id="1" {who}><w:r><w:t>{moved}</w:t></w:r></w:moveFrom>'
            f'<w:pPr><w:rPr><w:moveFrom w:id="2" {who}/></w:rPr></w:pPr></w:p>'
            '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>原有一段。</w:t></w:r><w:commentRangeEnd w:id="0"/>'
            '<w:r><w:commentReference w:id="0"/></w:r></w:p>'
            f'<w:p><w:moveTo w:id="3" {who}><w:r><w:t>{moved}</w:t></w:r></w:moveTo></w:p>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
            '</Relationships>')
    comments = (f'<w:comments {_W}><w:comment w:id="0" w:author="王处长"><w:p><w:r><w:t>好</w:t></w:r></w:p>'
                '</w:comment></w:comments>')
    for part, found, said in ((comments, ["I303", "I304"], "文件里有 3 处没有处理的修订，按全部接受后的文字导入"),
                              ("<w:comments", ["I302", "I303"], "修订.docx”里的批注部分 word/comments.xml 第 1 行已损坏，批注没有读取")):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", f'<w:document {_W}><w:body>{body}</w:body></w:document>')
            archive.writestr("word/_rels/document.xml.rels", rels)
            archive.writestr("word/comments.xml", part)
        (tmp_path / "修订.docx").write_bytes(buffer.getvalue())
        paragraphs, warnings = read_paragraphs(tmp_path / "修订.docx")
        assert [p.text for p in paragraphs] == ["原有一段。", moved]
        assert [w.code for w in warnings] == found and said in warnings[0].message
        assert warnings[0].location.file.endswith("修订.docx")
    assert warnings[1].message == "文件里有 3 处没有处理的修订，按全部接受后的文字导入"
