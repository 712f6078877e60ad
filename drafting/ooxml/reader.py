"""Read a .docx's body back: paragraph texts with Word's numbering written out, and drafting's style roles."""
from __future__ import annotations

import io
import zipfile
from typing import Any

from ..document.numerals import chinese_numeral
from ..records import NamedTuple
from ..styles import CHARACTER_STYLES, PARAGRAPH_STYLES, character_role, paragraph_role
from ..errors import Problem
from .names import W
from .origins import digest_of_lines, origin_of, read_custom
from .parser import UNREADABLE_DOCX, parse_xml
from .readtable import MAX_TABLE_CELLS, ReadTable, bounded_int, read_table
from .review import (ReadComment, ReadRevision, attach_comments, comment_anchors, counts, mark_change, properties_of,
                     read_comments, revisions_in, run_style, runs_in_order, text_of, too_large, visible_text)

__all__ = ["MAX_TABLE_CELLS", "DocxTooLarge", "ReadComment", "ReadDocument", "ReadParagraph", "ReadRevision",
           "ReadTable", "docx_text_digest", "font_names", "read_docx", "read_table", "text_digest"]

class ReadParagraph(NamedTuple):
    """A body paragraph of a .docx as text, with its style; auto-numbering is written out.

    ``role`` is the drafting role of the paragraph's style (None for a style drafting does not
    write); ``lead`` is the text of its first run when that run is in one of drafting's
    character styles (a run-in heading, an 引语), with ``lead_role`` that style's role.
    """

    text: str
    style: str
    role: str | None = None
    lead: str | None = None
    lead_role: str | None = None
    table: ReadTable | None = None  # a table, read in its place among the paragraphs
    origin: str | None = None  # the form path drafting's bookmark names (docs/origin-markers.md)
    comments: tuple[ReadComment, ...] = ()    # the comments whose range starts (or reference sits) in this paragraph
    revisions: tuple[ReadRevision, ...] = ()  # the pending tracked changes inside this paragraph
    outline: int | None = None  # its w:outlineLvl (0 for a level-1 heading; the paragraph's, else its style's)


class ReadDocument(NamedTuple):
    """A .docx's body paragraphs (tables among them) and what could not be imported (pictures, text boxes)."""

    paragraphs: tuple[ReadParagraph, ...]
    tables: int = 0
    drawings: int = 0
    warnings: tuple[Problem, ...] = ()  # what could not be read but did not stop the reading (a broken comments part)


_W = W
# LibreOffice renames a style whose name is not ASCII (一级标题 → Style23), WPS numbers them: the name stays.
_PARAGRAPH_ROLE_BY_NAME = {style.name: role for role, style in PARAGRAPH_STYLES.items()}
_CHARACTER_ROLE_BY_NAME = {style.name: role for role, style in CHARACTER_STYLES.items()}
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _numbering_formats(archive: zipfile.ZipFile) -> dict[str, dict[int, tuple[str, str, int]]]:
    """numId → ilvl → (numFmt, lvlText, start)."""
    try:
        root = parse_xml(_part(archive, "word/numbering.xml"))
    except KeyError:
        return {}
    abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
    for node in root.iter(_W + "abstractNum"):
        levels = {}
        for lvl in node.iter(_W + "lvl"):
            fmt = lvl.find(_W + "numFmt")
            text = lvl.find(_W + "lvlText")
            start = lvl.find(_W + "start")
            levels[_level(lvl.get(_W + "ilvl"))] = (
                fmt.get(_W + "val") if fmt is not None else "decimal",
                (text.get(_W + "val") or "")[:MAX_LABEL_CHARS] if text is not None else "",
                _int(start.get(_W + "val"), 1, 0, 100_000) if start is not None else 1)
        abstract[node.get(_W + "abstractNumId")] = levels
    result = {}
    for num in root.iter(_W + "num"):
        ref = num.find(_W + "abstractNumId")
        if ref is not None:
            result[num.get(_W + "numId")] = abstract.get(ref.get(_W + "val"), {})
    return result


def _format_number(fmt: str, n: int) -> str:
    if fmt.startswith("chinese") or fmt in ("ideographTraditional", "taiwaneseCounting", "japaneseCounting"):
        return chinese_numeral(n) if 0 < n < 10000 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


_int = bounded_int


def _level(value: str | None) -> int:
    """A list level: 0–8 in WordprocessingML (anything else reads as 0)."""
    return _int(value, 0, 0, 8)


