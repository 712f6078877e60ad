"""A rendered PDF as a reader sees it: each page's lines inside the type area (text, edges, fonts, size)
and its page number, read with pdfplumber (imported only by `draft check --layout`, `draft build --pdf` and the
tests); a page is read only when asked for."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from ..geometry import PT_PER_MM as MM  # the type area is geometry's, in points as pdfplumber measures
from ..geometry import TYPE_BOTTOM_PT as TYPE_BOTTOM, TYPE_LEFT_PT as TYPE_LEFT
from ..geometry import TYPE_RIGHT_PT as TYPE_RIGHT, TYPE_TOP_PT as TYPE_TOP

__all__ = ["MM", "TYPE_BOTTOM", "TYPE_LEFT", "TYPE_RIGHT", "TYPE_TOP", "Line", "Page", "PrintedPages", "TooManyPages", "load_reader",
           "measure"]


@dataclass(frozen=True)
class Line:
    """One printed line: its baseline, left and right edges, text, font names and size."""

    baseline: float
    x0: float
    x1: float
    text: str
    fonts: tuple[str, ...]
    size: float

    @property
    def full_width_chars(self) -> int:
        return sum(1 for c in self.text if ord(c) >= 0x2E80)

    @property
    def is_full(self) -> bool:
        """Starts at the type area's left edge and reaches its right edge."""
        return abs(self.x0 - TYPE_LEFT) < 3 and abs(self.x1 - TYPE_RIGHT) < 4


@dataclass(frozen=True)
class Page:
    """A page's body lines (inside the type area), its footer, and every line it prints (margins too)."""

    number: int
    width: float
    lines: tuple[Line, ...]
    footer: Line | None
    printed: tuple[Line, ...] = ()  # all of the page's lines, inside the type area or not
    marks: tuple[tuple[str, float], ...] = ()  # named destinations on the page: (name as written, top), top down


def _group(chars: list[dict]) -> list[Line]:
    rows: dict[float, list[dict]] = defaultdict(list)
    for ch in chars:
        rows[round(ch["bottom"], 0)].append(ch)
    lines = []
    for baseline in sorted(rows):
        row = sorted(rows[baseline], key=lambda c: c["x0"])
        text = "".join(c["text"] for c in row)
        if not text.strip():
            continue
        fonts = tuple(sorted({c["fontname"].split("+")[-1] for c in row if c["text"].strip()}))
        size = max(round(c["size"], 1) for c in row)
        lines.append(Line(baseline, row[0]["x0"], row[-1]["x1"], text, fonts, size))
    return lines


class TooManyPages(ValueError):
    """A PDF longer than the reader was asked to measure."""


def measure(pdf_path: Path, max_pages: int | None = None) -> list[Page]:
    """Read every page of ``pdf_path`` into lines grouped by baseline (TooManyPages past ``max_pages``)."""
    with PrintedPages(pdf_path, max_pages) as pages:
        return list(pages)


def load_reader() -> None:
    """Import pdfplumber (and pdfminer) now — a few hundred milliseconds — so that the first PDF measured does not
    wait for it: ``draft build --pdf`` calls this while LibreOffice starts."""
    try:
        import pdfplumber  # noqa: F401
        from pdfminer import pdftypes  # noqa: F401
    except ImportError:  # measuring says so itself, where it is used
        pass


class PrintedPages(Sequence[Page]):
    """A PDF's pages, each read only when first asked for (laying out a page's characters is most of the cost:
    fitting a report looks at its last pages only); ``laid_out`` counts the pages read. Close it after use."""

    def __init__(self, pdf_path: Path, max_pages: int | None = None) -> None:
        import pdfplumber

        self._pdf = pdfplumber.open(pdf_path)
        try:
            self._count = len(self._pdf.pages)
            if max_pages is not None and self._count > max_pages:
                raise TooManyPages(self._count)
            self._marks = _destinations(self._pdf)
        except BaseException:
            self._pdf.close()
            raise
        self._read: dict[int, Page] = {}

    @property
    def laid_out(self) -> int:
        """How many pages have been read."""
        return len(self._read)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Page: ...

    @overload
    def __getitem__(self, index: slice) -> list[Page]: ...

    def __getitem__(self, index: int | slice) -> Page | list[Page]:
        """The page at ``index`` (negative from the end), read now if it was not yet."""
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError(index)
        if position not in self._read:
            page = self._pdf.pages[position]
            self._read[position] = _page(page, position + 1, self._marks)
            page.close()  # its characters are in the Page now: pdfplumber's copies are let go
        return self._read[position]

    def close(self) -> None:
        """Close the PDF (the pages read stay readable)."""
        self._pdf.close()

    def __enter__(self) -> "PrintedPages":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _page(page, number: int, marks: dict[int, list[tuple[str, float]]]) -> Page:  # type: ignore[no-untyped-def]
    """One pdfplumber page as a Page: its body lines, footer, every printed line and its named destinations."""
    chars = [c for c in page.chars if c["text"].strip()]
    body = [c for c in chars if TYPE_TOP - 2 < c["top"] and c["bottom"] < TYPE_BOTTOM + 6]
    foot = [c for c in chars if c["top"] >= TYPE_BOTTOM + 6]
    footer_lines = _group(foot)
    on_page = sorted(((name, float(page.height) - y) for name, y in marks.get(page.page_obj.pageid, ())),
                     key=lambda mark: mark[1])
    return Page(number, float(page.width), tuple(_group(body)), footer_lines[0] if footer_lines else None,
                tuple(_group(chars)), tuple(on_page))


def _destinations(pdf) -> dict[int, list[tuple[str, float]]]:  # type: ignore[no-untyped-def]
    """The PDF's named destinations by page object id: (name, height from the page's foot). LibreOffice writes a
    Writer bookmark as one when asked (ExportBookmarksToPDFDestination); a PDF without them gives none."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    found: dict[int, list[tuple[str, float]]] = defaultdict(list)
    try:
        table = resolve1(pdf.doc.catalog.get("Dests"))
        if not isinstance(table, dict):
            return found
        for name, target in table.items():
            target = resolve1(target)
            if isinstance(target, dict):
                target = resolve1(target.get("D"))
            if isinstance(target, list) and len(target) >= 4 and isinstance(target[0], PDFObjRef) \
                    and isinstance(target[3], (int, float)):
                found[target[0].objid].append((str(name), float(target[3])))
    except Exception:  # a destination table pdfminer cannot read: the pages are measured without marks
        return {}
    return found
