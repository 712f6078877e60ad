"""Reading a report's paragraphs: .docx through ooxml's reader, .txt in any common encoding; broken files refused."""
from __future__ import annotations

import io
import zipfile

import pytest

from drafting.errors import FormError
from drafting.importing.paragraphs import read_paragraphs

from ..conftest import run

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
    assert code == 1 and err.startswith("空.docx: 错误：“空.docx”不是有效的 Word 文件（.docx）")
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
