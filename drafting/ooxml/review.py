"""修订 and 批注 read from a .docx: text as if every tracked change were accepted (or rejected), and the comments.

ECMA-376 Part 1 §17.13: ``w:ins``/``w:moveTo`` hold inserted or moved-here runs, ``w:del``/``w:moveFrom`` deleted or
moved-away ones (their text in ``w:delText``, or ``w:t`` for a move); a paragraph mark's own insertion or deletion
is ``w:pPr/w:rPr/w:ins|w:del``; ``w:pPrChange``/``w:rPrChange`` keep the old properties. Comments live in the part
the document's relationship of type ``…/comments`` names, anchored by ``w:commentRangeStart``/``w:commentRangeEnd``
and a ``w:commentReference`` run.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from typing import Any, Callable, Container

from ..errors import WARNING, Location, Problem
from ..records import NamedTuple
from .names import W
from .parser import DeclaresDTD, parse_xml

INSERTED = frozenset({W + "ins", W + "moveTo"})    # content that counts once accepted
DELETED = frozenset({W + "del", W + "moveFrom"})   # content that counts once rejected
_KINDS = {W + "ins": "insert", W + "del": "delete", W + "moveTo": "move", W + "moveFrom": "move",
          W + "cellIns": "insert", W + "cellDel": "delete"}
_FORMAT_CHANGES = frozenset(W + name for name in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange", "tcPrChange",
    "tblGridChange", "numberingChange", "cellMerge"))
_TEXT_TAGS = (W + "t", W + "delText", W + "tab", W + "br")
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
MAX_COMMENTS = 50_000
MAX_REVISION_CHARS = 1_000  # a revision's text kept (the change list shows its first 30 characters)
MAX_ANCHOR_CHARS = 1_000   # a comment's anchor text kept (the change list shows its first 20 characters)


class ReadComment(NamedTuple):
    """A 批注: who wrote it, when, its text, and the document text it is anchored on."""

    author: str
    date: str      # w:date as written (ISO 8601), "" when absent
    text: str      # the comment's own text, its paragraphs joined by "\n"
    anchor: str    # the body text between commentRangeStart and commentRangeEnd ("" when only a reference)


class ReadRevision(NamedTuple):
    """A pending tracked change (修订) in a paragraph.

    A paragraph mark inserted or deleted reads as ``text`` "\\n"; an inserted or deleted table row as its
    cells' texts joined by tabs.
    """

    kind: str      # "insert" | "delete" | "move" | "format"
    author: str
    date: str
    text: str      # the text inserted, deleted or moved ("" for a format change)


def hidden_by(reject: bool) -> frozenset[str]:
    """The revision containers whose content does not count: deletions when accepting, insertions when rejecting."""
    return INSERTED if reject else DELETED


def counts(node: Any, reject: bool, stop: Any = None) -> bool:
    """Whether a run's text node ``node`` is in the text once every revision is accepted (or rejected)."""
    hidden = hidden_by(reject)
    for ancestor in node.iterancestors():
        if ancestor is stop:
            break
        if ancestor.tag in hidden:
            return False
    return True


def text_of(node: Any, reject: bool) -> str:
    """A text node's characters: w:t's text (w:delText's when rejecting), a tab as "\\t", a break as nothing."""
    if node.tag == W + "t" or (node.tag == W + "delText" and reject):
        return node.text or ""
    return "\t" if node.tag == W + "tab" else ""


def visible_text(element: Any, reject: bool, tabs: bool = True) -> str:
    """The text of the runs inside ``element`` as accepted (or rejected), breaks (and tabs unless ``tabs``) left out."""
    tags = _TEXT_TAGS if tabs else (W + "t", W + "delText")
    return "".join(text_of(node, reject) for node in element.iter(*tags)
                   if node.getparent().tag == W + "r" and counts(node, reject, element))


_MARK_KINDS = {W + "ins": "insert", W + "moveTo": "insert", W + "del": "delete", W + "moveFrom": "delete"}


def mark_change(paragraph: Any) -> str | None:
    """"insert" or "delete" when the paragraph's own mark is a tracked insertion or deletion."""
    properties = paragraph.find(W + "pPr")
    marks = properties.find(W + "rPr") if properties is not None else None
    if marks is not None:
        for child in marks:
            if child.tag in _MARK_KINDS:
                return _MARK_KINDS[child.tag]
    return None


def properties_of(paragraph: Any, reject: bool) -> Any:
    """The paragraph's w:pPr as it stands (accepting), or as it was before a w:pPrChange (rejecting)."""
    current = paragraph.find(W + "pPr")
    if reject and current is not None:
        old = current.find(f"{W}pPrChange/{W}pPr")
        if old is not None:
            return old
    return current


