"""DATA_DIR: server.json (the database's URL), the SQLite file by default, and every unit's working folder."""
from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from ..atomic import write_atomic
from ..errors import display_name
from .db import make_engine
from .errors import CountyError, CountyUsageError, problem
from .models import Submission
from .schema import check, current, upgrade

SETTINGS = "server.json"
DATABASE_FILE = "county.db"
DEFAULT_URL = f"sqlite:///{DATABASE_FILE}"  # relative to DATA_DIR, so the folder can move
FORMS = "forms"


class DataDir:
    """An initialised data folder: where its database is, and where each submission's working folder lies."""

    def __init__(self, path: Path, url: str) -> None:
        self.path = path
        self.stored_url = url
        self.url = resolved_url(path, url)
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        """The engine of this folder's database, made once per DataDir."""
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    def dispose(self) -> None:
        """Close every pooled connection (the engine is made again on the next use)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def forms_folder(self, submission: Submission) -> Path:
        """``DATA_DIR/forms/<round id>/<unit id>/``, made if missing."""
        folder = self.path / FORMS / str(submission.round_id) / str(submission.unit_id)
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def resolved_url(path: Path, url: str) -> str:
    """``url`` with a relative SQLite file taken inside ``path``."""
    parsed = _parsed(url, path)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        database = Path(parsed.database)
        if not database.is_absolute():
            parsed = parsed.set(database=str(path.resolve() / database))
    return parsed.render_as_string(hide_password=False)


def _parsed(url: str, path: Path) -> URL:
    """The URL parsed; K005 when it is no database URL draft can use."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise CountyUsageError(problem(display_name(path), f"“{url}”不是 draft 能用的数据库地址",
                                       "用 sqlite:///文件 或 postgresql+psycopg://用户@/库名?host=套接字目录", "K005"))
    return parsed


def read_settings(path: Path) -> str:
    """The database URL server.json holds; K001 when there is none, K003 when it cannot be read."""
    settings = path / SETTINGS
    where = display_name(path)
    if not settings.is_file():
        raise CountyError(problem(where, f"“{where}”不是 draft server 的数据目录（没有 {SETTINGS}）",
                                  "先运行 draft server init 数据目录 --admin 管理员名 建立它，或检查路径", "K001"))
    try:
        url = json.loads(settings.read_text(encoding="utf-8"))["db"]
        if not isinstance(url, str):
            raise TypeError(url)
    except (OSError, ValueError, KeyError, TypeError):
        raise CountyError(problem(display_name(settings), f"{SETTINGS} 无法读取或缺少 db 一项",
                                  f"从备份恢复，或把它写成 {{\"db\": \"{DEFAULT_URL}\"}}", "K003")) from None
    return url


def open_data_dir(path: Path) -> DataDir:
    """The data folder at ``path``; K001 when it was never initialised, K002 when its schema is not this program's."""
    data_dir = DataDir(path, read_settings(path))
    try:
        with reachable(data_dir):
            check(data_dir.engine(), display_name(path))
    except BaseException:
        data_dir.dispose()
        raise
    return data_dir


def upgrade_data_dir(path: Path) -> tuple[str | None, str]:
    """Migrate the folder's database to the newest schema; the versions before and after."""
    data_dir = DataDir(path, read_settings(path))
    try:
        with reachable(data_dir):
            before = current(data_dir.engine())
            upgrade(data_dir.engine())
            return before, str(current(data_dir.engine()))
    finally:
        data_dir.dispose()


@contextmanager
def reachable(data_dir: DataDir) -> Iterator[None]:
    """Turn a database that cannot be reached (no server, no file, refused login) into K006."""
    try:
        yield
    except OperationalError as exc:
        data_dir.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        shown = make_url(data_dir.url).render_as_string(hide_password=True)
        raise CountyError(problem(display_name(data_dir.path), f"连不上数据库 {shown}：{reason}",
                                  "检查数据库服务是否在运行、地址和账号是否写对；SQLite 检查数据目录能否写入",
                                  "K006")) from None


def create_data_dir(path: Path, url: str | None, now: datetime, revision: str = "head") -> DataDir:
    """Make ``path`` a data folder with an empty database at ``revision`` (the newest by default).

    K004 when the folder is not empty or the database already holds draft server's tables.
    """
    where = display_name(path)
    if (path / SETTINGS).exists():
        raise CountyUsageError(problem(where, f"“{where}”已经是 draft server 的数据目录，没有重新初始化",
                                       "换一个空的文件夹；要从备份重建，用 draft server restore", "K004"))
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise CountyUsageError(problem(where, f"“{where}”不是空文件夹，没有初始化",
                                       "给一个新的或空的文件夹作数据目录", "K004"))
    stored = url or DEFAULT_URL
    data_dir = DataDir(path, stored)  # checks the URL before anything is made
    made = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    try:
        with reachable(data_dir):
            if current(data_dir.engine()) is not None:
                raise CountyUsageError(problem(where, "所给的数据库里已经有 draft server 的数据，没有初始化",
                                               "给一个新建的空数据库；要从备份重建，用 draft server restore", "K004"))
            upgrade(data_dir.engine(), revision)
    except BaseException:
        data_dir.dispose()
        if made:
            shutil.rmtree(path, ignore_errors=True)
        raise
    (path / FORMS).mkdir(exist_ok=True)
    settings = {"db": stored, "created": now.isoformat()}
    write_atomic(path / SETTINGS, (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return data_dir
