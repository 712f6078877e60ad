"""Hostile .docx files at the doors of ``draft import --into``, ``draft diff`` and ``draft check --annotate``: the
reader's work grows with the file, its memory stays bounded, and a refusal is a located Chinese message with a code.

Work is counted (tests/work.py), never timed; the seconds and megabytes are in bench/roundtrip_hostile.py.
"""
from __future__ import annotations

import io
import random
import zipfile

from drafting.merging.reading import paragraphs_of
from drafting.ooxml.names import W_NS
from drafting.ooxml.reader import read_docx
from drafting.ooxml.review import MAX_ANCHOR_CHARS, MAX_REVISION_CHARS
from ..work import grows_linearly, work

_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"'
         ' Target="{target}"{mode}/></Relationships>')


def hostile_docx(body: str, comments: str | None = None, target: str = "comments.xml", mode: str = "",
                 parts: dict[str, bytes | str] | None = None) -> bytes:
    """A small .docx of ``body`` (inside w:body), a comments relationship to ``target`` and any other ``parts``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        if comments is not None:
            archive.writestr("word/_rels/document.xml.rels", _RELS.format(target=target, mode=mode))
            archive.writestr("word/comments.xml", comments)
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def comments_xml(count: int) -> str:
    """A comments part of ``count`` one-word comments, ids 0 … count-1."""
    return (f'<w:comments xmlns:w="{W_NS}">' + "".join(
        f'<w:comment w:id="{i}"><w:p><w:r><w:t>意见{i}</w:t></w:r></w:p></w:comment>' for i in range(count))
        + "</w:comments>")


def unclosed_ranges(count: int) -> bytes:
    """``count`` comment ranges opened and never closed, over ``count`` runs of text after them."""
    starts = "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in range(count))
    runs = "".join(f"<w:r><w:t>第{i}句。</w:t></w:r>" for i in range(count))
    return hostile_docx(f"<w:p>{starts}{runs}</w:p>", comments_xml(count))


def test_unclosed_comment_ranges_cost_what_the_file_holds(monkeypatch):
    """Bug: every run's text was copied into every open range: 4,000 ranges took 287 MB, 10,000 would take 2 GB."""
    costs = [work(lambda n=n: read_docx(unclosed_ranges(n)), monkeypatch).total for n in (300, 600, 1200)]
    assert grows_linearly(costs), costs


def test_an_unclosed_range_anchors_at_most_its_share_of_text():
    read = read_docx(unclosed_ranges(2000))
    (paragraph,) = read.paragraphs
    assert len(paragraph.comments) == 2000
    assert paragraph.comments[0].anchor.startswith("第0句。第1句。")
    assert max(len(comment.anchor) for comment in paragraph.comments) <= MAX_ANCHOR_CHARS
    assert paragraph.comments[-1].anchor == paragraph.comments[0].anchor


def test_overlapping_ranges_and_a_reused_id_keep_their_own_text():
    body = ('<w:p><w:commentRangeStart w:id="1"/><w:r><w:t>甲</w:t></w:r><w:commentRangeStart w:id="2"/>'
            '<w:r><w:t>乙</w:t></w:r><w:commentRangeEnd w:id="1"/><w:r><w:t>丙</w:t></w:r>'
            '<w:commentRangeEnd w:id="2"/></w:p><w:p><w:commentRangeStart w:id="1"/><w:r><w:t>丁</w:t></w:r>'
            '<w:commentRangeEnd w:id="1"/></w:p>')
    read = read_docx(hostile_docx(body, comments_xml(3)))
    anchors = {c.text: c.anchor for p in read.paragraphs for c in p.comments}
    assert anchors == {"意见1": "甲乙丁", "意见2": "乙丙"}


def deleted_marks(count: int) -> bytes:
    """``count`` paragraphs, every mark but the last a tracked deletion: Word would join them into one."""
    marks = "".join(f'<w:p><w:pPr><w:rPr><w:del w:id="{i}" w:author="甲"/></w:rPr></w:pPr>'
                    f'<w:r><w:t>段{i}</w:t></w:r></w:p>' for i in range(count - 1))
    return hostile_docx(marks + "<w:p><w:r><w:t>末段</w:t></w:r></w:p>")


def test_a_chain_of_deleted_paragraph_marks_is_one_paragraph_read_in_linear_work(monkeypatch):
    """Bug: each deleted mark copied the text, revisions and elements joined so far: 32,000 marks took 14 s."""
    costs = [work(lambda n=n: read_docx(deleted_marks(n)), monkeypatch).total for n in (500, 1000, 2000)]
    assert grows_linearly(costs), costs
    (paragraph,) = read_docx(deleted_marks(100_000)).paragraphs
    assert paragraph.text.startswith("段0段1段2") and paragraph.text.endswith("段99998末段")
    assert len(paragraph.revisions) == 99_999


