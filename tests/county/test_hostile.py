"""Hostile input at the county layer: sessions outliving a password reset, unit names that leave their folder,
an audit log forged through a login name, and backup zips built to break a restore."""
from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from drafting.county import admin as county_admin
from drafting.county.accounts import check_password, session_for, set_password, start_session
from drafting.county.backup import MANIFEST, FORMAT, FORMAT_VERSION, backup, restore
from drafting.county.db import session_scope
from drafting.county.errors import CountyError, LoginRefused
from drafting.county.models import Account
from drafting.county.rounds import open_round
from drafting.county.schema import head

from .conftest import ADMIN, START, UNIT_PASSWORD, clerk


def test_a_password_reset_ends_every_session_of_the_account(data_dir):
    with session_scope(data_dir.engine()) as db:
        account = check_password(db, clerk("白河镇"), UNIT_PASSWORD, "10.0.0.7", START)
        stolen, _ = start_session(db, account, START)
    with session_scope(data_dir.engine()) as db:
        set_password(db, clerk("白河镇"), "brand-new-pass-1")
    with session_scope(data_dir.engine()) as db:
        assert session_for(db, stolen, START) is None, "a session taken before the reset still works"


@pytest.mark.parametrize("unit", ["../../逃出", "白河镇/../青石乡", "白河镇\n青石乡", "镇" * 300, ".隐藏",
                                  "白河\u202e镇", "白河\\镇", "白河\x00镇"])
def test_a_unit_name_that_is_no_plain_name_is_refused_when_a_round_opens(data_dir, unit):
    with session_scope(data_dir.engine()) as db:
        admin = db.scalar(select(Account).where(Account.name == ADMIN))
        with pytest.raises(CountyError) as info:
            open_round(db, data_dir, "工作总结", "2026Q3", date(2026, 10, 10), [unit], admin, START)
    assert info.value.problems[0].code == "K110"
    assert not [p for p in data_dir.path.rglob("*.yaml")], "nothing written for the bad name"


def test_a_login_name_cannot_forge_lines_in_the_audit_text(data_dir):
    forged = "某人\n2026-10-01T08:00:00+00:00\t县管理员\t县委政法委\t本机\t采用\t白河镇\t成功"
    with session_scope(data_dir.engine()) as db, pytest.raises(LoginRefused):
        check_password(db, forged, "wrong-password-1", "10.0.0.7", START)
    text = county_admin.audit_text(data_dir, False, None)
    assert len(text.splitlines()) == 1 and all(line.count("\t") == 6 for line in text.splitlines())
    assert "某人\\n2026" in text


def _hostile_backup(path, tables=None, members=None):  # type: ignore[no-untyped-def]
    """A zip that looks like a backup, with ``tables`` (name: JSON value) and extra ``members``."""
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "schema": head(), "created": START.isoformat(),
                "tables": {}}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(MANIFEST, json.dumps(manifest))
        for name in ("units", "accounts", "login_sessions", "rounds", "submissions", "form_versions", "audit_entries"):
            archive.writestr(f"tables/{name}.json", json.dumps((tables or {}).get(name, [])))
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("tables", [
    {"units": ["not a row"]},
    {"units": {"id": 1}},
    {"units": [{"id": "x", "name": {"a": 1}, "is_county": True, "created_at": "2026-10-01T08:00:00"}]},
    {"units": [{"id": 1, "name": "a", "is_county": True, "created_at": 5}]},
    {"accounts": [{"id": 1, "name": "a", "unit_id": 99, "role": "unit", "password_hash": "x", "disabled": False,
                   "failed_logins": 0, "created_at": "2026-10-01T08:00:00"}]},
    {"units": [{"id": 1, "name": "a", "is_county": True, "created_at": "2026-10-01T08:00:00"}] * 2},
])
def test_a_backup_with_rows_of_the_wrong_shape_is_refused_in_words_and_leaves_no_folder(tmp_path, tables):
    source = _hostile_backup(tmp_path / "bad.zip", tables)
    target = tmp_path / "restored"
    with pytest.raises(CountyError) as info:
        restore(source, target, None, START)
    assert info.value.problems[0].code == "K061"
    assert not target.exists() or not any(target.iterdir()), "a half-restored folder was left behind"


def test_a_backup_whose_forms_unpack_past_the_limit_is_refused_before_writing(tmp_path, monkeypatch):
    from drafting.county import backup as backup_module

    monkeypatch.setattr(backup_module, "MAX_TOTAL", 1000)
    source = _hostile_backup(tmp_path / "bomb.zip", members={f"forms/1/1/{n}.xlsx": b"0" * 600 for n in range(3)})
    target = tmp_path / "restored"
    with pytest.raises(CountyError) as info:
        restore(source, target, None, START)
    assert info.value.problems[0].code == "K061"
    assert not target.exists()


@pytest.mark.parametrize("unit,period", [("../../../逃出", "2026Q3"), ("白河镇", "../../x"), ("." * 3, "2026Q3"),
                                         ("镇\n" * 99, "2026Q3"), ("\U0001F600" * 100, "2026Q3")])
