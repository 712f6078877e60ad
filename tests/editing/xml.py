"""The package and WordprocessingML of a .docx for the fixtures: parts, paragraphs found by text, runs split at a piece."""
from __future__ import annotations

import copy
import io
import zipfile
from typing import Any, Sequence

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


# ---- the package ---------------------------------------------------------------------------------------------

def read_parts(data: bytes) -> dict[str, bytes]:
    """Every part of a .docx by name, in the zip's order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(parts: dict[str, bytes]) -> bytes:
    """A .docx of ``parts`` ([Content_Types].xml first, as Word writes it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts, key=lambda n: n != "[Content_Types].xml"):
            archive.writestr(name, parts[name])
    return buffer.getvalue()


def parse(data: bytes) -> Any:
    """The root element of a part (our own test files: no hostile input here)."""
    return etree.fromstring(data)


def serialise(root: Any) -> bytes:
    """A part's bytes, with the XML declaration Word writes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def w(tag: str, **attributes: str) -> Any:
    """A new w: element with w: attributes (an empty ``date`` is left out: the attribute is optional)."""
    element = etree.Element(W + tag)
    for name, value in attributes.items():
        if value or name != "date":
            element.set(W + name, value)
    return element


# ---- paragraphs and runs -------------------------------------------------------------------------------------

def _reads(node: Any, paragraph: Any) -> bool:
    """Whether text ``node`` is the paragraph's own (not a text box's) and not deleted or moved away."""
    for ancestor in node.iterancestors():
        if ancestor is paragraph:
            return True
        if ancestor.tag in (W + "del", W + "moveFrom", W + "p"):
            return False
    return False


def text_of(paragraph: Any) -> str:
    """A paragraph's text as it reads with every revision accepted (tabs as "\\t")."""
    return "".join(node.text or "" if node.tag == W + "t" else "\t"
                   for node in paragraph.iter(W + "t", W + "tab")
                   if node.getparent().tag == W + "r" and _reads(node, paragraph))


def find_paragraph(body: Any, text: str) -> Any:
    """The first paragraph (in the body or a table, not a text box) whose text holds ``text``."""
    for paragraph in body.iter(W + "p"):
        if any(a.tag == W + "txbxContent" for a in paragraph.iterancestors()):
            continue
        if text in text_of(paragraph):
            return paragraph
    raise AssertionError(f"no paragraph holds {text!r}")


def _own_runs(paragraph: Any) -> list[Any]:
    """The paragraph's runs that read now: its own, and those in its insertions."""
    return [r for r in paragraph.iter(W + "r") if r.getparent() is paragraph
            or (r.getparent().tag in (W + "ins", W + "moveTo") and r.getparent().getparent() is paragraph)]


def runs_of(paragraph: Any) -> list[Any]:
    """:func:`_own_runs`, each made to hold one text node or tab (a run holding more is split)."""
    for run in _own_runs(paragraph):
        anchor = run
        for child in [c for c in run if c.tag != W + "rPr"][1:]:
            twin = copy.deepcopy(run)
            for extra in [c for c in twin if c.tag != W + "rPr"]:
                twin.remove(extra)
            twin.append(child)  # moved out of ``run``
            anchor.addnext(twin)
            anchor = twin
    return _own_runs(paragraph)


def _length(run: Any) -> int:
    """How many characters a run holds (a tab is one)."""
    return len(text_of_run(run))


def text_of_run(run: Any) -> str:
    """A run's text (a tab as "\\t")."""
    return "".join(n.text or "" if n.tag == W + "t" else "\t" for n in run if n.tag in (W + "t", W + "tab"))


def runs_covering(paragraph: Any, piece: str) -> list[Any]:
    """The runs that hold exactly the first ``piece`` of the paragraph's text, split at its ends where needed."""
    text = text_of(paragraph)
    start = text.find(piece)
    assert start >= 0 and piece, f"{piece!r} is not in {text!r}"
    end = start + len(piece)
    for cut in (start, end):
        offset = 0
        for run in runs_of(paragraph):
            length = _length(run)
            if offset < cut < offset + length:
                node = next(n for n in run if n.tag == W + "t")
                twin = copy.deepcopy(run)
                node.text, twin_node = node.text[:cut - offset], next(n for n in twin if n.tag == W + "t")
                twin_node.text = twin_node.text[cut - offset:]
                node.set(XML_SPACE, "preserve")
                twin_node.set(XML_SPACE, "preserve")
                run.addnext(twin)
                break
            offset += length
    covering, offset = [], 0
    for run in runs_of(paragraph):
        if start <= offset < end and _length(run):
            covering.append(run)
        offset += _length(run)
    return covering


