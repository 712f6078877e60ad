"""A .docx opened for comparing: its body's blocks (paragraphs and tables, rows, cells) with texts and origins,
earlier tracked changes taken as accepted, and the package written back with a revised document.xml."""
from __future__ import annotations

import io
import zipfile
from typing import Any, Callable

from ..records import NamedTuple
from .names import W
from .origins import ORIGIN_PREFIX, custom_xml, read_custom
from .parser import parse_xml
from . import reader
from .reader import MAX_PARAGRAPHS, DocxTooLarge, _part
from .repack import UserPackage
from .blocks import blocks_of, cells_of, rows_of
from .revisions import Revisions

COMPARED = "drafting.compared"  # custom property of a 对照稿: the earlier version's name
_UNWRAPPED = (W + "ins", W + "moveTo")
_REMOVED = (W + "del", W + "moveFrom", W + "moveFromRangeStart", W + "moveFromRangeEnd", W + "moveToRangeStart",
            W + "moveToRangeEnd", W + "pPrChange", W + "rPrChange", W + "sectPrChange", W + "tblPrChange",
            W + "trPrChange", W + "tcPrChange", W + "tblGridChange", W + "numberingChange", W + "cellIns",
            W + "cellDel", W + "cellMerge")
_MARKERS = (W + "ins", W + "del", W + "moveFrom", W + "moveTo")


class Opened(NamedTuple):
    """A .docx read for comparing: the package's bytes, document.xml's root, its custom properties, the style
    and list ids it defines, how many earlier tracked changes were taken as accepted."""

    data: bytes
    root: Any
    custom: dict[str, str]
    styles: frozenset[str]
    numbering: frozenset[str]
    accepted: int

    @property
    def body(self) -> Any:
        """The w:body element."""
        return self.root.find(W + "body")


def open_docx(data: bytes) -> Opened:
    """The .docx ``data`` read for comparing. Raises DocxTooLarge, zipfile.BadZipFile, KeyError, ValueError or
    lxml's XMLSyntaxError for a file that is not a readable .docx."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        reader.check_package_size(archive)  # the 对照稿 copies every part: refused now, not after minutes
        root = parse_xml(_part(archive, "word/document.xml"))
        if root.find(W + "body") is None:
            raise ValueError("word/document.xml has no w:body")
        if sum(1 for _ in root.iter(W + "p")) > MAX_PARAGRAPHS:
            raise DocxTooLarge("word/document.xml")
        styles = _ids(archive, "word/styles.xml", "style", "styleId")
        numbering = _ids(archive, "word/numbering.xml", "num", "numId")
        custom = read_custom(archive)
    return Opened(data, root, custom, styles, numbering, accept_revisions(root))


def _ids(archive: zipfile.ZipFile, name: str, tag: str, attribute: str) -> frozenset[str]:
    """The ``attribute`` values of every ``tag`` in part ``name`` (none when the package has no such part)."""
    try:
        part = parse_xml(_part(archive, name))
    except KeyError:
        return frozenset()
    return frozenset(node.get(W + attribute) for node in part.iter(W + tag) if node.get(W + attribute))


def accept_revisions(root: Any) -> int:
    """Take the document's own tracked changes as accepted (inserted text kept, deleted text gone, earlier
    formatting records dropped); how many there were. A deleted row goes; a deleted paragraph mark is kept."""
    count = 0
    for marker in [m for m in root.iter(*_MARKERS) if m.getparent().tag in (W + "rPr", W + "trPr")]:
        holder = marker.getparent()
        if holder.tag == W + "trPr" and marker.tag in (W + "del", W + "moveFrom"):
            row = holder.getparent()
            if row.getparent() is not None:
                row.getparent().remove(row)
        holder.remove(marker)
        count += 1
    for node in list(root.iter(*_REMOVED)):
        if node.getparent() is not None:
            node.getparent().remove(node)
            count += 1
    for node in list(root.iter(*_UNWRAPPED)):
        parent = node.getparent()
        if parent is None:
            continue
        for child in list(node):
            node.addprevious(child)
        parent.remove(node)
        count += 1
    return count


def written_package(opened: Opened, compared_with: str) -> bytes:
    """NEW's package with its revised document.xml (and, in a package drafting wrote, a custom property naming
    the version it was compared with); every other part as it was. Raises DocxTooLarge for parts that unpack to
    more than a report (repack.MAX_TOTAL_BYTES together)."""
    from lxml import etree

    document = etree.tostring(opened.root, xml_declaration=True, encoding="UTF-8", standalone=True)
    replaced = {"word/document.xml": document}
    if opened.custom and all(name.startswith(("drafting.", ORIGIN_PREFIX)) for name in opened.custom):
        replaced["docProps/custom.xml"] = custom_xml({**opened.custom, COMPARED: compared_with}).encode("utf-8")
    package = UserPackage(opened.data)
    return package.zipped({name: data for name, data in replaced.items() if name in package.parts})


def compared_with(data: bytes) -> str | None:
    """The earlier version's name a 对照稿 records (None: not a 对照稿 draft diff wrote)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return read_custom(archive).get(COMPARED)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None


