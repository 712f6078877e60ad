"""``draft check --annotate``: the report with every finding as a Word comment (批注) on the text it concerns."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..errors import ERROR, NOTICE, DraftError, FormError, Location, OutputError, Problem, UsageError, display_name
from ..form.validate import load_form
from ..office.holder import Office
from ..ooxml.comments import Comment, Signature, add_comments, paragraphs, read_comments
from ..ooxml.parser import UNREADABLE_DOCX
from ..ooxml.reader import DocxTooLarge
from ..options import Session
from ..pipeline.checking import findings_of
from ..pipeline.stages import run
from ..records import NamedTuple
from .anchors import Anchor, FieldPlaces, Paragraphs, document_anchor, form_anchor

AUTHOR, INITIALS = "draft check", "DC"
MAX_DOCX_BYTES = 100_000_000  # a report is a few MB; a bigger file is refused before it is read


class Annotated(NamedTuple):
    """An annotated copy: its bytes, the findings (notices apart), how many were anchored on their own text,
    and how many comments the input already had."""

    data: bytes
    findings: list[Problem]
    notices: list[Problem]
    exact: int
    kept: int


def comment_date(text: str | None, now: datetime.datetime | None = None) -> str:
    """--date as WordprocessingML writes it (2024-04-10T09:30:00Z); None: now, in UTC. Raises UsageError (A006)."""
    if text is None:
        moment = now or datetime.datetime.now(datetime.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?", text.strip())
    try:
        if found is None:
            raise ValueError(text)
        parts = [int(part) if part else 0 for part in found.groups()]
        moment = datetime.datetime(*parts)  # type: ignore[arg-type]
    except ValueError:
        raise UsageError(Problem(Location("命令行"), f"--date “{text}”不是日期或时间",
                                 "写成 2024-04-10 或 2024-04-10T09:30", "A006")) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def comment_lines(problem: Problem) -> tuple[str, ...]:
    """A comment's text: code, severity and message; the hint; where in the form (for whoever holds it)."""
    lines = [f"{problem.code} {problem.severity}：{problem.message}"]
    if problem.hint:
        lines.append(f"修改建议：{problem.hint}")
    if problem.location.line is not None and not problem.location.file.lower().endswith(".docx"):
        lines.append(f"表单位置：{problem.location}")
    return tuple(lines)


def _comments(findings: list[Problem], anchors: list[Anchor]) -> list[Comment]:
    """Each finding as a comment at its anchor."""
    return [Comment(anchor.index, anchor.start, anchor.end, comment_lines(problem))
            for problem, anchor in zip(findings, anchors)]


def annotate_form(path: Path, session: Session, date: str, layout: list[Problem] | None = None) -> Annotated:
    """The form at ``path`` built, each finding (and ``layout``'s) a comment. Raises FormError when the form
    cannot be built (its problems say why, A005 last), TemplateError for a template's mistake."""
    try:
        form = load_form(path, session)
    except FormError as error:
        raise FormError(error.problems + [_not_built(path)]) from None
    every = findings_of(form, session)
    notices = [p for p in every if p.severity == NOTICE]
    findings = [p for p in every if p.severity != NOTICE] + list(layout or [])
    forced = Session(session.options._replace(force=True), session.caches, session.resolver)
    try:
        built = run(form, "docx", forced, findings=findings)
    except FormError as error:
        raise FormError(error.problems + [_not_built(path)]) from None
    listed = paragraphs(built.data)
    texts = Paragraphs([p.text for p in listed], [p.origin for p in listed])
    places = FieldPlaces(form)
    anchors = [form_anchor(problem, texts, places) for problem in findings]
    data = add_comments(built.data, _comments(findings, anchors), Signature(AUTHOR, INITIALS, date))
    return Annotated(data, findings, notices, sum(anchor.exact for anchor in anchors), 0)


def _not_built(path: Path) -> Problem:
    """A005: the form has the errors said above it, so there is no document to annotate."""
    name = display_name(path)
    return Problem(Location(name), f"表单“{name}”有上面的错误，生成不了文稿，没有写出审核稿",
                   "先按上面的提示改好表单，再运行 draft check --annotate", "A005")


def read_document(path: Path) -> bytes:
    """The .docx at ``path``'s bytes. Raises DraftError (A004) in Chinese."""
    name = display_name(path)
    try:
        if path.stat().st_size > MAX_DOCX_BYTES:
            raise DraftError(_unreadable(name, "文件太大，不像一份报告"))
        return path.read_bytes()
    except OSError as exc:
        from ..errors import os_reason

        raise DraftError(_unreadable(name, os_reason(exc))) from None


