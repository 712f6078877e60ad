"""The database engine and sessions: SQLite with WAL, foreign keys and a busy timeout, or PostgreSQL (psycopg 3)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "drafting_read_only"  # an execution option: begin a deferred (reading) SQLite transaction


def make_engine(url: str) -> Engine:
    """An engine for ``url``; on SQLite every connection runs WAL, foreign keys on, and waits 10 s for a lock.

    SQLite transactions begin IMMEDIATE (the write lock is taken at BEGIN, so a read-then-write transaction never
    fails half-way with "database is locked"); sessions opened ``read_only`` begin deferred and never block.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi_connection: Any, record: object) -> None:
    """Each new SQLite connection: driver transactions off (we BEGIN ourselves), WAL, foreign keys, busy wait."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """BEGIN IMMEDIATE for a writing transaction, a plain BEGIN for a read-only one."""
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@contextmanager
def session_scope(engine: Engine, read_only: bool = False) -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back on any error.

    ``read_only``: the block only reads (on SQLite its transaction takes no write lock; nothing is committed).
    """
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    session = Session(bind=bind, expire_on_commit=False)
    try:
        yield session
        if read_only:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
