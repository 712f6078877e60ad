"""Logical backups: every table as JSON plus the forms folder, in one zip readable into SQLite or PostgreSQL."""
from __future__ import annotations

import io
import json
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Engine, MetaData, Table, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..atomic import write_new
from ..errors import display_name
from .datadir import FORMS, DataDir, create_data_dir, reachable
from .errors import CountyError, CountyUsageError, problem
from .schema import current, downgrade_to_empty, revisions, upgrade

FORMAT = "drafting-county-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Parents before children, so foreign keys hold at every insert.
TABLES = ("units", "accounts", "login_sessions", "rounds", "submissions", "form_versions", "audit_entries")
MAX_MEMBER = 512 * 1024 * 1024  # one member of a backup, unpacked: a county's tables stay far below
MAX_TOTAL = 8 * 1024 * 1024 * 1024  # every member together, unpacked (as the zip's directory declares them)


def _plain(value: Any) -> Any:
    """A cell as JSON: times and dates as ISO text, the rest as is."""
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def _tables(connection: Connection) -> dict[str, Table]:
    """The database's own tables as they are now (reflected: a backup reads whatever schema version it finds)."""
    metadata = MetaData()
    metadata.reflect(connection, only=list(TABLES))
    return {name: metadata.tables[name] for name in TABLES}


def backup(data_dir: DataDir, output: Path, now: datetime, overwrite: bool = False) -> dict[str, int]:
    """Write the zip to ``output`` (never over a file unless ``overwrite``); returns the rows of each table.

    The tables are read in one transaction (a consistent snapshot on both databases).
    """
    buffer = io.BytesIO()
    counts: dict[str, int] = {}
    engine = data_dir.engine()
    with reachable(data_dir), _snapshot(engine) as connection, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        revision = current(engine)
        for name, table in _tables(connection).items():
            rows = [{column: _plain(value) for column, value in row._mapping.items()}
                    for row in connection.execute(select(table).order_by(table.c.id))]
            counts[name] = len(rows)
            archive.writestr(f"tables/{name}.json", json.dumps(rows, ensure_ascii=False))
        forms = data_dir.path / FORMS
        for path in sorted(forms.rglob("*")) if forms.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                archive.write(path, f"{FORMS}/{path.relative_to(forms).as_posix()}")
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "schema": revision, "created": now.isoformat(),
                    "tables": counts}
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    write_new(output, buffer.getvalue(), overwrite, "换一个备份文件名，或先把旧的备份移走")
    return counts


class _snapshot:
    """A connection in one read transaction (REPEATABLE READ on PostgreSQL, a deferred BEGIN on SQLite)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> Connection:
        options: dict[str, Any] = {"drafting_read_only": True}
        if self.engine.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        self.connection = self.engine.connect().execution_options(**options)
        self.transaction = self.connection.begin()
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.transaction.rollback()
        self.connection.close()


def _bad(path: Path, why: str) -> CountyError:
    """K061: the file is no backup draft can read."""
    return CountyError(problem(display_name(path), f"“{display_name(path)}”不是能恢复的 draft server 备份：{why}",
                               "给出 draft server backup 写出的 .zip 文件", "K061"))


def _read_backup(path: Path) -> tuple[dict[str, Any], zipfile.ZipFile]:
    """The manifest and the open archive; K061 when it is not a backup, K062 when it is newer than this program."""
    try:
        archive = zipfile.ZipFile(path)
        manifest = json.loads(_member(archive, MANIFEST))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, RuntimeError, NotImplementedError):
        raise _bad(path, "不是 zip 文件，或里面没有 manifest.json") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        archive.close()
        raise _bad(path, "manifest.json 不是 draft server 写的")
    known = revisions()
    if manifest.get("version") != FORMAT_VERSION or manifest.get("schema") not in known:
        archive.close()
        raise CountyError(problem(display_name(path), f"备份的数据库版本（{manifest.get('schema')}）比这一版 draft 新",
                                  "用写出这份备份的（或更新的）draft 版本恢复", "K062"))
    return manifest, archive


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, refusing one that unpacks larger than MAX_MEMBER."""
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER:
        raise ValueError(name)
    with archive.open(info) as handle:
        data = handle.read(MAX_MEMBER + 1)
    if len(data) > MAX_MEMBER:
        raise ValueError(name)
    return data


