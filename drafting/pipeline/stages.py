"""The pipeline's stages, each callable alone: read → check → render → document → layout → write."""
from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from ..check.checker import check_form
from ..document.ast import Document
from ..document.markup import read_markup
from ..document.numbering import number_document
from ..errors import ERROR, FormError, TemplateError, readable_name
from ..form.model import Form
from ..form.validate import load_form, load_form_text
from ..options import Session
from ..render.filters import PLACEHOLDER
from ..render.formtexts import expanded_form
from ..render.tables import with_figure_tables
from ..render.marks import Mark
from ..render.template import clean_markup_problems, located_markup_problems, render_markup
from ..writers import WRITERS
from ..writers.layout import layout
from .result import Built


def read(path: Path, session: Session) -> Form:
    """The form at ``path``, validated. Raises FormError with every problem, the check's findings included."""
    try:
        return load_form(path, session)
    except FormError as error:  # every problem in one round: the form's mistakes and the check's findings
        from .checking import with_checks  # only for a refused form

        raise FormError(with_checks(error, session)) from None


def read_text(path: Path, text: str, session: Session) -> Form:
    """``text`` read as the form at ``path`` (draft serve's unsaved page). Raises FormError as ``read`` does."""
    try:
        return load_form_text(path, text, session)
    except FormError as error:
        from .checking import with_checks

        refused = FormError(with_checks(error, session))
        refused.partial = error.partial
        raise refused from None


def document(form: Form, session: Session | None = None) -> Document:
    """Render ``form``'s texts and template and number the result. Raises FormError or TemplateError."""
    session = session or Session()
    form = with_figure_tables(expanded_form(form, session.options.force, session.caches))
    marks: list[Mark] = []  # which template line printed each markup line: read only when the markup has a mistake
    markup, template_name = render_markup(form, marks)
    unclean = clean_markup_problems(form, markup, marks)
    if unclean is not None:
        raise unclean
    try:
        doc = read_markup(markup, f"模板“{template_name}”的输出")
    except TemplateError as error:
        raise located_markup_problems(form, error, markup, marks) from None
    created = form.date.isoformat() if isinstance(form.date, datetime.date) else "2000-01-01"
    meta = {"creator": form.unit or "", "created": f"{created}T00:00:00Z", "form": readable_name(str(form.path)),
            "form_sha256": hashlib.sha256(form.source_text.encode("utf-8")).hexdigest()}
    return number_document(doc._replace(two_level=form.two_level, meta=meta))


def run(form: Form, fmt: str = "docx", session: Session | None = None, findings: list | None = None) -> Built:
    """``form`` through render → document → layout → write, in format ``fmt`` (docx or txt).

    ``findings`` are the check's findings if the caller has them; otherwise the form is checked here and refused
    on an error unless the session's options say ``force``. Raises FormError or TemplateError.
    """
    session = session or Session()
    if findings is None:
        findings = check_form(form, session.caches)
    notices = list(form.notices)
    if not session.options.force and any(p.severity == ERROR for p in findings):
        raise FormError(notices + findings)
    numbered = document(form, session)
    laid = layout(numbered)
    assert form.profile is not None
    data = WRITERS[fmt](numbered, form.profile, session.caches.packages, laid=laid)
    held = sum(p.text.count(PLACEHOLDER) for p in laid) if session.options.force else 0
    return Built(form, numbered, laid, data, fmt, findings, notices, held)


def run_path(path: Path, fmt: str = "docx", session: Session | None = None) -> Built:
    """The form file at ``path`` through the whole pipeline: read → check → … → write."""
    session = session or Session()
    return run(read(path, session), fmt, session)


def render_bytes(form: Form, fmt: str = "docx", session: Session | None = None) -> bytes:
    """The finished file's bytes for ``form`` in format ``fmt``, unchecked (a library caller's shortcut)."""
    session = session or Session()
    return run(form, fmt, session, findings=[]).data
