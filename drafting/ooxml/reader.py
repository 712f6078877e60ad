"""Read a .docx's body back: paragraph texts with Word's numbering written out, and drafting's style roles."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import NamedTuple

from ..document.numerals import chinese_numeral
from ..styles import character_role, paragraph_role
from .names import W
from .origins import digest_of_lines, origin_of, read_custom
from .parser import parse_xml

class ReadParagraph(NamedTuple):
    """A body paragraph of a .docx as text, with its style; auto-numbering is written out.

    ``role`` is the drafting role of the paragraph's style (None for a style drafting does not
    write); ``lead`` is the text of its first run when that run is in one of drafting's
    character styles (a run-in heading, an 引语), with ``lead_role`` that style's role.
    """

    text: str
    style: str
    role: str | None = None
    lead: str | None = None
    lead_role: str | None = None
    table: ReadTable | None = None  # a table, read in its place among the paragraphs
    origin: str | None = None  # the form path drafting's bookmark names (docs/origin-markers.md)


class ReadTable(NamedTuple):
    """A table of a .docx: each row's cell texts (a merged cell's others empty), header rows, merges."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 0
    merges: tuple[tuple[int, int, int, int], ...] = ()  # (row, column, rows, columns)


class ReadDocument(NamedTuple):
    """A .docx's body paragraphs (tables among them) and what could not be imported (pictures, text boxes)."""

    paragraphs: tuple[ReadParagraph, ...]
    tables: int = 0
    drawings: int = 0


_W = W
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _numbering_formats(archive: zipfile.ZipFile) -> dict[str, dict[int, tuple[str, str, int]]]:
    """numId → ilvl → (numFmt, lvlText, start)."""
    try:
        root = parse_xml(_part(archive, "word/numbering.xml"))
    except KeyError:
        return {}
    abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
    for node in root.iter(_W + "abstractNum"):
        levels = {}
        for lvl in node.iter(_W + "lvl"):
            fmt = lvl.find(_W + "numFmt")
            text = lvl.find(_W + "lvlText")
            start = lvl.find(_W + "start")
            levels[_level(lvl.get(_W + "ilvl"))] = (
                fmt.get(_W + "val") if fmt is not None else "decimal",
                (text.get(_W + "val") or "")[:MAX_LABEL_CHARS] if text is not None else "",
                _int(start.get(_W + "val"), 1, 0, 100_000) if start is not None else 1)
        abstract[node.get(_W + "abstractNumId")] = levels
    result = {}
    for num in root.iter(_W + "num"):
        ref = num.find(_W + "abstractNumId")
        if ref is not None:
            result[num.get(_W + "numId")] = abstract.get(ref.get(_W + "val"), {})
    return result


def _format_number(fmt: str, n: int) -> str:
    if fmt.startswith("chinese") or fmt in ("ideographTraditional", "taiwaneseCounting", "japaneseCounting"):
        return chinese_numeral(n) if 0 < n < 10000 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


def _int(value: str | None, default: int, low: int, high: int) -> int:
    """An integer attribute within [low, high]; a missing or malformed one is ``default``."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return number if low <= number <= high else default


def _level(value: str | None) -> int:
    """A list level: 0–8 in WordprocessingML (anything else reads as 0)."""
    return _int(value, 0, 0, 8)


MAX_PART_BYTES = 50_000_000   # one part unpacked (a 1,000-page report's document.xml is a few MB)
MAX_RATIO = 100               # unpacked ÷ packed, for parts over 1 MB: more is a zip bomb
MAX_PARAGRAPHS = 200_000
MAX_LABEL_CHARS = 64          # a numbering level's lvlText


class DocxTooLarge(ValueError):
    """A .docx that would unpack to more than a report ever holds (a zip bomb, or not a report)."""


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    """Part ``name`` unpacked, after its declared sizes were checked (before any byte is inflated)."""
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES or (info.file_size > 1_000_000
                                            and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
        raise DocxTooLarge(name)
    data = archive.read(info)
    if len(data) > MAX_PART_BYTES:  # the sizes in the zip lied
        raise DocxTooLarge(name)
    return data


def text_digest(document_xml: bytes) -> str:
    """SHA-256 of a document.xml's text: each paragraph with text (cells too) a line; blank ones and run cuts ignored."""
    lines = []
    for paragraph in parse_xml(document_xml).iter(_W + "p"):
        lines.append("".join(node.text or "" if node.tag == _W + "t" else "\t"
                             for node in paragraph.iter(_W + "t", _W + "tab") if node.getparent().tag == _W + "r"))
    return digest_of_lines(lines)


