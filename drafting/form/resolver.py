"""Every file a form leads drafting to read — earlier forms, spreadsheets, profiles, templates — goes through one resolver.

The reader is handed a resolver (``Session.resolver``); without one it uses ``FolderResolver``,
which confines the names a form gives to the form's folder tree or ``--root``. A server confines
each user to their own files by handing a resolver of its own (a subclass serving another folder,
or files kept in memory): the reader opens nothing except through it.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import Iterable

from ..chars import shorten
from ..records import NamedTuple

TEMPLATE_BYTES = 10_000_000  # a template or its declaration: the built-in ones are a few kB

OUTSIDE_HINT = ("出于安全，表单只能引用它所在文件夹（及其下级文件夹）里的文件；"
                "确需引用别处的文件，运行时用 --root 指定它们共同的上层文件夹")


class Refusal(NamedTuple):
    """Why a resolver will not give a name a form wrote: a Chinese message, a hint and a code."""

    message: str
    hint: str | None
    code: str


class NotRegularFile(OSError):
    """A device, pipe or socket where a file was expected (reading it could block or never end)."""


class TooLarge(OSError):
    """A file past the budget of what it should be; ``size`` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(errno.EFBIG, "too large")
        self.size = size


class FileStatus(NamedTuple):
    """What a cache needs to know whether a file changed."""

    mtime_ns: int
    size: int


class Resolver:
    """The file operations the reader needs; subclass it (or ``FolderResolver``) to serve files another way."""

    def resolve(self, base: Path, name: str, what: str) -> Path | Refusal:
        """The file ``name`` that a form in folder ``base`` names as ``what``, or why it is refused."""
        raise NotImplementedError

    def nested(self) -> Resolver:
        """The resolver for the files that a named form (an earlier period's) names in turn."""
        return self

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` is a file that can be read."""
        raise NotImplementedError

    def status(self, path: Path) -> FileStatus:
        """``path``'s modification time and size, for caches. Raises OSError."""
        raise NotImplementedError

    def read_bytes(self, path: Path, limit: int) -> bytes:
        """``path``'s bytes. Raises OSError: FileNotFoundError, IsADirectoryError, NotRegularFile, TooLarge past ``limit``."""
        raise NotImplementedError

    def template_folders(self, base: Path | None, extra: Iterable[Path] = ()) -> list[Path]:
        """Where a form in ``base`` finds its templates, first found wins; the built-in folder last."""
        raise NotImplementedError

    def template_files(self, folder: Path, suffix: str) -> list[Path]:
        """The files ending in ``suffix`` that lie in ``folder`` itself (not links to elsewhere), sorted."""
        raise NotImplementedError


class FolderResolver(Resolver):
    """Today's rule, on disk: a form names files in its own folder tree, or below ``root`` (``--root``, which widens)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root

    def resolve(self, base: Path, name: str, what: str) -> Path | Refusal:
        """``base / name`` with links resolved, when it stays inside ``base`` or ``root``."""
        path = confined(base, name, self.root)
        if path is None:
            return Refusal(f"{what}“{shorten(name, 200)}”在表单所在的文件夹之外，没有读取", OUTSIDE_HINT, "E134")
        return path

    def nested(self) -> Resolver:
        """A named form's own files stay inside that form's folder tree (``--root`` widens only the form built)."""
        return FolderResolver(None) if self.root is not None else self

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` is a file on disk."""
        return path.is_file()

    def status(self, path: Path) -> FileStatus:
        """``path``'s modification time and size on disk."""
        found = path.stat()
        return FileStatus(found.st_mtime_ns, found.st_size)

    def read_bytes(self, path: Path, limit: int) -> bytes:
        """``path``'s bytes when it is an ordinary file of at most ``limit`` bytes."""
        # Opened without blocking (a FIFO without a writer would block the open), then checked on the open file,
        # so a file swapped for a pipe or device between a check and the open is still refused.
        try:
            handle = open(path, "rb", opener=_nonblocking)
        except OSError as exc:
            if exc.errno == errno.ENXIO:  # a socket
                raise NotRegularFile(errno.EINVAL, "not a regular file", str(path)) from None
            raise
        with handle:
            found = os.fstat(handle.fileno())
            if stat.S_ISDIR(found.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            if not stat.S_ISREG(found.st_mode):
                raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
            if found.st_size > limit:
                raise TooLarge(found.st_size)
            data = handle.read(limit + 1)
        if len(data) > limit:  # it grew while being read
            raise TooLarge(len(data))
        return data

    def template_folders(self, base: Path | None, extra: Iterable[Path] = ()) -> list[Path]:
        """--template-dir folders, the form's ``templates/``, the working folder's ``templates/``, the built-ins."""
        from ..resources import template_folders

        return template_folders(base, extra)

    def template_files(self, folder: Path, suffix: str) -> list[Path]:
        """The files ending in ``suffix`` in ``folder`` on disk (a link to another folder is left out)."""
        real = folder.resolve()
        return [path for path in sorted(folder.glob(f"*{suffix}")) if path.resolve().parent == real]


def _nonblocking(path: str, flags: int) -> int:
    """``os.open`` that never waits (for a FIFO's writer) nor takes a terminal."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def on_disk(name: str) -> str:
    """The file name ``name`` as the operating system is given it: its UTF-8 bytes, whatever the locale's encoding."""
    # Under an ASCII locale (LC_ALL=POSIX PYTHONUTF8=0) Python cannot encode 通用.j2; the same bytes decoded with
    # surrogateescape open the file a UTF-8 system holds. Under UTF-8 the name is returned unchanged.
    return name.encode("utf-8", "surrogateescape").decode(sys.getfilesystemencoding(), "surrogateescape")


def as_written(name: str) -> str | None:
    """A file name listed from disk decoded as UTF-8 (as forms name it), or None when its bytes are not UTF-8."""
    try:
        return name.encode(sys.getfilesystemencoding(), "surrogateescape").decode("utf-8")
    except UnicodeError:
        return None


def confined(form_dir: Path, name: str, root: Path | None = None) -> Path | None:
    """``form_dir / name`` with links resolved, when it stays inside ``form_dir`` or ``root``; else None."""
    try:
        target = (form_dir / on_disk(name)).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return None
    for boundary in (form_dir, root) if root is not None else (form_dir,):
        folder = boundary.resolve()
        if target == folder or folder in target.parents:
            return target
    return None
