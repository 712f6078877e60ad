"""`draft check --layout`: render forms (built first) and any .docx through LibreOffice, then read the pages."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import ERROR, DraftError, FormError, Location, Problem, display_name, os_reason
from ..form.validate import load_form
from ..importing.paragraphs import read_paragraphs
from ..office.holder import Office
from ..office.soffice import NO_LIBREOFFICE, find_soffice
from ..ooxml.reader import read_docx, written_by_drafting
from ..options import Session
from ..pipeline.checking import findings_of, with_checks
from ..pipeline.stages import run

MAX_PAGES = 300  # a report is a few pages; a longer file is measured in parts
NO_LIBREOFFICE_FOR_LAYOUT = Problem(Location("LibreOffice"), "没有找到 LibreOffice，无法检查版面（--layout 要用它排出页面）",
                                    NO_LIBREOFFICE.hint, "L001", ERROR)


def check_layouts(paths: list[Path], session: Session, office: Office | None = None) -> list[Problem]:
    """The form checks of each form, then the layout findings of every document as printed (by ``office``, else
    by a LibreOffice of this call's own)."""
    if find_soffice() is None:
        return [NO_LIBREOFFICE_FOR_LAYOUT]
    findings: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="draft-layout-") as scratch:
        documents: list[tuple[str, Path, str, int | None]] = []  # name, .docx, its text, title paragraphs
        for index, path in enumerate(paths):
            name = display_name(path)
            try:
                docx, form_findings = _document(path, session)
            except FormError as error:
                findings.extend(with_checks(error, session))
                continue
            except DraftError as error:
                findings.extend(error.problems)
                continue
            findings.extend(form_findings)
            target = Path(scratch, f"{index:05d}.docx")
            target.write_bytes(docx)
            try:  # a .docx given is read as draft import reads it: any file gets a Chinese answer
                paragraphs = read_paragraphs(path)[0] if path.suffix.lower() == ".docx" else read_docx(docx).paragraphs
            except DraftError as error:
                findings.extend(error.problems)
                continue
            text = "".join(paragraph.text for paragraph in paragraphs)
            titles = sum(p.role == "标题" for p in paragraphs) if written_by_drafting(target) else None
            documents.append((name, target, text, titles))
        own = office is None
        office = office or Office()
        try:
            pdfs, problems = office.render([docx for _, docx, _, _ in documents], Path(scratch))
        finally:
            if own:
                office.close()
        findings.extend(problems)
        from ..check.pagecheck import layout_findings
        from ..check.pdfpages import TooManyPages, measure

        for (name, _, text, titles), pdf in zip(documents, pdfs):
            if pdf is None:
                continue
            try:
                pages = measure(pdf, MAX_PAGES)
            except TooManyPages as many:
                findings.append(Problem(Location(name), f"排出来有 {many} 页，超过版面检查的上限 {MAX_PAGES} 页",
                                        "把文稿拆成几份再检查", "L002", ERROR))
                continue
            findings.extend(layout_findings(name, pages, text, titles))
    return findings


def _document(path: Path, session: Session) -> tuple[bytes, list[Problem]]:
    """The .docx to print: the file itself, or the form built (with the form's own findings)."""
    if path.suffix.lower() == ".docx":
        try:
            return path.read_bytes(), []
        except OSError as exc:
            raise DraftError([Problem(Location(display_name(path)), f"读不了这个文件：{os_reason(exc)}",
                                      "检查文件名和权限", "L003", ERROR)]) from None
    form = load_form(path, session)
    return run(form, "docx", session, findings=[]).data, findings_of(form, session)
