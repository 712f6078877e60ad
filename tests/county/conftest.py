"""The county tests' databases: every test runs on SQLite and on PostgreSQL (a private cluster, a database each).

PostgreSQL: ``DRAFTING_TEST_POSTGRES_URL`` (a server URL whose user may CREATE DATABASE) when set, else a cluster
started for the session from /usr/lib/postgresql/*/bin (as the ``postgres`` user when run as root, by Popen's
``user``), listening only on a Unix socket in a temporary folder, stopped by its pid at the end. Where PostgreSQL is not installed its
tests are skipped, unless ``DRAFTING_REQUIRE_POSTGRES=1`` (set by .ci/run) makes that a failure.
"""
from __future__ import annotations

import glob
import json
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from drafting.county.accounts import add_account
from drafting.county.datadir import DataDir, create_data_dir, open_data_dir
from drafting.county.db import session_scope

START = datetime(2026, 10, 1, 8, 0, tzinfo=timezone.utc)
ADMIN, ADMIN_PASSWORD, COUNTY = "县管理员", "county-pass-2026", "县委政法委"
UNITS = ("白河镇", "青石乡", "柳林镇")
UNIT_PASSWORD = "unit-pass-2026"
_NUMBERS = itertools.count(1)


def with_numbers(text: str) -> str:
    """A round's blank 工作总结 form with numbers filled into its figures (the blank form has only names and units)."""
    return (text.replace("  排查纠纷:\n    单位: 件", "  排查纠纷:\n    值: 2966\n    单位: 件")
            .replace("  化解纠纷:\n    单位: 件", "  化解纠纷:\n    值: 2869\n    单位: 件\n    去年同期: 2700"))


def clerk(unit: str) -> str:
    """The clerk account's name of ``unit`` in the fixture."""
    return f"{unit}文书"


def _fail_or_skip(reason: str) -> None:
    """Skip with ``reason``, or fail when CI requires PostgreSQL."""
    if os.environ.get("DRAFTING_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (DRAFTING_REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(reason)


class Cluster:
    """A private PostgreSQL cluster in a temporary folder, reached by its Unix socket."""

    def __init__(self, binaries: Path) -> None:
        # Not pytest's folder: the postgres user must reach the socket, and root's pytest folders are private.
        self.folder = Path(tempfile.mkdtemp(prefix="drafting-pg-", dir=os.environ.get("TMPDIR", "/tmp")))
        self.data, self.socket = self.folder / "data", self.folder / "socket"
        self.socket.mkdir()
        self.user = "postgres" if os.geteuid() == 0 else None  # PostgreSQL refuses to run as root
        if self.user:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.socket, "postgres")
        self.port = 5432
        subprocess.run([str(binaries / "initdb"), "-D", str(self.data), "-A", "trust",
                        "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"] + (["-U", self.user] if self.user else []),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, user=self.user)
        self.process = subprocess.Popen(
            [str(binaries / "postgres"), "-D", str(self.data), "-k", str(self.socket),
             "-c", "listen_addresses=", "-p", str(self.port), "-c", "fsync=off", "-c", "max_connections=200"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, user=self.user)  # its pid is postgres's own
        deadline = time.monotonic() + 30
        while not (self.socket / f".s.PGSQL.{self.port}").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the PostgreSQL test cluster did not start")
            time.sleep(0.1)

    def url(self, database: str) -> str:
        """The URL of ``database`` in this cluster."""
        user = self.user or os.environ.get("USER") or "postgres"
        return f"postgresql+psycopg://{user}@/{database}?host={self.socket}&port={self.port}"

    def stop(self) -> None:
        """Stop the server by its pid (fast shutdown) and remove the folder."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A URL (to its ``postgres`` database) of a PostgreSQL server tests may create databases on."""
    given = os.environ.get("DRAFTING_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        _fail_or_skip("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)")
    cluster = Cluster(Path(found[-1]).parent)
    try:
        yield cluster.url("postgres")
    finally:
        cluster.stop()


def fresh_postgres_database(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    name = f"drafting_test_{os.getpid()}_{next(_NUMBERS)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(server_url: str, name: str) -> None:
    """Drop a test's database (its connections closed first)."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database's URL: a SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'county.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = fresh_postgres_database(server)
    yield url
    drop_postgres_database(server, make_url(url).database or "")


@pytest.fixture
def other_database_url(database_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of the other kind (for backup → restore across kinds)."""
    if database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = fresh_postgres_database(server)
    yield url
    drop_postgres_database(server, make_url(url).database or "")


def _populate(made: DataDir) -> None:
    """The county admin and three townships with a clerk each."""
    with session_scope(made.engine()) as db:
        add_account(db, ADMIN, COUNTY, "county", ADMIN_PASSWORD, START)
        for unit in UNITS:
            add_account(db, clerk(unit), unit, "unit", UNIT_PASSWORD, START)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A populated SQLite database made once (Argon2 and the migrations take seconds), copied for each test."""
    folder = tmp_path_factory.mktemp("county-template") / "data"
    made = create_data_dir(folder, None, START)
    _populate(made)
    made.dispose()  # the last connection closes: the WAL is checkpointed into county.db
    return folder / "county.db"


@pytest.fixture(scope="session")
def _postgres_template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A populated PostgreSQL database made once, the TEMPLATE of each test's database (dropped at the end)."""
    server = request.getfixturevalue("postgres_server")
    url = fresh_postgres_database(server)
    made = create_data_dir(tmp_path_factory.mktemp("county-pg-template") / "data", url, START)
    _populate(made)
    made.dispose()
    yield make_url(url).database or ""
    drop_postgres_database(server, make_url(url).database or "")


@pytest.fixture
def data_dir(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[DataDir]:
    """An initialised DataDir: the county admin and three townships with a clerk each (a copy of a template)."""
    folder = tmp_path / "data"
    (folder / "forms").mkdir(parents=True)
    parsed = make_url(database_url)
    if parsed.get_backend_name() == "sqlite":
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), parsed.database or "")
    else:
        template = request.getfixturevalue("_postgres_template")
        admin = create_engine(request.getfixturevalue("postgres_server"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{parsed.database}"'))
            connection.execute(text(f'CREATE DATABASE "{parsed.database}" TEMPLATE "{template}"'))
        admin.dispose()
    (folder / "server.json").write_text(json.dumps({"db": database_url, "created": START.isoformat()}),
                                        encoding="utf-8")
    made = open_data_dir(folder)
    yield made
    made.dispose()


def bare_submission(data_dir: DataDir, unit: str = "白河镇", text: str = "标题: 第一版\n") -> int:
    """A round of 工作总结 2026Q3 with one submission of ``unit`` at version 1 (rounds.py not involved); its id."""
    from sqlalchemy import select

    from drafting.county.models import Account, Round, Submission, Unit
    from drafting.county.versions import first_version

    with session_scope(data_dir.engine()) as db:
        admin = db.scalar(select(Account).where(Account.name == ADMIN))
        round_ = Round(template="工作总结", period="2026Q3", due=START.date(), opened_by=admin.id, opened_at=START)
        db.add(round_)
        db.flush()
        owner = db.scalar(select(Unit).where(Unit.name == unit))
        submission = Submission(round_id=round_.id, unit_id=owner.id, state="未填", version=0, digest="",
                                updated_at=START)
        db.add(submission)
        db.flush()
        first_version(db, submission, text, admin, START, "开始")
        return submission.id
