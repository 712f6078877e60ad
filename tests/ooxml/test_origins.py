"""Origin markers in WordprocessingML: bookmark names, custom.xml written and read back, the text digest, the reader."""
from __future__ import annotations

import io
import zipfile

from drafting.ooxml.body import paragraph_xml
from drafting.ooxml.names import W_NS
from drafting.ooxml.origins import Bookmarks, custom_xml, origin_of, read_properties, written_text_digest
from drafting.ooxml.reader import docx_text_digest, read_docx, text_digest


def _document(body: str) -> bytes:
    return f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode("utf-8")


def _docx(body: str, properties: dict[str, str] | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", _document(body))
        if properties is not None:
            archive.writestr("docProps/custom.xml", custom_xml(properties))
    return buffer.getvalue()


def test_bookmarks_are_unique_short_and_numbered_by_path():
    marks = Bookmarks()
    got = [marks.mark(path) for path in ("标题", "标题", "正文/0", "标题")]
    assert got == [(0, "_dft_1"), (1, "_dft_1_2"), (2, "_dft_2"), (3, "_dft_1_3")]
    assert marks.properties() == {"drafting.origin.1": "标题", "drafting.origin.2": "正文/0"}
    assert origin_of("_dft_1_3", marks.properties()) == "标题" and origin_of("_dft_2", marks.properties()) == "正文/0"
    assert origin_of("_dft_1_3_Copy_1", marks.properties()) == "标题"  # LibreOffice's name for a framed paragraph's
    assert origin_of("_Toc123", marks.properties()) is None and origin_of("_dft_9", marks.properties()) is None


def test_a_bookmark_encloses_the_paragraphs_runs():
    xml = paragraph_xml("Normal", [("文字", None, None, None)], bookmark=(7, "_dft_3"))
    assert xml.startswith('<w:p><w:bookmarkStart w:id="7" w:name="_dft_3"/><w:r>')
    assert xml.endswith('</w:r><w:bookmarkEnd w:id="7"/></w:p>')
    assert "bookmark" not in paragraph_xml("Normal", [("文字", None, None, None)])


def test_custom_properties_are_escaped_and_read_back():
    properties = {"drafting.form": "a&b<c>.yaml", "drafting.form.sha256": "ab", "drafting.text.sha256": "cd",
                  "drafting.origin.1": "正文/0", "另一个": "留着"}
    xml = custom_xml(properties)
    assert 'pid="2" name="drafting.form"><vt:lpwstr>a&amp;b&lt;c&gt;.yaml</vt:lpwstr>' in xml
    recorded = read_properties(_docx("", properties))
    assert recorded == ("a&b<c>.yaml", "ab", "cd", {"1": "正文/0"})
    assert read_properties(_docx("", None)) == ("", "", "", {})


def test_the_text_digest_ignores_run_cuts_and_blank_paragraphs_but_not_text():
    one = _document("<w:p><w:r><w:t>甲乙</w:t><w:tab/><w:t>丙</w:t></w:r></w:p><w:p/>")
    cut = _document("<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"1\"/></w:tabs></w:pPr><w:r><w:t>甲</w:t></w:r>"
                    "<w:r><w:t>乙</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>丙</w:t></w:r></w:p>")
    changed = _document("<w:p><w:r><w:t>甲乙</w:t><w:tab/><w:t>丁</w:t></w:r></w:p>")
    assert text_digest(one) == text_digest(cut) != text_digest(changed)
    assert docx_text_digest(_docx("<w:p><w:r><w:t>甲乙</w:t><w:tab/><w:t>丙</w:t></w:r></w:p>", {})) == text_digest(one)
    for document in (one, cut, changed, _document('<w:p><w:r><w:t xml:space="preserve">A &amp; B &lt;C&gt; "D"</w:t>'
                                                  '</w:r></w:p><w:p><w:r><w:t></w:t></w:r></w:p>')):
        assert written_text_digest(document.decode("utf-8")) == text_digest(document)  # the writer's reading


def test_the_reader_returns_each_paragraphs_origin():
    body = ('<w:p><w:bookmarkStart w:id="0" w:name="_dft_1"/><w:r><w:t>标题</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>'
            '<w:p><w:r><w:t>无</w:t></w:r></w:p>'
            '<w:bookmarkStart w:id="1" w:name="_dft_2"/><w:p><w:r><w:t>段落</w:t></w:r></w:p><w:bookmarkEnd w:id="1"/>'
            '<w:p><w:bookmarkStart w:id="2" w:name="_Toc1"/><w:r><w:t>别人的</w:t></w:r><w:bookmarkEnd w:id="2"/></w:p>'
            '<w:tbl><w:tr><w:tc><w:p><w:bookmarkStart w:id="3" w:name="_dft_3"/><w:r><w:t>格</w:t></w:r>'
            '<w:bookmarkEnd w:id="3"/></w:p></w:tc></w:tr></w:tbl>')
    paths = {"drafting.origin.1": "标题", "drafting.origin.2": "开头/0", "drafting.origin.3": "正文/2"}
    read = read_docx(_docx(body, paths)).paragraphs
    assert [(p.text, p.origin) for p in read] == [("标题", "标题"), ("无", None), ("段落", "开头/0"), ("别人的", None),
                                                  ("", "正文/2")]
    assert [p.origin for p in read_docx(_docx(body, None)).paragraphs] == [None] * 5


def test_a_text_box_paragraph_has_its_own_origin_not_its_anchors():
    box = ('<w:p><w:r><w:t>锚</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:bookmarkStart w:id="0" w:name="_dft_1"/>'
           '<w:r><w:t>抄送：县委。</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p></w:txbxContent></w:drawing></w:r></w:p>')
    read = read_docx(_docx(box, {"drafting.origin.1": "版头"})).paragraphs
    assert [(p.text, p.origin) for p in read] == [("锚", None), ("抄送：县委。", "版头")]
