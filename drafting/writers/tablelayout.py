"""Lay a table out for every writer: its cells with their roles and alignment, its column widths, merges.

A column whose body cells are all numbers is right-aligned, on a decimal tab when their decimals
differ, so the points line up; the header is centred in 黑体; widths follow the given proportions,
else the longest cell of each column; the table spans the type area (GB/T 9704: 156 mm).
"""
from __future__ import annotations

import math
import re

from ..chars import page_width
from ..document.ast import Table
from ..geometry import TABLE_CELL_MARGIN_TWIPS, TABLE_CHAR_TWIPS, TEXT_TWIPS
from ..records import NamedTuple

# Patterns as text, compiled (and cached by re) when a table is laid out: a report without one never pays.
_NUMERIC = r"^[+\-−]?\d[\d,，]*(\.\d+)?\s*(%|％|[\u4e00-\u9fff]{0,4})$|^[—–-]$|^持平$|^【待填】"
_FRACTION = r"\.(\d+)"
_DIGIT = r"\d"
_LEADING_NUMBER = r"[+\-−]?[\d,，]*\.?\d+\s*[%％]?"
_DASHES = ("—", "–", "-", "——")
MIN_WEIGHT = 2.0       # the narrowest column, in 4号 characters
PADDING_CHARS = 0.8    # a cell's margins and rules, in 4号 characters
SHORT_HEADER = 2       # a header this wide or narrower stays on one line; a longer one may take two
TEXT_WRAP_CHARS = 4    # a text column may wrap, but keeps at least this many characters a line


class GridCell(NamedTuple):
    """One cell as laid out: text, style role, alignment, and how it merges with its neighbours."""

    text: str
    role: str                  # "表头" | "表格"
    align: str                 # "left" | "center" | "right"
    columns: int = 1           # columns it spans (the first of them)
    rows: int = 1              # rows it spans downwards (the first of them)
    covered: str | None = None  # "below": under a cell spanning rows; "beside": within a cell spanning columns
    decimal: int | None = None  # a decimal tab this many twips into the cell's text area
    wrap_at: int | None = None  # a line break before this character (a value's unit under its number)


class Grid(NamedTuple):
    """A laid-out table: rows of cells (header rows first, repeated on each page), column widths in twips."""

    rows: tuple[tuple[GridCell, ...], ...]
    header_rows: int
    widths: tuple[int, ...]
    role: str = "表格"
    in_frame: bool = False  # (paragraph attributes the page-fitting code reads of every laid-out block)
    keep_next: bool = False
    origin: str | None = None  # the form path of its table item

    @property
    def text(self) -> str:
        """Every cell's text in reading order."""
        return "".join(cell.text for row in self.rows for cell in row if cell.covered is None)


def is_number(text: str) -> bool:
    """Whether a cell holds a figure (2966、93.6%、+12.5%、1,043.5万元、—、持平)."""
    return bool(re.match(_NUMERIC, text.strip())) if text.strip() else False


def _is_dash(text: str) -> bool:
    """Whether a cell says “no figure” with a dash (—, –, -)."""
    return text.strip() in _DASHES


def _on_tab(text: str) -> bool:
    """Whether a cell stands on its column's decimal tab: a number with at most one character after its
    digits (“96.7%”, “12件”), or a dash, which ends where an integer would; “+0.4个百分点” stands
    right-aligned and wraps after its number when the column is narrower than it."""
    if _is_dash(text):
        return True
    return re.search(_DIGIT, text) is not None and page_width(_after_point(text).lstrip(".0123456789")) <= 1


def _number_end(text: str) -> int:
    """Where a value's number ends and its unit words begin (“+0.4|个百分点”)."""
    found = re.match(_LEADING_NUMBER, text)
    return found.end() if found else 0


class Bounds(NamedTuple):
    """Each column's widths in 4号 characters: narrowest (no number wraps, a value's unit may go under its
    number, a header takes two lines at most, text wraps at four characters), whole (no name or value
    wraps; a header may take two lines) and natural (every cell on one line)."""

    narrowest: list[float]
    whole: list[float]
    natural: list[float]
    text: list[bool]  # a column of names (not numbers)


