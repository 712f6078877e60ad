"""Whether a .docx on disk may be replaced by a new build: did drafting write it, and is its text still as written.

Read bounded (each part's declared size checked before it is inflated) and through the one XML parser.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ..records import NamedTuple
from .origins import TEXT_SHA256, read_custom
from .parser import UNREADABLE_DOCX, parse_xml
from .reader import _part, text_digest

COMMENTS_PART = "word/comments.xml"  # where Word, WPS, LibreOffice and python-docx keep 批注
MAX_PROPERTIES_BYTES = 100_000  # docProps/app.xml, core.xml: a few hundred bytes in practice
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DCTERMS = "{http://purl.org/dc/terms/}"


class DocxState(NamedTuple):
    """What a .docx says of its origin: the application, the text digest drafting recorded and the one it has now."""

    by_drafting: bool      # docProps/app.xml names drafting as the application
    recorded: str = ""     # drafting.text.sha256 in docProps/custom.xml ("": none, a file from before the digest)
    current: str = ""      # the digest of its text now ("": the text could not be read)
    modified_by: str = ""  # docProps/core.xml cp:lastModifiedBy (drafting writes none)
    modified: str = ""     # docProps/core.xml dcterms:modified, as written (drafting writes none)
    commented: bool = False  # it holds 批注 (word/comments.xml: drafting writes none)

    @property
    def text_changed(self) -> bool:
        """Whether drafting recorded the text's digest and the text is no longer that text."""
        return bool(self.recorded) and self.current != self.recorded

    @property
    def edited(self) -> bool:
        """Whether someone changed a .docx drafting wrote: its text, or 批注 added (which leave the text as it was)."""
        return self.text_changed or (self.commented and (self.by_drafting or bool(self.recorded)))

    @property
    def replaceable(self) -> bool:
        """Whether a build may replace it: drafting wrote it, and its text is unchanged (or no digest was recorded)."""
        return self.by_drafting and not self.edited


def copy_replaceable(path: Path) -> bool:
    """Whether a copy drafting writes again beside a form (审核稿, 对照稿: 批注 and 修订 by design) may go where
    ``path`` is: nothing is there, or a regular file drafting wrote whose text is still the one it recorded."""
    if not os.path.lexists(path):
        return True
    if path.is_symlink() or not path.is_file():
        return False
    state = docx_state(path)
    return state.by_drafting and not state.text_changed


def written_by_drafting(path: Path) -> bool:
    """Whether the .docx at ``path`` says drafting wrote it (docProps/app.xml names the application)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _names_drafting(archive)
    except UNREADABLE_DOCX:
        return False


def _names_drafting(archive: zipfile.ZipFile) -> bool:
    """Whether the package's docProps/app.xml names drafting as the application."""
    return b"<Application>drafting</Application>" in _small_part(archive, "docProps/app.xml")


def docx_state(path: Path) -> DocxState:
    """Read ``path``'s origin; a file that is no .docx at all reads as not drafting's, unedited."""
    try:
        with zipfile.ZipFile(path) as archive:
            by_drafting = _names_drafting(archive)
            try:
                recorded = read_custom(archive).get(TEXT_SHA256, "")
            except UNREADABLE_DOCX:
                recorded = ""
            modified_by, modified = _core(archive)
            current = _current_digest(archive) if recorded else ""
            commented = COMMENTS_PART in archive.namelist()
    except UNREADABLE_DOCX:
        return DocxState(False)
    return DocxState(by_drafting, recorded, current, modified_by, modified, commented)


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A properties part, or nothing when it is missing or larger than properties ever are."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= MAX_PROPERTIES_BYTES else b""


def _core(archive: zipfile.ZipFile) -> tuple[str, str]:
    """(cp:lastModifiedBy, dcterms:modified) of docProps/core.xml; empty when missing or unreadable."""
    data = _small_part(archive, "docProps/core.xml")
    if not data:
        return "", ""
    try:
        root = parse_xml(data)
    except UNREADABLE_DOCX:  # a broken core.xml, or one declaring a DTD, only loses the who and when
        return "", ""
    by = root.find(_CP + "lastModifiedBy")
    when = root.find(_DCTERMS + "modified")
    return ((by.text or "").strip() if by is not None else "", (when.text or "").strip() if when is not None else "")


def _current_digest(archive: zipfile.ZipFile) -> str:
    """The digest of word/document.xml's text now, or "" when it cannot be read (too large, broken)."""
    try:
        return text_digest(_part(archive, "word/document.xml"))
    except UNREADABLE_DOCX:  # too large, missing, broken XML: the text is not the one recorded
        return ""
