"""Write output files atomically: a temporary file beside the target, then a rename."""
from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from .errors import Location, OutputError, Problem, display_name, os_reason


NAME_MAX = 255  # bytes in one file name: ext4, XFS, Btrfs, APFS and NTFS (in UTF-16 units) all stop there
_SHORT_BYTES = 80  # of the target's name in a temporary file's name, which adds at most 40 bytes
MARKER = "drafting"  # in every temporary file's name, so that only drafting's own leftovers are ever cleaned


def write_atomic(path: Path, data: bytes, follow_links: bool = False) -> None:
    """Replace ``path`` with ``data`` all at once. Raises OutputError in Chinese.

    A failure at any point leaves the previous file as it was and no temporary file behind. A
    symbolic link as the target is refused (a planted link must not redirect the write) unless
    ``follow_links`` (--follow-links) and it points inside its own folder; FIFOs, devices and folders are refused.
    """
    name = display_name(path)
    if str(path) == "-":
        _write_stdout(data)
        return
    check_name(path)
    try:
        path = _followed(path, name, follow_links)
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # a new file, or a folder that is not one (said below)
        mode = None
    except OSError as exc:
        raise OutputError(_problem(name, path.parent, exc)) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(Problem(Location(name), f"“{name}”是一个文件夹，不能写成文件",
                                  "用 -o 指定一个文件名，如 -o 报告.docx", "O002"))
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(Problem(Location(name), f"“{name}”不是普通文件（是设备、管道或套接字），没有写入",
                                  "用 -o 指定一个普通文件；要输出到屏幕请用 -o -", "O011"))
    folder = path.parent
    if not os.path.isdir(folder):
        raise OutputError(Problem(Location(name), f"目标文件夹“{display_name(folder)}”不存在",
                                  "先建好这个文件夹，或用 -o 指定已有的位置", "O001"))
    _remove_stale_temporaries(path)
    temp_name = None
    try:
        fd, temp_name = _create_temporary(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists() and not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, "read-only target")
        os.replace(temp_name, path)
        temp_name = None
    except OSError as exc:
        raise OutputError(_problem(name, folder, exc)) from None
    finally:
        if temp_name is not None:  # only ever this call's own file: its name is unique to this call
            try:
                os.unlink(temp_name)
            except OSError:
                pass


def _followed(path: Path, name: str, follow_links: bool) -> Path:
    """The file to write for ``path``: itself, or with --follow-links the target of a link inside its own folder."""
    if not path.is_symlink():
        return path.absolute()
    try:
        folder = path.absolute().parent.resolve()
        target = path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a link loop
        raise OutputError(Problem(Location(name), f"“{name}”是一个符号链接，它兜圈子指回自己（循环链接），没有写入",
                                  "删掉这个链接再生成", "O010")) from None
    if follow_links and target.parent == folder:
        return target
    raise OutputError(Problem(Location(name), f"“{name}”是一个符号链接（指向“{display_name(target)}”），没有写入",
                              "删掉这个链接再生成；链接指向同一文件夹里的文件时，可加 --follow-links 写到它指向的文件", "O010"))


def _write_stdout(data: bytes) -> None:
    if sys.stdout is None:
        raise OutputError(Problem(Location("标准输出"), "标准输出已经关闭，无法输出文稿",
                                  "去掉 -o -，或把输出重定向到文件", "O009"))
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:  # a closed pipe (draft build -o - | head -c 1)
        raise OutputError(Problem(Location("标准输出"), f"无法写到标准输出：{os_reason(exc)}",
                                  "检查接收输出的程序", "O009")) from None


# Per folder: drafting's temporary files found when first writing there. Shared by threads, so only
# atomic operations touch it (setdefault, copying, discard): two threads never remove the same entry twice.
_temporaries: dict[Path, set[str]] = {}
_STALE_SECONDS = 24 * 3600


