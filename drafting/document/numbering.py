"""Number every level of a document: 一、（一）1.（1）, 一是……, and 附件 1. 2."""
from __future__ import annotations

from .ast import Annex, Attachments, Block, Document, Enumeration, Heading, Paragraph
from .numerals import attachment_label, enumeration_label, heading_label


def _label_enumeration(enum: Enumeration | None) -> Enumeration | None:
    if enum is None:
        return None
    return enum._replace(labels=tuple(enumeration_label(i) for i in range(1, len(enum.items) + 1)))


def number_document(doc: Document) -> Document:
    """Return ``doc`` with the number of every heading, list item and attachment filled in.

    Counters restart under each parent and at each attachment's pages (labelled 附件N, or 附件 when it
    is the only attachment). A heading marked ``continuous`` keeps the
    counter of its grandchildren running across its children (an implementation plan's
    measures 1–12 across （一）（二）（三））.
    """
    counters = [0] * 6  # index = level
    ancestors: list[Heading] = []
    out: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = block.level
            while ancestors and ancestors[-1].level >= level:
                ancestors.pop()
            counters[level] += 1
            kept = {a.level + 2 for a in ancestors if a.continuous}
            for deeper in range(level + 1, len(counters)):
                if deeper not in kept:
                    counters[deeper] = 0
            ancestors.append(block)
            number = heading_label(level, counters[level], doc.two_level)
            out.append(block._replace(number=number, enumeration=_label_enumeration(block.enumeration)))
        elif isinstance(block, Paragraph):
            out.append(block._replace(enumeration=_label_enumeration(block.enumeration)))
        elif isinstance(block, Annex):  # an attachment's pages number their headings afresh
            counters = [0] * 6
            ancestors = []
            out.append(block._replace(label="附件" if block.count == 1 else f"附件{block.number}"))
        elif isinstance(block, Attachments):
            labels = tuple(attachment_label(i, len(block.items)) for i in range(1, len(block.items) + 1))
            out.append(block._replace(labels=labels))
        else:
            out.append(block)
    return doc._replace(blocks=tuple(out), numbered=True)
