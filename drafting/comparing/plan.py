"""The steps that turn OLD into NEW, block by block, row by row and cell by cell, and how many changes they hold."""
from __future__ import annotations

from typing import Any

from ..ooxml.blocks import Block, blocks_of, cells_of, row_text, rows_of
from ..ooxml.comparable import Step
from ..records import NamedTuple
from .align import Key, align
from .words import word_segments


class Counted(NamedTuple):
    """How many paragraphs (cells' too) and rows changed, came in and went."""

    changed: int = 0
    inserted: int = 0
    deleted: int = 0

    def __add__(self, other: Counted) -> Counted:  # type: ignore[override]
        """Both counts added."""
        return Counted(self.changed + other.changed, self.inserted + other.inserted, self.deleted + other.deleted)

    @property
    def total(self) -> int:
        """Every change counted."""
        return self.changed + self.inserted + self.deleted


def block_steps(old: list[Block], new: list[Block], cell: bool = False) -> tuple[list[Step], Counted]:
    """The steps from OLD's blocks to NEW's (a body's, or a ``cell``'s) and what they count."""
    steps: list[Step] = []
    counted = Counted()
    for pair in align([Key(b.kind, b.text, b.origin) for b in old], [Key(b.kind, b.text, b.origin) for b in new],
                      lone=cell):
        if pair.kind == "~" and new[pair.new].kind == "p":
            steps.append(Step("~", pair.old, pair.new, words=word_segments(old[pair.old].text, new[pair.new].text)))
            counted += Counted(changed=1)
        elif pair.kind == "~":
            rows, in_rows = row_steps(old[pair.old].element, new[pair.new].element)
            steps.append(Step("~", pair.old, pair.new, rows=tuple(rows)))
            counted += in_rows
        else:
            steps.append(Step(pair.kind, pair.old, pair.new))
            counted += Counted(inserted=pair.kind == "+", deleted=pair.kind == "-")
    return steps, counted


def row_steps(old_table: Any, new_table: Any) -> tuple[list[Step], Counted]:
    """The steps from OLD's table rows to NEW's: a changed row with as many cells compared cell by cell, a row
    whose cells differ in number deleted and inserted."""
    old_rows, new_rows = rows_of(old_table), rows_of(new_table)
    old_keys = [Key(f"row{len(cells_of(r))}", row_text(r)) for r in old_rows]
    new_keys = [Key(f"row{len(cells_of(r))}", row_text(r)) for r in new_rows]
    steps: list[Step] = []
    counted = Counted()
    for pair in align(old_keys, new_keys):
        if pair.kind != "~":
            steps.append(Step(pair.kind, pair.old, pair.new))
            counted += Counted(inserted=pair.kind == "+", deleted=pair.kind == "-")
            continue
        cells = []
        for old_cell, new_cell in zip(cells_of(old_rows[pair.old]), cells_of(new_rows[pair.new])):
            cell_steps, in_cell = block_steps(blocks_of(old_cell), blocks_of(new_cell), cell=True)
            cells.append(tuple(cell_steps))
            counted += in_cell
        steps.append(Step("~", pair.old, pair.new, cells=tuple(cells)))
    return steps, counted
