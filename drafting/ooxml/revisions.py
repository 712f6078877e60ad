"""Tracked changes (修订): runs inserted (w:ins) and deleted (w:del, w:delText), paragraph marks and table rows.

A changed paragraph keeps NEW's runs and their properties: each run is cut where the word diff's pieces begin
and end, inserted pieces go into w:ins, and OLD's deleted text is written back, in OLD's run properties, as
w:del runs at its place. Whole paragraphs, tables and rows are marked by their paragraph marks
(w:pPr/w:rPr/w:ins|w:del) and rows (w:trPr/w:ins|w:del), as Word itself writes them.
"""
from __future__ import annotations

import copy
from typing import Any, Sequence

from ..records import NamedTuple
from .blocks import RUN_HOLDERS, blocks_of, cells_of, item_text, paragraph_text, rows_of, runs_of
from .ids import FreshIds
from .names import W

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# What a copy of OLD's content may not carry into NEW: marks with ids, references to OLD's parts.
_DROPPED = frozenset(W + name for name in (
    "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "permStart", "permEnd", "proofErr",
    "sectPr", "pPrChange", "rPrChange", "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange"))
_W14_IDS = ("{http://schemas.microsoft.com/office/word/2010/wordml}paraId",
            "{http://schemas.microsoft.com/office/word/2010/wordml}textId")
_AFTER_PARAGRAPH_RPR = (W + "sectPr", W + "pPrChange")
_AFTER_ROW_MARK = (W + "trPrChange",)

Segment = tuple[str, str]  # ("=" | "-" | "+", text): a word diff's piece


class Piece(NamedTuple):
    """A stretch of one run's text: the run's properties, the element (w:t, w:tab, w:br) and its text."""

    properties: Any
    element: Any
    text: str


def pieces_of(paragraph: Any) -> list[Piece]:
    """Every piece of text of a paragraph, in order, with its run's properties."""
    pieces = []
    for run in runs_of(paragraph):
        properties = run.find(W + "rPr")
        for item in run:
            text = item_text(item)
            if text:
                pieces.append(Piece(properties, item, text))
    return pieces


def _element(tag: str, attributes: dict[str, str] | None = None) -> Any:
    """A new w: element with w: attributes."""
    from lxml import etree

    return etree.Element(W + tag, {W + k: v for k, v in (attributes or {}).items()})