def _bounds(table: Table) -> Bounds:
    """The table's column bounds (see Bounds)."""
    narrowest, natural = [MIN_WEIGHT] * table.columns, [MIN_WEIGHT] * table.columns
    whole, text_columns = [MIN_WEIGHT] * table.columns, [False] * table.columns
    body = table.rows[table.header_rows:]
    for index, row in enumerate(table.rows[:table.header_rows]):
        for column, text in enumerate(row):
            wide = page_width(text)
            natural[column] = max(natural[column], wide + PADDING_CHARS)
            narrowest[column] = max(narrowest[column], (math.ceil(wide / 2) if wide > SHORT_HEADER else wide)
                                    + PADDING_CHARS)
            whole[column] = max(whole[column], narrowest[column])
    for column in range(table.columns):
        cells = [row[column].strip() for row in body if row[column].strip()]
        numeric = bool(cells) and all(is_number(c) for c in cells)
        text_columns[column] = bool(cells) and not numeric
        for text in cells:
            wide = page_width(text) + PADDING_CHARS
            natural[column] = max(natural[column], wide)
            whole[column] = max(whole[column], wide)
            if not numeric:
                narrowest[column] = max(narrowest[column], min(wide, TEXT_WRAP_CHARS + PADDING_CHARS))
            elif not _on_tab(text):  # the number stays on one line, its unit words on the next
                end = _number_end(text)
                narrowest[column] = max(narrowest[column], max(page_width(text[:end]), page_width(text[end:]))
                                        + PADDING_CHARS)
        tabbed = [c for c in cells if numeric and _on_tab(c)]
        if tabbed:  # numbers on a decimal tab need the widest head and the widest tail
            heads = max(page_width(c[:len(c) - len(_after_point(c))]) for c in tabbed)
            tails = max(page_width(_after_point(c)) for c in tabbed)
            for bound in (narrowest, whole, natural):
                bound[column] = max(bound[column], heads + tails + PADDING_CHARS)
    whole = [max(a, b) for a, b in zip(narrowest, whole)]
    return Bounds(narrowest, whole, [max(a, b) for a, b in zip(whole, natural)], text_columns)


def _capped(lower: list[float], upper: list[float], available: float) -> list[float]:
    """Widths between ``lower`` and ``upper`` that fill ``available``, the widest columns narrowed first."""
    low, high = 0.0, max(upper)  # the cap at which the columns just fit
    for _ in range(40):
        cap = (low + high) / 2
        if sum(max(n, min(w, cap)) for n, w in zip(lower, upper)) > available:
            high = cap
        else:
            low = cap
    return [max(n, min(w, low)) for n, w in zip(lower, upper)]


def _spread(widths: list[float], available: float) -> list[float]:
    """``widths`` with the room left over shared in proportion."""
    return [w * available / sum(widths) for w in widths]


def _weights(table: Table) -> list[float]:
    """Relative widths: as given; else natural; else no name or value wraps (headers may take two lines);
    else names whole and as many values whole as fit (the others' units under their numbers); else the
    widest columns narrowed first, never below their narrowest."""
    if table.widths:
        return list(table.widths)
    bounds = _bounds(table)
    available = TEXT_TWIPS / TABLE_CHAR_TWIPS
    if sum(bounds.natural) <= available:
        return bounds.natural
    if sum(bounds.whole) <= available:
        return _capped(bounds.whole, bounds.natural, available)
    widths = [w if is_text else n for w, n, is_text in zip(bounds.whole, bounds.narrowest, bounds.text)]
    if sum(widths) > available:
        return bounds.narrowest if sum(bounds.narrowest) >= available else _capped(bounds.narrowest, bounds.whole,
                                                                                    available)
    for column in sorted(range(table.columns), key=lambda c: bounds.whole[c] - widths[c]):  # least wanting first
        if sum(widths) + bounds.whole[column] - widths[column] <= available:
            widths[column] = bounds.whole[column]
    return _spread(widths, available)


