"""Fixtures of real writers' edits: a .docx that ``draft build`` wrote, edited as Word (修订, 批注), WPS,
LibreOffice and python-docx leave it. One edit vocabulary for all of them (Replace, Delete, InsertAfter, Move,
Comment); a paragraph is named by a piece of its text (the first paragraph holding it).

Test code may speak WordprocessingML; the package may only in ``drafting/ooxml/``. The LibreOffice fixture lives
in ``tests/office/libreoffice_edit.py`` (it needs LibreOffice's Python).
"""
from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any, NamedTuple, Sequence, Union

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
AUTHOR, DATE = "张科长", "2026-10-09T10:00:00Z"


class Replace(NamedTuple):
    """In the paragraph holding ``paragraph``, put ``new`` for the text ``old`` ("" new: a deletion)."""

    paragraph: str
    old: str
    new: str


class Delete(NamedTuple):
    """Delete the whole paragraph holding ``paragraph`` (its mark too)."""

    paragraph: str


class InsertAfter(NamedTuple):
    """A new paragraph of ``text`` after the one holding ``paragraph``, in that paragraph's style."""

    paragraph: str
    text: str


class Move(NamedTuple):
    """Move the paragraph holding ``paragraph`` to just after the one holding ``after``."""

    paragraph: str
    after: str


class Comment(NamedTuple):
    """A 批注 of ``text`` on ``anchor`` (a piece of the paragraph holding ``paragraph``)."""

    paragraph: str
    anchor: str
    text: str
    author: str = "王处长"
    date: str = "2026-10-10T09:00:00Z"


Edit = Union[Replace, Delete, InsertAfter, Move, Comment]


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


def _runs(paragraph: Any) -> list[Any]:
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
        for run in _runs(paragraph):
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
    for run in _runs(paragraph):
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


# ---- (c) Word: 修订 and 批注 -----------------------------------------------------------------------------------

class _Revisions:
    """Unique w:ids, and the author and date every revision of one editing session carries."""

    def __init__(self, root: Any, author: str, date: str) -> None:
        self.next, self.author, self.date = next_id(root), author, date

    def mark(self, tag: str, **extra: str) -> Any:
        """A new revision element ``tag`` (w:ins, w:del, w:moveFrom …) with a fresh id, the author and the date."""
        element = w(tag, id=str(self.next), author=self.author, date=self.date, **extra)
        self.next += 1
        return element


def _wrap(runs: list[Any], make: Any, deleted: bool) -> list[Any]:
    """Put each group of adjacent ``runs`` into a new element ``make()`` (w:del's runs keep their text in w:delText)."""
    wrappers: list[Any] = []
    for run in runs:
        if wrappers and wrappers[-1].getnext() is run:
            wrappers[-1].append(run)
            continue
        wrapper = make()
        run.addprevious(wrapper)
        wrapper.append(run)
        wrappers.append(wrapper)
    if deleted:
        for run in runs:
            for node in run.findall(W + "t"):
                node.tag = W + "delText"
    return wrappers


def _first_mark(properties: Any, mark: Any) -> None:
    """Put a paragraph mark's revision first in its w:rPr (EG_ParaRPrTrackChanges comes first)."""
    properties.insert(0, mark)


def with_tracked_changes(data: bytes, edits: Sequence[Edit], author: str = AUTHOR, date: str = DATE) -> bytes:
    """``data`` with ``edits`` made in Word with 修订 (track changes) on: w:del/w:ins runs for a Replace, a deleted
    paragraph's runs and mark (w:pPr/w:rPr/w:del), an inserted paragraph (its mark w:ins and its runs in w:ins),
    a move as w:moveFrom/w:moveTo with their named ranges (ECMA-376 Part 1 §17.13.5). Comments go through
    :func:`with_comment`. Drafting's bookmarks stay where they were (a moved paragraph's stay at its old place)."""
    parts = read_parts(data)
    root = parse(parts["word/document.xml"])
    body = root.find(W + "body")
    revisions = _Revisions(root, author, date)
    for edit in edits:
        paragraph = find_paragraph(body, edit.paragraph)
        if isinstance(edit, Replace):
            runs = runs_covering(paragraph, edit.old)
            look = run_like(runs[0], edit.new) if edit.new else None  # the new text looks like the old
            wrappers = _wrap(runs, lambda: revisions.mark("del"), deleted=True)
            if look is not None:
                inserted = revisions.mark("ins")
                inserted.append(look)
                wrappers[-1].addnext(inserted)
        elif isinstance(edit, Delete):
            _wrap(_runs(paragraph), lambda: revisions.mark("del"), deleted=True)
            _first_mark(mark_properties(paragraph), revisions.mark("del"))
        elif isinstance(edit, InsertAfter):
            new = new_paragraph_like(paragraph)
            _first_mark(mark_properties(new), revisions.mark("ins"))
            inserted = revisions.mark("ins")
            inserted.append(plain_run(paragraph, edit.text))
            new.append(inserted)
            paragraph.addnext(new)
        elif isinstance(edit, Move):
            _move(body, paragraph, find_paragraph(body, edit.after), revisions)
        else:
            raise TypeError(f"Word's 修订 make no {type(edit).__name__}: use with_comment")
    parts["word/document.xml"] = serialise(root)
    return write_parts(parts)