class Revisions:
    """Writes tracked changes by one author at one time, numbering each from ``first_id`` (ids unique in the part).

    ``styles`` are the style ids NEW defines and ``numbering`` its list ids: a copy of OLD's content keeps only those.
    """

    def __init__(self, author: str, date: str, first_id: int | FreshIds, styles: frozenset[str] = frozenset(),
                 numbering: frozenset[str] = frozenset()) -> None:
        self.author, self.date = author, date
        self.ids = first_id if isinstance(first_id, FreshIds) else FreshIds.counting_from(first_id)
        self.styles, self.numbering = styles, numbering
        self.count = 0  # revisions written

    def mark(self, tag: str) -> Any:
        """A new w:ins or w:del (a run holder, or a paragraph mark's or row's marker) with its id, author and date."""
        element = _element(tag, {"id": str(self.ids.take()), "author": self.author, "date": self.date})
        self.count += 1
        return element

    # -- paragraphs ----------------------------------------------------------------------------------
    def rewrite(self, paragraph: Any, segments: Sequence[Segment], old: Any | None = None) -> None:
        """Mark ``paragraph`` (NEW's) with the word diff ``segments``; OLD's deleted text is taken from ``old``."""
        spans: list[tuple[int, int, str]] = []
        deletions: list[tuple[int, int, int]] = []
        new_at = old_at = 0
        for kind, text in segments:
            if kind == "-":
                deletions.append((new_at, old_at, old_at + len(text)))
                old_at += len(text)
            else:
                spans.append((new_at, new_at + len(text), kind))
                new_at += len(text)
                old_at += len(text) if kind == "=" else 0
        cursor = _Cursor(spans, deletions, pieces_of(old) if old is not None else [], self)
        self._walk(paragraph, cursor)
        tail = cursor.deletions_until(None)
        if tail:
            paragraph.extend(tail)

    def _walk(self, holder: Any, cursor: _Cursor) -> None:
        """Replace each run in ``holder`` (hyperlinks, fields and content controls entered) by its cut pieces."""
        for child in list(holder):
            if child.tag == W + "r":
                made = cursor.split(child)
                for element in made:
                    child.addprevious(element)
                holder.remove(child)
            elif child.tag in RUN_HOLDERS:
                self._walk(child, cursor)
            elif child.tag == W + "sdt" and child.find(W + "sdtContent") is not None:
                self._walk(child.find(W + "sdtContent"), cursor)

    def insert_paragraph(self, paragraph: Any) -> None:
        """Mark NEW's ``paragraph`` inserted: its runs and its paragraph mark."""
        text = paragraph_text(paragraph)
        self.rewrite(paragraph, [("+", text)] if text else [])
        for run in [r for r in runs_of(paragraph) if r.getparent().tag != W + "ins"]:  # runs with no text
            holder = self.mark("ins")
            run.addprevious(holder)
            holder.append(run)
        self.mark_paragraph(paragraph, "ins")

    def deleted_paragraph(self, old: Any) -> Any:
        """A copy of OLD's paragraph ``old`` deleted whole: its text in w:del runs, its paragraph mark deleted."""
        paragraph = _element("p")
        properties = old.find(W + "pPr")
        if properties is not None:
            paragraph.append(self.foreign(properties))
        pieces = pieces_of(old)
        if pieces:
            paragraph.append(self.deleted_runs(pieces, 0, sum(len(p.text) for p in pieces)))
        self.mark_paragraph(paragraph, "del")
        return paragraph

    def mark_paragraph(self, paragraph: Any, tag: str) -> None:
        """Mark a paragraph's mark inserted or deleted (w:pPr/w:rPr/w:ins|w:del, first in its w:rPr)."""
        properties = paragraph.find(W + "pPr")
        if properties is None:
            properties = _element("pPr")
            paragraph.insert(0, properties)
        run_properties = properties.find(W + "rPr")
        if run_properties is None:
            run_properties = _element("rPr")
            later = next((c for c in properties if c.tag in _AFTER_PARAGRAPH_RPR), None)
            if later is not None:
                later.addprevious(run_properties)
            else:
                properties.append(run_properties)
        for old_mark in run_properties.findall(W + tag):
            run_properties.remove(old_mark)
        run_properties.insert(0 if tag == "ins" or run_properties.find(W + "ins") is None else 1, self.mark(tag))

    def deleted_runs(self, pieces: list[Piece], start: int, end: int) -> Any:
        """A w:del holding OLD's text from ``start`` to ``end`` (offsets in the pieces' joined text), in OLD's run
        properties: w:delText for text, w:tab and w:br kept."""
        holder = self.mark("del")
        at = 0
        for piece in pieces:
            low, high = max(start, at), min(end, at + len(piece.text))
            at += len(piece.text)
            if low >= high:
                continue
            run = _element("r")
            if piece.properties is not None:
                run.append(self.foreign(piece.properties))
            if piece.element.tag == W + "t":
                text = _element("delText")
                text.text = piece.text[low - (at - len(piece.text)):high - (at - len(piece.text))]
                text.set(XML_SPACE, "preserve")
                run.append(text)
            else:
                run.append(copy.deepcopy(piece.element))
            holder.append(run)
        return holder

    # -- tables --------------------------------------------------------------------------------------
    def insert_row(self, row: Any, cells_blocks: list[list[Any]]) -> None:
        """Mark NEW's table ``row`` inserted: the row, and every block of its cells (``cells_blocks``)."""
        for blocks in cells_blocks:
            for block in blocks:
                self.insert_block(block)
        self.mark_row(row, "ins")

    def insert_block(self, block: Any) -> None:
        """Mark NEW's paragraph or table inserted whole."""
        if block.tag == W + "p":
            self.insert_paragraph(block)
            return
        for row in rows_of(block):
            self.insert_row(row, [[b.element for b in blocks_of(cell)] for cell in cells_of(row)])

    def deleted_block(self, old: Any) -> Any:
        """A copy of OLD's paragraph or table, deleted whole."""
        if old.tag == W + "p":
            return self.deleted_paragraph(old)
        table = _element("tbl")
        for part in (W + "tblPr", W + "tblGrid"):
            found = old.find(part)
            if found is not None:
                table.append(self.foreign(found))
        for row in rows_of(old):
            table.append(self.deleted_row(row))
        return table

    def deleted_row(self, old: Any) -> Any:
        """A copy of OLD's table row, deleted: its cells' paragraphs deleted and the row marked."""
        row = _element("tr")
        for part in (W + "tblPrEx", W + "trPr"):
            found = old.find(part)
            if found is not None:
                row.append(self.foreign(found))
        for old_cell in cells_of(old):
            cell = _element("tc")
            properties = old_cell.find(W + "tcPr")
            if properties is not None:
                cell.append(self.foreign(properties))
            blocks = [self.deleted_block(b.element) for b in blocks_of(old_cell)]
            cell.extend(blocks or [_element("p")])
            if cell[-1].tag != W + "p":  # a cell ends with a paragraph
                cell.append(_element("p"))
            row.append(cell)
        self.mark_row(row, "del")
        return row

    def mark_row(self, row: Any, tag: str) -> None:
        """Mark a table row inserted or deleted (w:trPr/w:ins|w:del, after the row's other properties)."""
        properties = row.find(W + "trPr")
        if properties is None:
            properties = _element("trPr")
            before = row.find(W + "tblPrEx")
            row.insert(row.index(before) + 1 if before is not None else 0, properties)
        later = next((c for c in properties if c.tag in _AFTER_ROW_MARK), None)
        made = self.mark(tag)
        if later is not None:
            later.addprevious(made)
        else:
            properties.append(made)

    # -- copies of OLD's content ---------------------------------------------------------------------
    def foreign(self, element: Any) -> Any:
        """A copy of OLD's properties element fit for NEW: no bookmarks or change records, no section break, no
        style or list NEW does not define, no paragraph ids."""
        made = copy.deepcopy(element)
        for node in list(made.iter()):
            parent = node.getparent()
            if node.tag in _DROPPED and parent is not None:
                parent.remove(node)
                continue
            for name in _W14_IDS:
                node.attrib.pop(name, None)
            if node.tag in (W + "pStyle", W + "rStyle", W + "tblStyle") and node.get(W + "val") not in self.styles:
                parent.remove(node)
            elif node.tag == W + "numPr":
                number = node.find(W + "numId")
                if number is None or number.get(W + "val") not in self.numbering:
                    parent.remove(node)
        return made


