"""county.findings: the dashboard's count of a version's problems, recorded only for the version it was made of."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from drafting.county.db import session_scope
from drafting.county.findings import count_findings, record_findings
from drafting.county.models import Account, Submission
from drafting.county.versions import save_version
from drafting.options import Session

from .conftest import START, bare_submission, clerk


def test_a_text_that_cannot_be_read_counts_its_reading_problems(tmp_path: Path) -> None:
    assert count_findings(tmp_path / "坏.yaml", "模板: [未闭合\n", Session()) >= 1


def test_a_count_is_recorded_for_its_version_and_a_new_version_forgets_it(data_dir) -> None:
    number = bare_submission(data_dir)
    with session_scope(data_dir.engine()) as db:
        record_findings(db, number, 1, 3)
    with session_scope(data_dir.engine()) as db:
        submission = db.get(Submission, number)
        assert submission.findings == 3
        author = db.scalar(select(Account).where(Account.name == clerk("白河镇")))
        save_version(db, submission, "标题: 第二版\n", author, 1, "保存", START + timedelta(minutes=1))
        assert submission.findings is None  # unknown until version 2 is checked, never version 1's count
        record_findings(db, number, 1, 5)   # a late count of version 1 does not land on version 2
    with session_scope(data_dir.engine(), read_only=True) as db:
        assert db.get(Submission, number).findings is None
