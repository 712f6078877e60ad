"""Schema versions: migrations from empty to head match the models, and an old database is told to upgrade."""
from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from drafting.county import audit, schema
from drafting.county.datadir import DataDir, create_data_dir, open_data_dir
from drafting.county.db import make_engine, session_scope
from drafting.county.errors import CountyError
from drafting.county.models import Base, FormVersion, Submission

from .conftest import START


def test_migrating_an_empty_database_to_head_gives_exactly_the_models(database_url):
    engine = make_engine(database_url)
    assert schema.current(engine) is None
    schema.upgrade(engine)
    assert schema.current(engine) == schema.head() == "0002"
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_downgrading_to_nothing_and_up_again_works(database_url):
    engine = make_engine(database_url)
    schema.upgrade(engine)
    with engine.begin() as connection:
        from alembic import command

        command.downgrade(schema._config(connection), "base")
    assert schema.current(engine) is None
    schema.upgrade(engine)
    assert schema.current(engine) == schema.head()
    engine.dispose()


def test_a_database_at_an_older_version_is_refused_with_a_hint_to_upgrade(database_url, tmp_path):
    made = create_data_dir(tmp_path / "data", database_url, START)
    with made.engine().begin() as connection:
        from alembic import command

        command.downgrade(schema._config(connection), "0001")
    made.dispose()
    with pytest.raises(CountyError) as info:
        open_data_dir(tmp_path / "data")
    assert info.value.problems[0].code == "K002" and "0001" in info.value.problems[0].message


def test_a_folder_without_server_json_or_with_a_broken_one_is_refused(tmp_path):
    with pytest.raises(CountyError) as missing:
        open_data_dir(tmp_path)
    (tmp_path / "server.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CountyError) as broken:
        open_data_dir(tmp_path)
    assert [missing.value.problems[0].code, broken.value.problems[0].code] == ["K001", "K003"]


def test_init_keeps_a_relative_sqlite_url_so_the_folder_can_move(tmp_path):
    made = create_data_dir(tmp_path / "data", None, START)
    made.dispose()
    assert json.loads((tmp_path / "data" / "server.json").read_text(encoding="utf-8"))["db"] == "sqlite:///county.db"
    (tmp_path / "data").rename(tmp_path / "moved")
    moved = open_data_dir(tmp_path / "moved")
    assert moved.url == f"sqlite:///{tmp_path / 'moved' / 'county.db'}"
    moved.dispose()


def test_init_refuses_a_used_folder_a_used_database_and_a_bad_url(database_url, tmp_path):
    create_data_dir(tmp_path / "data", database_url, START).dispose()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x", encoding="utf-8")
    codes = []
    for folder, url in [("data", database_url), ("full", None), ("other", database_url), ("bad", "mysql://x/y")]:
        with pytest.raises(CountyError.__mro__[1]) as info:
            create_data_dir(tmp_path / folder, url, START)
        codes.append(info.value.problems[0].code)
    assert codes == ["K004", "K004", "K004", "K005"]
    assert not (tmp_path / "other").exists() and not (tmp_path / "bad").exists()


def test_the_data_dir_makes_each_submission_s_folder_on_demand(tmp_path):
    class Row:
        round_id, unit_id = 3, 7

    folder = DataDir(tmp_path, "sqlite:///county.db").forms_folder(Row())  # type: ignore[arg-type]
    assert folder == tmp_path / "forms" / "3" / "7" and folder.is_dir()


def test_a_0001_database_holding_rows_upgrades_to_head_keeping_them(database_url):
    engine = make_engine(database_url)
    schema.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO units (id, name, is_county, created_at) VALUES "
                                "(1, '县委政法委', TRUE, '2026-10-01 08:00:00'), "
                                "(2, '白河镇', FALSE, '2026-10-01 08:00:00')"))
        connection.execute(text("INSERT INTO accounts (id, name, unit_id, role, password_hash, disabled, failed_logins, "
                                "created_at) VALUES (1, '县管理员', 1, 'county', 'x', FALSE, 0, '2026-10-01 08:00:00')"))
        connection.execute(text("INSERT INTO rounds (id, template, period, due, opened_by, opened_at) VALUES "
                                "(1, '工作总结', '2026Q3', '2026-10-10', 1, '2026-10-01 08:00:00')"))
        connection.execute(text("INSERT INTO submissions (id, round_id, unit_id, state, version, digest, updated_at) "
                                "VALUES (1, 1, 2, '填写中', 1, 'abc', '2026-10-01 08:00:00')"))
        connection.execute(text("INSERT INTO form_versions (id, submission_id, number, text, created_at, note) "
                                "VALUES (1, 1, 1, '标题: 旧库里的\n', '2026-10-01 08:00:00', '')"))
        connection.execute(text("INSERT INTO audit_entries (id, at, account, unit, address, action, object, result) "
                                "VALUES (1, '2026-10-01 08:00:00', '县管理员', '县委政法委', '', '登录', '', '成功')"))
    schema.upgrade(engine)
    assert schema.current(engine) == schema.head()
    with session_scope(engine) as db:
        submission = db.get(Submission, 1)
        assert (submission.state, submission.findings, submission.unit.name) == ("填写中", None, "白河镇")
        assert db.scalar(select(FormVersion.text)) == "标题: 旧库里的\n"
        assert [e.result for e in audit.entries(db)] == ["成功"]
        submission.findings = 3
    names = {index["name"] for index in inspect(engine).get_indexes("audit_entries")}
    assert "ix_audit_entries_at" in names
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries"))
    engine.dispose()
