"""``draft build`` for one form: form file → model → Jinja markup → AST → numbering → writer → file."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..atomic import write_atomic
from ..check.checker import check_form
from ..document.ast import Document
from ..document.markup import read_markup
from ..document.numbering import number_document
from ..errors import ERROR, WARNING, FormError, Location, OutputError, Problem, TemplateError, display_name
from ..form.model import Form
from ..form.validate import load_form
from ..options import Session
from ..render.formtexts import expanded_form
from ..render.tables import with_figure_tables
from ..render.template import clean_markup_problems, located_markup_problems, render_markup
from ..ooxml.reader import written_by_drafting
from ..render.filters import PLACEHOLDER
from ..writers import SUFFIXES, WRITERS
from ..writers.layout import layout


class Built(NamedTuple):
    """What building one form gave: the file written, the check's warnings, --fix-text's notices, and how many
    【待填】 the document still prints (with --force)."""

    target: Path
    warnings: list[Problem]
    notices: list[Problem]
    placeholders: int = 0


def build_document(form: Form, session: Session | None = None) -> Document:
    """Render ``form``'s texts and template and number the result. Raises FormError or TemplateError."""
    session = session or Session()
    form = with_figure_tables(expanded_form(form, session.options.force, session.caches))
    markup, template_name = render_markup(form)
    unclean = clean_markup_problems(form, markup)
    if unclean is not None:
        raise unclean
    try:
        doc = read_markup(markup, f"模板“{template_name}”的输出")
    except TemplateError as error:
        raise located_markup_problems(form, error) from None
    created = form.date.isoformat() if form.date else "2000-01-01"
    meta = {"creator": form.unit or "", "created": f"{created}T00:00:00Z"}
    return number_document(doc._replace(two_level=form.two_level, meta=meta))


def render_document(form: Form, fmt: str, session: Session) -> tuple[Document, bytes]:
    """``form`` as a numbered document and as the finished file's bytes in format ``fmt`` (docx or txt)."""
    document = build_document(form, session)
    assert form.profile is not None
    return document, WRITERS[fmt](document, form.profile, session.caches.packages)


def render_bytes(form: Form, fmt: str = "docx", session: Session | None = None) -> bytes:
    """The finished file's bytes for ``form`` in format ``fmt`` (docx or txt)."""
    return render_document(form, fmt, session or Session())[1]


def output_path(form_path: Path, output: Path | None, fmt: str) -> Path:
    """Where a build writes: ``output`` (a file, or a folder to put it in), else beside the form."""
    suffix = SUFFIXES[fmt]
    if output is not None and str(output) == "-":
        return output
    if output is None:
        return form_path.with_suffix(suffix)
    if output.is_dir():
        return output / (form_path.stem + suffix)
    return output


def build(form_path: Path, output: Path | None = None, fmt: str = "docx", session: Session | None = None) -> Built:
    """Build one form into a file; returns its path, the check's warnings, --fix-text's notices and the 【待填】 left.

    Runs ``draft check`` first and refuses on its errors unless the session's options say
    ``force`` (then a figure without a value prints as 【待填】). Raises FormError, TemplateError
    or OutputError; on any error nothing is written and an existing output is left untouched.
    """
    session = session or Session()
    try:
        form = load_form(form_path, session)
    except FormError as error:  # every problem in one round: the form's mistakes and the check's findings
        from .check import with_checks

        raise FormError(with_checks(error, session)) from None
    findings = check_form(form, session.caches)
    notices = list(form.notices)
    if not session.options.force and any(p.severity == ERROR for p in findings):
        raise FormError(notices + findings)
    document, data = render_document(form, fmt, session)
    named = output is not None and not output.is_dir()  # a file name given with -o, not a folder to write into
    target, kept = _not_over_the_users_file(output_path(form_path, output, fmt), named, session)
    write_atomic(target, data, session.options.overwrite)
    held = sum(para.text.count(PLACEHOLDER) for para in layout(document)) if session.options.force else 0
    return Built(target, findings + kept, notices, held)


def _not_over_the_users_file(target: Path, named: bool, session: Session) -> tuple[Path, list[Problem]]:
    """Where to write so that a .docx drafting did not write is never replaced (unless --overwrite).

    A file the user named with -o is refused; the default beside the form gives way to “NAME（draft）.docx”.
    """
    if target.suffix != ".docx" or session.options.overwrite or target.is_symlink() or not target.is_file() \
            or written_by_drafting(target):
        return target, []  # (a link is refused by the atomic write itself)
    shown = display_name(target)
    if named:
        raise OutputError(Problem(Location(shown), f"“{shown}”不是 draft 生成的文件（可能是您自己的 Word 文稿），没有覆盖",
                                  "用 -o 换一个文件名；确实要覆盖它就加 --overwrite", "O014"))
    beside = target.with_name(f"{target.stem}（draft）{target.suffix}")
    if beside.is_file() and not written_by_drafting(beside):
        raise OutputError(Problem(Location(display_name(beside)), f"“{shown}”和“{display_name(beside)}”都不是 draft "
                                  "生成的文件，没有覆盖", "用 -o 指定文件名；确实要覆盖就加 --overwrite", "O014"))
    return beside, [Problem(Location(shown), f"“{shown}”不是 draft 生成的文件（可能是您自己的 Word 文稿），没有覆盖它，"
                                             f"文稿写到了“{display_name(beside)}”",
                            "确实要覆盖它就加 --overwrite", "O015", WARNING)]
