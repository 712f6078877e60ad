"""Comments added to a package: the span's runs split keeping their rPr, ids unique, a package's own comments kept."""
from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from drafting.form.validate import load_form
from drafting.ooxml.comments import (COMMENTS_CONTENT_TYPE, COMMENTS_TYPE, Comment, Signature, add_comments,
                                     paragraphs, read_comments)
from drafting.ooxml.names import W
from drafting.pipeline.stages import render_bytes

from ..conftest import EXAMPLES
from ..helpers import assert_valid_for_word

SIGNED = Signature("draft check", "DC", "2024-04-10T09:30:00Z")


@pytest.fixture(scope="module")
def report() -> bytes:
    return render_bytes(load_form(EXAMPLES / "quarterly-report.yaml"))


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _index(listed, text: str) -> int:
    return next(i for i, p in enumerate(listed) if text in p.text)


def test_a_span_inside_a_run_is_split_and_both_halves_keep_its_properties(report):
    listed = paragraphs(report)
    index = _index(listed, "化解率96.7%")
    start = listed[index].text.index("化解率96.7%")
    data = add_comments(report, [Comment(index, start, start + 8, ("C208 警告：不符", "修改建议：核对"))], SIGNED)
    [comment] = read_comments(data)
    assert comment.anchored == "化解率96.7%"
    assert (comment.author, comment.initials, comment.date) == ("draft check", "DC", "2024-04-10T09:30:00Z")
    assert comment.text == "C208 警告：不符\n修改建议：核对"
    assert [p.text for p in paragraphs(data)] == [p.text for p in listed]  # the text itself is untouched
    before, paragraph = (_part(d, "word/document.xml").find(f"{W}body").findall(f"{W}p")[index] for d in (report, data))
    runs = [[r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None] for p in (before, paragraph)]
    assert len(runs[1]) == len(runs[0]) + 2  # the run holding the span cut in three
    assert [etree.tostring(r.find(f"{W}rPr")) for r in runs[1]][-3:] == [etree.tostring(runs[0][-1].find(f"{W}rPr"))] * 3
    order = [child.tag.split("}")[1] for child in paragraph if child.tag != f"{W}pPr"]
    begin, end = order.index("commentRangeStart"), order.index("commentRangeEnd")
    assert begin < end and order[end + 1] == "r"
    reference = list(paragraph)[list(paragraph).index(paragraph.find(f"{W}commentRangeEnd")) + 1]
    assert reference.find(f"{W}commentReference").get(f"{W}id") == comment.id


def test_a_whole_paragraph_an_empty_one_and_several_in_one_paragraph(report):
    listed = paragraphs(report)
    empty = next(i for i, p in enumerate(listed) if not p.text)
    data = add_comments(report, [Comment(0, 0, 0, ("整段",)), Comment(empty, 0, 0, ("空段",)),
                                 Comment(3, 0, 2, ("前两字",)), Comment(3, 1, 4, ("交叠",))], SIGNED)
    anchored = {c.text: c.anchored for c in read_comments(data)}
    assert anchored == {"整段": listed[0].text, "空段": "", "前两字": listed[3].text[:2], "交叠": listed[3].text[1:4]}


def test_ids_follow_every_id_in_use_and_a_second_round_keeps_the_first(report):
    first = add_comments(report, [Comment(0, 0, 2, ("一",))], SIGNED)
    ids = [int(n.get(f"{W}id")) for n in _part(report, "word/document.xml").iter() if n.get(f"{W}id") is not None]
    assert int(read_comments(first)[0].id) == max(ids) + 1  # clear of the origin bookmarks' ids
    second = add_comments(first, [Comment(2, 0, 2, ("二",)), Comment(2, 2, 4, ("三",))], SIGNED)
    found = read_comments(second)
    assert [c.text for c in found] == ["一", "二", "三"]
    assert len({c.id for c in found}) == 3
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        assert archive.namelist().count("word/comments.xml") == 1
    assert types.count(COMMENTS_CONTENT_TYPE) == 1 and rels.count(COMMENTS_TYPE) == 1


def test_no_comments_leave_the_package_as_it_was(report):
    assert add_comments(report, [], SIGNED) == report
    assert read_comments(report) == []


def test_a_comments_part_named_otherwise_is_extended(report):
    """Another program's comments part (its own name, relationship id) is found through the relationship."""
    first = add_comments(report, [Comment(0, 0, 2, ("一",))], SIGNED)
    moved = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(first)) as source, zipfile.ZipFile(moved, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/comments.xml":
                name = "word/notes-by-wps.xml"
            data = data.replace(b'Target="comments.xml"', b'Target="notes-by-wps.xml"')
            data = data.replace(b'PartName="/word/comments.xml"', b'PartName="/word/notes-by-wps.xml"')
            out.writestr(name, data)
    second = add_comments(moved.getvalue(), [Comment(2, 0, 2, ("二",))], SIGNED)
    assert [c.text for c in read_comments(second)] == ["一", "二"]
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        assert "word/comments.xml" not in archive.namelist()


@pytest.mark.parametrize("target", ["../../../../etc/passwd", "/../x.xml", "missing.xml"])
def test_a_comments_relationship_naming_no_part_is_replaced_and_nothing_leads_out_of_the_package(report, target):
    """A hostile or stale comments relationship: the 审核稿 gets its own word/comments.xml, never a zip entry with
    ``..`` in its name (an unzip would write it outside its folder), and stays valid for Word."""
    rels = _part(report, "word/_rels/document.xml.rels")
    etree.SubElement(rels, etree.QName(rels.nsmap[None], "Relationship"),
                     {"Id": "rIdHostile", "Type": COMMENTS_TYPE, "Target": target})
    hostile = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(report)) as source, zipfile.ZipFile(hostile, "w") as out:
        for name in source.namelist():
            out.writestr(name, etree.tostring(rels) if name == "word/_rels/document.xml.rels" else source.read(name))
    annotated = add_comments(hostile.getvalue(), [Comment(0, 0, 2, ("一",))], SIGNED)
    with zipfile.ZipFile(io.BytesIO(annotated)) as archive:
        names = archive.namelist()
    assert "word/comments.xml" in names and not any(".." in name or name.startswith("/") for name in names)
    assert [c.text for c in read_comments(annotated)] == ["一"]
    assert target.encode() not in etree.tostring(_part(annotated, "word/_rels/document.xml.rels"))
    assert_valid_for_word(annotated)


def test_every_paragraph_commented_is_valid_for_word(report):
    listed = paragraphs(report)
    comments = [Comment(i, 1, 3, (f"第{i}段",)) for i in range(len(listed))]
    data = add_comments(report, comments, SIGNED)
    assert len(read_comments(data)) == len(listed)
    assert_valid_for_word(data)


def test_without_comments_the_text_stays_and_no_mark_is_left(report):
    from drafting.ooxml.comments import without_comments

    annotated = add_comments(report, [Comment(0, 0, 2, ("一",)), Comment(3, 1, 4, ("二",))], SIGNED)
    plain = without_comments(annotated)
    assert [p.text for p in paragraphs(plain)] == [p.text for p in paragraphs(report)]
    assert read_comments(plain) == []
    document = etree.tostring(_part(plain, "word/document.xml"))
    assert b"commentRange" not in document and b"commentReference" not in document
    assert without_comments(report) == report
