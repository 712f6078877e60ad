"""修订 and 批注 read back: text with every tracked change accepted or rejected, the revisions listed, comments attached."""
from __future__ import annotations

import io
import zipfile

from drafting.ooxml.names import W_NS
from drafting.ooxml.origins import custom_xml
from drafting.ooxml.reader import ReadComment, ReadRevision, read_docx

_A = 'w:author="张科长" w:date="2026-10-09T10:00:00Z"'
_COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_STYLES = (f'<w:styles xmlns:w="{W_NS}">'
           '<w:style w:type="paragraph" w:styleId="GwHeading1"><w:name w:val="公文一级标题"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>')


def _docx(body: str, comments: str | None = None, target: str = "comments.xml",
          properties: dict[str, str] | None = None) -> bytes:
    """A .docx of ``body`` (WordprocessingML inside w:body), with a comments part at ``target`` when given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        archive.writestr("word/styles.xml", _STYLES)
        if properties is not None:
            archive.writestr("docProps/custom.xml", custom_xml(properties))
        if comments is not None:
            archive.writestr("word/_rels/document.xml.rels",
                             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                             f'<Relationship Id="rId9" Type="{_COMMENTS_TYPE}" Target="{target}"/></Relationships>')
            if comments:
                archive.writestr("word/" + target.lstrip("/").removeprefix("word/"), comments)
    return buffer.getvalue()


def _p(inner: str, style: str = "Normal", mark: str = "") -> str:
    """A paragraph in ``style`` holding ``inner``; ``mark`` goes into its paragraph mark's w:rPr."""
    rpr = f"<w:rPr>{mark}</w:rPr>" if mark else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{rpr}</w:pPr>{inner}</w:p>'


