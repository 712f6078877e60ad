"""The append-only audit log: who did what to which object, from where, with what result; and its CSV."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry

HEADER = ("时间", "账号", "单位", "地址", "操作", "对象", "结果")


def record(db: Session, *, account: str, unit: str, address: str, action: str, object: str, result: str,
           now: datetime) -> None:
    """Append one entry (committed with the caller's transaction)."""
    db.add(AuditEntry(at=now, account=account, unit=unit, address=address, action=action, object=object,
                      result=result))


def entries(db: Session, limit: int | None = None) -> list[AuditEntry]:
    """The entries, newest first; at most ``limit`` of them."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(db.scalars(query))


def as_rows(found: list[AuditEntry]) -> list[tuple[str, ...]]:
    """Each entry as the CSV's cells: local-free ISO time (UTC), then the plain strings."""
    return [(entry.at.isoformat(timespec="seconds"), entry.account, entry.unit, entry.address, entry.action,
             entry.object, entry.result) for entry in found]


def as_csv(found: list[AuditEntry]) -> str:
    """The entries as CSV with a Chinese header (cells that look like formulas are quoted with a leading ')."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(tuple(_inert(cell) for cell in row) for row in as_rows(found))
    return buffer.getvalue()


def _inert(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection: =, +, -, @ at the start)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