def _unreadable(name: str, why: str) -> Problem:
    """A004: the .docx ``name`` cannot be read, and ``why``."""
    return Problem(Location(name), f"读不了 Word 文稿“{name}”：{why}",
                   "确认它是 .docx（不是 .doc 或 .wps），可用 Word 或 WPS 打开后另存为 .docx 再审核", "A004")


def annotate_document(path: Path, date: str, layout: list[Problem] | None = None) -> Annotated:
    """The .docx at ``path`` with the form-free text checks' findings (and ``layout``'s) as comments, its own
    comments kept. Raises DraftError (A004) for a file that is not a readable .docx."""
    from ..check.spots import plain_findings

    data = read_document(path)
    name = display_name(path)
    try:
        listed = paragraphs(data)
        kept = len(read_comments(data))
        texts = Paragraphs([p.text for p in listed], [p.origin for p in listed])
        findings = plain_findings(texts.texts, name) + list(layout or [])
        anchors = [document_anchor(problem, texts) for problem in findings]
        annotated = add_comments(data, _comments(findings, anchors), Signature(AUTHOR, INITIALS, date))
    except DocxTooLarge:
        raise DraftError(_unreadable(name, "里面有的部分解压后过大（可能是压缩炸弹）")) from None
    except UNREADABLE_DOCX:
        raise DraftError(_unreadable(name, "文件坏了，或不是 Word 文稿")) from None
    return Annotated(annotated, findings, [], sum(anchor.exact for anchor in anchors), kept)


def default_target(source: Path) -> Path:
    """Where the annotated copy goes without -o: beside the input, named “名称（审核稿）.docx”."""
    return source.with_name(f"{source.stem}（审核稿）.docx")


def check_target(source: Path, target: Path) -> None:
    """Refuse an -o that is not a .docx or is the input itself. Raises UsageError (A002, A003)."""
    if target.suffix.lower() != ".docx":
        raise UsageError(Problem(Location("命令行"), f"审核稿“{display_name(target)}”要是 .docx 文件",
                                 "写成 -o 审核稿.docx", "A002"))
    try:
        same = target.resolve() == source.resolve()
    except (OSError, RuntimeError):  # a link loop: not the input; writing it is refused as a link (O010)
        same = False
    if same:
        raise UsageError(Problem(Location("命令行"), f"审核稿不能写到要审核的文件“{display_name(source)}”上",
                                 "用 -o 换一个文件名，如 -o 审核稿.docx", "A003"))


def pdf_target(target: Path) -> Path:
    """Where the PDF of the annotated copy ``target`` goes: beside it, the same name, .pdf."""
    return target.with_suffix(".pdf")


def check_pdf_target(target: Path, overwrite: bool) -> None:
    """Refuse, before anything is written, a PDF that would replace a file (without --overwrite). Raises OutputError."""
    pdf = pdf_target(target)
    if pdf.exists() or pdf.is_symlink():
        if not overwrite:
            name = display_name(pdf)
            raise OutputError(Problem(Location(name), f"“{name}”已经存在，没有覆盖（审核稿和它的 PDF 都没有写）",
                                      "用 -o 换一个审核稿的文件名，或加 --overwrite 覆盖", "O007"))


def layout_findings(path: Path, session: Session, office: Office | None) -> list[Problem]:
    """draft check --layout's page findings for ``path`` (only those: the text checks are made here)."""
    from .layoutcheck import check_layouts

    found = check_layouts([path], session, office)
    missing = [p for p in found if p.code in ("L001", "L003", "L004") or p.code.startswith("P")]  # never unsaid
    if missing:
        raise DraftError(missing)
    return [p for p in found if p.code.startswith("L")]


def annotate(source: Path, target: Path | None, session: Session, date: str, layout: bool = False,
             office: Office | None = None, pdf: bool = False) -> tuple[Path, Annotated]:
    """Write ``source`` (a form or a .docx) annotated to ``target`` (default: beside it), never over a file
    unless --overwrite, never over the input; with ``pdf``, not either when its PDF would replace a file.
    Raises DraftError, OutputError or UsageError in Chinese."""
    from ..atomic import write_new

    target = target or default_target(source)
    check_target(source, target)
    if pdf:
        check_pdf_target(target, session.options.overwrite)
    pages = layout_findings(source, session, office) if layout else None
    if source.suffix.lower() == ".docx":
        annotated = annotate_document(source, date, pages)
    else:
        annotated = annotate_form(source, session, date, pages)
    write_new(target, annotated.data, session.options.overwrite,
              "用 -o 换一个文件名，或加 --overwrite 覆盖（要审核的文件本身从不覆盖）")
    return target, annotated


def failed_annotation(findings: list[Problem], strict: bool) -> bool:
    """Whether the check behind the annotated copy fails (as draft check's exit code says)."""
    return any(p.severity == ERROR for p in findings) or (strict and bool(findings))