def _move(body: Any, paragraph: Any, after: Any, revisions: _Revisions) -> None:
    """Move ``paragraph`` after ``after`` with 修订 on: the old place's runs in w:moveFrom, a copy in w:moveTo."""
    name = f"move{revisions.next}"
    runs = _runs(paragraph)
    moved = new_paragraph_like(paragraph)
    start = revisions.mark("moveToRangeStart", name=name)
    moved.append(start)
    into = revisions.mark("moveTo")
    into.extend(copy.deepcopy(run) for run in runs)
    moved.append(into)
    moved.append(w("moveToRangeEnd", id=start.get(W + "id")))
    _first_mark(mark_properties(moved), revisions.mark("moveTo"))
    wrappers = _wrap(runs, lambda: revisions.mark("moveFrom"), deleted=False)
    origin = revisions.mark("moveFromRangeStart", name=name)
    wrappers[0].addprevious(origin)
    wrappers[-1].addnext(w("moveFromRangeEnd", id=origin.get(W + "id")))
    _first_mark(mark_properties(paragraph), revisions.mark("moveFrom"))
    after.addnext(moved)


def _relate(parts: dict[str, bytes], type_: str, target: str, content_type: str) -> None:
    """Relate word/``target`` to the main document (unless it is already) and declare its content type."""
    rels_name = "word/_rels/document.xml.rels"
    rels = parse(parts[rels_name]) if rels_name in parts else etree.Element(f"{{{RELS_NS}}}Relationships",
                                                                            nsmap={None: RELS_NS})
    if not any(r.get("Type") == type_ for r in rels):
        taken = {r.get("Id") for r in rels}
        ident = next(f"rIdComments{n or ''}" for n in range(len(taken) + 1) if f"rIdComments{n or ''}" not in taken)
        etree.SubElement(rels, f"{{{RELS_NS}}}Relationship", Id=ident, Type=type_, Target=target)
    parts[rels_name] = serialise(rels)
    types = parse(parts["[Content_Types].xml"])
    part_name = "/word/" + target
    if not any(t.get("PartName") == part_name for t in types):
        etree.SubElement(types, f"{{{TYPES_NS}}}Override", PartName=part_name, ContentType=content_type)
    parts["[Content_Types].xml"] = serialise(types)


def with_comment(data: bytes, paragraph_text: str, anchor_text: str, comment: str, author: str = "王处长",
                 date: str = "2026-10-10T09:00:00Z", initials: str | None = None) -> bytes:
    """``data`` with a 批注 as Word adds one (ECMA-376 Part 1 §17.13.4): w:commentRangeStart before the runs of
    ``anchor_text`` in the paragraph holding ``paragraph_text``, w:commentRangeEnd after them, a run holding the
    w:commentReference, and the comment in word/comments.xml (made, related and given its content type if absent)."""
    parts = read_parts(data)
    root = parse(parts["word/document.xml"])
    paragraph = find_paragraph(root.find(W + "body"), paragraph_text)
    comments_name = "word/comments.xml"
    comments = parse(parts[comments_name]) if comments_name in parts else etree.Element(W + "comments", nsmap={"w": W_NS})
    used = [int(c.get(W + "id")) for c in comments.iter(W + "comment")]
    ident = str(max(used, default=-1) + 1)
    runs = runs_covering(paragraph, anchor_text)
    runs[0].addprevious(w("commentRangeStart", id=ident))
    end = w("commentRangeEnd", id=ident)
    runs[-1].addnext(end)
    reference = w("r")
    reference.append(w("commentReference", id=ident))
    end.addnext(reference)
    entry = w("comment", id=ident, author=author, date=date, initials=initials if initials is not None else author[:1])
    text = etree.SubElement(entry, W + "p")
    mark = etree.SubElement(text, W + "r")
    mark.append(w("annotationRef"))
    run = etree.SubElement(text, W + "r")
    node = etree.SubElement(run, W + "t")
    node.text = comment
    node.set(XML_SPACE, "preserve")
    comments.append(entry)
    parts["word/document.xml"] = serialise(root)
    parts[comments_name] = serialise(comments)
    _relate(parts, COMMENTS_TYPE, "comments.xml", COMMENTS_CONTENT)
    return write_parts(parts)


