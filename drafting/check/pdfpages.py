"""A rendered PDF as a reader sees it: each page's lines inside the type area (text, edges, fonts, size)
and its page number, read with PDFium through pypdfium2 (imported only by `draft check --layout`, `draft build
--pdf` and the tests); a page is read only when asked for."""
from __future__ import annotations

import ctypes
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from ..geometry import PT_PER_MM as MM  # the type area is geometry's, in points as the PDF measures
from ..geometry import TYPE_BOTTOM_PT as TYPE_BOTTOM, TYPE_LEFT_PT as TYPE_LEFT
from ..geometry import TYPE_RIGHT_PT as TYPE_RIGHT, TYPE_TOP_PT as TYPE_TOP

__all__ = ["MM", "TYPE_BOTTOM", "TYPE_LEFT", "TYPE_RIGHT", "TYPE_TOP", "Line", "Page", "PrintedPages", "TooManyPages", "load_reader",
           "measure", "printed_chars"]

# PDFium is not thread-safe (pypdfium2's documentation): one C library for the whole process, used by the
# converters' threads (build --pdf -j N) and the web servers' workers alike. Every sequence of calls into it,
# opening and closing included, runs holding this one lock; it guards a process-wide library, not our state.
_PDFIUM = threading.Lock()


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


def printed_chars(pdf_path: Path, max_pages: int | None = None) -> list[list[dict]]:
    """Every page's printed characters, one dict each with pdfplumber's keys (text, x0, x1, top, bottom,
    fontname, size; from the page's top), whitespace left out; TooManyPages past ``max_pages``."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf_path)
        try:
            if max_pages is not None and len(document) > max_pages:
                raise TooManyPages(len(document))
            pages = []
            for index in range(len(document)):
                page = document[index]
                try:
                    pages.append(_chars(page, page.get_height()))
                finally:
                    page.close()
            return pages
        finally:
            document.close()


def load_reader() -> None:
    """Import pypdfium2 (and load PDFium) now, so that the first PDF measured does not wait for it: ``draft build
    --pdf`` calls this while LibreOffice starts."""
    try:
        with _PDFIUM:
            import pypdfium2  # noqa: F401
    except ImportError:  # measuring says so itself, where it is used
        pass


class PrintedPages(Sequence[Page]):
    """A PDF's pages, each read only when first asked for (laying out a page's characters is most of the cost:
    fitting a report looks at its last pages only); ``laid_out`` counts the pages read. Close it after use."""

    def __init__(self, pdf_path: Path, max_pages: int | None = None) -> None:
        import pypdfium2

        with _PDFIUM:
            self._pdf = pypdfium2.PdfDocument(pdf_path)
            try:
                self._count = len(self._pdf)
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
            with _PDFIUM:
                page = self._pdf[position]
                try:
                    self._read[position] = _page(page, position + 1, self._marks)
                finally:
                    page.close()  # its characters are in the Page now: PDFium's copies are let go
        return self._read[position]

    def close(self) -> None:
        """Close the PDF (the pages read stay readable)."""
        with _PDFIUM:
            self._pdf.close()

    def __enter__(self) -> "PrintedPages":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _page(page: Any, number: int, marks: dict[int, list[tuple[str, float]]]) -> Page:
    """One pypdfium2 page (the caller holds ``_PDFIUM``) as a Page: its body lines, footer, every printed line and
    its named destinations."""
    height = page.get_height()
    chars = [c for c in _chars(page, height) if c["text"].strip()]
    body = [c for c in chars if TYPE_TOP - 2 < c["top"] and c["bottom"] < TYPE_BOTTOM + 6]
    foot = [c for c in chars if c["top"] >= TYPE_BOTTOM + 6]
    footer_lines = _group(foot)
    on_page = sorted(((name, height - y) for name, y in marks.get(number - 1, ())), key=lambda mark: mark[1])
    return Page(number, page.get_width(), tuple(_group(body)), footer_lines[0] if footer_lines else None,
                tuple(_group(chars)), tuple(on_page))


def _chars(page: Any, height: float) -> list[dict]:
    """The page's printed characters (whitespace left out) as pdfplumber named them (text, x0, x1, top, bottom,
    fontname, size), from the top.

    ``bottom`` is the baseline: pdfminer puts a character's box at baseline + the font descriptor's Descent, and
    LibreOffice writes every Descent as 0 (PDFium's own descent is the embedded font's, not the descriptor's);
    ``top`` is ``size`` above it, ``x0``/``x1`` the origin and the origin plus the advance (the loose box)."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = pdfium_c.FPDFText_CountChars(handle)
        x, y, box = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_RECTF()
        name_buffer, flags = ctypes.create_string_buffer(128), ctypes.c_int()
        chars: list[dict] = []
        pending = 0  # a high surrogate waiting for its low half (PDFium gives UTF-16 code units)
        for index in range(count):
            code = pdfium_c.FPDFText_GetUnicode(handle, index)
            if 0xDC00 <= code <= 0xDFFF and pending and chars:
                chars[-1]["text"] = chr(0x10000 + ((pending - 0xD800) << 10) + (code - 0xDC00))
                pending = 0
                continue
            pending = code if 0xD800 <= code <= 0xDBFF else 0
            if pdfium_c.FPDFText_IsGenerated(handle, index) or chr(code).isspace():
                continue
            pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
            pdfium_c.FPDFText_GetLooseCharBox(handle, index, box)
            size = pdfium_c.FPDFText_GetFontSize(handle, index)
            baseline = height - y.value
            if code == 0x02 and pdfium_c.FPDFText_IsHyphen(handle, index):
                code = 0x2D  # a hyphen ending a line: PDFium marks it 0x02 in its text, the page prints "-"
            text = "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)  # a lone half: no character of its own
            chars.append({"text": text, "x0": box.left, "x1": box.right, "top": baseline - size,
                          "bottom": baseline, "fontname": _font_name(handle, index, name_buffer, flags), "size": size})
        return chars
    finally:
        textpage.close()


def _font_name(handle: Any, index: int, buffer: Any, flags: Any) -> str:
    """The name of the font character ``index`` is printed in, as the PDF writes it (``buffer`` is reused)."""
    import pypdfium2.raw as pdfium_c

    length = pdfium_c.FPDFText_GetFontInfo(handle, index, buffer, len(buffer), flags)
    if length > len(buffer):  # a name longer than the buffer: asked again with room for it
        buffer = ctypes.create_string_buffer(length)
        pdfium_c.FPDFText_GetFontInfo(handle, index, buffer, length, flags)
    return buffer.value.decode("utf-8", "replace")


def _destinations(pdf: Any) -> dict[int, list[tuple[str, float]]]:
    """The PDF's named destinations by page index: (name, height from the page's foot). LibreOffice writes a
    Writer bookmark as one when asked (ExportBookmarksToPDFDestination); a PDF without them gives none."""
    import pypdfium2.raw as pdfium_c

    found: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for index in range(pdfium_c.FPDF_CountNamedDests(pdf.raw)):
        length = ctypes.c_long(0)
        pdfium_c.FPDF_GetNamedDest(pdf.raw, index, None, length)
        if length.value <= 0:
            continue
        buffer = ctypes.create_string_buffer(length.value)
        dest = pdfium_c.FPDF_GetNamedDest(pdf.raw, index, buffer, length)
        page = pdfium_c.FPDFDest_GetDestPageIndex(pdf.raw, dest) if dest else -1
        has_x, has_y, has_zoom = pdfium_c.FPDF_BOOL(), pdfium_c.FPDF_BOOL(), pdfium_c.FPDF_BOOL()
        x, y, zoom = pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT()
        if page < 0 or not pdfium_c.FPDFDest_GetLocationInPage(dest, has_x, has_y, has_zoom, x, y, zoom) \
                or not has_y.value:
            continue
        name = buffer.raw[:length.value].decode("utf-16-le", "replace").rstrip("\x00")
        found[page].append((name, float(y.value)))
    return found
