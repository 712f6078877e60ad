"""Times in the database: stored as naive UTC, handed back as aware UTC, whatever the database."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC time; a naive time is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def utc_now() -> datetime:
    """The current time, aware, in UTC (only callers at the edge use it; the county layer takes ``now``)."""
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp column that stores naive UTC (SQLite keeps no zone) and reads back aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        """Aware or naive in, naive UTC stored."""
        return None if value is None else as_utc(value).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        """Naive UTC stored, aware UTC out."""
        return None if value is None else value.replace(tzinfo=timezone.utc)