def docx_text_digest(data: bytes) -> str:
    """:func:`text_digest` of the .docx ``data``'s body, to compare with the recorded ``text_sha256``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return text_digest(_part(archive, "word/document.xml"))


def read_docx(data: bytes) -> ReadDocument:
    """Read a .docx's body. Raises DocxTooLarge, zipfile.BadZipFile, KeyError or lxml errors for a broken file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = parse_xml(_part(archive, "word/document.xml")).find(_W + "body")
        if body is None:
            raise ValueError("word/document.xml has no w:body")
        styles: dict[str, tuple[str, tuple[str, int] | None]] = {}
        try:
            for style in parse_xml(_part(archive, "word/styles.xml")).iter(_W + "style"):
                name = style.find(_W + "name")
                num = style.find(f"{_W}pPr/{_W}numPr")
                num_ref = None
                if num is not None and num.find(_W + "numId") is not None:
                    ilvl = num.find(_W + "ilvl")
                    num_ref = (num.find(_W + "numId").get(_W + "val"), _level(ilvl.get(_W + "val")) if ilvl is not None else 0)
                styles[style.get(_W + "styleId")] = (name.get(_W + "val") if name is not None else "", num_ref)
        except KeyError:
            pass
        formats = _numbering_formats(archive)
        custom = read_custom(archive)
    counters: dict[str, dict[int, int]] = {}
    paragraphs: list[ReadParagraph] = []
    tables = drawings = 0
    if len(body) > MAX_PARAGRAPHS:
        raise DocxTooLarge("word/document.xml")
    pending: str | None = None  # a bookmark Word put between paragraphs marks the next one
    for child in body:
        if child.tag == _W + "bookmarkStart":
            pending = pending or origin_of(child.get(_W + "name"), custom)
            continue
        origin = _origin(child, custom) or pending if custom else None
        if child.tag == _W + "tbl":
            tables += 1
            paragraphs.append(ReadParagraph("", "表格", "表格", table=read_table(child), origin=origin))
            pending = None
            continue
        if child.tag != _W + "p":
            continue
        pending = None
        # Word writes a text box twice, as DrawingML and again as VML in mc:Fallback: read it once.
        boxed = [box for box in child.iter(_W + "txbxContent") if not _in_fallback(box)]
        drawings += sum(not _in_fallback(node) for node in child.iter(_W + "drawing", _W + "pict")) - len(boxed)
        style_node = child.find(f"{_W}pPr/{_W}pStyle")
        style_id = style_node.get(_W + "val") if style_node is not None else "Normal"
        style_name, style_num = styles.get(style_id, ("", None))
        parts: list[str] = []
        lead = _lead_run(child)
        for node in child.iter(_W + "t", _W + "tab", _W + "br"):
            if node.getparent().tag != _W + "r":  # a tab stop in pPr, not a tab character
                continue
            if any(a.tag in (_W + "txbxContent", _W + "drawing") for a in node.iterancestors()):
                continue
            parts.append(node.text or "" if node.tag == _W + "t" else ("\t" if node.tag == _W + "tab" else ""))
        num = child.find(f"{_W}pPr/{_W}numPr")
        ref = None
        if num is not None and num.find(_W + "numId") is not None:
            ilvl = num.find(_W + "ilvl")
            ref = (num.find(_W + "numId").get(_W + "val"), _level(ilvl.get(_W + "val")) if ilvl is not None else 0)
        ref = ref or style_num
        label = ""
        if ref is not None and ref[0] != "0" and ref[0] in formats:
            levels = formats[ref[0]]
            count = counters.setdefault(ref[0], {})
            count[ref[1]] = count.get(ref[1], levels.get(ref[1], ("", "", 1))[2] - 1) + 1
            for deeper in [k for k in count if k > ref[1]]:
                del count[deeper]
            fmt, template, _ = levels.get(ref[1], ("decimal", f"%{ref[1] + 1}.", 1))
            label = template
            for level in range(ref[1] + 1):
                lvl_fmt = levels.get(level, ("decimal", "", 1))[0]
                label = label.replace(f"%{level + 1}", _format_number(lvl_fmt, count.get(level, 1)))
        paragraphs.append(ReadParagraph(label + "".join(parts), style_name, paragraph_role(style_id),
                                        lead[0] if lead else None, lead[1] if lead else None, origin=origin))
        for box in boxed:  # text boxes (the 版记) read in place, after their anchor paragraph
            for inner in box.iter(_W + "p"):
                text = "".join(n.text or "" if n.tag == _W + "t" else "\t"
                               for n in inner.iter(_W + "t", _W + "tab") if n.getparent().tag == _W + "r")
                if text.strip():
                    paragraphs.append(ReadParagraph(text, "版记", "版记", origin=_origin(inner, custom) if custom else None))
    return ReadDocument(tuple(paragraphs), tables, max(drawings, 0))