MAX_PART_BYTES = 50_000_000   # one part unpacked (a 1,000-page report's document.xml is a few MB)
MAX_RATIO = 100               # unpacked ÷ packed, for parts over 1 MB: more is a zip bomb
MAX_PARAGRAPHS = 200_000
MAX_LABEL_CHARS = 64          # a numbering level's lvlText


class DocxTooLarge(ValueError):
    """A .docx that would unpack to more than a report ever holds (a zip bomb, or not a report)."""


MAX_TOTAL_BYTES = 200_000_000  # every part unpacked: a tool that copies the whole package stops here


def check_package_size(archive: zipfile.ZipFile) -> None:
    """Raise DocxTooLarge when the parts' declared sizes add up past MAX_TOTAL_BYTES (before any byte is inflated)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise DocxTooLarge(info.filename)


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    """Part ``name`` unpacked, after its declared sizes were checked (before any byte is inflated)."""
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES or (info.file_size > 1_000_000
                                            and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
        raise DocxTooLarge(name)
    data = archive.read(info)
    if len(data) > MAX_PART_BYTES:  # the sizes in the zip lied
        raise DocxTooLarge(name)
    return data


def text_digest(document_xml: bytes) -> str:
    """SHA-256 of a document.xml's text: each paragraph with text (cells too) a line; blank ones and run cuts ignored."""
    lines = []
    for paragraph in parse_xml(document_xml).iter(_W + "p"):
        lines.append("".join(node.text or "" if node.tag == _W + "t" else "\t"
                             for node in paragraph.iter(_W + "t", _W + "tab") if node.getparent().tag == _W + "r"))
    return digest_of_lines(lines)


def docx_text_digest(data: bytes) -> str:
    """:func:`text_digest` of the .docx ``data``'s body, to compare with the recorded ``text_sha256``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return text_digest(_part(archive, "word/document.xml"))


def read_docx(data: bytes, reject_revisions: bool = False) -> ReadDocument:
    """Read a .docx's body, tracked changes accepted (or, ``reject_revisions``, rejected), comments attached.

    Raises DocxTooLarge, zipfile.BadZipFile, KeyError or lxml errors for a broken file; a comments part that
    is missing or broken is a warning in ``ReadDocument.warnings`` (the body is read without comments).
    """
    reject = reject_revisions
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = parse_xml(_part(archive, "word/document.xml")).find(_W + "body")
        if body is None:
            raise ValueError("word/document.xml has no w:body")
        styles, outlines = _styles(archive)
        formats = _numbering_formats(archive)
        custom = read_custom(archive)
        try:
            comments, warnings = read_comments(archive, _part, reject)
        except DocxTooLarge as large:
            comments, warnings = {}, [too_large(str(large))]
    if len(body) > MAX_PARAGRAPHS:
        raise DocxTooLarge("word/document.xml")
    reading = _Reading(styles, formats, custom, reject, outlines)
    for child in body:
        reading.add(child)
    reading.flush()
    attached = attach_comments(comments, comment_anchors(body, reject, comments), reading.index_of) if comments else {}
    paragraphs = [p._replace(comments=tuple(attached[i])) if i in attached else p
                  for i, p in enumerate(reading.paragraphs)]
    return ReadDocument(tuple(paragraphs), reading.tables, max(reading.drawings, 0), tuple(warnings))


def _styles(archive: zipfile.ZipFile) -> tuple[dict[str, tuple[str, tuple[str, int] | None]], dict[str, int]]:
    """Style id → (name, the (numId, ilvl) its numbering gives), and style id → its outline level, from styles.xml."""
    styles: dict[str, tuple[str, tuple[str, int] | None]] = {}
    outlines: dict[str, int] = {}
    try:
        root = parse_xml(_part(archive, "word/styles.xml"))
    except KeyError:
        return styles, outlines
    for style in root.iter(_W + "style"):
        name = style.find(_W + "name")
        ident = style.get(_W + "styleId")
        styles[ident] = (name.get(_W + "val") if name is not None else "", _num_ref(style.find(_W + "pPr")))
        level = _outline(style.find(_W + "pPr"))
        if level is not None:
            outlines[ident] = level
    return styles, outlines


def _outline(properties) -> int | None:  # type: ignore[no-untyped-def]
    """The outline level a w:pPr sets (0–8; 9, body text, and a missing or broken value: None)."""
    node = properties.find(_W + "outlineLvl") if properties is not None else None
    value = node.get(_W + "val") if node is not None else None
    return int(value) if value is not None and len(value) == 1 and value in "012345678" else None


def _num_ref(properties) -> tuple[str, int] | None:  # type: ignore[no-untyped-def]
    """(numId, ilvl) of a w:pPr's w:numPr, None without one."""
    num = properties.find(_W + "numPr") if properties is not None else None
    if num is None or num.find(_W + "numId") is None:
        return None
    ilvl = num.find(_W + "ilvl")
    return num.find(_W + "numId").get(_W + "val"), _level(ilvl.get(_W + "val")) if ilvl is not None else 0


