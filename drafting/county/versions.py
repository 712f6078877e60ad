"""Form versions: every save a new numbered version, guarded by compare-and-set; restore; the working copy on disk."""
from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, defer

from ..atomic import write_atomic
from .datadir import DataDir
from .errors import CountyError, VersionConflict, problem
from .models import FILLING, SAVABLE, UNFILLED, Account, FormVersion, Submission


MAX_STEM_BYTES = 240  # of a working copy's name before .yaml (a file name holds 255 bytes)
UNSAFE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")  # control, invisible formatting (RTL marks), line separators


def digest_of(text: str) -> str:
    """The digest of a form text as its UTF-8 file's bytes (the same as serve's version_of of the file)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def form_name(submission: Submission) -> str:
    """The working copy's file name: ``<unit name>-<period>.yaml``, one name inside the submission's folder whatever
    the names hold (a unit or period from a hostile backup: slashes, control characters, a leading dot, too long)."""
    return file_stem(f"{submission.unit.name}-{submission.round.period}") + ".yaml"


def file_stem(text: str) -> str:
    """``text`` as one file or folder name: slashes, control and invisible characters as “_”, no leading dot, at most
    MAX_STEM_BYTES bytes."""
    stem = "".join("_" if c in "/\\" or unicodedata.category(c) in UNSAFE else c for c in text)
    stem = "_" + stem[1:] if stem.startswith(".") else stem
    return stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore") or "_"


def save_version(db: Session, submission: Submission, text: str, author: Account | None, expected: int, note: str,
                 now: datetime) -> FormVersion:
    """Record ``text`` as version ``expected + 1``; VersionConflict (K030) when the latest is no longer ``expected``.

    The compare-and-set is one UPDATE … WHERE version = expected (SQLite's write lock, PostgreSQL's row lock):
    of two saves made against the same version exactly one wins. 未填 and 退回 become 填写中; K032 when the form
    is 已提交 or 已采用 and so cannot be saved. The findings count is unknown until the new text is checked.
    """
    result = db.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.version == expected, Submission.state.in_(SAVABLE))
        .values(version=expected + 1, digest=digest_of(text), updated_at=now,
                updated_by=author.id if author is not None else None, state=FILLING, findings=None)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.refresh(submission)
        if submission.state not in SAVABLE:
            raise CountyError(problem(form_name(submission), f"表单现在是“{submission.state}”，不能再修改",
                                      "已提交的表单要等县里退回后才能修改；已采用的表单不再修改", "K032"))
        raise VersionConflict(problem(form_name(submission),
                                      f"表单已被别人保存过（现在是第 {submission.version} 版，页面上的是第 {expected} 版），"
                                      "这次没有保存",
                                      "选择“重新载入”看别人的修改，或“另存为副本”保留页面上的内容", "K030"))
    version = FormVersion(submission_id=submission.id, number=expected + 1, text=text,
                          author_id=author.id if author is not None else None, created_at=now, note=note)
    db.add(version)
    db.flush()
    db.refresh(submission)
    return version


def lock_submission(db: Session, submission_id: int) -> Submission | None:
    """The submission, read fresh and locked until the transaction ends (PostgreSQL: its row lock, FOR UPDATE;
    SQLite: the write lock every writing session takes at BEGIN IMMEDIATE). A store takes it around a save."""
    return db.scalar(select(Submission).where(Submission.id == submission_id).with_for_update(of=Submission)
                     .execution_options(populate_existing=True))


def first_version(db: Session, submission: Submission, text: str, author: Account | None, now: datetime,
                  note: str) -> FormVersion:
    """Version 1 of a new submission (its state stays 未填: nobody has saved it yet)."""
    submission.version, submission.digest, submission.updated_at, submission.state = 1, digest_of(text), now, UNFILLED
    version = FormVersion(submission_id=submission.id, number=1, text=text,
                          author_id=author.id if author is not None else None, created_at=now, note=note)
    db.add(version)
    db.flush()
    return version


def versions(db: Session, submission: Submission, texts: bool = True) -> list[FormVersion]:
    """Every version of the submission, the first first; ``texts`` False: their texts are not loaded (a listing)."""
    query = select(FormVersion).where(FormVersion.submission_id == submission.id).order_by(FormVersion.number)
    return list(db.scalars(query if texts else query.options(defer(FormVersion.text, raiseload=True))))


def version_text(db: Session, submission: Submission, number: int | None = None) -> str:
    """The text of version ``number`` (the latest by default); K031 when there is no such version."""
    wanted = submission.version if number is None else number
    text = db.scalar(select(FormVersion.text).where(FormVersion.submission_id == submission.id,
                                                    FormVersion.number == wanted))
    if text is None:
        raise CountyError(problem(form_name(submission), f"这份表单没有第 {wanted} 版",
                                  "在版本列表里选一个列出的版本", "K031"))
    return text


def restore(db: Session, submission: Submission, number: int, author: Account | None, now: datetime) -> FormVersion:
    """Save the text of version ``number`` again as the newest version (nothing is ever deleted)."""
    text = version_text(db, submission, number)
    return save_version(db, submission, text, author, submission.version, f"恢复第 {number} 版", now)


def sync_working_copy(data_dir: DataDir, submission: Submission, text_of_latest: str) -> Path:
    """The working copy's path, re-written atomically from ``text_of_latest`` when its bytes differ."""
    path = data_dir.forms_folder(submission) / form_name(submission)
    wanted = text_of_latest.encode("utf-8")
    try:
        same = path.read_bytes() == wanted
    except FileNotFoundError:
        same = False
    if not same:
        write_atomic(path, wanted)
    return path
