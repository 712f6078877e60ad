"""Read a .docx's table back: cell texts (tracked changes accepted or rejected), header rows and merges."""
from __future__ import annotations

from typing import Any

from ..records import NamedTuple
from ..styles import paragraph_role
from .names import W
from .review import visible_text

MAX_TABLE_CELLS = 20_000


class ReadTable(NamedTuple):
    """A table of a .docx: each row's cell texts (a merged cell's others empty), header rows, merges."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 0
    merges: tuple[tuple[int, int, int, int], ...] = ()  # (row, column, rows, columns)


def bounded_int(value: str | None, default: int, low: int, high: int) -> int:
    """An integer attribute within [low, high]; a missing or malformed one is ``default``."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return number if low <= number <= high else default


def _row_gone(row: Any, reject: bool) -> bool:
    """Whether a table row is a tracked deletion (accepting) or insertion (rejecting), so it is not read."""
    return row.find(f"{W}trPr/{W}{'ins' if reject else 'del'}") is not None


def read_table(table: Any, reject: bool = False) -> ReadTable:
    """A w:tbl's rows of cell texts, gridSpan and vMerge read back into merges, header rows by w:tblHeader
    (else a first row drafting styled as its 表头); tracked changes accepted (or, ``reject``, rejected)."""
    rows: list[list[str]] = []
    merges: list[list[int]] = []
    open_downward: dict[int, list[int]] = {}  # column → the merge a vMerge continues
    header = 0
    styled_header = False
    bold_cells: list[bool] = []  # a first row in bold is a header row too (how most Word tables mark it)
    count = 0
    for row in table.iterchildren(W + "tr"):
        if count > MAX_TABLE_CELLS:  # spans multiply cells: a table past this is cut, not read on
            break
        if _row_gone(row, reject):
            continue
        r = len(rows)
        cells: list[str] = []
        if row.find(f"{W}trPr/{W}tblHeader") is not None and header == r:
            header = r + 1
        for cell in row.iterchildren(W + "tc"):
            span_node = cell.find(f"{W}tcPr/{W}gridSpan")
            span = bounded_int(span_node.get(W + "val"), 1, 1, 63) if span_node is not None else 1
            merge_node = cell.find(f"{W}tcPr/{W}vMerge")
            column = len(cells)
            text = visible_text(cell, reject, tabs=False)
            if r == 0:
                style = cell.find(f"{W}p/{W}pPr/{W}pStyle")
                styled_header = styled_header or (style is not None and paragraph_role(style.get(W + "val")) == "表头")
                bold_cells.append(_all_bold(cell))
            if merge_node is not None and merge_node.get(W + "val") != "restart" and column in open_downward:
                open_downward[column][2] += 1
                text = ""
            elif merge_node is not None and merge_node.get(W + "val") == "restart":
                open_downward[column] = [r, column, 1, span]
                merges.append(open_downward[column])
            else:
                open_downward.pop(column, None)
                if span > 1:
                    merges.append([r, column, 1, span])
            cells.extend([text] + [""] * (span - 1))
        count += len(cells)
        rows.append(cells)
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header = header or (1 if (styled_header or (bold_cells and all(bold_cells))) and len(rows) > 1 else 0)
    return ReadTable(tuple(tuple(row) for row in rows), header,
                     tuple(tuple(m) for m in merges if m[2] > 1 or m[3] > 1))  # type: ignore[misc]


def _all_bold(cell: Any) -> bool:
    """Whether every run with text in a cell is bold (w:b, not w:b w:val="0")."""
    runs = [run for run in cell.iter(W + "r") if "".join(t.text or "" for t in run.iter(W + "t")).strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.find(f"{W}rPr/{W}b")
        if bold is None or bold.get(W + "val") in ("0", "false"):
            return False
    return True
