"""Word's 修订 (tracked changes) and 批注 (comments), written as Word writes them (ECMA-376 Part 1 §17.13)."""
from __future__ import annotations

import copy
from typing import Any, Sequence

from lxml import etree

from .edits import AUTHOR, DATE, Delete, DeleteRow, Edit, InsertAfter, InsertRow, Move, Replace
from .xml import (COMMENTS_CONTENT, COMMENTS_TYPE, RELS_NS, TYPES_NS, W, W_NS, XML_SPACE, find_paragraph,
                  mark_properties, new_paragraph_like, next_id, parse, plain_run, read_parts, row_like, row_of,
                  row_properties, run_like, runs_covering, runs_of, serialise, w, write_parts)


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
            _wrap(runs_of(paragraph), lambda: revisions.mark("del"), deleted=True)
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
        elif isinstance(edit, InsertRow):  # the row marked, and each cell's runs and paragraph mark (§17.13.5.18)
            row = row_like(row_of(paragraph), edit.cells)
            row_properties(row).append(revisions.mark("ins"))
            for cell_paragraph in row.iter(W + "p"):
                _wrap(runs_of(cell_paragraph), lambda: revisions.mark("ins"), deleted=False)
                _first_mark(mark_properties(cell_paragraph), revisions.mark("ins"))
            row_of(paragraph).addnext(row)
        elif isinstance(edit, DeleteRow):  # the row marked (§17.13.5.14), and each cell's runs
            row = row_of(paragraph)
            row_properties(row).append(revisions.mark("del"))
            for cell_paragraph in row.iter(W + "p"):
                _wrap(runs_of(cell_paragraph), lambda: revisions.mark("del"), deleted=True)
        else:
            raise TypeError(f"Word's 修订 make no {type(edit).__name__}: use with_comment")
    parts["word/document.xml"] = serialise(root)
    return write_parts(parts)


def _move(body: Any, paragraph: Any, after: Any, revisions: _Revisions) -> None:
    """Move ``paragraph`` after ``after`` with 修订 on: the old place's runs in w:moveFrom, a copy in w:moveTo."""
    name = f"move{revisions.next}"
    runs = runs_of(paragraph)
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
