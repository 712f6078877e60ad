"""Edits a leader makes in Word, done with python-docx on a built .docx (the runs kept, so the markers survive)."""
from __future__ import annotations

import copy
import io
from typing import Any

import docx
from docx.oxml.ns import qn


def opened(data: bytes) -> Any:
    """The .docx ``data`` opened with python-docx."""
    return docx.Document(io.BytesIO(data))


def saved(document: Any) -> bytes:
    """``document`` saved as .docx bytes."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def body_paragraphs(document: Any) -> list[Any]:
    """The body's paragraphs with text, in order."""
    return [p for p in document.paragraphs if p.text.strip()]


def replace_in(document: Any, old: str, new: str) -> bool:
    """``old`` replaced by ``new`` inside one run (the bookmark around the paragraph stays)."""
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new, 1)
                return True
    return False


def delete_paragraph(paragraph: Any) -> None:
    """``paragraph`` removed from the body."""
    element = paragraph._p
    element.getparent().remove(element)


def insert_after(paragraph: Any, text: str, like: Any | None = None) -> Any:
    """A new paragraph after ``paragraph`` with ``text``, in the style (pPr) of ``like`` (default: ``paragraph``)."""
    model = (like if like is not None else paragraph)._p
    new = copy.deepcopy(model)
    for child in list(new):
        if child.tag != qn("w:pPr"):
            new.remove(child)
    paragraph._p.addnext(new)
    run = new.makeelement(qn("w:r"), {})
    t = run.makeelement(qn("w:t"), {})
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    new.append(run)
    return new


def move_after(paragraph: Any, anchor: Any) -> None:
    """``paragraph`` moved to just after ``anchor``."""
    anchor._p.addnext(paragraph._p)
