"""Where the built-in templates and data live, installed or in a source checkout."""
from __future__ import annotations

import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def resource_dir(name: str) -> Path:
    """Return the folder ``templates`` or ``data``: inside the wheel, else the repo root."""
    installed = _PACKAGE / "_resources" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def templates_dir() -> Path:
    """The folder of built-in Jinja templates."""
    return resource_dir("templates")


def profile_path(name: str) -> Path:
    """The file of a built-in style profile (a name with a path in it names none)."""
    folder = resource_dir("data") / "profiles"
    if not name or any(c in name for c in "/\\") or name.startswith(".") or "\x00" in name:
        return folder / "（没有这个版式）"
    return folder / f"{name}.yaml"


def fontconfig_file() -> Path:
    """The fontconfig file that maps official font names to free fonts (for rendering)."""
    return resource_dir("data") / "fontconfig" / "fonts.conf"


def template_folders(form_dir: Path | None = None, extra: Iterable[Path] = ()) -> list[Path]:
    """Where templates are looked up, first found wins: --template-dir folders, the form's
    ``templates/``, the working folder's ``templates/``, then the built-in templates (last)."""
    builtin = templates_dir().resolve()
    candidates = [Path(p) for p in extra]
    if form_dir is not None:
        candidates.append(form_dir / "templates")
    candidates.append(Path.cwd() / "templates")
    folders: list[Path] = []
    for folder in candidates:
        resolved = folder.resolve()
        if form_dir is not None and folder == form_dir / "templates" and not _inside(resolved, form_dir.resolve()):
            continue  # a templates/ link beside a form that points elsewhere is not the form's own
        if resolved.is_dir() and resolved != builtin and resolved not in folders:
            folders.append(resolved)
    return folders + [builtin]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def user_cache_folder(name: str) -> str | None:
    """``~/.cache/drafting/NAME`` (or under $XDG_CACHE_HOME), made 0700 if need be; None unless it is safely ours."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    top = os.path.join(base, "drafting")
    folder = os.path.join(top, name)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not (_ours(os.lstat(top)) and _ours(os.lstat(folder))):
            return None  # another user's folder, or one others may write into: its files could be planted
    except (OSError, ValueError):
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def _ours(status: os.stat_result) -> bool:
    """Whether a file or folder is ours alone to change: our own (not a link), no group or other write bit."""
    owner = getattr(os, "getuid", None)
    return (stat.S_ISDIR(status.st_mode) or stat.S_ISREG(status.st_mode)) \
        and (owner is None or status.st_uid == owner()) and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_cached(folder: str, name: str, limit: int) -> bytes | None:
    """The cache file ``name`` in ``folder`` when it is a regular file of ours of at most ``limit`` bytes, else None.

    Never raises: a cache that cannot be read only costs time.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(os.path.join(folder, name), flags | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or not _ours(status) or status.st_size > limit:
            return None
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read(limit + 1)[:limit]
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def write_cached(folder: str, name: str, data: bytes) -> None:
    """Replace the cache file ``name`` in ``folder`` with ``data`` all at once (a temporary file, then a rename).

    Never raises: a full disk or a folder that cannot be written only costs time; no temporary file is left.
    """
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=folder)  # mode 0600
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, os.path.join(folder, name))
        temporary = None
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
