"""Comments (批注) added to a .docx: word/comments.xml, its relationship and content type, and the marks round each span.

ECMA-376 Part 1 §17.13.4: a comment is a ``w:comment`` in the comments part (found through the main document's
relationship of type …/comments); its span in the text is ``w:commentRangeStart``/``w:commentRangeEnd`` with the
comment's id, followed by a run holding ``w:commentReference`` (where Word draws the mark). A run is split where a
span starts or ends inside it, both halves keeping its ``w:rPr``. A package's existing comments are kept; the new
ids follow every ``w:id`` already used, so none collides with a comment, bookmark or revision already there.
"""
from __future__ import annotations

import copy
from typing import Any

from ..records import NamedTuple
from .ids import FreshIds
from .names import W, W_NS
from .origins import origin_of
from .parser import parse_xml
from .repack import UserPackage
from .review import COMMENTS_TYPE, DOCUMENT_RELS, comment_anchors, comments_target

COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_COMMENTS = 10_000


class Paragraph(NamedTuple):
    """A paragraph of the body as text (its runs' w:t, w:tab as a tab), with the form path drafting marked on it."""

    text: str
    origin: str | None = None


class Comment(NamedTuple):
    """One comment: on characters [start, end) of paragraph ``index`` (as ``paragraphs`` lists them; start == end:
    the whole paragraph), its text one paragraph per line."""

    index: int
    start: int
    end: int
    lines: tuple[str, ...]


class Signature(NamedTuple):
    """Who wrote the comments and when (ST_DateTime, e.g. 2024-04-10T09:00:00Z)."""

    author: str
    initials: str
    date: str


def _own_paragraphs(body: Any) -> list[Any]:
    """The body's paragraphs in document order (table cells included), not those in text boxes or mc:Fallback."""
    return [p for p in body.iter(W + "p")
            if not any(a.tag in (W + "txbxContent", _FALLBACK) for a in p.iterancestors())]


def _pieces(paragraph: Any) -> list[tuple[Any, str]]:
    """The paragraph's text-bearing elements (w:t, w:tab in a run) with their text, skipping nested paragraphs."""
    found = []
    for node in paragraph.iter(W + "t", W + "tab"):
        if node.getparent().tag != W + "r":
            continue
        if any(a.tag in (W + "p", W + "txbxContent", W + "del") for a in _ancestors_below(node, paragraph)):
            continue
        found.append((node, node.text or "" if node.tag == W + "t" else "\t"))
    return found


def _ancestors_below(node: Any, top: Any) -> list[Any]:
    """``node``'s ancestors up to (not including) ``top``."""
    out = []
    parent = node.getparent()
    while parent is not None and parent is not top:
        out.append(parent)
        parent = parent.getparent()
    return out


def _origin(paragraph: Any, custom: dict[str, str]) -> str | None:
    """The form path of the first of drafting's bookmarks in ``paragraph`` (None: not marked)."""
    for mark in paragraph.iter(W + "bookmarkStart"):
        origin = origin_of(mark.get(W + "name"), custom)
        if origin is not None:
            return origin
    return None


def paragraphs(data: bytes) -> list[Paragraph]:
    """The body paragraphs of the .docx ``data`` as comments see them (``Comment.index`` counts in this list).

    Raises DocxTooLarge, zipfile.BadZipFile, KeyError, DeclaresDTD or lxml's XMLSyntaxError for a broken file."""
    package = UserPackage(data)
    return _paragraphs_of(parse_xml(package.parts["word/document.xml"]), package.custom)


def _paragraphs_of(root: Any, custom: dict[str, str]) -> list[Paragraph]:
    """A parsed document.xml's body paragraphs as text, each with its origin."""
    body = root.find(W + "body")
    if body is None:
        raise ValueError("word/document.xml has no w:body")
    return [Paragraph("".join(text for _, text in _pieces(p)), _origin(p, custom) if custom else None)
            for p in _own_paragraphs(body)]


def _split(run: Any, node: Any, at: int) -> None:
    """Split ``run`` inside its w:t ``node`` before character ``at``: a copy of the run (its rPr too) takes the rest."""
    rest = copy.deepcopy(run)
    for child in list(rest):
        if child.tag != W + "rPr":
            rest.remove(child)
    text = node.text or ""
    tail = rest.makeelement(W + "t", {_XML_SPACE: "preserve"})
    tail.text = text[at:]
    rest.append(tail)
    following = list(node.itersiblings())
    for sibling in following:
        rest.append(sibling)
    node.text = text[:at]
    node.set(_XML_SPACE, "preserve")
    run.addnext(rest)