def restore(source: Path, target: Path, url: str | None, now: datetime) -> dict[str, int]:
    """Make ``target`` a data folder holding the backup (its database at the backup's version, then upgraded).

    Refuses (K004) a target folder or database that is not empty; the rows of each table are returned.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CountyUsageError(problem(display_name(target), f"“{display_name(target)}”不是空文件夹，没有恢复",
                                       "恢复到一个新的或空的文件夹（和新建的空数据库），以免两份数据混在一起", "K004"))
    manifest, archive = _read_backup(source)
    with archive:
        names = archive.namelist()
        forms = [name for name in names if name.startswith(f"{FORMS}/") and not name.endswith("/")]
        for name in forms:
            pure = PurePosixPath(name)
            if pure.is_absolute() or ".." in pure.parts or "\\" in name or ":" in name:
                raise _bad(source, f"里面的文件名“{name}”指向数据目录外面")
        if sum(info.file_size for info in archive.infolist()) > MAX_TOTAL:
            raise _bad(source, f"解压后超过 {MAX_TOTAL // 1024 ** 3} GB，不像是一个县的备份")
        made = not target.exists()
        data_dir = create_data_dir(target, url, now, revision=manifest["schema"])
        counts: dict[str, int] = {}
        try:
            with reachable(data_dir), data_dir.engine().begin() as connection:
                for name, table in _tables(connection).items():
                    rows = json.loads(_member(archive, f"tables/{name}.json"))
                    counts[name] = _insert(connection, table, rows)
            upgrade(data_dir.engine())
            for name in forms:
                destination = target / Path(*PurePosixPath(name).parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(_member(archive, name))
        except (KeyError, ValueError, TypeError, AttributeError, RecursionError, SQLAlchemyError) as exc:
            if url is not None:  # a database outside the folder: its tables go too, so a retry finds it empty
                _drop_tables(data_dir.engine())
            data_dir.dispose()
            _empty_again(target, made)
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            raise _bad(source, f"表格数据不完整或类型不对（{reason}）") from None
    data_dir.dispose()
    return counts


def _drop_tables(engine: Engine) -> None:
    """Undo the migrations a failed restore ran on a database it was given; one it cannot reach is left as it is."""
    try:
        downgrade_to_empty(engine)
    except SQLAlchemyError:
        pass  # unreachable now: the K061 still says the backup was not restored; K004 on a retry names the database


def _empty_again(target: Path, made: bool) -> None:
    """Undo a restore that failed half-way: the folder removed when restore made it, else emptied again."""
    if made:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _rows(table: Table, rows: Any) -> list[dict[str, Any]]:
    """The rows of a table's JSON: a list of objects; ValueError otherwise."""
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ValueError(f"tables/{table.name}.json 应当是一列对象")
    return rows


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert the rows (ISO texts back to times and dates); on PostgreSQL move the id sequence past them."""
    converters = {}
    for column in table.columns:
        if isinstance(column.type, DateTime):
            converters[column.name] = datetime.fromisoformat
        elif isinstance(column.type, Date):
            converters[column.name] = date.fromisoformat
    wanted = set(table.columns.keys())
    rows = _rows(table, rows)
    typed = [{key: (converters[key](value) if key in converters and value is not None else value)
              for key, value in row.items() if key in wanted} for row in rows]
    if typed:
        connection.execute(table.insert(), typed)
    if connection.dialect.name == "postgresql":
        highest = connection.scalar(select(func.max(table.c.id)))
        if highest is not None:
            connection.execute(text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                               {"table": table.name, "value": highest})
    return len(typed)