def test_empty_paragraphs_each_with_a_revision_go_with_the_paragraph_before(monkeypatch):
    """Bug: each empty paragraph's 修订 was added to a copy of the tuple gathered so far (quadratic)."""
    def read(count: int) -> list:
        empties = "".join(f'<w:p><w:pPr><w:rPr><w:ins w:id="{i}" w:author="甲"/></w:rPr></w:pPr></w:p>'
                          for i in range(count))
        return paragraphs_of(read_docx(hostile_docx(f"<w:p><w:r><w:t>正文</w:t></w:r></w:p>{empties}")))
    (paragraph,) = read(50_000)
    assert len(paragraph.revisions) == 50_000 and paragraph.text == "正文"


def test_revisions_nested_in_themselves_hold_bounded_text():
    """Bug: 200 w:ins/w:del nested round 1,000,000 characters held 200 copies of them (409 MB for a 2 MB file)."""
    chance = random.Random(7)
    text = "".join(chr(0x4E00 + chance.randrange(20_000)) for _ in range(200_000))
    inner = f"<w:r><w:t>{text}</w:t></w:r>"
    for depth in range(200):
        tag = "w:ins" if depth % 2 else "w:del"
        inner = f'<{tag} w:id="{depth}" w:author="甲">{inner}</{tag}>'
    (paragraph,) = read_docx(hostile_docx(f"<w:p>{inner}</w:p>")).paragraphs
    assert len(paragraph.revisions) == 200
    assert all(len(revision.text) == MAX_REVISION_CHARS for revision in paragraph.revisions)
    assert paragraph.text == ""  # inside a deletion whether accepted or rejected
    assert paragraph.revisions[0].text == text[:MAX_REVISION_CHARS]


def test_a_paragraph_of_one_character_repeated_is_compared_in_linear_work(monkeypatch):
    """draft diff's word diff and paragraph alignment on one character repeated, one character changed in the middle:
    no autojunk-free difflib, no quadratic matching (bench/roundtrip_hostile.py times 1,000,000 characters)."""
    from drafting.comparing.diff import compare, marked_lines
    from drafting.ooxml.comparable import open_docx

    def pair(size: int) -> tuple[bytes, bytes]:
        return (hostile_docx(f"<w:p><w:r><w:t>{'字' * size}</w:t></w:r></w:p>"),
                hostile_docx(f"<w:p><w:r><w:t>{'字' * (size // 2)}了{'字' * (size // 2)}</w:t></w:r></w:p>"))

    def compared(size: int) -> list[str]:
        old, new = pair(size)
        return marked_lines(compare(open_docx(old), open_docx(new)))
    costs = [work(lambda n=n: compared(n), monkeypatch, within="").total for n in (20_000, 40_000, 80_000)]
    assert grows_linearly(costs), costs
    (line,) = compared(80_000)
    assert "【增：了】" in line and len(line) < 80_000 + 20


def test_a_package_that_unpacks_past_the_total_budget_is_refused_before_it_is_compared(monkeypatch, tmp_path, capsys):
    """Bug: draft diff copied every part of NEW into the 对照稿: 40 parts of 45 MB, each under the per-part ratio,
    took 23 s to inflate and deflate again (annotate already stops at 200 MB unpacked). Here the budget is lowered
    instead of building hundreds of megabytes."""
    import pytest

    from drafting.ooxml import reader
    from drafting.ooxml.comparable import open_docx
    from tests.conftest import run

    chance = random.Random(3)
    noise = bytes(chance.randrange(256) for _ in range(300_000))
    parts = {f"word/media/x{n}.bin": noise for n in range(5)}
    old = hostile_docx("<w:p><w:r><w:t>甲</w:t></w:r></w:p>")
    new = hostile_docx("<w:p><w:r><w:t>乙</w:t></w:r></w:p>", parts=parts)
    assert open_docx(new).data == new  # within the real budget
    monkeypatch.setattr(reader, "MAX_TOTAL_BYTES", 1_000_000)
    with pytest.raises(reader.DocxTooLarge):
        open_docx(new)
    (tmp_path / "旧.docx").write_bytes(old)
    (tmp_path / "新.docx").write_bytes(new)
    code, out, err = run(["diff", str(tmp_path / "旧.docx"), str(tmp_path / "新.docx")], capsys)
    assert code != 0 and "[D003]" in err and "新.docx" in err and "Traceback" not in out + err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["新.docx", "旧.docx"]
