"""The dashboard's 检查问题 of a version: how many errors and warnings ``draft check`` finds in its text."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..errors import NOTICE, DraftError
from ..options import Session as DraftSession
from .models import Submission


def count_findings(path: Path, text: str, session: DraftSession) -> int:
    """The errors and warnings of ``text`` read as the form at ``path`` (what the form page's check lists;
    a text that cannot be read counts its reading problems)."""
    from ..pipeline.checking import findings_of
    from ..pipeline.stages import read_text

    try:
        found = findings_of(read_text(path, text, session), session)
    except DraftError as error:
        found = list(error.problems)
    return sum(1 for finding in found if finding.severity != NOTICE)


def record_findings(db: Session, submission_id: int, number: int, findings: int | None) -> None:
    """The count of version ``number`` put on the dashboard, unless a newer version came meanwhile."""
    db.execute(update(Submission).where(Submission.id == submission_id, Submission.version == number)
               .values(findings=findings).execution_options(synchronize_session=False))
