"""The build pipeline: form file → model → Jinja markup → AST → numbering → writer → file."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .ast import Document, Imprint, Masthead, Span
from .check import ERROR, check_form
from .collector import paused_collector
from .errors import FormError, Problem
from .markup import read_markup
from .model import Form
from .numbering import number_document
from .output import write_atomic
from .render import render_markup
from .texts import expanded_form
from .wording import FILTERS

date_filter = FILTERS["日期"]
from .validate import load_form
from .writers import SUFFIXES, WRITERS


def build_document(form: Form, force: bool = False) -> Document:
    """Render ``form``'s texts and template and number the result. Raises FormError or TemplateError."""
    form = expanded_form(form, force)
    markup, template_name = render_markup(form)
    doc = read_markup(markup, f"模板“{template_name}”的输出")
    doc = _with_red_header(doc, form)
    created = form.date.isoformat() if form.date else "2000-01-01"
    meta = {"creator": form.unit or "", "created": f"{created}T00:00:00Z"}
    return number_document(doc._replace(two_level=form.two_level, meta=meta))


def _with_red_header(doc: Document, form: Form) -> Document:
    """Add the 版头 and 版记 blocks when the form asks for a red-header document."""
    header = form.red_header
    if header is None:
        return doc
    span = Span(form.name, form.locations["版头"].line or 1) if "版头" in form.locations else Span(form.name, 1)
    secrecy = (header.secrecy or "") + (f"★{header.secrecy_term}" if header.secrecy and header.secrecy_term else "")
    masthead = Masthead(header.issuer_mark, span, header.copy_number, secrecy or None, header.urgency,
                        header.document_number, header.signer)
    blocks = (masthead,) + doc.blocks
    if header.copy_to or header.printer:
        print_date = date_filter(header.print_date) if header.print_date else None
        blocks += (Imprint(span, header.copy_to, header.printer, print_date),)
    return doc._replace(blocks=blocks)


@paused_collector()
def render_bytes(form: Form, fmt: str = "docx", force: bool = False) -> bytes:
    """The finished file's bytes for ``form`` in format ``fmt`` (docx or txt)."""
    assert form.profile is not None
    return WRITERS[fmt](build_document(form, force=force), form.profile)


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


@paused_collector()
def build(form_path: Path, output: Path | None = None, fmt: str = "docx",
          force: bool = False, template_dirs: Iterable[Path] = ()) -> tuple[Path, list[Problem]]:
    """Build one form into a file; returns its path and the check's warnings.

    Runs ``draft check`` first and refuses on its errors unless ``force`` (then a
    figure without a value prints as 【待填】). Raises FormError, TemplateError or
    OutputError; on any error nothing is written and an existing output is left untouched.
    """
    form = load_form(form_path, template_dirs)
    findings = check_form(form)
    if not force and any(p.severity == ERROR for p in findings):
        raise FormError(findings)
    data = render_bytes(form, fmt, force)
    target = output_path(form_path, output, fmt)
    write_atomic(target, data)
    return target, findings