class _Carry:
    """Paragraphs whose marks go (deleted, or inserted and rejected): their text joins the next paragraph's.

    Lists, not strings: a run of thousands of such paragraphs is joined once, not copied at each.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.has_text = False
        self.lead: tuple[str, str] | None = None
        self.origin: str | None = None  # the first paragraph with text gives it (an emptied one gives way)
        self.revisions: list[ReadRevision] = []
        self.elements: list[Any] = []  # the body elements that end up in the joined paragraph
        self.boxes: list[Any] = []     # their text boxes (the 版记), read after it

    def add(self, element: Any, text: str, lead: tuple[str, str] | None, origin: str | None,
            revisions: tuple[ReadRevision, ...]) -> None:
        """One more paragraph's part of the joined paragraph."""
        if self.has_text:
            self.origin = self.origin or origin
        else:
            self.origin, self.lead = origin, lead
        self.has_text = self.has_text or bool(text)
        self.texts.append(text)
        self.revisions.extend(revisions)
        self.elements.append(element)


class _Reading:
    """The body being read, one top-level element at a time: paragraphs, numbering counters, joins."""

    def __init__(self, styles: dict[str, tuple[str, tuple[str, int] | None]],
                 formats: dict[str, dict[int, tuple[str, str, int]]], custom: dict[str, str], reject: bool,
                 outlines: dict[str, int] | None = None) -> None:
        self.styles, self.formats, self.custom, self.reject = styles, formats, custom, reject
        self.outlines = outlines or {}
        self.counters: dict[str, dict[int, int]] = {}
        self.paragraphs: list[ReadParagraph] = []
        self.index_of: dict[Any, int] = {}  # a body element (kept alive, so one lxml proxy) → its paragraph
        self.tables = self.drawings = 0
        self.pending: str | None = None  # a bookmark Word put between paragraphs marks the next one
        self.markers: list[Any] = []     # body-level markers (bookmarks, comment starts) before the next paragraph
        self.carry: _Carry | None = None

    def _append(self, paragraph: ReadParagraph, elements: list[Any]) -> None:
        """Add a paragraph read from ``elements`` (and the markers before it)."""
        for element in elements + self.markers:
            self.index_of[element] = len(self.paragraphs)
        self.markers = []
        self.paragraphs.append(paragraph)

    def flush(self) -> None:
        """A carried paragraph with no paragraph after it to join stands on its own."""
        if self.carry is not None:
            carry, self.carry = self.carry, None
            lead = carry.lead
            self._append(ReadParagraph("".join(carry.texts), "", None, lead[0] if lead else None,
                                       lead[1] if lead else None, origin=carry.origin,
                                       revisions=tuple(carry.revisions)), carry.elements)
            self._boxes(carry.boxes)

    def add(self, child) -> None:  # type: ignore[no-untyped-def]
        """Read one child of w:body."""
        custom = self.custom
        if child.tag != _W + "p" and child.tag != _W + "tbl":
            if child.tag == _W + "bookmarkStart":
                self.pending = self.pending or origin_of(child.get(_W + "name"), custom)
            self.markers.append(child)
            return
        origin = _origin(child, custom) or self.pending if custom else None
        self.pending = None
        if child.tag == _W + "tbl":
            self.flush()
            self.tables += 1
            self._append(ReadParagraph("", "表格", "表格", table=read_table(child, self.reject), origin=origin,
                                       revisions=revisions_in(child)), [child])
            return
        reject = self.reject
        # Word writes a text box twice, as DrawingML and again as VML in mc:Fallback: read it once.
        boxed = [box for box in child.iter(_W + "txbxContent") if not _in_fallback(box)]
        self.drawings += sum(not _in_fallback(node) for node in child.iter(_W + "drawing", _W + "pict")) - len(boxed)
        parts: list[str] = []
        for node in child.iter(_W + "t", _W + "delText", _W + "tab", _W + "br"):
            if node.getparent().tag != _W + "r":  # a tab stop in pPr, not a tab character
                continue
            if any(a.tag in (_W + "txbxContent", _W + "drawing") for a in node.iterancestors()):
                continue
            if counts(node, reject, child):
                parts.append(text_of(node, reject))
        joined, self.carry = self.carry or _Carry(), None  # the paragraphs before that lost their marks come first
        joined.add(child, "".join(parts), _lead_run(child, reject, self.styles), origin, revisions_in(child))
        joined.boxes.extend(boxed)
        if mark_change(child) == ("insert" if reject else "delete"):
            joined.elements.extend(self.markers)
            self.carry, self.markers = joined, []
            return
        text, lead, origin, revisions, elements = ("".join(joined.texts), joined.lead, joined.origin,
                                                    tuple(joined.revisions), joined.elements)
        properties = properties_of(child, reject)
        style_node = properties.find(_W + "pStyle") if properties is not None else None
        style_id = style_node.get(_W + "val") if style_node is not None else "Normal"
        style_name, style_num = self.styles.get(style_id, ("", None))
        label = self._label(_num_ref(properties) or style_num)
        role = paragraph_role(style_id) or _PARAGRAPH_ROLE_BY_NAME.get(style_name)
        direct = properties is not None and properties.find(_W + "outlineLvl") is not None  # 9 (body) overrides
        self._append(ReadParagraph(label + text, style_name, role,
                                   lead[0] if lead else None, lead[1] if lead else None, origin=origin,
                                   revisions=revisions,
                                   outline=_outline(properties) if direct else self.outlines.get(style_id)), elements)
        self._boxes(joined.boxes)

    def _boxes(self, boxes: list[Any]) -> None:
        """Text boxes (the 版记) read in place, after their anchor paragraph."""
        for box in boxes:
            for inner in box.iter(_W + "p"):
                boxed_text = visible_text(inner, self.reject)
                if boxed_text.strip():
                    self.paragraphs.append(ReadParagraph(boxed_text, "版记", "版记", origin=_origin(inner, self.custom)
                                                         if self.custom else None))

    def _label(self, ref: tuple[str, int] | None) -> str:
        """The number Word would write before a paragraph numbered by ``ref`` (counting it)."""
        if ref is None or ref[0] == "0" or ref[0] not in self.formats:
            return ""
        levels = self.formats[ref[0]]
        count = self.counters.setdefault(ref[0], {})
        count[ref[1]] = count.get(ref[1], levels.get(ref[1], ("", "", 1))[2] - 1) + 1
        for deeper in [k for k in count if k > ref[1]]:
            del count[deeper]
        fmt, template, _ = levels.get(ref[1], ("decimal", f"%{ref[1] + 1}.", 1))
        label = template
        for level in range(ref[1] + 1):
            lvl_fmt = levels.get(level, ("decimal", "", 1))[0]
            label = label.replace(f"%{level + 1}", _format_number(lvl_fmt, count.get(level, 1)))
        return label


