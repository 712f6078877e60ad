"""The database's schema version: upgrade it with Alembic (run programmatically) and check it is the program's."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from .errors import CountyError, problem

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the migrations shipped in the package, migrating ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The schema version this program expects (the newest migration)."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def revisions() -> set[str]:
    """Every schema version this program knows (a backup of any of them can be restored)."""
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def current(engine: Engine) -> str | None:
    """The schema version of the database behind ``engine``; None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (the newest by default), in one transaction where the database can."""
    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)


def downgrade_to_empty(engine: Engine) -> None:
    """Drop every table the migrations made (a restore that failed half-way leaves the database as it found it)."""
    with engine.begin() as connection:
        command.downgrade(_config(connection), "base")


def check(engine: Engine, where: str) -> None:
    """Raise K002 unless the database is at the program's schema version."""
    found, wanted = current(engine), head()
    if found == wanted:
        return
    if found is None:
        raise CountyError(problem(where, "数据库是空的，还没有初始化",
                                  "先运行 draft server init 建立数据库", "K002"))
    raise CountyError(problem(where, f"数据库的结构版本是 {found}，这一版 draft 要的是 {wanted}",
                              "先备份（draft server backup），再运行 draft server upgrade 升级数据库", "K002"))