def revisions_in(element: Any) -> tuple[ReadRevision, ...]:
    """Every tracked change inside ``element`` (a paragraph or a table), in document order."""
    found = []
    for node in element.iter():
        tag = node.tag
        if tag in _FORMAT_CHANGES:
            found.append(ReadRevision("format", node.get(W + "author") or "", node.get(W + "date") or "", ""))
        elif tag in _KINDS:
            parent = node.getparent()
            if parent is not None and parent.tag == W + "rPr":  # a paragraph mark inserted or deleted
                text = "\n"
            elif parent is not None and parent.tag == W + "trPr":  # a table row inserted or deleted
                row = parent.getparent()
                text = "｜".join(_all_text(cell).strip("\t") for cell in row.iterchildren(W + "tc"))
            elif parent is not None and parent.tag == W + "tcPr":
                text = _all_text(parent.getparent())
            else:
                text = _all_text(node)
            if parent is not None and parent.tag != W + "trPr" and _in_row_marked(node, tag):
                continue  # a run or cell paragraph of a row inserted or deleted: listed once, with its row
            found.append(ReadRevision(_KINDS[tag], node.get(W + "author") or "", node.get(W + "date") or "", text))
    return tuple(found)


def _in_row_marked(node: Any, tag: str) -> bool:
    """Whether ``node`` is inside a table row whose own mark (w:trPr/w:ins, w:del) is the same kind of change, as
    Word writes a row inserted or deleted with 修订 on: the row marked, and each of its runs and paragraph marks."""
    row = next(node.iterancestors(W + "tr"), None)
    return row is not None and row.find(f"{W}trPr/{tag}") is not None


def _all_text(element: Any) -> str:
    """Every run's text in ``element``, inserted and deleted alike, cut at MAX_REVISION_CHARS (revisions nested in
    revisions would otherwise each hold a copy of the same long text)."""
    taken: list[str] = []
    room = MAX_REVISION_CHARS
    for node in element.iter(W + "t", W + "delText", W + "tab"):
        if node.getparent().tag != W + "r":
            continue
        piece = (node.text or "")[:room] if node.tag != W + "tab" else "\t"
        taken.append(piece)
        room -= len(piece)
        if room <= 0:
            break
    return "".join(taken)


def runs_in_order(paragraph: Any, reject: bool) -> list[Any]:
    """The paragraph's own runs (and those its revision containers wrap) that count, in order."""
    hidden = hidden_by(reject)
    runs = []
    for child in paragraph:
        if child.tag == W + "r":
            runs.append(child)
        elif child.tag in INSERTED or child.tag in DELETED:
            if child.tag not in hidden:
                runs.extend(run for run in child.iterchildren(W + "r"))
    return runs


def run_style(run: Any, reject: bool) -> str | None:
    """A run's w:rStyle as it stands, or (rejecting) as it was before a w:rPrChange."""
    properties = run.find(W + "rPr")
    if properties is None:
        return None
    if reject and properties.find(f"{W}rPrChange/{W}rPr") is not None:
        properties = properties.find(f"{W}rPrChange/{W}rPr")
    style = properties.find(W + "rStyle")
    return style.get(W + "val") if style is not None else None


class CommentAnchors(NamedTuple):
    """Where each comment sits in the body: the body child holding its start (or reference), and its anchor text."""

    holder: dict[str, Any]   # comment id → the top-level body element (or the body's own child marker) holding it
    anchor: dict[str, str]   # comment id → the text between its start and end


def comment_anchors(body: Any, reject: bool, wanted: Container[str]) -> CommentAnchors:
    """Walk the body once: where each ``wanted`` comment starts (else is referenced) and the text its range covers.

    The text is kept once, with each range's start and end offsets into it (not copied into every open range:
    thousands of unclosed ranges over a long body would cost their number times its length), and an anchor
    is cut at MAX_ANCHOR_CHARS.
    """
    holder: dict[str, Any] = {}
    referenced: dict[str, Any] = {}
    open_at: dict[str, int] = {}                 # comment id → where its open range starts in the text
    spans: dict[str, list[tuple[int, int]]] = {}  # comment id → the (start, end) offsets its ranges covered
    pieces: list[str] = []
    length = 0
    top = None
    for node in body.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference", W + "p",
                          W + "tbl", *_TEXT_TAGS):
        if node.getparent() is body:
            top = node
        tag = node.tag
        if tag == W + "p":
            if open_at and pieces and pieces[-1] != "\n":
                pieces.append("\n")
                length += 1
        elif tag == W + "commentRangeStart":
            key = node.get(W + "id") or ""
            if key not in wanted:
                continue
            holder.setdefault(key, top)
            spans.setdefault(key, [])
            open_at.setdefault(key, length)
        elif tag == W + "commentRangeEnd":
            key = node.get(W + "id") or ""
            if key in open_at:
                spans[key].append((open_at.pop(key), length))
        elif tag == W + "commentReference":
            if (node.get(W + "id") or "") in wanted:
                referenced.setdefault(node.get(W + "id") or "", top)
        elif open_at and node.getparent().tag == W + "r" and counts(node, reject, body):
            text = text_of(node, reject)
            if text:
                pieces.append(text)
                length += len(text)
    for key, start in open_at.items():  # a range never closed runs to the end of the body
        spans[key].append((start, length))
    for key, element in referenced.items():
        holder.setdefault(key, element)
    whole = "".join(pieces)
    return CommentAnchors(holder, {key: anchor_text(whole, covered) for key, covered in spans.items()})