def _origin(element, custom: dict[str, str]) -> str | None:  # type: ignore[no-untyped-def]
    """The form path of the first of drafting's bookmarks that starts in ``element`` (a paragraph or table)."""
    for mark in element.iter(_W + "bookmarkStart"):
        parent = mark.getparent()
        while parent is not None and parent is not element and parent.tag != _W + "txbxContent":
            parent = parent.getparent()
        if parent is not element:  # in a text box the paragraph anchors: that box's paragraph's own
            continue
        origin = origin_of(mark.get(_W + "name"), custom)
        if origin is not None:
            return origin
    return None


def _in_fallback(node) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``node`` is in the mc:Fallback copy of content that mc:Choice also holds."""
    return any(ancestor.tag == _FALLBACK for ancestor in node.iterancestors())


def _lead_run(paragraph, reject: bool = False,  # type: ignore[no-untyped-def]
              styles: dict[str, tuple[str, tuple[str, int] | None]] | None = None) -> tuple[str, str] | None:
    """(text, role) of the paragraph's first runs when they are in one of drafting's character styles
    (known by id, else by the name ``styles`` gives the id)."""
    role = None
    texts: list[str] = []
    for run in runs_in_order(paragraph, reject):
        style = run_style(run, reject)
        run_role = (character_role(style) or _CHARACTER_ROLE_BY_NAME.get((styles or {}).get(style, ("",))[0])
                    if style is not None else None)
        text = visible_text(run, reject, tabs=False)
        if role is None:
            if run_role is None or run_role == "列举序号":
                return None
            role = run_role
        if run_role != role:
            break
        texts.append(text)
    return ("".join(texts), role) if role else None


def font_names(data: bytes) -> list[str]:
    """The font families a .docx's fontTable.xml names, in order (none when it has no font table)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = parse_xml(_part(archive, "word/fontTable.xml"))
    except UNREADABLE_DOCX:
        return []
    return [name for name in (font.get(_W + "name") for font in root.iter(_W + "font")) if name]
