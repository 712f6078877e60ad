"""Docx writer: lays the AST out and maps each role to its named Word style."""
from __future__ import annotations

from typing import Any

import math

from ..chars import in_gb2312, page_width, shared_symbols
from ..document.ast import Document, Title
from ..geometry import BODY_TRACKING, IMPRINT_CHARS_PER_LINE, IMPRINT_LINE_TWIPS, IMPRINT_RULE_TWIPS, \
    TYPE_HEIGHT_TWIPS
from ..ooxml.body import LINE_BREAK, PAGE_BREAK, Frame, document_xml, paragraph_xml, section_xml, trailing_anchor
from ..ooxml.names import ATTACHMENT_INDENTS, CHARACTER_STYLE_IDS, PARAGRAPH_STYLE_IDS
from ..ooxml.origins import FORM, FORM_SHA256, TEXT_SHA256, Bookmarks, custom_xml, written_text_digest
from ..ooxml.package import BasePackage, base_package, zip_package
from ..ooxml.parts import core_xml
from ..ooxml.table import TableCell, table_xml
from ..records import NamedTuple
from ..styles import Profile
from .layout import Laid, Para, Run, layout
from .tablelayout import Grid


def _base_for(profile: Profile, cache: dict[Any, Any] | None) -> BasePackage:
    if cache is None:
        return base_package(profile)
    key = profile.key()
    base = cache.get(key)
    if base is None:
        base = cache[key] = base_package(profile)
    return base


def _pieces(text: str, font: str, profile: Profile) -> list[tuple[str, str | None, str | None]]:
    """``text`` cut into (text, East Asian font, Western font) pieces, None keeping the style's font:
    characters outside GB2312 get a _GB2312 font's fallback so they print, and characters both
    scripts share get the East Asian font for Western text too, so every reader draws them alike."""
    pieces: list[tuple[str, str | None, str | None]] = []
    for index, segment in enumerate(shared_symbols().split(text)):
        if not segment:
            continue
        for part, override in _split_for_gb2312(segment, font, profile):
            shared = index % 2 == 1  # split() puts the captured runs at odd places
            east = override or (font if shared else None)
            pieces.append((part, east, east if shared else None))
    return pieces


def _split_for_gb2312(text: str, font: str, profile: Profile) -> list[tuple[str, str | None]]:
    """Cut ``text`` where it leaves GB2312, so those characters get the fallback font and print."""
    if not font.endswith("_GB2312") or in_gb2312(text):
        return [(text, None)]
    fallback = profile.fallbacks.get(font, font.removesuffix("_GB2312"))
    pieces: list[tuple[str, str | None]] = []
    for char in text:
        override = None if in_gb2312(char) else fallback
        if pieces and pieces[-1][1] == override:
            pieces[-1] = (pieces[-1][0] + char, override)
        else:
            pieces.append((char, override))
    return pieces


def _frames(framed: list[Para]) -> list[Frame]:
    """One frame per 版记 row, stacked so the last rule lies on the type area's bottom edge.

    A row per frame: LibreOffice turns a frame's paragraph borders into the frame's own, so rows
    in one frame could not have rules of different weights between them.
    """
    heights = [math.ceil((page_width(para.text.replace("\t", "  ")) + 1) / IMPRINT_CHARS_PER_LINE)
               * IMPRINT_LINE_TWIPS + IMPRINT_RULE_TWIPS for para in framed]
    frames, bottom = [], TYPE_HEIGHT_TWIPS
    for height in reversed(heights):
        bottom -= height
        frames.append(Frame(bottom, height))
    return frames[::-1]


TIGHTENING = 6  # twentieths of a point taken off each character of a tightened paragraph (0.3 pt)


class Fitting(NamedTuple):
    """Adjustments measured on the printed pages (draft build --pdf): paragraphs to set 0.3 pt tighter so a
    stray last line of one or two characters comes back, and whether the 版记 has a page of its own —
    "next" (an even page follows), "even" (a blank page first), both without page numbers."""

    tightened: frozenset[int] = frozenset()  # layout indices
    imprint_page: str | None = None
    carried: tuple[int, int] | None = None  # (paragraph, character): from there on, it moves to the signature's page


def _carry(paras: list[Para], carried: tuple[int, int] | None) -> list[tuple[int, Para]]:
    """(layout index, paragraph) pairs, with the paragraph ``carried`` names cut in two: its head stays,
    its last lines go over with the signature as a continuation (no first-line indent), so the signature's
    page carries body text (GB/T 9704 7.3.5). Both halves keep the paragraph's layout index."""
    numbered = list(enumerate(paras))
    if carried is None:
        return numbered
    index, offset = carried
    para = paras[index]
    head: list[Run] = []
    tail: list[Run] = []
    seen = 0
    for run in para.runs:
        cut = max(0, min(len(run.text), offset - seen))
        if cut:
            head.append(run._replace(text=run.text[:cut]))
        if cut < len(run.text):
            tail.append(run._replace(text=run.text[cut:]))
        seen += len(run.text)
    if not head or not tail:
        return numbered
    return numbered[:index] + [(index, para._replace(runs=tuple(head), keep_next=False, widow_control=False)),
                               (index, para._replace(runs=tuple(tail), keep_next=True, widow_control=True,
                                                     continued=True))] + numbered[index + 1:]