def paragraph_properties(paragraph: Any) -> Any:
    """The paragraph's w:pPr (made when it has none)."""
    found = paragraph.find(W + "pPr")
    if found is None:
        found = w("pPr")
        paragraph.insert(0, found)
    return found


def mark_properties(paragraph: Any) -> Any:
    """The w:rPr of the paragraph's mark (made, in its place before w:sectPr and w:pPrChange, when absent)."""
    properties = paragraph_properties(paragraph)
    found = properties.find(W + "rPr")
    if found is None:
        found = w("rPr")
        later = [c for c in properties if c.tag in (W + "sectPr", W + "pPrChange")]
        later[0].addprevious(found) if later else properties.append(found)
    return found


def new_paragraph_like(paragraph: Any) -> Any:
    """An empty paragraph with ``paragraph``'s style and run look (no marks, bookmarks or section)."""
    new = w("p")
    properties = paragraph.find(W + "pPr")
    if properties is not None:
        kept = copy.deepcopy(properties)
        for child in [c for c in kept if c.tag in (W + "rPr", W + "sectPr", W + "pPrChange")]:
            kept.remove(child)
        new.append(kept)
    return new


def run_like(model: Any | None, text: str) -> Any:
    """A run of ``text`` with ``model``'s run properties (none when ``model`` is None)."""
    run = w("r")
    if model is not None and model.find(W + "rPr") is not None:
        properties = copy.deepcopy(model.find(W + "rPr"))
        for change in properties.findall(W + "rPrChange"):
            properties.remove(change)
        run.append(properties)
    node = etree.SubElement(run, W + "t")
    node.text = text
    node.set(XML_SPACE, "preserve")
    return run


def plain_run(paragraph: Any, text: str) -> Any:
    """A run of ``text`` looking like the paragraph's last plain run (no character style)."""
    plain = [r for r in paragraph.iter(W + "r") if r.find(f"{W}rPr/{W}rStyle") is None and r.find(W + "t") is not None]
    return run_like(plain[-1] if plain else None, text)


def next_id(root: Any) -> int:
    """One more than the largest w:id in ``root`` (revisions, bookmarks and comments never share one)."""
    ids = [int(v) for v in (e.get(W + "id") for e in root.iter()) if v is not None and v.lstrip("-").isdigit()]
    return max(ids, default=-1) + 1


# ---- table rows ----------------------------------------------------------------------------------------------

def row_of(paragraph: Any) -> Any:
    """The table row (w:tr) holding ``paragraph``."""
    row = next(paragraph.iterancestors(W + "tr"), None)
    assert row is not None, "the paragraph is not in a table"
    return row


def row_like(row: Any, cells: Sequence[str]) -> Any:
    """A new row made like ``row`` (its row and cell properties, each cell's first paragraph's style) with one run
    of text in each cell's one paragraph; no bookmarks, comments or revisions."""
    new = w("tr")
    for child in row:
        if child.tag in (W + "tblPrEx", W + "trPr"):
            kept = copy.deepcopy(child)
            for mark in [m for m in kept if m.tag in (W + "ins", W + "del", W + "trPrChange")]:
                kept.remove(mark)
            new.append(kept)
    for cell, text in zip(row.iterchildren(W + "tc"), cells):
        tc = w("tc")
        if cell.find(W + "tcPr") is not None:
            tc.append(copy.deepcopy(cell.find(W + "tcPr")))
        model = cell.find(W + "p")
        paragraph = new_paragraph_like(model)
        paragraph.append(plain_run(model, text))
        tc.append(paragraph)
        new.append(tc)
    return new


def row_properties(row: Any) -> Any:
    """The row's w:trPr, made if it has none (after w:tblPrEx, before the cells)."""
    found = row.find(W + "trPr")
    if found is None:
        found = w("trPr")
        before = row.find(W + "tblPrEx")
        if before is not None:
            before.addnext(found)
        else:
            row.insert(0, found)
    return found
