"""Attachments with pages of their own (附件1 on a new page, its title, its content) and tables, as draft import reads them."""
from __future__ import annotations

import re

from ..ooxml.reader import ReadParagraph
from ..records import NamedTuple

_LABEL = re.compile(r"^附件\s*(\d{1,2})?$")
_DATE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


class Annex(NamedTuple):
    """One attachment's pages: its number (1 when it is the only one), title, and content paragraphs."""

    number: int
    title: str
    paragraphs: list[ReadParagraph]


def _is_label(paragraph: ReadParagraph, styled: bool) -> bool:
    if paragraph.table is not None:
        return False
    if styled:
        return paragraph.role == "附件标识"
    return _LABEL.match(paragraph.text.strip()) is not None


def split_annexes(paragraphs: list[ReadParagraph], styled: bool) -> tuple[list[ReadParagraph], list[Annex]]:
    """The report's own paragraphs, and the attachments' pages that follow its 成文日期 (GB/T 9704 7.3.7)."""
    dated = next((i for i, p in enumerate(paragraphs) if p.role == "成文日期" or _DATE.match(p.text)), None)
    if dated is None:
        return paragraphs, []
    starts = [i for i in range(dated + 1, len(paragraphs)) if _is_label(paragraphs[i], styled)]
    if not starts:
        return paragraphs, []
    annexes = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(paragraphs)
        found = _LABEL.match(paragraphs[start].text.strip())
        number = int(found.group(1)) if found and found.group(1) else index + 1
        rest = paragraphs[start + 1:end]
        while rest and not rest[0].text.strip() and rest[0].table is None:
            rest = rest[1:]
        title: list[str] = []
        if styled:
            while rest and rest[0].role == "附件标题":
                title.append(rest.pop(0).text.strip())
        else:
            while rest and rest[0].text.strip() and rest[0].table is None and len(title) < 3:
                title.append(rest.pop(0).text.strip())
        annexes.append(Annex(number, "".join(title), rest))
    return paragraphs[:starts[0]], annexes