class _Cursor:
    """Walks NEW's runs in order, cutting each where the diff's pieces change, and placing OLD's deletions."""

    def __init__(self, spans: list[tuple[int, int, str]], deletions: list[tuple[int, int, int]],
                 old_pieces: list[Piece], revisions: Revisions) -> None:
        self.spans, self.deletions, self.old_pieces, self.revisions = spans, deletions, old_pieces, revisions
        self.position = 0
        self.span = 0
        self.next_deletion = 0

    def kind_at(self, position: int) -> tuple[str, int]:
        """The kind of the span holding ``position`` and where that span ends."""
        while self.span < len(self.spans) and self.spans[self.span][1] <= position:
            self.span += 1
        if self.span >= len(self.spans):
            return (self.spans[-1][2] if self.spans else "="), position
        return self.spans[self.span][2], self.spans[self.span][1]

    def deletions_until(self, position: int | None) -> list[Any]:
        """The w:del elements of the deletions at or before ``position`` (None: all that are left)."""
        made = []
        while self.next_deletion < len(self.deletions) and (
                position is None or self.deletions[self.next_deletion][0] <= position):
            _, start, end = self.deletions[self.next_deletion]
            made.append(self.revisions.deleted_runs(self.old_pieces, start, end))
            self.next_deletion += 1
        return made

    def split(self, run: Any) -> list[Any]:
        """The elements that replace ``run``: its pieces as runs (inserted ones in w:ins) and deletions between."""
        properties = run.find(W + "rPr")
        made: list[Any] = []
        current: list[Any] = []
        current_kind: str | None = None

        def flush() -> None:
            nonlocal current, current_kind
            if current:
                piece = _element("r")
                piece.attrib.update(run.attrib)
                if properties is not None:
                    piece.append(copy.deepcopy(properties))
                piece.extend(current)
                if current_kind == "+":
                    holder = self.revisions.mark("ins")
                    holder.append(piece)
                    piece = holder
                made.append(piece)
            current, current_kind = [], None

        for item in [child for child in run if child is not properties]:
            text = item_text(item)
            if not text:
                if current_kind is None:
                    current_kind = self.kind_at(self.position)[0]
                current.append(item)
                continue
            offset = 0
            while offset < len(text):
                pending = self.deletions_until(self.position)
                kind, end = self.kind_at(self.position)
                if pending or (current_kind is not None and kind != current_kind):
                    flush()
                    made.extend(pending)
                take = max(1, min(end - self.position, len(text) - offset))
                if item.tag == W + "t":
                    part = _element("t")
                    part.text = text[offset:offset + take]
                    part.set(XML_SPACE, "preserve")
                    current.append(part)
                else:
                    current.append(item)
                current_kind = kind
                offset += take
                self.position += take
        flush()
        return made