def test_a_unit_or_period_from_a_hostile_backup_keeps_the_working_copy_in_its_folder(data_dir, unit, period):
    """Names that never pass K110 but can come in through a restored backup's rows."""
    from drafting.county.models import Round, Submission, Unit
    from drafting.county.versions import sync_working_copy

    with session_scope(data_dir.engine()) as db:
        admin = db.scalar(select(Account).where(Account.name == ADMIN))
        round_ = open_round(db, data_dir, "工作总结", "2026Q3", date(2026, 10, 10), ["白河镇"], admin, START)
        submission = db.scalar(select(Submission).where(Submission.round_id == round_.id))
        db.get(Unit, submission.unit_id).name = unit
        db.get(Round, round_.id).period = period
        db.flush()
        path = sync_working_copy(data_dir, submission, "标题: 测试\n")
        folder = data_dir.forms_folder(submission)
    assert path.parent == folder and path.is_file() and len(path.name.encode()) <= 255
    assert not path.name.startswith(".")


def test_a_backup_whose_table_json_nests_too_deep_is_refused_in_words(tmp_path):
    source = tmp_path / "deep.zip"
    _hostile_backup(source)
    deep = "[" * 200_000 + "]" * 200_000
    rebuilt = tmp_path / "deep2.zip"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(rebuilt, "w") as new:
        for info in old.infolist():
            if info.filename == "tables/units.json":
                new.writestr(info.filename, deep)
            else:
                new.writestr(info.filename, old.read(info.filename))
    target = tmp_path / "restored"
    with pytest.raises(CountyError) as info:
        restore(rebuilt, target, None, START)
    assert info.value.problems[0].code == "K061" and not target.exists()


@pytest.mark.parametrize("attempt", ["  {name}  ", "{name}", "\t{name}\n", "{name}"])
def test_spaces_around_a_name_count_towards_the_same_lock(data_dir, attempt):
    name = clerk("白河镇")
    for n in range(5):
        with session_scope(data_dir.engine()) as db, pytest.raises(LoginRefused):
            check_password(db, attempt.format(name=name).strip(), "wrong-password-1", "10.0.0.7", START)
    with session_scope(data_dir.engine()) as db, pytest.raises(LoginRefused):
        check_password(db, name, UNIT_PASSWORD, "10.0.0.7", START)


def test_an_account_name_that_only_looks_different_is_refused(data_dir):
    from drafting.county.accounts import add_account

    with session_scope(data_dir.engine()) as db:
        add_account(db, "Clerk1", "白河镇", "unit", "a-long-password-1", START)
    for lookalike in ("clerk1", "ＣＬＥＲＫ１", "Clerk1 ".strip()):
        with session_scope(data_dir.engine()) as db, pytest.raises(CountyError) as info:
            add_account(db, lookalike, "白河镇", "unit", "a-long-password-1", START)
        assert info.value.problems[0].code == "K013"


def test_sql_in_a_login_name_is_only_an_unknown_name(data_dir):
    for name in ("' OR '1'='1", "县管理员' --", "x'; DELETE FROM audit_entries; --"):
        with session_scope(data_dir.engine()) as db, pytest.raises(LoginRefused):
            check_password(db, name, "wrong-password-1", "10.0.0.7", START)
    text = county_admin.audit_text(data_dir, False, None)
    assert text.count("账号不存在") == 3


def test_the_round_export_names_no_member_outside_the_zip_whatever_a_unit_is_called(data_dir):
    from drafting.county.models import Submission, Unit
    from drafting.county.rounds import export_round

    with session_scope(data_dir.engine()) as db:
        admin = db.scalar(select(Account).where(Account.name == ADMIN))
        round_ = open_round(db, data_dir, "工作总结", "2026Q3", date(2026, 10, 10), ["白河镇"], admin, START)
        submission = db.scalar(select(Submission).where(Submission.round_id == round_.id))
        (data_dir.forms_folder(submission) / "白河镇-2026Q3.docx").write_bytes(b"docx")
        db.get(Unit, submission.unit_id).name = "../../../逃出"  # as a restored hostile backup can hold it
        db.flush()
        data = export_round(db, data_dir, round_)
    import io

    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names and not [n for n in names if ".." in n.split("/") or n.startswith("/")], names


def test_a_failed_restore_leaves_the_database_it_was_given_empty_for_a_retry(database_url, data_dir, tmp_path, request):
    """A restore into a database of its own (PostgreSQL, or a SQLite file outside the folder) that fails on a bad row
    drops the tables it made: the retry with a good backup is not refused as “not empty” (K004)."""
    from sqlalchemy.engine import make_url

    from .conftest import drop_postgres_database, fresh_postgres_database

    bad = _hostile_backup(tmp_path / "bad.zip", {"units": [{"id": 1, "name": "a", "is_county": True,
                                                             "created_at": "2026-10-01T08:00:00"}] * 2})
    server = request.getfixturevalue("postgres_server") if database_url.startswith("postgresql") else None
    url = fresh_postgres_database(server) if server else f"sqlite:///{tmp_path / 'elsewhere.db'}"
    try:
        with pytest.raises(CountyError) as info:
            restore(bad, tmp_path / "first", url, START)
        assert info.value.problems[0].code == "K061" and not (tmp_path / "first").exists()
        backup(data_dir, tmp_path / "good.zip", START)
        counts = restore(tmp_path / "good.zip", tmp_path / "second", url, START)
        assert counts["accounts"] == 4
    finally:
        if server:
            drop_postgres_database(server, make_url(url).database or "")