def _boundary(paragraph: Any, offset: int) -> None:
    """Make ``offset`` fall between runs: split the run whose w:t holds the character at ``offset`` inside it."""
    position = 0
    for node, text in _pieces(paragraph):
        if position < offset < position + len(text):
            _split(node.getparent(), node, offset - position)
            return
        position += len(text)


def _runs_of_span(paragraph: Any, start: int, end: int) -> tuple[Any, Any] | None:
    """The first and the last run holding characters [start, end), once the runs are split at both ends."""
    first = last = None
    position = 0
    for node, text in _pieces(paragraph):
        if text and position < end and position + len(text) > start:
            first = first if first is not None else node.getparent()
            last = node.getparent()
        position += len(text)
    return (first, last) if first is not None else None


def _mark(paragraph: Any, comment: Comment, number: int) -> None:
    """Put comment ``number``'s range round its span in ``paragraph`` and its reference run after the range."""
    length = sum(len(text) for _, text in _pieces(paragraph))
    start, end = max(0, min(comment.start, length)), max(0, min(comment.end, length))
    if start >= end:
        start, end = 0, length
    _boundary(paragraph, start)
    _boundary(paragraph, end)
    ident = str(number)
    begin = paragraph.makeelement(W + "commentRangeStart", {W + "id": ident})
    finish = paragraph.makeelement(W + "commentRangeEnd", {W + "id": ident})
    reference = paragraph.makeelement(W + "r", {})
    reference.append(paragraph.makeelement(W + "commentReference", {W + "id": ident}))
    span = _runs_of_span(paragraph, start, end) if start < end else None
    if span is None:  # no text: the marks stand at the paragraph's end
        paragraph.append(begin)
        paragraph.append(finish)
        paragraph.append(reference)
        return
    span[0].addprevious(begin)
    span[1].addnext(finish)
    finish.addnext(reference)


def _comment_xml(parent: Any, comment: Comment, number: int, signature: Signature) -> Any:
    """A w:comment: its first paragraph opens with the annotation reference mark, one paragraph per line."""
    node = parent.makeelement(W + "comment", {W + "id": str(number), W + "author": signature.author,
                                              W + "date": signature.date, W + "initials": signature.initials})
    for index, line in enumerate(comment.lines or ("",)):
        paragraph = node.makeelement(W + "p", {})
        if index == 0:
            mark = paragraph.makeelement(W + "r", {})
            mark.append(mark.makeelement(W + "annotationRef", {}))
            paragraph.append(mark)
        run = paragraph.makeelement(W + "r", {})
        text = run.makeelement(W + "t", {_XML_SPACE: "preserve"})
        text.text = line
        run.append(text)
        paragraph.append(run)
        node.append(paragraph)
    return node


def _tostring(root: Any) -> bytes:
    """A part's XML as a package stores it: UTF-8, with its declaration."""
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_comments(data: bytes, comments: list[Comment], signature: Signature) -> bytes:
    """A copy of the .docx ``data`` with ``comments`` added (a package's own comments kept), every id unique.

    Raises DocxTooLarge, zipfile.BadZipFile, KeyError, DeclaresDTD, ValueError or lxml's XMLSyntaxError for a
    broken file."""
    from lxml import etree

    if not comments:
        return data
    if len(comments) > MAX_COMMENTS:
        raise ValueError("too many comments")
    package = UserPackage(data)
    root = parse_xml(package.parts["word/document.xml"])
    rels = (parse_xml(package.parts[DOCUMENT_RELS]) if DOCUMENT_RELS in package.parts
            else etree.Element(f"{{{_RELS_NS}}}Relationships", nsmap={None: _RELS_NS}))
    part = comments_target(rels)
    changed: dict[str, bytes] = {}
    if part is None or part not in package.parts:  # none, or one naming no part of the package: replaced by ours
        for relationship in rels.findall(_REL):
            if relationship.get("Type") == COMMENTS_TYPE:
                rels.remove(relationship)
        part = None
    existing = parse_xml(package.parts[part]) if part is not None else None
    if part is None:
        part = "word/comments.xml"
        existing = parse_xml(package.parts[part]) if part in package.parts else None  # there, but named by none
        taken = {r.get("Id") for r in rels.findall(_REL)}
        ident = next(f"rIdComments{n}" if n else "rIdComments" for n in range(len(taken) + 1)
                     if (f"rIdComments{n}" if n else "rIdComments") not in taken)
        etree.SubElement(rels, _REL, {"Id": ident, "Type": COMMENTS_TYPE, "Target": "comments.xml"})
        changed[DOCUMENT_RELS] = _tostring(rels)
    if existing is None:
        existing = etree.Element(W + "comments", nsmap={"w": W_NS})
    changed.update(_with_content_type(package, "/" + part))
    ids = FreshIds(root, existing)
    owned = _own_paragraphs(root.find(W + "body"))
    for comment in comments:
        if 0 <= comment.index < len(owned):
            number = ids.take()
            _mark(owned[comment.index], comment, number)
            existing.append(_comment_xml(existing, comment, number, signature))
    changed["word/document.xml"] = _tostring(root)
    changed[part] = _tostring(existing)
    return package.zipped(changed)


