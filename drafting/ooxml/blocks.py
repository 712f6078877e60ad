"""The text of a body as the diff sees it: paragraphs and tables (rows, cells), their runs' text and form paths."""
from __future__ import annotations

from typing import Any

from ..records import NamedTuple
from .names import W
from .origins import origin_of

# Run-level elements that hold runs: their runs are read and revised in place, the element kept.
RUN_HOLDERS = frozenset(W + name for name in ("hyperlink", "smartTag", "fldSimple", "customXml", "dir", "bdo"))
# Elements that count as one character of a paragraph's text (w:t counts its text).
ONE_CHARACTER = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n"}


class Block(NamedTuple):
    """A paragraph or table of a body or cell: its element, kind ("p" or "tbl"), text and form path (origin)."""

    element: Any
    kind: str
    text: str
    origin: str | None = None


def runs_of(element: Any) -> list[Any]:
    """The w:r of a paragraph (or a run holder) in reading order, those in hyperlinks and fields too."""
    found: list[Any] = []
    for child in element:
        if child.tag == W + "r":
            found.append(child)
        elif child.tag in RUN_HOLDERS:
            found.extend(runs_of(child))
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                found.extend(runs_of(content))
    return found


def item_text(item: Any) -> str:
    """What one child of a run adds to the paragraph's text ("" for properties, drawings, field marks)."""
    if item.tag == W + "t":
        return item.text or ""
    return ONE_CHARACTER.get(item.tag, "")


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as the diff sees it: its runs' w:t, a tab for w:tab, a line break for w:br."""
    return "".join(item_text(item) for run in runs_of(paragraph) for item in run)


def blocks_of(holder: Any, custom: dict[str, str] | None = None) -> list[Block]:
    """The paragraphs and tables directly in a body or cell, in order, with their texts and form paths."""
    found: list[Block] = []
    for child in holder:
        if child.tag == W + "p":
            found.append(Block(child, "p", paragraph_text(child), origin_in(child, custom)))
        elif child.tag == W + "tbl":
            found.append(Block(child, "tbl", table_text(child), origin_in(child, custom)))
    return found


def rows_of(table: Any) -> list[Any]:
    """A table's rows."""
    return table.findall(W + "tr")


def cells_of(row: Any) -> list[Any]:
    """A row's cells."""
    return row.findall(W + "tc")


def cell_text(cell: Any) -> str:
    """A cell's text: its blocks' texts, a line each."""
    return "\n".join(block.text for block in blocks_of(cell))


def row_text(row: Any) -> str:
    """A row's text: its cells' texts, a tab between."""
    return "\t".join(cell_text(cell) for cell in cells_of(row))


def table_text(table: Any) -> str:
    """A table's text: its rows' texts, a line each."""
    return "\n".join(row_text(row) for row in rows_of(table))


def origin_in(element: Any, custom: dict[str, str] | None) -> str | None:
    """The form path of the first of drafting's bookmarks in ``element`` (docs/origin-markers.md)."""
    if not custom:
        return None
    for mark in element.iter(W + "bookmarkStart"):
        found = origin_of(mark.get(W + "name"), custom)
        if found is not None:
            return found
    return None