def _r(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def _deleted(text: str, rid: int = 1) -> str:
    return f'<w:del w:id="{rid}" {_A}><w:r><w:delText>{text}</w:delText></w:r></w:del>'


def _inserted(text: str, rid: int = 2) -> str:
    return f'<w:ins w:id="{rid}" {_A}>{_r(text)}</w:ins>'


def _texts(data: bytes, reject: bool = False) -> list[str]:
    return [p.text for p in read_docx(data, reject_revisions=reject).paragraphs]


def test_an_insertion_and_a_deletion_read_accepted_by_default_and_rejected_on_request():
    data = _docx(_p(_r("全年完成") + _deleted("八成") + _inserted("九成") + _r("任务。")))
    assert _texts(data) == ["全年完成九成任务。"]
    assert _texts(data, reject=True) == ["全年完成八成任务。"]
    for reject in (False, True):
        assert read_docx(data, reject).paragraphs[0].revisions == (
            ReadRevision("delete", "张科长", "2026-10-09T10:00:00Z", "八成"),
            ReadRevision("insert", "张科长", "2026-10-09T10:00:00Z", "九成"))


def test_a_revision_without_a_date_reads_an_empty_date():
    data = _docx(_p(f'<w:ins w:id="1" w:author="李四">{_r("新")}</w:ins>'))
    assert read_docx(data).paragraphs[0].revisions == (ReadRevision("insert", "李四", "", "新"),)


def test_a_deleted_paragraph_mark_joins_the_paragraph_with_the_next():
    body = (_p(_r("第一段，") + _deleted("多余"), mark=f'<w:del w:id="5" {_A}/>') + _p(_r("接着第二段。"))
            + _p(_r("第三段。")))
    read = read_docx(_docx(body)).paragraphs
    assert [p.text for p in read] == ["第一段，接着第二段。", "第三段。"]
    assert [r.kind for r in read[0].revisions] == ["delete", "delete"] and read[0].revisions[0].text == "\n"
    assert _texts(_docx(body), reject=True) == ["第一段，多余", "接着第二段。", "第三段。"]


def test_a_wholly_deleted_paragraph_leaves_the_next_as_it_was():
    body = (_p(_deleted("整段删去。"), style="GwHeading1", mark=f'<w:del w:id="5" {_A}/>')
            + _p(_r("留下的段落。")))
    read = read_docx(_docx(body)).paragraphs
    assert [(p.text, p.role) for p in read] == [("留下的段落。", "正文")]
    rejected = read_docx(_docx(body), reject_revisions=True).paragraphs
    assert [(p.text, p.role) for p in rejected] == [("整段删去。", "一级标题"), ("留下的段落。", "正文")]


def test_an_inserted_paragraph_counts_accepted_and_joins_the_next_rejected():
    body = _p(_r("原有段落。")) + _p(_inserted("新加的一段。"), mark=f'<w:ins w:id="7" {_A}/>') + _p(_r("后一段。"))
    assert _texts(_docx(body)) == ["原有段落。", "新加的一段。", "后一段。"]
    assert _texts(_docx(body), reject=True) == ["原有段落。", "后一段。"]
    assert [(r.kind, r.text) for r in read_docx(_docx(body)).paragraphs[1].revisions] == [
        ("insert", "\n"), ("insert", "新加的一段。")]


def test_a_move_counts_once_where_it_went_or_where_it_was():
    moved = "挪走的一句。"
    body = (_p(_r("甲。") + f'<w:moveFrom w:id="3" {_A}>{_r(moved)}</w:moveFrom>')
            + _p(_r("乙。") + f'<w:moveTo w:id="4" {_A}>{_r(moved)}</w:moveTo>'))
    assert _texts(_docx(body)) == ["甲。", "乙。" + moved]
    assert _texts(_docx(body), reject=True) == ["甲。" + moved, "乙。"]
    read = read_docx(_docx(body)).paragraphs
    assert read[0].revisions == (ReadRevision("move", "张科长", "2026-10-09T10:00:00Z", moved),)
    assert read[1].revisions == (ReadRevision("move", "张科长", "2026-10-09T10:00:00Z", moved),)


def test_a_format_change_keeps_the_current_style_and_rejected_gives_the_old_one():
    change = f'<w:pPrChange w:id="8" {_A}><w:pPr></w:pPr></w:pPrChange>'
    run = (f'<w:r><w:rPr><w:b/><w:rPrChange w:id="9" {_A}><w:rPr/></w:rPrChange></w:rPr>'
           "<w:t>一、总体情况</w:t></w:r>")
    body = f'<w:p><w:pPr><w:pStyle w:val="GwHeading1"/>{change}</w:pPr>{run}</w:p>'
    accepted, = read_docx(_docx(body)).paragraphs
    rejected, = read_docx(_docx(body), reject_revisions=True).paragraphs
    assert (accepted.text, accepted.role, accepted.style) == ("一、总体情况", "一级标题", "公文一级标题")
    assert (rejected.text, rejected.role, rejected.style) == ("一、总体情况", "正文", "Normal")
    assert [r.kind for r in accepted.revisions] == ["format", "format"] and accepted.revisions[0].text == ""


def test_revisions_in_a_table_are_accepted_or_rejected_in_its_cells_and_rows():
    row = '<w:tr>{}<w:tc><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p></w:tc></w:tr>'
    body = ("<w:tbl>" + row.format("", _r("项目"), _r("数量")) + row.format("", _r("甲"), _deleted("3") + _inserted("4"))
            + row.format(f'<w:trPr><w:ins w:id="6" {_A}/></w:trPr>', _inserted("乙"), _inserted("5"))
            + row.format(f'<w:trPr><w:del w:id="7" {_A}/></w:trPr>', _deleted("丙"), _deleted("6")) + "</w:tbl>")
    table, = read_docx(_docx(body)).paragraphs
    assert table.table.rows == (("项目", "数量"), ("甲", "4"), ("乙", "5"))
    assert read_docx(_docx(body), True).paragraphs[0].table.rows == (("项目", "数量"), ("甲", "3"), ("丙", "6"))
    assert [(r.kind, r.text) for r in table.revisions] == [("delete", "3"), ("insert", "4"), ("insert", "乙｜5"),
                                                           ("delete", "丙｜6")]  # a row's runs listed with it


def test_a_paragraph_keeps_its_origin_through_revisions():
    body = ('<w:p><w:bookmarkStart w:id="0" w:name="_dft_1"/>' + _r("原文") + _inserted("补充")
            + '<w:bookmarkEnd w:id="0"/></w:p>')
    read, = read_docx(_docx(body, properties={"drafting.origin.1": "正文/0"})).paragraphs
    assert (read.text, read.origin) == ("原文补充", "正文/0")


def _comment(cid: int, text: str, author: str = "王处长", date: str = "2026-10-10T09:00:00Z") -> str:
    return (f'<w:comment w:id="{cid}" w:author="{author}" w:date="{date}" w:initials="王">'
            f"<w:p>{_r(text)}</w:p></w:comment>")


def _comments(*items: str) -> str:
    return f'<w:comments xmlns:w="{W_NS}">{"".join(items)}</w:comments>'


def _reference(cid: int) -> str:
    return f'<w:r><w:commentReference w:id="{cid}"/></w:r>'


def test_a_comment_over_one_run_is_attached_with_its_anchor():
    body = _p(_r("全年") + '<w:commentRangeStart w:id="0"/>' + _r("完成九成") + '<w:commentRangeEnd w:id="0"/>'
              + _reference(0) + _r("任务。")) + _p(_r("另一段。"))
    read = read_docx(_docx(body, _comments(_comment(0, "请核实数字。")))).paragraphs
    assert read[0].comments == (ReadComment("王处长", "2026-10-10T09:00:00Z", "请核实数字。", "完成九成"),)
    assert read[1].comments == () and read[0].text == "全年完成九成任务。"


def test_a_comment_over_several_paragraphs_takes_all_their_text():
    body = (_p(_r("甲") + '<w:commentRangeStart w:id="3"/>' + _r("乙。")) + _p(_r("丙。"))
            + _p(_r("丁") + '<w:commentRangeEnd w:id="3"/>' + _reference(3) + _r("戊。")))
    multi = _comment(3, "第一行").replace("</w:comment>", f"<w:p>{_r('第二行')}</w:p></w:comment>")
    read = read_docx(_docx(body, _comments(multi), target="/word/notes.xml")).paragraphs
    assert read[0].comments == (ReadComment("王处长", "2026-10-10T09:00:00Z", "第一行\n第二行", "乙。\n丙。\n丁"),)
    assert read[1].comments == read[2].comments == ()


def test_a_comment_with_only_a_reference_sits_in_the_paragraph_of_the_reference():
    body = _p(_r("甲。")) + _p(_r("乙。") + _reference(1))
    read = read_docx(_docx(body, _comments(_comment(1, "好", date="")))).paragraphs
    assert read[1].comments == (ReadComment("王处长", "", "好", ""),) and read[0].comments == ()


def test_a_comment_range_starting_between_paragraphs_belongs_to_the_next():
    body = _p(_r("甲。")) + '<w:commentRangeStart w:id="2"/>' + _p(_r("乙。") + '<w:commentRangeEnd w:id="2"/>')
    read = read_docx(_docx(body, _comments(_comment(2, "改")))).paragraphs
    assert read[1].comments[0].anchor == "乙。" and read[0].comments == ()


def test_a_missing_or_broken_comments_part_is_a_warning_and_the_body_is_still_read():
    body = _p(_r("甲") + '<w:commentRangeStart w:id="0"/>' + _r("乙") + '<w:commentRangeEnd w:id="0"/>' + _reference(0))
    missing = read_docx(_docx(body, ""))
    broken = read_docx(_docx(body, _comments(_comment(0, "x")).replace("</w:comments>", "<w:comment")))
    dtd = read_docx(_docx(body, '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + _comments()))
    for document, code in ((missing, "I301"), (broken, "I302"), (dtd, "I302")):
        assert [p.text for p in document.paragraphs] == ["甲乙"] and document.paragraphs[0].comments == ()
        warning, = document.warnings
        assert warning.code == code and warning.location.file == "word/comments.xml"
        assert "批注" in warning.message and warning.hint
    assert broken.warnings[0].location.line == 1 and "第 1 行" in broken.warnings[0].message
    assert read_docx(_docx(body)).warnings == ()


def test_no_revisions_no_comments_read_as_before():
    read, = read_docx(_docx(_p(_r("甲") + "<w:r><w:tab/></w:r>" + _r("乙")))).paragraphs
    assert (read.text, read.revisions, read.comments) == ("甲\t乙", (), ())


def test_a_style_renamed_by_another_writer_keeps_its_role_by_its_name():
    """LibreOffice writes 一级标题 back as styleId Style23, WPS as a number: the name is what stays."""
    styles = (f'<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:styleId="Style23"><w:name w:val="一级标题"/>'
              '</w:style><w:style w:type="character" w:styleId="7"><w:name w:val="引语"/></w:style></w:styles>')
    body = (_p(_r("一、总体情况"), style="Style23")
            + _p('<w:r><w:rPr><w:rStyle w:val="7"/></w:rPr><w:t>抓好学习。</w:t></w:r>' + _r("全年学习12次。")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        archive.writestr("word/styles.xml", styles)
    heading, lead = read_docx(buffer.getvalue()).paragraphs
    assert (heading.role, lead.role, lead.lead, lead.lead_role) == ("一级标题", "正文", "抓好学习。", "引语")


def test_a_comments_part_that_would_unpack_to_too_much_is_a_warning():
    body = _p(_r("甲") + _reference(0))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx(body, ""))) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/comments.xml", _comments(_comment(0, "x")).replace("<w:comment ", " " * 5_000_000
                                                                                  + "<w:comment "))
    document = read_docx(buffer.getvalue())
    assert [p.text for p in document.paragraphs] == ["甲"] and document.paragraphs[0].comments == ()
    assert [(w.code, w.location.file) for w in document.warnings] == [("I305", "word/comments.xml")]


def test_thousands_of_deleted_paragraph_marks_join_into_one_paragraph():
    """Joined once at the end (a run of such paragraphs once copied the growing text at each: quadratic)."""
    mark = f'<w:del w:id="1" {_A}/>'
    body = "".join(_p(_r(f"第{i}句。"), mark=mark) for i in range(5000)) + _p(_r("末句。"))
    joined, = read_docx(_docx(body)).paragraphs
    assert joined.text == "".join(f"第{i}句。" for i in range(5000)) + "末句。"
    assert len(joined.revisions) == 5000 and joined.role == "正文"
    assert len(read_docx(_docx(body), reject_revisions=True).paragraphs) == 5001


def test_many_unclosed_comment_ranges_are_read_once_and_anchors_are_cut():
    """Ranges that never end, overlapping: the body's text is gathered once, each anchor cut at MAX_ANCHOR_CHARS."""
    from drafting.ooxml.review import MAX_ANCHOR_CHARS

    count = 2000
    starts = "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in range(count))
    body = _p(starts + _r("甲")) + "".join(_p(_r("字" * 100)) for _ in range(300))
    read = read_docx(_docx(body, _comments(*(_comment(i, "x") for i in range(count))))).paragraphs
    anchors = [c.anchor for c in read[0].comments]
    assert len(anchors) == count and all(len(a) == MAX_ANCHOR_CHARS and a.startswith("甲\n字") for a in anchors)


def test_a_text_box_in_a_paragraph_whose_mark_is_deleted_is_still_read_after_the_joined_paragraph():
    box = ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
           f'<w:p>{_r("抄送：县纪委。")}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    body = _p(_r("甲") + box, mark=f'<w:del w:id="1" {_A}/>') + _p(_r("乙"))
    assert [(p.text, p.role) for p in read_docx(_docx(body)).paragraphs] == [("甲乙", "正文"), ("抄送：县纪委。", "版记")]
