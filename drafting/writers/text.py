"""Plain-text writer: one paragraph a line, exactly the docx's paragraph texts; a table as aligned rows."""
from __future__ import annotations

from ..chars import page_width
from ..document.ast import Document
from ..styles import Profile
from .layout import Laid, layout
from .tablelayout import Grid

COLUMN_GAP = "  "  # between a table's columns: two spaces (cells never hold two in a row)


def grid_lines(grid: Grid) -> list[str]:
    """A table's rows as lines, each cell padded to its column's width (full-width characters count two)."""
    widths = [0] * len(grid.widths)
    for row in grid.rows:
        for column, cell in enumerate(row):
            if cell.columns == 1:
                widths[column] = max(widths[column], int(page_width(cell.text) * 2))
    lines = []
    for row in grid.rows:
        parts = []
        for column, cell in enumerate(row):
            if cell.covered == "beside":
                continue
            width = sum(widths[column:column + cell.columns]) + len(COLUMN_GAP) * (cell.columns - 1)
            pad = max(0, width - int(page_width(cell.text) * 2))
            parts.append(" " * pad + cell.text if cell.align == "right" else cell.text + " " * pad)
        lines.append(COLUMN_GAP.join(parts).rstrip())
    return lines


def write_text(doc: Document, profile: Profile | None = None, cache: dict | None = None,
               laid: list[Laid] | None = None) -> bytes:
    """The document as UTF-8 text, one paragraph a line (blank paragraphs are empty lines), tables as rows."""
    paragraphs = layout(doc) if laid is None else laid
    if not paragraphs:
        return b""
    lines: list[str] = []
    for para in paragraphs:
        lines.extend(grid_lines(para) if isinstance(para, Grid) else [para.text])
    return ("\n".join(lines) + "\n").encode("utf-8")
