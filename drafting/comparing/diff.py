"""Two .docx compared: NEW's document with the change from OLD as tracked changes, or as marked plain text."""
from __future__ import annotations

from typing import Any, Sequence

from ..ooxml.blocks import blocks_of, cells_of, rows_of
from ..ooxml.comparable import Opened, Step, apply_steps, written_package
from ..ooxml.ids import FreshIds
from ..ooxml.revisions import Revisions
from ..records import NamedTuple
from .plan import Counted, block_steps

DELETED, INSERTED = "【删：", "【增："
CLOSE = "】"


class Compared(NamedTuple):
    """What comparing found: the steps over the body, their count, and the earlier tracked changes accepted."""

    old: Opened
    new: Opened
    steps: list[Step]
    counted: Counted
    accepted: int


def compare(old: Opened, new: Opened) -> Compared:
    """OLD's and NEW's .docx (read by ``ooxml.comparable.open_docx``) compared."""
    steps, counted = block_steps(blocks_of(old.body, old.custom), blocks_of(new.body, new.custom))
    return Compared(old, new, steps, counted, old.accepted + new.accepted)


def revised_docx(compared: Compared, author: str, date: str, old_name: str) -> bytes:
    """NEW's package with the change from OLD as tracked changes by ``author`` at ``date`` (ISO 8601). It revises
    ``compared.new``'s tree in place: read anything else of it (``marked_lines``) before."""
    new = compared.new
    revisions = Revisions(author, date, FreshIds(new.root), new.styles, new.numbering)
    apply_steps(revisions, new.body, compared.old.body, compared.steps)
    return written_package(new, old_name)


def marked_lines(compared: Compared) -> list[str]:
    """NEW's text a line per paragraph (a table a line per row, cells two spaces apart) with OLD's deleted text
    as 【删：…】 and NEW's inserted text as 【增：…】 where they stand."""
    lines: list[str] = []
    _block_lines(compared.old.body, compared.new.body, compared.steps, lines)
    return lines


def _block_lines(old_holder: Any, new_holder: Any, steps: Sequence[Step], lines: list[str]) -> None:
    """The lines of a body's or cell's blocks, marked by ``steps``."""
    old, new = blocks_of(old_holder), blocks_of(new_holder)
    for step in steps:
        if step.kind == "=":
            lines.extend(new[step.new].text.split("\n"))
        elif step.kind == "+":
            lines.extend(_whole(new[step.new].text, INSERTED))
        elif step.kind == "-":
            lines.extend(_whole(old[step.old].text, DELETED))
        elif step.words:
            lines.append("".join(text if kind == "=" else (DELETED if kind == "-" else INSERTED) + text + CLOSE
                                 for kind, text in step.words))
        elif step.rows:
            _row_lines(old[step.old].element, new[step.new].element, step.rows, lines)
        else:
            lines.append(new[step.new].text)


def _row_lines(old_table: Any, new_table: Any, steps: Sequence[Step], lines: list[str]) -> None:
    """A changed table's lines, a row a line, marked by its rows' ``steps``."""
    old_rows, new_rows = rows_of(old_table), rows_of(new_table)
    for step in steps:
        if step.kind in ("=", "+"):
            texts = ["\n".join(b.text for b in blocks_of(c)) for c in cells_of(new_rows[step.new])]
            lines.append("  ".join(texts) if step.kind == "=" else INSERTED + "  ".join(texts) + CLOSE)
        elif step.kind == "-":
            texts = ["\n".join(b.text for b in blocks_of(c)) for c in cells_of(old_rows[step.old])]
            lines.append(DELETED + "  ".join(texts) + CLOSE)
        else:
            cells = []
            for old_cell, new_cell, cell_steps in zip(cells_of(old_rows[step.old]), cells_of(new_rows[step.new]),
                                                      step.cells):
                inner: list[str] = []
                _block_lines(old_cell, new_cell, cell_steps, inner)
                cells.append("/".join(inner))
            lines.append("  ".join(cells))


def _whole(text: str, mark: str) -> list[str]:
    """A whole block's lines marked (an empty paragraph, which only spaces the page, not at all)."""
    return [mark + line + CLOSE for line in text.split("\n")] if text else []
