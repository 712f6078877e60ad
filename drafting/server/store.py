"""The county's FormStore: a submission's working copy kept in step with its versions in the database."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import Location, Problem
from ..serve.workspace import WorkspaceError
from .guard import Identity

SAVABLE = ("未填", "填写中", "退回")


def working_name(submission: Any) -> str:
    """The working copy's file name in the submission's folder: ``<unit name>-<period>.yaml``."""
    from ..county.versions import form_name

    return form_name(submission)


def refusal(submission: Any, identity: Identity) -> WorkspaceError | None:
    """Why ``identity`` may not change this submission's form now (None: it may)."""
    from ..county.rounds import editable

    where = Location(working_name(submission))
    if not editable(identity, submission):
        return WorkspaceError(Problem(where, f"这是{submission.unit.name}的表单，只能查看，不能修改",
                                      "各单位的表单由本单位填写；县里可以退回并写明意见", "K107"))
    if submission.state not in SAVABLE:
        return WorkspaceError(Problem(where, f"表单现在是“{submission.state}”，不能再修改",
                                      "已提交的表单要等县里退回后才能修改；已采用的表单不再修改", "K032"))
    return None


class SubmissionStore:
    """The form app's store for one submission as seen by one account: reads bring the working copy up to date
    from the database; a write of it is made under the submission's row lock and recorded as a new version."""

    def __init__(self, context: Any, submission_id: int, identity: Identity, name: str,
                 count_findings: Callable[[Path], int | None] = lambda path: None) -> None:
        self.context, self.submission_id, self.identity, self.name = context, submission_id, identity, name
        self.count_findings = count_findings  # the dashboard's 检查问题 of the text just saved

    @contextmanager
    def reading(self, name: str) -> Iterator[None]:
        """The working copy rewritten from the latest version when its digest differs (another process saved)."""
        if name == self.name:
            self.context.read_now(self._synced)
        yield

    def _refused(self, db: Any, now: Any) -> WorkspaceError | None:
        """Why this account may not change the submission's folder now (None: it may)."""
        from ..county.models import Submission

        return refusal(db.get(Submission, self.submission_id), self.identity)

    def _synced(self, db: Any, now: Any) -> Path:
        """The working copy rewritten from the latest version if it differs; its path."""
        from ..county.models import Submission
        from ..county.versions import sync_working_copy, version_text

        submission = db.get(Submission, self.submission_id)
        return sync_working_copy(self.context.data_dir, submission, version_text(db, submission))

    @contextmanager
    def writing(self, name: str, as_copy: bool) -> Iterator[Callable[[Path], None]]:
        """Around the version check and write of the working copy: the row lock, a sync first, a new version after;
        refused (K032, K107) when this account may not change the form now. A copy beside it is not a version."""
        from ..county.db import session_scope
        from ..county.models import Account
        from ..county.versions import lock_submission, save_version, sync_working_copy, version_text

        if as_copy or name != self.name:  # not a version, but a file in a folder this account may not change now
            refused = self.context.read_now(self._refused)
            if refused is not None:
                raise refused
            yield _not_recorded
            return
        written: list[Path] = []
        with session_scope(self.context.engine) as db:
            submission = lock_submission(db, self.submission_id)
            refused = refusal(submission, self.identity)
            if refused is not None:
                raise refused
            sync_working_copy(self.context.data_dir, submission, version_text(db, submission))
            yield written.append
            if written:
                text = written[-1].read_text(encoding="utf-8")
                saved = save_version(db, submission, text, db.get(Account, self.identity.account_id),
                                     submission.version, "网页保存", self.context.clock())
        if written:  # checked after the commit, so no other save waits for the check
            self.context.db_now(_counted, self.submission_id, saved.number, self.count_findings(written[-1]))


def _counted(db: Any, now: Any, submission_id: int, number: int, findings: int | None) -> None:
    """The findings count of version ``number`` put on the dashboard, unless a newer version came meanwhile."""
    from sqlalchemy import update

    from ..county.models import Submission

    db.execute(update(Submission).where(Submission.id == submission_id, Submission.version == number)
               .values(findings=findings))


def _not_recorded(path: Path) -> None:
    """A copy written beside the working copy: kept in the folder only."""