def _table(grid: Grid, profile: Profile, bookmark: tuple[int, str] | None = None) -> str:
    """A laid-out table as w:tbl, each cell one paragraph in the table's styles (``bookmark`` in the first with text)."""
    rows = []
    for row in grid.rows:
        cells = []
        for cell in row:
            font = profile.roles[cell.role].east_asian
            text = ("\t" + cell.text) if cell.decimal is not None and cell.text else cell.text  # on the decimal tab
            if cell.wrap_at is not None:  # a value's unit words on the line under its number
                text = text[:cell.wrap_at] + LINE_BREAK + text[cell.wrap_at:]
            runs = [(piece, None, east, west) for piece, east, west in _pieces(text, font, profile)] if text else []
            paragraph = paragraph_xml(PARAGRAPH_STYLE_IDS[cell.role], runs, align="left" if cell.decimal is not None
                                      else cell.align, decimal_tab=cell.decimal,
                                      bookmark=bookmark if text else None)
            bookmark = bookmark if not text else None  # (LibreOffice writes one in an empty paragraph back twice)
            cells.append(TableCell(paragraph, cell.columns, cell.rows, cell.covered))
        rows.append(cells)
    return table_xml(grid.widths, grid.header_rows, rows)


def write_docx(doc: Document, profile: Profile, cache: dict[Any, Any] | None = None,
               fitting: Fitting | None = None, laid: list[Laid] | None = None) -> bytes:
    """The document as a .docx package in ``profile``'s fonts and sizes (``cache`` keeps the profile's parts;
    ``laid``: the document's layout when the caller has it)."""
    fitting = fitting or Fitting()
    body: list[str] = []
    paras = _carry(layout(doc) if laid is None else laid, fitting.carried)
    framed = [para for _, para in paras if para.in_frame]  # the 版记, at the foot of the last page
    frames = iter(_frames(framed))
    first_frame = next((i for i, (_, para) in enumerate(paras) if para.in_frame), None)
    alone = fitting.imprint_page is not None and first_frame is not None and first_frame > 0
    marks = Bookmarks()  # each paragraph's origin, as a bookmark (docs/origin-markers.md)
    for index, (origin, para) in enumerate(paras):
        if alone and index == first_frame and fitting.imprint_page == "even":
            body.append(PAGE_BREAK)  # the blank page before an 版记 that would fall on an odd page
        if isinstance(para, Grid):
            body.append(_table(para, profile, marks.mark(para.origin) if para.origin else None))
            continue
        runs = []
        for run in para.runs:
            style_id = CHARACTER_STYLE_IDS[run.role] if run.role else None
            font = profile.roles[run.role or para.role].east_asian
            runs.extend((text, style_id, east, west) for text, east, west in _pieces(run.text, font, profile))
        indent = ATTACHMENT_INDENTS[para.attachment] if para.attachment else None
        body.append(paragraph_xml(PARAGRAPH_STYLE_IDS[para.role], runs,
                                  right_chars=para.right_chars, indent=indent, rule=para.rule,
                                  inset_chars=para.inset_chars, align=para.align, font_size=para.font_size,
                                  space_before_mm=para.space_before_mm,
                                  frame=next(frames) if para.in_frame else None,
                                  keep_next=para.keep_next, widow_control=para.widow_control,
                                  tracking=BODY_TRACKING - TIGHTENING if origin in fitting.tightened else None,
                                  section_end=section_xml() if alone and index == first_frame - 1 else None,
                                  continued=para.continued, page_break=para.page_break,
                                  bookmark=marks.mark(para.origin) if para.origin else None))
    if framed:
        body.append(trailing_anchor())
    title = next(("".join(b.lines) for b in doc.blocks if isinstance(b, Title)), "")
    meta = doc.meta or {}
    core = core_xml(title, meta.get("creator", ""), meta.get("created", "2000-01-01T00:00:00Z"))
    last = section_xml(numbered=False, new_page=True) if alone else None
    written = document_xml(body, last)
    recorded = {key: meta[name] for key, name in ((FORM, "form"), (FORM_SHA256, "form_sha256")) if meta.get(name)}
    custom = custom_xml({**recorded, TEXT_SHA256: written_text_digest(written), **marks.properties()})
    return zip_package(_base_for(profile, cache), written.encode("utf-8"), core, custom)