def column_widths(table: Table) -> tuple[int, ...]:
    """Twips per column, summing to the type area's width."""
    weights = _weights(table)
    total = sum(weights)
    widths = [int(TEXT_TWIPS * w / total) for w in weights]
    widths[-1] += TEXT_TWIPS - sum(widths)
    return tuple(widths)


def _aligns(table: Table) -> list[str]:
    if table.aligns:
        return list(table.aligns)
    body = table.rows[table.header_rows:]
    aligns = []
    for column in range(table.columns):
        cells = [row[column] for row in body if row[column].strip()]
        aligns.append("right" if cells and all(is_number(c) for c in cells) else "left")
    return aligns


def _decimals(table: Table, aligns: list[str], widths: tuple[int, ...]) -> list[int | None]:
    """For a right-aligned numeric column whose cells have different decimals, the decimal tab's place."""
    out: list[int | None] = []
    body = table.rows[table.header_rows:]
    for column, align in enumerate(aligns):
        cells = [row[column].strip() for row in body if row[column].strip()]
        digits = [c for c in cells if _on_tab(c) and not _is_dash(c)]  # 持平 and “+0.4个百分点” stand off the tab
        fractions = {len(m.group(1)) if (m := re.search(_FRACTION, c)) else 0 for c in digits}
        if align != "right" or len(fractions) < 2 or not all(is_number(c) for c in cells) or not digits:
            out.append(None)
            continue
        tail = max(page_width(_after_point(c)) for c in digits)
        out.append(max(0, widths[column] - 2 * TABLE_CELL_MARGIN_TWIPS - int(tail * TABLE_CHAR_TWIPS) - 40))
    return out


def _after_point(text: str) -> str:
    """What a number prints right of its decimal point (or of its last digit): “.5%”, “万元”."""
    if _is_dash(text):
        return ""
    found = re.search(_FRACTION, text)
    return text[found.start():] if found else re.sub(r"^[+\-−]?[\d,，]+", "", text)


def _wrap(text: str, width: int) -> int | None:
    """Where a value too wide for its column breaks: after its number, so its unit words stay whole."""
    end = _number_end(text)
    if not is_number(text) or _on_tab(text) or not 0 < end < len(text):
        return None
    return end if (page_width(text) + PADDING_CHARS) * TABLE_CHAR_TWIPS > width else None


def _header_wrap(text: str, width: int) -> int | None:
    """Where a header too wide for its column breaks: in the middle (“去年/同期”, never “去年同/期”)."""
    if page_width(text) <= SHORT_HEADER or (page_width(text) + PADDING_CHARS) * TABLE_CHAR_TWIPS <= width:
        return None
    return math.ceil(len(text) / 2)


def lay_out_table(table: Table) -> Grid:
    """The table's grid: merged cells marked, roles and alignments set, widths in twips."""
    widths = column_widths(table)
    aligns = _aligns(table)
    decimals = _decimals(table, aligns, widths)
    spans = {(r, c): (rows, columns) for r, c, rows, columns in table.merges}
    covered: dict[tuple[int, int], tuple[str, int]] = {}
    for (r, c), (rows, columns) in spans.items():
        for row in range(r, r + rows):
            for column in range(c, c + columns):
                if (row, column) != (r, c):  # a cell under a merge's first column spans its columns too
                    covered[(row, column)] = ("below", columns) if column == c else ("beside", 1)
    grid = []
    for r, row in enumerate(table.rows):
        header = r < table.header_rows
        cells = []
        for c, text in enumerate(row):
            rows, columns = spans.get((r, c), (1, 1))
            kind, spanned = covered.get((r, c), (None, columns))
            on_tab = not header and decimals[c] is not None and _on_tab(text)
            cells.append(GridCell(text if kind is None else "", "表头" if header else "表格",
                                  "center" if header else aligns[c], spanned, rows, kind,
                                  decimals[c] if on_tab else None,
                                  _header_wrap(text, widths[c]) if header else _wrap(text, widths[c])))
        grid.append(tuple(cells))
    return Grid(tuple(grid), table.header_rows, widths)
