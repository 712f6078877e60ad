"""Form versions: compare-and-set between two sessions, state moves, restore, working copy, kill -9 safety."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from drafting.county.datadir import open_data_dir
from drafting.county.db import session_scope
from drafting.county.errors import CountyError, VersionConflict
from drafting.county.models import Account, FormVersion, Submission
from drafting.county.versions import (digest_of, lock_submission, restore, save_version, sync_working_copy,
                                      version_text, versions)

from .conftest import START, bare_submission, clerk

LATER = START + timedelta(minutes=5)


def _clerk(db, unit="白河镇"):  # type: ignore[no-untyped-def]
    return db.scalar(select(Account).where(Account.name == clerk(unit)))


def test_a_save_makes_the_next_version_and_moves_unfilled_to_filling(data_dir):
    number = bare_submission(data_dir)
    with session_scope(data_dir.engine()) as db:
        submission = db.get(Submission, number)
        assert (submission.state, submission.version) == ("未填", 1)
        saved = save_version(db, submission, "标题: 第二版\n", _clerk(db), 1, "保存", LATER)
        assert saved.number == 2
        assert (submission.state, submission.version, submission.digest) == ("填写中", 2, digest_of("标题: 第二版\n"))
        assert submission.updater.name == clerk("白河镇") and submission.updated_at == LATER
    with session_scope(data_dir.engine(), read_only=True) as db:
        submission = db.get(Submission, number)
        assert [(v.number, v.text, v.note) for v in versions(db, submission)] == [
            (1, "标题: 第一版\n", "开始"), (2, "标题: 第二版\n", "保存")]
        assert version_text(db, submission) == "标题: 第二版\n"


def test_of_two_sessions_saving_against_the_same_version_one_wins_and_one_is_told(data_dir):
    number = bare_submission(data_dir)
    engine = data_dir.engine()
    with session_scope(engine) as first:
        seen = first.get(Submission, number)
        save_version(first, seen, "标题: 甲\n", _clerk(first), 1, "", LATER)
    with session_scope(engine) as second:
        stale = second.get(Submission, number)  # the second person's page was opened at version 1
        with pytest.raises(VersionConflict) as info:
            save_version(second, stale, "标题: 乙\n", _clerk(second), 1, "", LATER)
    assert info.value.problems[0].code == "K030" and "第 2 版" in info.value.problems[0].message
    with session_scope(engine, read_only=True) as db:
        assert db.scalar(select(func.count()).select_from(FormVersion)) == 2
        assert version_text(db, db.get(Submission, number)) == "标题: 甲\n"


def test_a_save_waiting_on_another_s_open_transaction_is_refused_once_that_commits(data_dir):
    """Two open transactions: the second waits for the first's lock, then finds the version moved (no lost save)."""
    number = bare_submission(data_dir)
    engine = data_dir.engine()
    outcome: list[str] = []

    def second_person() -> None:
        with session_scope(engine) as second:
            try:
                save_version(second, second.get(Submission, number), "标题: 乙\n", None, 1, "", LATER)
                outcome.append("saved")
            except VersionConflict:
                outcome.append("conflict")

    with session_scope(engine) as first:
        save_version(first, first.get(Submission, number), "标题: 甲\n", None, 1, "", LATER)
        waiting = threading.Thread(target=second_person)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive() and outcome == []  # blocked on the first one's lock
    waiting.join(30)
    assert outcome == ["conflict"]
    with session_scope(engine, read_only=True) as db:
        assert [v.text for v in versions(db, db.get(Submission, number))] == ["标题: 第一版\n", "标题: 甲\n"]


def test_two_server_processes_on_one_database_see_each_other_s_saves_and_the_check_holds(data_dir):
    """Two engines (as two server processes have): a save through one is what the other reads next."""
    number = bare_submission(data_dir)
    other = open_data_dir(data_dir.path)
    try:
        with session_scope(data_dir.engine()) as first:
            save_version(first, first.get(Submission, number), "标题: 甲进程\n", None, 1, "", LATER)
        with session_scope(other.engine()) as second:
            seen = second.get(Submission, number)
            assert (seen.version, version_text(second, seen)) == (2, "标题: 甲进程\n")
            with pytest.raises(VersionConflict):
                save_version(second, seen, "标题: 乙进程\n", None, 1, "", LATER)
    finally:
        other.dispose()


@pytest.mark.parametrize("state", ["已提交", "已采用"])
def test_a_submitted_or_accepted_form_cannot_be_saved(data_dir, state):
    number = bare_submission(data_dir)
    with session_scope(data_dir.engine()) as db:
        db.get(Submission, number).state = state
    with session_scope(data_dir.engine()) as db:
        with pytest.raises(CountyError) as info:
            save_version(db, db.get(Submission, number), "标题: 乙\n", None, 1, "", LATER)
    assert info.value.problems[0].code == "K032"


