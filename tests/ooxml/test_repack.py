"""The one rewriter of a user's package: parts kept in order, changed ones replaced, many small parts refused."""
from __future__ import annotations

import io
import zipfile

import pytest

from drafting.ooxml.comments import Comment, Signature, add_comments
from drafting.ooxml.comparable import open_docx, written_package
from drafting.ooxml.reader import DocxTooLarge
from drafting.ooxml.repack import MAX_TOTAL_BYTES, UserPackage
from drafting.ooxml.sanitise import without_external_links

from ..conftest import EXAMPLES, run
from ..helpers import build


def padded(data: bytes) -> bytes:
    """The .docx ``data`` with padding parts, each under the one-part limits, that together unpack past the total."""
    report = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    pad = b"\0" * 900_000  # under 1 MB: no ratio check for one part
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in report.infolist():
            archive.writestr(info, report.read(info))
        for number in range(MAX_TOTAL_BYTES // len(pad) + 1):
            archive.writestr(f"word/media/pad{number}.bin", pad)
    return out.getvalue()


@pytest.fixture(scope="module")
def many_small_parts() -> bytes:
    """The work briefing padded past MAX_TOTAL_BYTES."""
    return padded(build(EXAMPLES / "work-briefing.yaml"))


def test_changed_parts_are_replaced_in_place_and_new_ones_added_at_the_end():
    data = build(EXAMPLES / "work-briefing.yaml")
    package = UserPackage(data)
    names = [info.filename for info in package.infos]
    rewritten = zipfile.ZipFile(io.BytesIO(package.zipped({"word/document.xml": b"<x/>", "word/new.xml": b"<y/>"})))
    assert rewritten.namelist() == names + ["word/new.xml"]
    assert rewritten.read("word/document.xml") == b"<x/>"
    assert all(rewritten.read(name) == package.parts[name] for name in names if name != "word/document.xml")


def test_every_rewriter_refuses_parts_that_together_unpack_past_the_limit(many_small_parts):
    """comments, the 对照稿 and the copy for LibreOffice all read through UserPackage: none inflates them all."""
    with pytest.raises(DocxTooLarge):
        add_comments(many_small_parts, [Comment(0, 0, 1, "批注")], Signature("draft check", "dc", "2026-12-05T00:00:00Z"))
    with pytest.raises(DocxTooLarge):
        written_package(open_docx(many_small_parts), "旧稿.docx")
    with pytest.raises(DocxTooLarge):
        without_external_links(many_small_parts)


def test_diff_refuses_a_newer_version_of_many_small_parts_with_d003(tmp_path, capsys, monkeypatch):
    """A 对照稿 of a zip bomb made of small parts was written after inflating them all (14 s); now it is refused."""
    changed = tmp_path / "改过.yaml"
    changed.write_text((EXAMPLES / "work-briefing.yaml").read_text(encoding="utf-8").replace("认真", "扎实"),
                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "旧稿.docx").write_bytes(build(EXAMPLES / "work-briefing.yaml"))
    (tmp_path / "新稿.docx").write_bytes(padded(build(changed)))
    code, _, err = run(["diff", "旧稿.docx", "新稿.docx", "-o", "对照稿.docx"], capsys)
    assert code != 0 and "错误[D003]" in err and "新稿.docx" in err, err
    assert not (tmp_path / "对照稿.docx").exists()
