"""draft build --pdf: measure the printed pages and fit them — the 版记's own page unnumbered (and even),
and, with --tighten, a paragraph whose last line holds one or two characters set 0.3 pt tighter; printed
lines are related to paragraphs by the origin bookmarks LibreOffice prints as named destinations."""
from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Iterable, Iterator

from ..atomic import write_atomic
from ..chars import ink
from ..errors import ERROR, NOTICE, WARNING, Location, OutputError, Problem, display_name
from ..office.holder import Office
from ..ooxml.origins import Bookmarks
from ..writers.docx import Fitting, write_docx
from ..writers.layout import SIGNATURE_ROLES, Para
from .pdf import convert_to_pdf
from .result import Built


# LibreOffice names a framed paragraph's bookmark “_dft_1_4 Copy 1” (the 版记), written 5Fdft5F15F42520Copy25201
_COPY = re.compile(r"2520Copy2520\d+$")


def _paragraph_of_lines(pages, paras: list[Para]) -> dict[tuple[int, int], int]:  # type: ignore[no-untyped-def]
    """(page number, line's baseline) → index of the layout paragraph the printed line belongs to: by the origin
    bookmarks LibreOffice printed as named destinations, else by counting characters."""
    return _by_origin(pages, paras) or _by_characters(pages, paras)


def _by_origin(pages, paras: list[Para]) -> dict[tuple[int, int], int] | None:  # type: ignore[no-untyped-def]
    """Each printed line's paragraph, read from where each paragraph's origin bookmark was printed (the last one
    above the line); None when some printed paragraph has no origin or the PDF carries no bookmarks."""
    if any(para.text.strip() and not para.origin for para in paras):
        return None  # a template that names no form paths: counting characters is the way
    marks, index_of = Bookmarks(), {}
    for index, para in enumerate(paras):
        if para.origin:  # the bookmark the writer gave it, as LibreOffice names the destination (“_” as 5F)
            index_of[marks.mark(para.origin)[1].replace("_", "5F")] = index
    placed = [(page.number, top, index_of[name]) for page in pages for name, top in
              ((_COPY.sub("", name), top) for name, top in page.marks) if name in index_of]
    if len(placed) < len(index_of) // 2 or not placed:
        return None
    placed.sort()
    owner: dict[tuple[int, int], int] = {}
    for page in pages:
        for line in page.lines:
            here = bisect.bisect_right(placed, (page.number, line.baseline - 1, len(paras))) - 1
            owner[(page.number, round(line.baseline))] = placed[max(here, 0)][2]
    return owner


def _by_characters(pages, paras: list[Para]) -> dict[tuple[int, int], int]:  # type: ignore[no-untyped-def]
    """Each printed line's paragraph found by counting characters along the lines: every character of the text
    is printed in order (the rendering test holds it)."""
    ends, total = [], 0
    for para in paras:
        total += len(ink(para.text))
        ends.append(total)
    owner, position = {}, 0
    for page in pages:
        for line in page.lines:
            owner[(page.number, round(line.baseline))] = min(bisect.bisect_right(ends, position), len(paras) - 1)
            position += len(ink(line.text))
    return owner


def plan_fitting(pages, paras: list[Para], tighten: bool) -> Fitting:  # type: ignore[no-untyped-def]
    """What to change so the printed pages meet GB/T 9704 7.5 (and, with ``tighten``, lose their stray lines);
    ``pages`` may be read lazily (``PrintedPages``): without ``tighten`` only the last pages are looked at."""
    from ..check.pagecheck import imprint_page, signature_alone, stray_last_lines

    alone = imprint_page(pages)
    where = None if alone is None else ("even" if alone.number % 2 else "next")
    to_carry = signature_alone(pages)
    owner = _paragraph_of_lines(pages, paras) if to_carry or tighten else {}  # reads every page: only when needed
    carried = _carried(pages, paras, owner) if to_carry else None
    tightened: set[int] = set()
    if tighten:
        for page, line in stray_last_lines(pages):
            index = owner.get((page.number, round(line.baseline)))
            if index is not None and paras[index].role == "正文" and not paras[index].in_frame:
                tightened.add(index)
    return Fitting(frozenset(tightened), where, carried)


