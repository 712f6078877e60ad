"""``draft check``: every finding for every form, a form that cannot be read being a finding itself."""
from __future__ import annotations

from pathlib import Path

from ..check.checker import check_form
from ..errors import ERROR, NOTICE, DraftError, FormError, Problem
from ..form.model import Form
from ..form.validate import load_form
from ..options import Session


def check_forms(paths: list[Path], session: Session) -> list[Problem]:
    """The findings of each form in turn (with --fix-text's notices first), in file order within a form."""
    findings: list[Problem] = []
    for path in paths:
        try:
            form = load_form(path, session)
        except FormError as error:  # the form's mistakes, and what the checks find in the rest of it
            findings.extend(with_checks(error, session))
            continue
        except DraftError as error:  # a form that cannot be read is itself a finding
            findings.extend(error.problems)
            continue
        findings.extend(form.notices)
        findings.extend(check_form(form, session.caches))
    return findings


def with_checks(error: FormError, session: Session) -> list[Problem]:
    """A form's reading problems and, when part of it could be read, the check's findings, in file order."""
    if not isinstance(error.partial, Form):
        return list(error.problems)
    found = {(str(p.location), p.code, p.message): p for p in error.problems}
    try:
        checks = check_form(error.partial, session.caches)
    except DraftError:  # the partial form cannot even be checked: its reading problems say enough
        checks = []
    for problem in checks:
        found.setdefault((str(problem.location), problem.code, problem.message), problem)
    notices = [p for p in found.values() if p.severity == NOTICE]
    rest = sorted((p for p in found.values() if p.severity != NOTICE),
                  key=lambda p: (p.location.file, p.location.line or 0, p.location.column or 0))
    return notices + rest


def failed(findings: list[Problem], strict: bool) -> bool:
    """Whether the check fails: any error, or with ``strict`` any warning too (notices never count)."""
    return any(p.severity == ERROR for p in findings) or (strict and any(p.severity != NOTICE for p in findings))
