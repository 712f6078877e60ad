"""``draft check --annotate --pdf``: the annotated copy printed by LibreOffice, its comments (批注) in the page margin."""
from __future__ import annotations

from pathlib import Path

from ..errors import ERROR, WARNING, Location, Problem, display_name
from ..office.holder import Office
from ..office.soffice import NO_LIBREOFFICE, find_soffice
from ..ooxml.comments import read_comments
from ..ooxml.parser import UNREADABLE_DOCX
from ..ooxml.reader import DocxTooLarge
from ..ooxml.sanitise import without_external_links
from ..options import Session
from ..records import NamedTuple
from .annotate import AUTHOR, pdf_target

MAX_COUNTED_PAGES = 300  # a report is a few pages; the comments of a longer file are not counted


class Printed(NamedTuple):
    """What --pdf made: the PDF written (None if none), what went wrong or is worth knowing (A020–A022, P002)."""

    pdf: Path | None
    problems: list[Problem]


def print_annotated(target: Path, data: bytes, session: Session, office: Office | None = None) -> Printed:
    """Print the annotated copy ``data`` (written at ``target``) to a PDF beside it with the comments in the page
    margin, by ``office`` or a LibreOffice of this call's own; how many of draft check's comments did not fit is
    said (A022)."""
    name = display_name(target)
    if find_soffice() is None:
        return Printed(None, [Problem(Location(name), f"没有找到 LibreOffice，没有生成“{display_name(pdf_target(target))}”"
                                                      f"（审核稿“{name}”已经写出）", NO_LIBREOFFICE.hint, "A020")])
    try:  # what LibreOffice must not fetch: a reviewed .docx may link pictures or templates elsewhere
        safe = without_external_links(data)[0]
        comments = sum(comment.author == AUTHOR for comment in read_comments(data))
    except (DocxTooLarge, *UNREADABLE_DOCX):
        return Printed(None, [_not_printed(target, "文稿里有的部分过大或坏了")])
    if office is None:
        with Office(resident=False) as own:
            return _print(target, safe, comments, session, own)
    return _print(target, safe, comments, session, office)


def _print(target: Path, data: bytes, comments: int, session: Session, office: Office) -> Printed:
    """print_annotated with the LibreOffice holder that prints (its scratch folder holds the copy and the PDF)."""
    from ..atomic import write_new

    with office.scratch("draft-margin-") as scratch:
        copy = Path(scratch, "审核稿.docx")
        copy.write_bytes(data)
        [pdf], problems = office.render([copy], Path(scratch), margin=True)
        if pdf is None:
            return Printed(None, [p if p.code in ("P002", "A021") else _not_printed(target, "LibreOffice 没能转换它")
                                  for p in problems] or [_not_printed(target, "LibreOffice 没能转换它")])
        printed = printed_comments(pdf)
        write_new(pdf_target(target), pdf.read_bytes(), session.options.overwrite,
                  "用 -o 换一个审核稿的文件名，或加 --overwrite 覆盖")
    missing = comments - printed if printed is not None else 0
    if missing <= 0:
        return Printed(pdf_target(target), [])
    shown = display_name(pdf_target(target))
    return Printed(pdf_target(target), [Problem(
        Location(shown), f"PDF 里有 {missing} 条批注没有印出来：一页上的批注太多，LibreOffice 在页边放不下",
        f"这些批注在“{display_name(target)}”里都有，用 Word 或 WPS 打开看；或先改掉一部分问题再生成", "A022", WARNING)])


def _not_printed(target: Path, why: str) -> Problem:
    """A021: the annotated copy ``target`` was written, its PDF was not made, and ``why``."""
    return Problem(Location(display_name(target)), f"审核稿已经写出，但没能印成批注在页边的 PDF：{why}",
                   "用 LibreOffice 打开审核稿看看是否有问题；或去掉 --pdf，在 Word 或 WPS 里看批注", "A021", ERROR)


def printed_comments(pdf: Path) -> int | None:
    """How many comments by draft check the PDF shows (each printed comment's box names its author on a line of
    its own size; the comment's cut-off text may overlap it, so lines are told apart by height and size); None
    for a PDF too long to count."""
    from ..check.pdfpages import TooManyPages, printed_chars

    author = "".join(AUTHOR.split())
    try:
        pages = printed_chars(pdf, MAX_COUNTED_PAGES)
    except TooManyPages:
        return None
    count = 0
    for chars in pages:
        lines: dict[tuple[float, float], list[tuple[float, str]]] = {}
        for char in chars:
            lines.setdefault((round(char["top"], 1), round(char["size"], 1)), []).append((char["x0"], char["text"]))
        count += sum("".join(text for _, text in sorted(line)).replace(" ", "").count(author)
                     for line in lines.values())
    return count


def failed_print(printed: Printed) -> bool:
    """Whether --pdf failed (no PDF): the command then exits 1."""
    return any(p.severity == ERROR for p in printed.problems)