MAX_TABLE_CELLS = 20_000


def read_table(table) -> ReadTable:  # type: ignore[no-untyped-def]
    """A w:tbl's rows of cell texts, gridSpan and vMerge read back into merges, header rows by w:tblHeader
    (else a first row drafting styled as its 表头)."""
    rows: list[list[str]] = []
    merges: list[list[int]] = []
    open_downward: dict[int, list[int]] = {}  # column → the merge a vMerge continues
    header = 0
    styled_header = False
    bold_cells: list[bool] = []  # a first row in bold is a header row too (how most Word tables mark it)
    count = 0
    for r, row in enumerate(table.iterchildren(_W + "tr")):
        if count > MAX_TABLE_CELLS:  # spans multiply cells: a table past this is cut, not read on
            break
        cells: list[str] = []
        if row.find(f"{_W}trPr/{_W}tblHeader") is not None and header == r:
            header = r + 1
        for cell in row.iterchildren(_W + "tc"):
            span_node = cell.find(f"{_W}tcPr/{_W}gridSpan")
            span = _int(span_node.get(_W + "val"), 1, 1, 63) if span_node is not None else 1
            merge_node = cell.find(f"{_W}tcPr/{_W}vMerge")
            column = len(cells)
            text = "".join(t.text or "" for t in cell.iter(_W + "t"))
            if r == 0:
                style = cell.find(f"{_W}p/{_W}pPr/{_W}pStyle")
                styled_header = styled_header or (style is not None and paragraph_role(style.get(_W + "val")) == "表头")
                bold_cells.append(_all_bold(cell))
            if merge_node is not None and merge_node.get(_W + "val") != "restart" and column in open_downward:
                open_downward[column][2] += 1
                text = ""
            elif merge_node is not None and merge_node.get(_W + "val") == "restart":
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


def _all_bold(cell) -> bool:  # type: ignore[no-untyped-def]
    """Whether every run with text in a cell is bold (w:b, not w:b w:val="0")."""
    runs = [run for run in cell.iter(_W + "r") if "".join(t.text or "" for t in run.iter(_W + "t")).strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.find(f"{_W}rPr/{_W}b")
        if bold is None or bold.get(_W + "val") in ("0", "false"):
            return False
    return True


def _origin(element, custom: dict[str, str]) -> str | None:  # type: ignore[no-untyped-def]
    """The form path of the first of drafting's bookmarks that starts in ``element`` (a paragraph or table)."""
    for mark in element.iter(_W + "bookmarkStart"):
        parent = mark.getparent()
        while parent is not None and parent is not element and parent.tag != _W + "txbxContent":
            parent = parent.getparent()
        if parent is not element:  # in a text box the paragraph anchors: that box's paragraph's own
            continue
        origin = origin_of(mark.get(_W + "name"), custom)
        if origin is not None:
            return origin
    return None


def _in_fallback(node) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``node`` is in the mc:Fallback copy of content that mc:Choice also holds."""
    return any(ancestor.tag == _FALLBACK for ancestor in node.iterancestors())


def _lead_run(paragraph) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """(text, role) of the paragraph's first runs when they are in one of drafting's character styles."""
    role = None
    texts: list[str] = []
    for run in paragraph.iterchildren(_W + "r"):
        style = run.find(f"{_W}rPr/{_W}rStyle")
        run_role = character_role(style.get(_W + "val")) if style is not None else None
        text = "".join(t.text or "" for t in run.iter(_W + "t"))
        if role is None:
            if run_role is None or run_role == "列举序号":
                return None
            role = run_role
        if run_role != role:
            break
        texts.append(text)
    return ("".join(texts), role) if role else None


def written_by_drafting(path: Path) -> bool:
    """Whether the .docx at ``path`` says drafting wrote it (docProps/app.xml names the application)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/app.xml")
            if info.file_size > 100_000:
                return False
            return b"<Application>drafting</Application>" in archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, ValueError):
        return False


def font_names(data: bytes) -> list[str]:
    """The font families a .docx's fontTable.xml names, in order (none when it has no font table)."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = parse_xml(_part(archive, "word/fontTable.xml"))
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError, OSError):
        return []
    return [name for name in (font.get(_W + "name") for font in root.iter(_W + "font")) if name]