def _with_content_type(package: UserPackage, part_name: str) -> dict[str, bytes]:
    """[Content_Types].xml with an override for the comments part, when it lacks one (else nothing changed)."""
    from lxml import etree

    types = parse_xml(package.parts["[Content_Types].xml"])
    for override in types.findall(f"{{{_TYPES_NS}}}Override"):
        if (override.get("PartName") or "").lower() == part_name.lower():
            return {}
    etree.SubElement(types, f"{{{_TYPES_NS}}}Override", {"PartName": part_name, "ContentType": COMMENTS_CONTENT_TYPE})
    return {"[Content_Types].xml": _tostring(types)}


class HeldComment(NamedTuple):
    """A comment as a package holds it: id, author, initials, date, its text (paragraphs joined by line breaks)
    and the text of the span it is anchored on (the reader's ``ReadComment`` without id and initials)."""

    id: str
    author: str
    initials: str
    date: str
    text: str
    anchored: str


def read_comments(data: bytes) -> list[HeldComment]:
    """The comments of the .docx ``data`` in the comments part's order, each with the text its range encloses
    (anchors found as the reader finds them: ``review.comment_anchors``, one walk of the body)."""
    package = UserPackage(data)
    rels = parse_xml(package.parts[DOCUMENT_RELS]) if DOCUMENT_RELS in package.parts else None
    part = comments_target(rels) if rels is not None else None
    if part is None or part not in package.parts:
        return []
    nodes = list(parse_xml(package.parts[part]).iter(W + "comment"))
    body = parse_xml(package.parts["word/document.xml"]).find(W + "body")
    wanted = {node.get(W + "id") or "" for node in nodes}
    spans = comment_anchors(body, False, wanted).anchor if body is not None else {}
    found = []
    for node in nodes:
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in node.iter(W + "p"))
        ident = node.get(W + "id") or ""
        found.append(HeldComment(ident, node.get(W + "author") or "", node.get(W + "initials") or "",
                                 node.get(W + "date") or "", text, spans.get(ident, "")))
    return found


_MARKS = (W + "commentRangeStart", W + "commentRangeEnd")


def without_comments(data: bytes) -> bytes:
    """A copy of the .docx ``data`` whose body shows no comment (ranges, references and the relationship gone; the
    text and layout unchanged): LibreOffice 7.4's headless nogui build aborts opening a view that shows comments.

    Raises as ``paragraphs`` does for a broken file."""
    package = UserPackage(data)
    if DOCUMENT_RELS not in package.parts:
        return data
    rels = parse_xml(package.parts[DOCUMENT_RELS])
    linked = [r for r in rels.findall(_REL) if r.get("Type") == COMMENTS_TYPE]
    root = parse_xml(package.parts["word/document.xml"])
    marks = [node for node in root.iter(*_MARKS)]
    references = [node for node in root.iter(W + "commentReference")]
    if not (linked or marks or references):
        return data
    for node in marks:
        node.getparent().remove(node)
    for node in references:
        run = node.getparent()
        run.remove(node)
        if run.tag == W + "r" and all(child.tag == W + "rPr" for child in run):
            run.getparent().remove(run)  # the reference's own run, now empty
    for relationship in linked:
        rels.remove(relationship)
    return package.zipped({"word/document.xml": _tostring(root), DOCUMENT_RELS: _tostring(rels)})
