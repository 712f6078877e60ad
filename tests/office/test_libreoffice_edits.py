"""What survives when a person edits drafting's .docx in LibreOffice and saves it as Word again (measured).

The example, with a Word 批注 and a Word 修订 already in it, is edited through UNO (tests/office/
libreoffice_edit.py): a sentence replaced, a paragraph deleted, one inserted after another, a comment added —
once with Record Changes off, once on. docs/origin-markers.md (“LibreOffice 编辑后另存”) tabulates the result;
this test holds it. Needs LibreOffice and a Python with its uno; skipped, with the reason, without them.
"""
from __future__ import annotations

import re

import pytest

from drafting.ooxml.origins import read_properties
from drafting.ooxml.reader import read_docx

from ..conftest import EXAMPLES, require_uno
from ..editing import (Comment, Delete, InsertAfter, Replace, edited_in_libreoffice, read_parts, with_comment,
                       with_tracked_changes)
from ..helpers import build

pytestmark = pytest.mark.render
EDITED, DELETED, ANCHOR, NOTED = "强化理论学习和理论武装。", "严守政治纪律和政治规矩。", "推动党内规章制度贯彻执行。", "严密防控社会稳定风险。"
EDITS = [Replace(EDITED, "全体会议2次", "全体会议3次"), Delete(DELETED), InsertAfter(ANCHOR, "新增的一段工作。"),
         Comment(NOTED, "社会稳定风险评估", "LibreOffice 里加的批注。", author="王处长")]


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, bytes]:
    """The example before ("before"), and after LibreOffice's edits with Record Changes off ("plain") and on."""
    python = require_uno()  # skipped, with the reason, before anything is built
    folder = tmp_path_factory.mktemp("libreoffice-edits")
    data = with_comment(build(EXAMPLES / "half-year-summary.yaml"), ANCHOR, "两个维护", "请核实提法。")
    data = with_tracked_changes(data, [Replace("坚决维护国家政治安全。", "高效运行", "有效运行")])
    result = {"before": data, "plain": edited_in_libreoffice(data, EDITS, folder, python=python),
              "recorded": edited_in_libreoffice(data, EDITS, folder, record=True, python=python)}
    assert not any(folder.iterdir())  # LibreOffice's profile, sockets and temporary files went with it
    return result


def _by_text(data: bytes, piece: str, reject: bool = False):  # type: ignore[no-untyped-def]
    return next(p for p in read_docx(data, reject).paragraphs if piece in p.text)


def _bookmarks(data: bytes) -> list[str]:
    return re.findall(r'<w:bookmarkStart [^>]*w:name="(_dft_[^"]*)"', read_parts(data)["word/document.xml"].decode())


@pytest.mark.parametrize("run", ["plain", "recorded"])
def test_untouched_and_edited_paragraphs_keep_their_bookmarks_and_the_properties_stay(saved, run):
    before, after = saved["before"], saved[run]
    assert read_properties(after) == read_properties(before)  # every drafting.* custom property, unchanged
    touched = (EDITED, DELETED, ANCHOR, NOTED, "新增的一段工作。", "坚决维护国家政治安全。")
    untouched = [(p.text, p.origin, p.role) for p in read_docx(before).paragraphs
                 if p.text and not any(piece in p.text for piece in touched)]
    kept = [(p.text, p.origin, p.role) for p in read_docx(after).paragraphs
            if p.text and not any(piece in p.text for piece in touched)]
    assert kept == untouched  # roles too: LibreOffice renames the style ids (Style23), the names stay
    assert b'w:styleId="GwHeading1"' not in read_parts(after)["word/styles.xml"]
    for piece in (EDITED, ANCHOR, NOTED):  # edited, commented, or with a paragraph inserted after it
        assert _by_text(after, piece).origin == _by_text(before, piece).origin
    assert _by_text(after, "新增的一段工作。").origin is None  # an inserted paragraph has no bookmark
    assert "全体会议3次" in _by_text(after, EDITED).text


def test_a_deleted_paragraphs_bookmark_goes_unless_changes_are_recorded(saved):
    number = _by_text(saved["before"], DELETED).origin
    name = next(n for n in _bookmarks(saved["before"]) if read_properties(saved["before"]).origins[
        n.removeprefix("_dft_").split("_")[0]] == number)
    assert name not in _bookmarks(saved["plain"]) and len(_bookmarks(saved["plain"])) == len(_bookmarks(saved["before"])) - 1
    assert name in _bookmarks(saved["recorded"]) and len(_bookmarks(saved["recorded"])) == len(_bookmarks(saved["before"]))
    for run in ("plain", "recorded"):
        assert not any(DELETED in p.text for p in read_docx(saved[run]).paragraphs)
    assert _by_text(saved["recorded"], DELETED, reject=True).text.startswith(DELETED)


def test_recorded_changes_are_written_as_word_revisions_with_author_and_the_time_of_the_edit(saved):
    recorded = [r for p in read_docx(saved["recorded"]).paragraphs for r in p.revisions]
    ours = [r for r in recorded if r.date != "2026-10-09T10:00:00Z"]
    assert {r.kind for r in ours} == {"insert", "delete"} and {r.author for r in ours} == {"张科长"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r.date) for r in ours)  # the clock's, not ours
    assert ("delete", "\n") in [(r.kind, r.text) for r in ours]  # the paragraph before lost its mark
    assert ("insert", "\n") in [(r.kind, r.text) for r in ours]  # the anchor's mark is the inserted one
    assert _by_text(saved["recorded"], EDITED, reject=True).text == _by_text(saved["before"], EDITED).text
    assert [p.text for p in read_docx(saved["plain"]).paragraphs if p.revisions] == \
           [p.text for p in read_docx(saved["plain"]).paragraphs if "坚决维护国家政治安全。" in p.text]


def test_word_revisions_and_comments_survive_and_libreoffice_comments_are_written(saved):
    for run in ("plain", "recorded"):
        word = _by_text(saved[run], "坚决维护国家政治安全。")
        assert [(r.kind, r.author, r.date, r.text) for r in word.revisions if r.text] == [
            ("delete", "张科长", "2026-10-09T10:00:00Z", "高效运行"), ("insert", "张科长", "2026-10-09T10:00:00Z", "有效运行")]
        assert _by_text(saved[run], ANCHOR).comments[0][:] == ("王处长", "2026-10-10T09:00:00Z", "请核实提法。", "两个维护")
        added, = _by_text(saved[run], NOTED).comments
        assert (added.author, added.date, added.text, added.anchor) == \
               ("王处长", "2026-10-10T09:00:00Z", "LibreOffice 里加的批注。", "社会稳定风险评估")
    application = read_parts(saved["plain"])["docProps/app.xml"].decode()
    assert "<Application>LibreOffice" in application
