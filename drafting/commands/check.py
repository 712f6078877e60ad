"""``draft check``: every finding for every form, a form that cannot be read being a finding itself."""
from __future__ import annotations

from pathlib import Path

from ..errors import ERROR, NOTICE, DraftError, FormError, Problem
from ..form.validate import load_form
from ..options import Session
from ..pipeline.checking import findings_of, with_checks


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
        findings.extend(findings_of(form, session))
    return findings


def failed(findings: list[Problem], strict: bool) -> bool:
    """Whether the check fails: any error, or with ``strict`` any warning too (notices never count)."""
    return any(p.severity == ERROR for p in findings) or (strict and any(p.severity != NOTICE for p in findings))