# ---- (d) WPS -------------------------------------------------------------------------------------------------

WPS_APPLICATION = "WPS Office_11.1.0.11194_F1E327BC-269C-435d-A152-05C5408002CA"
_STYLE_REFERENCES = ("pStyle", "rStyle", "tblStyle", "basedOn", "next", "link", "numStyleLink", "styleLink")
_HEADING_LEVELS = {"GwHeading1": 0, "GwHeading2": 1, "GwHeading3": 2, "GwHeading4": 3}
_LATER_THAN_OUTLINE = ("divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def as_wps_saves(data: bytes, application: str = WPS_APPLICATION) -> bytes:
    """``data`` as WPS Writer is taken to save it: numeric style ids, headings by w:outlineLvl, drafting's marks gone.

    Known (seen in .docx files WPS wrote, found in public repositories): docProps/app.xml names the application
    ``WPS Office_<version>_F1E327BC-269C-435d-A152-05C5408002CA``; WPS writes a custom property
    ``KSOProductBuildVer`` (``2052-11.1.0.…``); files saved in Chinese have numeric style ids (``1`` for
    ``heading 1`` beside ``a`` for Normal, or ``1`` for Normal, ``2`` for ``heading 1``).
    Assumed, not verified (no WPS here): that WPS renumbers *every* style ``1``, ``2``… in the order styles.xml
    lists them; that a heading typed over with 大纲级别 keeps the body style and only gains w:outlineLvl (what a
    user who sets the level by hand gets); that it drops hidden ``_dft_`` bookmarks and the whole custom.xml
    (the worst case for drafting: it is not known whether WPS keeps either, so the fixture takes them away).
    """
    parts = read_parts(data)
    styles = parse(parts["word/styles.xml"])
    renamed = {style.get(W + "styleId"): str(number)
               for number, style in enumerate(styles.iter(W + "style"), start=1)}
    for style in styles.iter(W + "style"):
        style.set(W + "styleId", renamed[style.get(W + "styleId")])
    for name in [n for n in parts if n.startswith("word/") and n.endswith(".xml")]:
        root = styles if name == "word/styles.xml" else parse(parts[name])
        for node in root.iter(*(W + tag for tag in _STYLE_REFERENCES)):
            node.set(W + "val", renamed.get(node.get(W + "val"), node.get(W + "val")))
        if name == "word/document.xml":
            _outline_headings(root, {renamed[old]: level for old, level in _HEADING_LEVELS.items() if old in renamed},
                              renamed.get("Normal", "1"))
            _drop_drafting_bookmarks(root)
        parts[name] = serialise(root)
    _drop_part(parts, "docProps/custom.xml")
    app = parse(parts["docProps/app.xml"])
    found = app.find("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application")
    found.text = application
    parts["docProps/app.xml"] = serialise(app)
    return write_parts(parts)


def _outline_headings(document: Any, levels: dict[str, int], normal: str) -> None:
    """Each paragraph in a heading style (new id → level) put in the body style ``normal``, its level as
    w:outlineLvl (placed before any rPr, sectPr, pPrChange, as CT_PPr orders them)."""
    for style in document.iter(W + "pStyle"):
        level = levels.get(style.get(W + "val"))
        if level is None:
            continue
        properties = style.getparent()
        outline = w("outlineLvl", val=str(level))
        later = [c for c in properties if c.tag in {W + tag for tag in _LATER_THAN_OUTLINE}]
        later[0].addprevious(outline) if later else properties.append(outline)
        style.set(W + "val", normal)


def _drop_drafting_bookmarks(document: Any) -> None:
    """Remove every ``_dft_`` bookmark's start and end."""
    ids = set()
    for start in list(document.iter(W + "bookmarkStart")):
        if (start.get(W + "name") or "").startswith("_dft_"):
            ids.add(start.get(W + "id"))
            start.getparent().remove(start)
    for end in list(document.iter(W + "bookmarkEnd")):
        if end.get(W + "id") in ids:
            end.getparent().remove(end)


def _drop_part(parts: dict[str, bytes], name: str) -> None:
    """Remove a part with the package relationship and the content type that name it."""
    parts.pop(name, None)
    rels = parse(parts["_rels/.rels"])
    for relation in [r for r in rels if r.get("Target", "").lstrip("/") == name]:
        rels.remove(relation)
    parts["_rels/.rels"] = serialise(rels)
    types = parse(parts["[Content_Types].xml"])
    for override in [t for t in types if t.get("PartName") == "/" + name]:
        types.remove(override)
    parts["[Content_Types].xml"] = serialise(types)


# ---- (a) python-docx -----------------------------------------------------------------------------------------

def edit_with_python_docx(data: bytes, ops: Sequence[Edit]) -> bytes:
    """``data`` after a python-docx script made ``ops`` the way such scripts do: ``paragraph.text = …`` for a
    Replace (it drops the paragraph's runs and bookmarks and writes one plain run), the w:p removed for a
    Delete, a new w:p put after for an InsertAfter (same style), the w:p moved for a Move, and
    ``Document.add_comment(runs, text, author, initials)`` (python-docx 1.2) over the runs holding the anchor."""
    import docx
    from docx.oxml import parse_xml
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    document = docx.Document(io.BytesIO(data))

    def paragraph(text: str) -> Paragraph:
        return Paragraph(find_paragraph(document.element.body, text), document._body)

    for op in ops:
        found = paragraph(op.paragraph)
        if isinstance(op, Replace):
            found.text = found.text.replace(op.old, op.new, 1)
        elif isinstance(op, Delete):
            found._p.getparent().remove(found._p)
        elif isinstance(op, InsertAfter):
            new = parse_xml(etree.tostring(new_paragraph_like(found._p)))  # python-docx's own element class
            found._p.addnext(new)
            Paragraph(new, found._parent).add_run(op.text)
        elif isinstance(op, Move):
            paragraph(op.after)._p.addnext(found._p)
        elif isinstance(op, Comment):
            covering = runs_covering(found._p, op.anchor)
            comment = document.add_comment([Run(covering[0], found), Run(covering[-1], found)], op.text, op.author,
                                           op.author[:1])
            comment._comment_elm.set(W + "date", op.date)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---- (b) LibreOffice -----------------------------------------------------------------------------------------

def _job(edit: Edit) -> list[str]:
    """An edit as the LibreOffice script takes it: [kind, arguments…]."""
    if isinstance(edit, Replace):
        return ["replace", *edit]
    if isinstance(edit, Delete):
        return ["delete", edit.paragraph]
    if isinstance(edit, InsertAfter):
        return ["insert_after", *edit]
    if isinstance(edit, Comment):
        return ["comment", edit.paragraph, edit.anchor, edit.text, edit.author, edit.date]
    raise TypeError(f"the LibreOffice fixture makes no {type(edit).__name__}")


def edited_in_libreoffice(data: bytes, edits: Sequence[Edit], folder: Path, python: str, record: bool = False,
                          author: str = AUTHOR) -> bytes:
    """``data`` opened in LibreOffice, ``edits`` made through the UNO text API (with Record Changes on when
    ``record``, as ``author``), saved as "MS Word 2007 XML". ``python`` has LibreOffice's uno (``require_uno()``);
    LibreOffice runs with a private profile, sockets and temporary folder under ``folder``, and is stopped by its
    pid (its process group) whatever happens; the folder is left empty of it."""
    import json
    import os
    import secrets
    import shutil
    import signal
    import subprocess

    from drafting.office.soffice import find_soffice, office_env, pipe_file, single_instance_pipe

    from .conftest import require_soffice

    require_soffice()
    work = folder / f"lo-{secrets.token_hex(4)}"
    work.mkdir()
    source, saved, job = work / "in.docx", work / "out.docx", work / "job.json"
    source.write_bytes(data)
    profile, pipe = (work / "profile").as_uri(), f"draft-test-{os.getpid()}-{secrets.token_hex(4)}"
    job.write_text(json.dumps({"in": str(source), "out": str(saved), "edits": [_job(e) for e in edits],
                               "record": record, "author": author}), encoding="utf-8")
    leftovers = {"sockets": [str(pipe_file(n)) for n in (single_instance_pipe(profile), pipe)]}
    process = subprocess.Popen([python, str(Path(__file__).with_name("office") / "libreoffice_edit.py"),
                                str(find_soffice()), profile, pipe, str(job), json.dumps(leftovers)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=office_env(work / "tmp"))
    try:
        try:
            out, err = process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
        finally:
            for line in (out if process.returncode is not None else "").splitlines():
                if line.startswith('{"started"'):
                    try:
                        os.killpg(json.loads(line)["started"], signal.SIGKILL)  # gone already unless it hung
                    except OSError:
                        pass
            for socket in leftovers["sockets"]:
                Path(socket).unlink(missing_ok=True)
        answers = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        assert any("done" in a for a in answers), f"LibreOffice did not save: {answers} {err[-2000:]}"
        return saved.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)
