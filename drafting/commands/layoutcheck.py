"""`draft check --layout`: render forms (built first) and any .docx through LibreOffice, then read the pages."""
from __future__ import annotations

from pathlib import Path

from ..errors import ERROR, DraftError, FormError, Location, Problem, display_name, os_reason
from ..form.validate import load_form
from ..importing.paragraphs import read_paragraphs
from ..office.holder import Office
from ..office.soffice import NO_LIBREOFFICE, find_soffice
from ..ooxml.comments import without_comments
from ..ooxml.parser import UNREADABLE_DOCX
from ..ooxml.provenance import written_by_drafting
from ..ooxml.reader import DocxTooLarge, read_docx
from ..ooxml.sanitise import without_external_links
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
    if office is not None:
        return _check_layouts(paths, session, office)
    with Office() as own:
        return _check_layouts(paths, session, own)


def _check_layouts(paths: list[Path], session: Session, office: Office) -> list[Problem]:
    """check_layouts with the LibreOffice holder that prints the documents (its scratch folder holds them)."""
    findings: list[Problem] = []
    with office.scratch("draft-layout-") as scratch:
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
            try:  # a .docx given is read as draft import reads it: any file gets a Chinese answer
                paragraphs = read_paragraphs(path)[0] if path.suffix.lower() == ".docx" else read_docx(docx).paragraphs
            except DraftError as error:
                findings.extend(error.problems)  # a file the reader refuses never reaches LibreOffice
                continue
            if path.suffix.lower() == ".docx":
                safe = _without_links(docx, name)
                if isinstance(safe, Problem):
                    findings.append(safe)
                    continue
                docx = safe
            target.write_bytes(docx)
            text = "".join(paragraph.text for paragraph in paragraphs)
            titles = sum(p.role == "标题" for p in paragraphs) if written_by_drafting(target) else None
            documents.append((name, target, text, titles))
        pdfs, problems = office.render([docx for _, docx, _, _ in documents], Path(scratch))
        findings.extend(_named(problems, {display_name(docx): name for name, docx, _, _ in documents}))
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


def _named(problems: list[Problem], names: dict[str, str]) -> list[Problem]:
    """LibreOffice's problems located at the user's file, not at the temporary copy it was given."""
    named = []
    for problem in problems:
        name = names.get(problem.location.file or "")
        if name is not None:
            problem = problem._replace(location=problem.location._replace(file=name),
                                       message=problem.message.replace(problem.location.file, name))
        named.append(problem)
    return named


def _without_links(docx: bytes, name: str) -> bytes | Problem:
    """The user's .docx without external links (LibreOffice would fetch them), or why it is not converted."""
    try:  # comments removed too: the resident LibreOffice (7.4, no GUI) aborts on a view showing them
        return without_comments(without_external_links(docx)[0])
    except DocxTooLarge:
        return Problem(Location(name), f"“{name}”里有的部分解压后过大（可能是压缩炸弹），没有交给 LibreOffice",
                       "用 Word 或 WPS 打开后另存为 .docx 再检查", "L004", ERROR)
    except UNREADABLE_DOCX:
        return Problem(Location(name), f"“{name}”里的关系部分（.rels）坏了或不安全，没有交给 LibreOffice",
                       "用 Word 或 WPS 打开后另存为 .docx 再检查", "L004", ERROR)


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
