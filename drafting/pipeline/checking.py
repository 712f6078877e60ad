"""The check stage: a form's findings, and a form that could be read only in part checked as far as it goes."""
from __future__ import annotations

from ..check.checker import check_form
from ..errors import NOTICE, DraftError, FormError, Problem
from ..form.model import Form
from ..options import Session


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


def findings_of(form: Form, session: Session) -> list[Problem]:
    """What ``draft check`` finds in a form that was read whole: --fix-text's notices, then the check's findings."""
    return list(form.notices) + check_form(form, session.caches)
