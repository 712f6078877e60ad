"""The audit log: entries newest first, CSV with a Chinese header, and UPDATE/DELETE refused by the database."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from drafting.county import audit
from drafting.county.db import session_scope
from drafting.county.models import AuditEntry

from .conftest import START


def _two_entries(data_dir) -> None:  # type: ignore[no-untyped-def]
    with session_scope(data_dir.engine()) as db:
        audit.record(db, account="县管理员", unit="县委政法委", address="10.0.0.1", action="登录", object="县管理员",
                     result="成功", now=START)
        audit.record(db, account="白河镇文书", unit="白河镇", address="10.0.0.2", action="保存", object="=1+1",
                     result="第 2 版", now=START + timedelta(minutes=1))


def test_entries_come_newest_first_and_the_csv_has_a_header_and_inert_cells(data_dir):
    _two_entries(data_dir)
    with session_scope(data_dir.engine(), read_only=True) as db:
        found = audit.entries(db)
        assert [e.action for e in found] == ["保存", "登录"]
        assert [e.action for e in audit.entries(db, limit=1)] == ["保存"]
        rows = list(csv.reader(io.StringIO(audit.as_csv(found))))
    assert rows[0] == ["时间", "账号", "单位", "地址", "操作", "对象", "结果"]
    assert rows[1] == ["2026-10-01T08:01:00+00:00", "白河镇文书", "白河镇", "10.0.0.2", "保存", "'=1+1", "第 2 版"]


@pytest.mark.parametrize("statement", [
    lambda: update(AuditEntry).values(result="改过"),
    lambda: delete(AuditEntry),
    lambda: text("UPDATE audit_entries SET account = 'x'"),
    lambda: text("DELETE FROM audit_entries WHERE id = 1"),
], ids=["orm-update", "orm-delete", "sql-update", "sql-delete"])
def test_the_database_refuses_to_change_or_delete_an_entry(data_dir, statement):
    _two_entries(data_dir)
    with pytest.raises(DBAPIError, match="append-only"):
        with session_scope(data_dir.engine()) as db:
            db.execute(statement())
    with session_scope(data_dir.engine(), read_only=True) as db:
        assert [e.result for e in audit.entries(db)] == ["第 2 版", "成功"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # TRUNCATE is PostgreSQL's (SQLite has none)
def test_postgresql_refuses_truncate_too(data_dir):
    _two_entries(data_dir)
    with pytest.raises(DBAPIError, match="append-only"):
        with session_scope(data_dir.engine()) as db:
            db.execute(text("TRUNCATE audit_entries"))