def _carried(pages, paras: list[Para], owner: dict[tuple[int, int], int]) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Where to cut the body's last paragraph so its last two printed lines go over to the signature's page
    (it is longer than LibreOffice will move whole): (paragraph, character offset in its text)."""
    start = next((i for i, para in enumerate(paras) if para.role in SIGNATURE_ROLES), None)
    index = (start or 0) - 1
    while index >= 0 and (not paras[index].text or paras[index].role in ("附件说明",)):
        index -= 1
    if index < 0 or paras[index].role != "正文":
        return None
    printed = [line for page in pages for line in page.lines if owner.get((page.number, round(line.baseline))) == index]
    if len(printed) < 3:
        return None
    keep = sum(len(ink(line.text)) for line in printed[:-2])  # printed characters that stay
    seen = 0
    for offset, char in enumerate(paras[index].text):
        if seen == keep:
            return index, offset
        seen += len(ink(char))
    return None


def plan_printed(pdf: Path, paras: list[Para], tighten: bool) -> Fitting:
    """``plan_fitting`` for a printed PDF, reading only the pages it looks at: the last ones (back to the
    成文日期), or every page when lines are matched to paragraphs (--tighten, a signature page to fill)."""
    from ..check.pdfpages import PrintedPages

    with PrintedPages(pdf) as pages:
        return plan_fitting(pages, paras, tighten)


def print_and_fit(printed: Iterable[tuple[Built | None, Path]], office: Office, tighten: bool) -> list[Problem]:
    """Convert the documents to PDF beside them and fit the pages of those given with their ``Built``.

    Each PDF is measured as soon as it is made, in the thread that converted it, while the office's other
    converters go on: with N converters both the conversions and the measuring keep N cores busy. ``printed``
    that is not a list is read as the converters get free (a build hands each document over when written)."""
    taken: list[tuple[Built | None, Path]] = []  # in the order the converters took them
    plans: dict[int, Fitting | None] = {}

    def planned(index: int, pdf: Path) -> None:
        built = taken[index][0]
        if built is not None:
            try:
                plans[index] = plan_printed(pdf, built.laid, tighten)
            except Exception:  # measured again by fit_pages, in the caller's thread, where it is said as before
                plans[index] = None

    def documents() -> Iterator[Path]:
        for built, docx in printed:
            taken.append((built, docx))
            yield docx

    from ..check.pdfpages import load_reader

    load_reader()  # while LibreOffice starts (it takes longer): the first PDF is measured without waiting for it
    source = documents()
    problems = convert_to_pdf(list(source) if isinstance(printed, list) else source, office, printed=planned)
    if any(p.severity == ERROR for p in problems):
        return problems
    fitted = [(built, docx, plans.get(index)) for index, (built, docx) in enumerate(taken) if built is not None]
    return problems + fit_pages([(built, docx) for built, docx, _ in fitted], office, tighten,
                                [plan for _, _, plan in fitted])


def fit_pages(printed: list[tuple[Built, Path]], office: Office, tighten: bool,
              plans: list[Fitting | None] | None = None) -> list[Problem]:
    """For each document just built (``Built``) and written to a .docx with its PDF beside it, fit the pages and
    print again with the same ``office`` where needed; says what it did. The document is the one given: the form
    is not read again and the document not laid out again. ``plans`` holds the fitting each PDF asks for where
    it was measured already (``print_and_fit``); the others are measured here."""
    from ..check.pagecheck import stray_last_lines
    from ..check.pdfpages import measure

    redo: list[tuple[Path, Fitting, list[str]]] = []
    problems: list[Problem] = []
    for (built, docx_path), plan in zip(printed, plans or [None] * len(printed)):
        if not docx_path.with_suffix(".pdf").is_file():
            continue
        paras = built.laid
        fitting = plan if plan is not None else plan_printed(docx_path.with_suffix(".pdf"), paras, tighten)
        if fitting == Fitting():
            continue
        assert built.form.profile is not None
        try:
            write_atomic(docx_path, write_docx(built.document, built.form.profile, None, fitting, laid=paras))
        except OutputError as error:
            problems.extend(error.problems)
            continue
        said = [f"“{paras[i].text[:12]}…”这一段字距收紧 0.3 磅，把末行的一两个字收回上一行"
                for i in sorted(fitting.tightened)]
        if fitting.carried:
            said.append(f"“{paras[fitting.carried[0]].text[:12]}…”这一段的最后两行移到落款页，落款页上有了正文")
        if fitting.imprint_page:
            said.append("版记单独成页，这一页不编页码" + ("，前面加一空白页使它落在偶数页" if fitting.imprint_page == "even" else ""))
        redo.append((docx_path, fitting, said))
    problems.extend(convert_to_pdf([docx for docx, _, _ in redo], office, fonts=False))  # named at the first print
    for docx_path, fitting, said in redo:
        name = display_name(docx_path)
        problems.extend(Problem(Location(name), text, "", "P010", NOTICE) for text in said)
        if fitting.tightened:
            left = stray_last_lines(measure(docx_path.with_suffix(".pdf")))
            problems.extend(Problem(Location(name), f"第{page.number}页仍有只有“{line.text}”的末行",
                                    "删减或增加这一段里的一两个字", "P011", WARNING) for page, line in left)
    return problems