def anchor_text(whole: str, covered: list[tuple[int, int]], strip: str = "\n") -> str:
    """The text of a comment's ranges (offsets into ``whole``), at most MAX_ANCHOR_CHARS of it, ``strip`` stripped."""
    taken: list[str] = []
    room = MAX_ANCHOR_CHARS
    for start, end in covered:
        if room <= 0:
            break
        piece = whole[start:min(end, start + room)]
        taken.append(piece)
        room -= len(piece)
    text = "".join(taken)
    return text.strip(strip) if strip else text


def comments_part_name(archive: zipfile.ZipFile, read: Callable[[zipfile.ZipFile, str], bytes]) -> str | None:
    """The zip name of the comments part the main document's relationships name (None when none does)."""
    try:
        rels = parse_xml(read(archive, DOCUMENT_RELS))
    except KeyError:
        return None
    return comments_target(rels)


def comments_target(rels: Any) -> str | None:
    """The zip name of the comments part the main document's relationships ``rels`` name (None when none does, or
    when the name leads out of the package: ``../../etc/passwd`` is no part)."""
    for relation in rels.iter(_RELS_NS + "Relationship"):
        if relation.get("Type") == COMMENTS_TYPE and (relation.get("TargetMode") or "").strip() != "External":
            target = relation.get("Target") or ""
            name = posixpath.normpath(target.lstrip("/") if target.startswith("/") else "word/" + target)
            return None if name in (".", "..") or name.startswith(("../", "/")) else name
    return None


def read_comments(archive: zipfile.ZipFile, read: Callable[[zipfile.ZipFile, str], bytes],
                  reject: bool) -> tuple[dict[str, tuple[str, str, str]], list[Problem]]:
    """Comment id → (author, date, text) from the comments part, and a warning when it is missing or broken.

    ``read`` reads a part with the reader's size limits; what it raises for a part too large is left to the caller.
    """
    from lxml import etree

    try:
        name = comments_part_name(archive, read)
    except (etree.XMLSyntaxError, DeclaresDTD) as exc:
        return {}, [_broken(DOCUMENT_RELS, exc)]
    if name is None:
        return {}, []
    try:
        root = parse_xml(read(archive, name))
    except KeyError:
        return {}, [Problem(Location(name), f"批注部分 {name} 找不到（文件的关系里写了它），批注没有读取",
                            "正文照常读取；要保留批注，用 Word 或 WPS 打开后另存为 .docx 再试", "I301", WARNING)]
    except (etree.XMLSyntaxError, DeclaresDTD, zipfile.BadZipFile, RuntimeError, EOFError, NotImplementedError,
            OSError, zlib.error) as exc:
        return {}, [_broken(name, exc)]
    comments: dict[str, tuple[str, str, str]] = {}
    for comment in root.iterchildren(W + "comment"):
        if len(comments) >= MAX_COMMENTS:
            break
        text = "\n".join(visible_text(paragraph, reject) for paragraph in comment.iter(W + "p"))
        comments[comment.get(W + "id") or ""] = (comment.get(W + "author") or "", comment.get(W + "date") or "", text)
    return comments, []


def too_large(name: str) -> Problem:
    """The warning for a comments part (or the relationships naming it) that would unpack to too much."""
    return Problem(Location(name), f"批注部分 {name} 解压后过大（可能是压缩炸弹），批注没有读取",
                   "正文照常读取；批注请对照原文件另行处理", "I305", WARNING)


def _broken(name: str, exc: Exception) -> Problem:
    """The warning for a comments part (or the relationships naming it) that cannot be read."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    where = f"第 {line} 行" if line else ""
    part = "关系部分" if name == DOCUMENT_RELS else "批注部分"
    return Problem(Location(name, line, column), f"{part} {name} {where}已损坏，批注没有读取",
                   "正文照常读取；要保留批注，用 Word 或 WPS 打开后另存为 .docx 再试", "I302", WARNING)


def attach_comments(comments: dict[str, tuple[str, str, str]], anchors: CommentAnchors,
                    index_of: dict[Any, int]) -> dict[int, list[ReadComment]]:
    """Paragraph index → the comments whose start (or reference) is in it, in the order the comments part lists them."""
    attached: dict[int, list[ReadComment]] = {}
    for key, (author, date, text) in comments.items():
        element = anchors.holder.get(key)
        if element is None or element not in index_of:
            continue
        attached.setdefault(index_of[element], []).append(
            ReadComment(author, date, text, anchors.anchor.get(key, "")))
    return attached