class Step(NamedTuple):
    """One step of aligning OLD's blocks (or rows) with NEW's: "=" the same, "~" changed, "-" only in OLD, "+" only
    in NEW. A changed paragraph carries its word diff (``words``), a changed table its rows' steps (``rows``), a
    changed row its cells' block steps (``cells``, one tuple of steps per cell)."""

    kind: str
    old: int | None
    new: int | None
    words: tuple[tuple[str, str], ...] = ()
    rows: tuple[Step, ...] = ()
    cells: tuple[tuple[Step, ...], ...] = ()


def apply_steps(revisions: Revisions, holder: Any, old_holder: Any, steps: list[Step] | tuple[Step, ...]) -> None:
    """Mark NEW's body or cell ``holder`` with ``steps`` against OLD's ``old_holder``: changed blocks revised in
    place, inserted ones marked, OLD's deleted ones copied in, deleted, where they stood."""
    new_blocks = [block.element for block in blocks_of(holder)]
    old_blocks = [block.element for block in blocks_of(old_holder)]
    section = holder.find(W + "sectPr")  # a body ends with its section properties: what is deleted last goes before
    at_end = section.addprevious if section is not None else holder.append
    last = None
    for step in steps:
        if step.new is not None:
            last = new_blocks[step.new]
            if step.kind == "~" and last.tag == W + "p":
                revisions.rewrite(last, step.words, old_blocks[step.old])
            elif step.kind == "~":
                _apply_rows(revisions, last, old_blocks[step.old], step.rows)
            elif step.kind == "+":
                revisions.insert_block(last)
            continue
        last = _placed(revisions.deleted_block(old_blocks[step.old]), last, new_blocks, at_end)


def _placed(made: Any, last: Any, kept: list[Any], at_end: Callable[[Any], None]) -> Any:
    """Put OLD's deleted ``made`` after ``last`` (what was placed before it), else before NEW's first of ``kept``,
    else with ``at_end``; returns it, the new ``last``."""
    if last is not None:
        last.addnext(made)
    elif kept:
        kept[0].addprevious(made)
    else:
        at_end(made)
    return made


def _apply_rows(revisions: Revisions, table: Any, old_table: Any, steps: tuple[Step, ...]) -> None:
    """Mark NEW's ``table`` with its rows' steps against OLD's ``old_table``."""
    new_rows, old_rows = rows_of(table), rows_of(old_table)
    last = None
    for step in steps:
        if step.new is not None:
            last = new_rows[step.new]
            if step.kind == "~":
                for cell, old_cell, cell_steps in zip(cells_of(last), cells_of(old_rows[step.old]), step.cells):
                    apply_steps(revisions, cell, old_cell, cell_steps)
            elif step.kind == "+":
                revisions.insert_row(last, [[b.element for b in blocks_of(cell)] for cell in cells_of(last)])
            continue
        last = _placed(revisions.deleted_row(old_rows[step.old]), last, new_rows, table.append)
