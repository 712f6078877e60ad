"""Plain-text writer: one paragraph a line, exactly the docx's paragraph texts; a table as aligned rows."""
from __future__ import annotations

from ..chars import page_width
from ..document.ast import Document
from ..styles import Profile
from .layout import Laid, layout
from .tablelayout import Grid, GridCell

COLUMN_GAP = "  "  # between a table's columns: two spaces (cells never hold two in a row)


def cell_lines(cell: GridCell) -> list[str]:
    """A cell's printed lines: its text, broken where the layout breaks it (a unit under its number)."""
    if cell.wrap_at is None:
        return [cell.text]
    return [cell.text[:cell.wrap_at], cell.text[cell.wrap_at:]]


def grid_lines(grid: Grid) -> list[str]:
    """A table's rows as lines, each cell padded to its column's width (full-width characters count two); a row
    whose cell the layout breaks takes as many lines as that cell."""
    widths = [0] * len(grid.widths)
    for row in grid.rows:
        for column, cell in enumerate(row):
            if cell.columns == 1:
                widths[column] = max([widths[column]] + [int(page_width(t) * 2) for t in cell_lines(cell)])
    lines = []
    for row in grid.rows:
        cells = [(column, cell, cell_lines(cell)) for column, cell in enumerate(row) if cell.covered != "beside"]
        for index in range(max(len(texts) for _, _, texts in cells)):
            parts = []
            for column, cell, texts in cells:
                text = texts[index] if index < len(texts) else ""
                width = sum(widths[column:column + cell.columns]) + len(COLUMN_GAP) * (cell.columns - 1)
                pad = max(0, width - int(page_width(text) * 2))
                parts.append(" " * pad + text if cell.align == "right" else text + " " * pad)
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
