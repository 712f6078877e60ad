"""Read the edited .docx for a merge: its paragraphs and tables as text, refusing what is not a readable .docx."""
from __future__ import annotations

from typing import Any

from ..errors import Location, Problem
from ..ooxml.origins import DraftProperties, read_properties
from ..ooxml.parser import UNREADABLE_DOCX
from ..ooxml.reader import DocxTooLarge, ReadDocument, ReadParagraph, read_docx
from .model import MergeError
from .pairing import Para

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_edited(data: bytes, name: str, reject_revisions: bool = False) \
        -> tuple[list[Para], DraftProperties, list[Problem]]:
    """The edited document's paragraphs with text and its tables, what drafting recorded in it, and what the reader
    could not read (a broken comments part)."""
    where = Location(name)
    if data.startswith(OLE_MAGIC):
        raise MergeError(Problem(where, f"“{name}”是加密的或旧版 Word（.doc）文件，读不了",
                                 "在 Word 里去掉密码（文件→信息→保护文档），另存为 .docx 后再合并", "M003"))
    try:
        document = read_docx(data, reject_revisions=reject_revisions)
        properties = read_properties(data)
    except DocxTooLarge:
        raise MergeError(Problem(where, f"“{name}”解压后太大，不像一份报告", "确认文件没有损坏，图片另存后再合并",
                                 "M004")) from None
    except UNREADABLE_DOCX:
        raise MergeError(Problem(where, f"“{name}”不是完好的 .docx 文件（已损坏或不是 Word 文档）",
                                 "在 Word 或 WPS 里打开它，另存为 .docx 后再合并", "M004")) from None
    return paragraphs_of(document), properties, list(getattr(document, "warnings", ()))


def paragraphs_of(document: ReadDocument) -> list[Para]:
    """The paragraphs with text and the tables of a read document, as the merge compares them; the 批注 and 修订
    of a paragraph left empty go with the paragraph before it (the first one's, with the next).

    The reviews are gathered in lists and made tuples once: 100,000 empty paragraphs each with a 修订 cost their
    number, not its square."""
    found: list[tuple[Any, list, list]] = []   # (the read paragraph, its comments, its revisions)
    waiting: tuple[list, list] = ([], [])
    for paragraph in document.paragraphs:
        comments, revisions = getattr(paragraph, "comments", ()), getattr(paragraph, "revisions", ())
        if paragraph.table is None and not paragraph.text.strip():
            into = (found[-1][1], found[-1][2]) if found else waiting
            into[0].extend(comments)
            into[1].extend(revisions)
            continue
        found.append((paragraph, waiting[0] + list(comments), waiting[1] + list(revisions)))
        waiting = ([], [])
    paragraphs: list[Para] = []
    for paragraph, comments, revisions in found:
        review = (tuple(comments), tuple(revisions))
        if paragraph.table is not None:
            paragraphs.append(Para("", "表格", paragraph.origin, paragraph.table.rows, *review))
        else:
            paragraphs.append(Para(paragraph.text, role_of(paragraph), paragraph.origin, None, *review))
    return paragraphs


HEADING_ROLES = ("一级标题", "二级标题", "三级标题", "四级标题")


def role_of(paragraph: ReadParagraph) -> str | None:
    """The paragraph's drafting role; a body paragraph (or one in a style drafting does not write) with outline
    level 0–3 (WPS's 大纲级别, Word's 段落 ▸ 大纲级别) is a heading of level 1–4."""
    outline = getattr(paragraph, "outline", None)
    if paragraph.role in (None, "正文") and outline is not None and 0 <= outline < len(HEADING_ROLES):
        return HEADING_ROLES[outline]
    return paragraph.role
