"""The copy of a user's .docx handed to LibreOffice: no external relationship left, parts' sizes checked."""
from __future__ import annotations

import io
import zipfile

import pytest

from drafting.ooxml.reader import DocxTooLarge, read_docx
from drafting.ooxml.sanitise import without_external_links

from ..conftest import EXAMPLES
from ..helpers import build
from ..linkeddocx import with_linked_pictures


def _rels(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".rels"))


def test_external_relationships_are_removed_and_the_rest_kept():
    original = build(EXAMPLES / "work-plan.yaml")
    linked = with_linked_pictures(original, ["http://127.0.0.1:9/a.png", "file:///etc/hostname"])
    assert "External" in _rels(linked)
    safe, removed = without_external_links(linked)
    assert removed == 2 and "External" not in _rels(safe) and "127.0.0.1" not in _rels(safe)
    assert _rels(safe).count("<Relationship ") == _rels(original).count("<Relationship ")
    assert read_docx(safe).paragraphs == read_docx(linked).paragraphs  # the text is untouched


def test_a_bomb_in_a_part_the_reader_never_opens_is_refused_before_inflating():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.png", b"\0" * 60_000_000)  # 60 MB of zeros: a few dozen KB packed
    with pytest.raises(DocxTooLarge):
        without_external_links(buffer.getvalue())