def _remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files that an earlier, killed drafting left for ``path``: only drafting's own
    (``.NAME.drafting-PID-RANDOM.tmp``), and only when provably stale — their process is gone, or a day old.

    A folder is listed once per process: a batch writing hundreds of reports into one folder must
    not list it again for every report.
    """
    import time

    names = _temporaries.get(path.parent)
    if names is None:
        try:
            listed = {entry.name for entry in os.scandir(path.parent)
                      if entry.name.startswith(".") and entry.name.endswith(".tmp") and f".{MARKER}-" in entry.name}
        except OSError:
            listed = set()
        names = _temporaries.setdefault(path.parent, listed)
    prefix = f".{_short(path.name)}.{MARKER}-"
    now = time.time()
    for name in [n for n in list(names) if n.startswith(prefix)]:
        names.discard(name)
        stale = path.parent / name
        pid = name[len(prefix):].split("-", 1)[0]
        try:
            if stale.is_symlink() or not stale.is_file():
                continue
            if not _alive(pid) or now - stale.stat().st_mtime > _STALE_SECONDS:
                stale.unlink()
        except OSError:
            pass


def _alive(pid: str) -> bool:
    """Whether process ``pid`` still runs (a temporary file of a live write is not stale)."""
    # This process counts as running: another thread of it may be writing that very file (a file an
    # earlier write of ours could not remove is cleaned once it is a day old).
    if not pid.isdigit():
        return True
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _short(name: str) -> str:
    """``name`` as it goes into a temporary file's name: itself when short, else its start and a hash (at most 80 bytes)."""
    import hashlib

    encoded = os.fsencode(name)
    if len(encoded) <= _SHORT_BYTES:
        return name
    start = encoded[:_SHORT_BYTES - 17].decode("utf-8", "ignore")  # whole characters only
    return f"{start}~{hashlib.sha256(encoded).hexdigest()[:16]}"


def name_too_long(path: Path) -> Problem | None:
    """The problem with ``path`` when one of its names is longer than a file system holds (255 bytes), else None."""
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            shown = part if len(part) <= 24 else f"{part[:12]}…{part[-8:]}"
            return Problem(Location(shown), f"文件名太长：{size} 字节，超过了文件系统允许的 {NAME_MAX} 字节",
                           f"改用短一些的名字（一个汉字占 3 字节，{NAME_MAX} 字节约 {NAME_MAX // 3} 个汉字）", "O017")
    return None


def check_name(path: Path) -> None:
    """Refuse a ``path`` whose names the file system cannot hold. Raises OutputError in Chinese."""
    problem = name_too_long(path)
    if problem is not None:
        raise OutputError(problem)


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, created exclusively (O_EXCL) under a name unique to this call."""
    # A new file is opened 0666, so the kernel applies the umask: it is never read or changed (changing it
    # would race with every other thread). A replacement keeps the previous file's permissions exactly.
    try:
        previous: int | None = path.stat().st_mode & 0o777
    except OSError:
        previous = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temp_name = str(path.parent / f".{_short(path.name)}.{MARKER}-{os.getpid()}-{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(temp_name, flags, 0o666 if previous is None else previous)
        except FileExistsError:
            continue
        if previous is not None:
            try:
                os.chmod(temp_name, previous)  # the umask may have masked some of the previous bits
            except OSError:
                os.close(fd)
                os.unlink(temp_name)
                raise
        return fd, temp_name
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _problem(name: str, folder: Path, exc: OSError) -> Problem:
    if exc.errno == errno.ENOSPC:
        return Problem(Location(name), f"磁盘空间不足，无法写入“{name}”", "清理磁盘后再试；原有文件没有改动", "O003")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(Location(name), f"无法写入“{name}”：文件是只读的、没有写权限，或正在被 Word/WPS 打开",
                       "关闭打开它的程序，或检查文件和文件夹的权限后再试；原有文件没有改动", "O004")
    if exc.errno == errno.ENAMETOOLONG:
        return Problem(Location(name), f"无法写入“{name}”：文件名或路径太长", "改用短一些的文件名或文件夹名", "O017")
    if exc.errno == errno.EBUSY:
        return Problem(Location(name), f"“{name}”正被其他程序占用", "关闭打开它的程序后再试；原有文件没有改动", "O005")
    return Problem(Location(name), f"无法写入“{name}”：{os_reason(exc)}", "检查文件夹“"
                   f"{display_name(folder)}”是否可写；原有文件没有改动", "O006")


def write_new(path: Path, data: bytes, overwrite: bool, hint: str) -> None:
    """Write ``data`` to ``path`` atomically, refusing to replace an existing file (or link) unless ``overwrite``
    (--overwrite); a link is never written through."""
    if str(path) != "-":
        check_name(path)
    if str(path) != "-" and os.path.lexists(path) and not overwrite:
        raise OutputError(Problem(Location(display_name(path)), f"“{display_name(path)}”已经存在，没有覆盖", hint, "O007"))
    write_atomic(path, data)
