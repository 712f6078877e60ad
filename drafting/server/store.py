"""The county's FormStore: a submission's working copy kept in step with its versions in the database."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import Location, Problem
from ..serve.workspace import WorkspaceError
from .access import audit
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
    from the database; a write of it is made under the submission's row lock and recorded as a new version, with
    the audit line of the request that made it in the same transaction (one store a request: ``address`` and
    ``action`` are the request's own)."""

    def __init__(self, context: Any, submission_id: int, identity: Identity, name: str, address: str = "",
                 action: str = "保存", audited: str = "") -> None:
        self.context, self.submission_id, self.identity, self.name = context, submission_id, identity, name
        self.address, self.action = address, action  # the request's: the audit line of a version made by it
        self.audited = audited  # the audit log's name of the submission; a version's line is written when given
        self.recorded = False  # a version was saved, its audit line in the same transaction

    @contextmanager
    def reading(self, name: str) -> Iterator[None]:
        """The working copy rewritten from the latest version when its bytes differ (another process saved): seen in
        a reading transaction, rewritten only under the submission's lock, so a save that has written the file but
        not yet committed its version is waited for, never overwritten with the version before it."""
        if name == self.name and not self.context.read_now(self._in_step):
            self.context.db_now(self._synced)
        yield

    def _refused(self, db: Any, now: Any) -> WorkspaceError | None:
        """Why this account may not change the submission's folder now (None: it may)."""
        from ..county.models import Submission

        return refusal(db.get(Submission, self.submission_id), self.identity)

    def _synced(self, db: Any, now: Any) -> Path:
        """The working copy rewritten from the latest version if it differs; its path."""
        from ..county.versions import lock_submission, sync_working_copy, version_text

        submission = lock_submission(db, self.submission_id)
        return sync_working_copy(self.context.data_dir, submission, version_text(db, submission))

    def _in_step(self, db: Any, now: Any) -> bool:
        """Whether the working copy's bytes are the latest version's text."""
        from ..county.models import Submission
        from ..county.versions import form_name, version_text

        submission = db.get(Submission, self.submission_id)
        path = self.context.data_dir.forms_folder(submission) / form_name(submission)
        try:
            return path.read_bytes() == version_text(db, submission).encode("utf-8")
        except FileNotFoundError:
            return False

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
                now = self.context.clock()
                saved = save_version(db, submission, text, db.get(Account, self.identity.account_id),
                                     submission.version, "网页保存", now)
                if self.audited:  # a kill between the save and its audit line cannot lose the line
                    audit(db, self.identity, self.address, self.action, self.audited, f"成功：第 {saved.number} 版",
                          now)
                    self.recorded = True
        if written:  # checked after the commit, so no other save waits for the check
            note_findings(self.context, self.submission_id, saved.number, written[-1], text)


async def count_latest(context: Any, submission_id: int | None) -> None:
    """``note_findings`` of the submission's latest version, made by a route (a roll-up, a restore), on the form
    pages' editing pool; a check that takes too long leaves the count unknown (“—”), the version stays."""
    from ..errors import DraftError

    found = await context.read(_latest, context, submission_id) if submission_id is not None else None
    if found is None:
        return
    try:
        await context.pools.editing.run(note_findings, context, submission_id, *found)
    except DraftError:
        pass


def _latest(db: Any, now: Any, context: Any, submission_id: int) -> tuple[int, Path, str] | None:
    """The submission's latest version: its number, its working copy's path and its text (None: none yet)."""
    from ..county.models import Submission
    from ..county.versions import form_name, version_text

    submission = db.get(Submission, submission_id)
    if submission is None or submission.version == 0:
        return None
    return (submission.version, context.data_dir.forms_folder(submission) / form_name(submission),
            version_text(db, submission))


def note_findings(context: Any, submission_id: int, number: int, path: Path, text: str) -> None:
    """The dashboard's 检查问题 of version ``number`` (``text``, kept at ``path``), unless a newer version came
    meanwhile; on a worker thread, after the version's transaction (no save waits for the check)."""
    from ..county.findings import count_findings
    from ..options import Session

    found = count_findings(path, text, Session(context.options))
    context.db_now(_counted, submission_id, number, found)


def _counted(db: Any, now: Any, submission_id: int, number: int, findings: int) -> None:
    """``findings`` recorded as version ``number``'s count (county.findings.record_findings in a transaction)."""
    from ..county.findings import record_findings

    record_findings(db, submission_id, number, findings)


def _not_recorded(path: Path) -> None:
    """A copy written beside the working copy: kept in the folder only."""
