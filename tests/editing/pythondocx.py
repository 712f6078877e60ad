"""Edits made the way python-docx scripts make them (python-docx 1.2)."""
from __future__ import annotations

import io
from typing import Sequence

from lxml import etree

from .edits import Comment, Delete, DeleteRow, Edit, InsertAfter, InsertRow, Move, Replace
from .xml import W, find_paragraph, new_paragraph_like, row_like, row_of, runs_covering


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
        elif isinstance(op, InsertRow):  # a script copies a row's XML and sets its cells' text
            row_of(found._p).addnext(parse_xml(etree.tostring(row_like(row_of(found._p), op.cells))))
        elif isinstance(op, DeleteRow):
            row = row_of(found._p)
            row.getparent().remove(row)
        elif isinstance(op, Comment):
            covering = runs_covering(found._p, op.anchor)
            comment = document.add_comment([Run(covering[0], found), Run(covering[-1], found)], op.text, op.author,
                                           op.author[:1])
            if op.date:  # python-docx writes the time of the call
                comment._comment_elm.set(W + "date", op.date)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