def test_a_returned_form_becomes_filling_on_its_next_save(data_dir):
    number = bare_submission(data_dir)
    with session_scope(data_dir.engine()) as db:
        db.get(Submission, number).state = "退回"
    with session_scope(data_dir.engine()) as db:
        submission = db.get(Submission, number)
        save_version(db, submission, "标题: 改好了\n", None, 1, "", LATER)
        assert submission.state == "填写中"


def test_restore_saves_an_old_text_as_the_newest_version(data_dir):
    number = bare_submission(data_dir)
    with session_scope(data_dir.engine()) as db:
        submission = db.get(Submission, number)
        save_version(db, submission, "标题: 第二版\n", None, 1, "", LATER)
        restored = restore(db, submission, 1, _clerk(db), LATER)
        assert (restored.number, restored.text, restored.note) == (3, "标题: 第一版\n", "恢复第 1 版")
        with pytest.raises(CountyError) as info:
            restore(db, submission, 9, None, LATER)
    assert info.value.problems[0].code == "K031"


def test_the_working_copy_is_rewritten_only_when_it_differs(data_dir):
    number = bare_submission(data_dir)
    with session_scope(data_dir.engine(), read_only=True) as db:
        submission = db.get(Submission, number)
        path = sync_working_copy(data_dir, submission, "标题: 第一版\n")
        assert path == data_dir.path / "forms" / str(submission.round_id) / str(submission.unit_id) / "白河镇-2026Q3.yaml"
        assert path.read_text(encoding="utf-8") == "标题: 第一版\n"
        before = path.stat().st_ino
        sync_working_copy(data_dir, submission, "标题: 第一版\n")
        assert path.stat().st_ino == before
        path.write_text("标题: 别处改的\n", encoding="utf-8")
        sync_working_copy(data_dir, submission, "标题: 第一版\n")
        assert path.read_text(encoding="utf-8") == "标题: 第一版\n"


SAVER = """
import os, sys
from pathlib import Path
from datetime import datetime, timezone
from drafting.county.datadir import open_data_dir
from drafting.county.datadir import open_data_dir
from drafting.county.db import session_scope
from drafting.county.models import Submission
from drafting.county.versions import save_version
data_dir = open_data_dir(Path(sys.argv[1]))
number, count = int(sys.argv[2]), int(sys.argv[3])
for n in range(count):
    with session_scope(data_dir.engine()) as db:
        submission = db.get(Submission, number)
        save_version(db, submission, f"标题: 第{n}次\\n", None, submission.version, "", datetime.now(timezone.utc))
    print(n, flush=True)
while True:  # a save half-made when the kill comes: written, not committed
    with session_scope(data_dir.engine()) as db:
        submission = db.get(Submission, number)
        save_version(db, submission, "标题: 未提交\\n" * 1000, None, submission.version, "", datetime.now(timezone.utc))
        print("open", flush=True)
        os.kill(os.getpid(), 9)
"""


def test_a_kill_9_after_n_commits_loses_none_of_them(data_dir):
    number = bare_submission(data_dir)
    count = 20
    process = subprocess.Popen([sys.executable, "-c", SAVER, str(data_dir.path), str(number), str(count)],
                               stdout=subprocess.PIPE, text=True, cwd=os.getcwd())
    try:
        out, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == -signal.SIGKILL and out.split()[-1] == "open"
    data_dir.dispose()
    with session_scope(data_dir.engine(), read_only=True) as db:
        submission = db.get(Submission, number)
        assert submission.version == count + 1
        assert [v.text for v in versions(db, submission)][1:] == [f"标题: 第{n}次\n" for n in range(count)]


def test_a_locked_submission_makes_a_second_writer_wait_until_the_first_commits(data_dir):
    number = bare_submission(data_dir)
    engine = data_dir.engine()
    seen: list[int] = []

    def second_writer() -> None:
        with session_scope(engine) as second:
            seen.append(lock_submission(second, number).version)

    with session_scope(engine) as first:
        locked = lock_submission(first, number)
        assert lock_submission(first, 99999) is None
        waiting = threading.Thread(target=second_writer)
        waiting.start()
        waiting.join(0.5)
        assert seen == []
        save_version(first, locked, "标题: 锁着保存\n", None, locked.version, "", LATER)
    waiting.join(30)
    assert seen == [2]  # it read the version the first one committed


def test_a_listing_of_versions_loads_no_text(data_dir):
    from sqlalchemy.exc import InvalidRequestError

    number = bare_submission(data_dir)
    with session_scope(data_dir.engine(), read_only=True) as db:
        (listed,) = versions(db, db.get(Submission, number), texts=False)
        assert listed.number == 1
        with pytest.raises(InvalidRequestError):
            listed.text  # noqa: B018  (deferred with raiseload: a listing that reads a text fails loudly)
