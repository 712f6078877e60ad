"""Backups: every table and the forms folder into a zip, restored into an empty folder on either database."""
from __future__ import annotations

import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from drafting.county import audit
from drafting.county.accounts import check_password, start_session
from drafting.county.backup import backup, restore
from drafting.county.datadir import open_data_dir
from drafting.county.db import session_scope
from drafting.county.errors import CountyError
from drafting.county.models import Account, Submission
from drafting.county.rounds import open_round
from drafting.county.versions import save_version, versions

from .conftest import ADMIN, ADMIN_PASSWORD, START, UNITS, UNIT_PASSWORD, clerk

LATER = START + timedelta(hours=2)


def _busy_county(data_dir) -> None:  # type: ignore[no-untyped-def]
    """A round with a saved form, a login session, an upload in a unit's folder."""
    with session_scope(data_dir.engine()) as db:
        admin = db.scalar(select(Account).where(Account.name == ADMIN))
        open_round(db, data_dir, "工作总结", "2026Q3", date(2026, 10, 10), list(UNITS), admin, START)
        submission = db.scalar(select(Submission).order_by(Submission.id).limit(1))
        save_version(db, submission, "标题: 白河镇第二版\n", None, 1, "保存", LATER)
        start_session(db, check_password(db, ADMIN, ADMIN_PASSWORD, "10.0.0.9", LATER), LATER)
        (data_dir.forms_folder(submission) / "三季度指标.xlsx").write_bytes(b"not really a sheet")


def _snapshot(data_dir) -> dict:  # type: ignore[no-untyped-def]
    with session_scope(data_dir.engine(), read_only=True) as db:
        return {
            "accounts": [(a.name, a.unit.name, a.role, a.password_hash, a.created_at)
                         for a in db.scalars(select(Account).order_by(Account.id))],
            "versions": [(v.number, v.text, v.note, v.created_at)
                         for s in db.scalars(select(Submission).order_by(Submission.id)) for v in versions(db, s)],
            "audit": [(e.at, e.account, e.action, e.result) for e in audit.entries(db)],
        }


def test_backup_then_restore_into_the_other_kind_of_database_gives_the_same_county(data_dir, other_database_url,
                                                                                  tmp_path):
    _busy_county(data_dir)
    counts = backup(data_dir, tmp_path / "county.zip", LATER)
    assert counts["form_versions"] == 4 and counts["login_sessions"] == 1
    with zipfile.ZipFile(tmp_path / "county.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["schema"] == "0002" and manifest["tables"] == counts
        assert any(name.endswith("/三季度指标.xlsx") for name in archive.namelist())
    restored_counts = restore(tmp_path / "county.zip", tmp_path / "restored", other_database_url, LATER)
    assert restored_counts == counts
    restored = open_data_dir(tmp_path / "restored")
    try:
        assert _snapshot(restored) == _snapshot(data_dir)
        uploads = list((tmp_path / "restored" / "forms").rglob("三季度指标.xlsx"))
        assert [p.read_bytes() for p in uploads] == [b"not really a sheet"]
        with session_scope(restored.engine()) as db:  # the restored county keeps working: new ids, logins
            check_password(db, clerk("白河镇"), UNIT_PASSWORD, "10.0.0.9", LATER)
            audit.record(db, account="x", unit="y", address="z", action="检查", object="", result="", now=LATER)
            submission = db.scalar(select(Submission).order_by(Submission.id).limit(1))
            save_version(db, submission, "标题: 恢复后又改\n", None, 2, "", LATER)
    finally:
        restored.dispose()


def test_restore_refuses_a_used_folder_a_used_database_and_a_file_that_is_no_backup(data_dir, tmp_path):
    backup(data_dir, tmp_path / "county.zip", LATER)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x", encoding="utf-8")
    (tmp_path / "not.zip").write_bytes(b"PK\x03\x04 broken")
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as evil:
        evil.writestr("manifest.json", json.dumps({"format": "drafting-county-backup", "version": 1,
                                                   "schema": "0002"}))
        evil.writestr("forms/../../escape.txt", "x")
    with zipfile.ZipFile(tmp_path / "newer.zip", "w") as newer:
        newer.writestr("manifest.json", json.dumps({"format": "drafting-county-backup", "version": 1,
                                                    "schema": "9999"}))
    codes = []
    for source, target, url in [("county.zip", "used", None), ("county.zip", "fresh", data_dir.url),
                                ("not.zip", "a", None), ("evil.zip", "b", None), ("newer.zip", "c", None)]:
        with pytest.raises(CountyError.__mro__[1]) as info:
            restore(tmp_path / source, tmp_path / target, url, LATER)
        codes.append(info.value.problems[0].code)
    assert codes == ["K004", "K004", "K061", "K061", "K062"]
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "fresh").exists()


def test_backup_never_replaces_a_file_unless_asked(data_dir, tmp_path):
    (tmp_path / "county.zip").write_bytes(b"old")
    with pytest.raises(Exception) as info:
        backup(data_dir, tmp_path / "county.zip", LATER)
    assert info.value.problems[0].code.startswith("O")
    assert (tmp_path / "county.zip").read_bytes() == b"old"
    backup(data_dir, tmp_path / "county.zip", LATER, overwrite=True)
    assert zipfile.is_zipfile(tmp_path / "county.zip")
