"""Diagnostics: where something happened, how bad it is, and the errors that carry them; only the CLI prints them."""
from __future__ import annotations

import errno
import os
from enum import Enum
from pathlib import Path
from typing import Sequence

from .records import NamedTuple


class Location(NamedTuple):
    """A place in a file: 1-based line and column, either may be unknown."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class Severity(str, Enum):
    """How much a finding matters: errors stop a build, warnings do not, notices say what was done."""

    ERROR = "错误"
    WARNING = "警告"
    NOTICE = "提示"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


ERROR, WARNING, NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE


class Subject(NamedTuple):
    """The exact text a finding concerns: ``text`` as typed, the ``occurrence``-th (0-based) of equal texts in
    the text that starts at ``within`` (a form text's start, or a .docx paragraph), typed right after ``before``
    (a few characters, no template code); draft check --annotate anchors its comment there."""

    text: str
    occurrence: int = 0
    within: Location | None = None
    before: str = ""


BEFORE_CHARS = 6  # of a subject's ``before``: enough to tell one “，” from another


def subject_in(text: str, offset: int, snippet: str, within: Location | None) -> Subject:
    """The subject ``snippet`` found at ``offset`` of a form text ``text`` (which may hold template code)."""
    head = text[max(0, offset - BEFORE_CHARS * 4):offset]
    for closer in ("}}", "%}", "#}", "\n"):
        head = head.rpartition(closer)[2]
    return Subject(snippet, text[:offset].count(snippet) if snippet else 0, within, head[-BEFORE_CHARS:])


class Problem(NamedTuple):
    """One finding: what is wrong, where, and how to fix it (all in Chinese); ``subject``: the text it concerns."""

    location: Location
    message: str
    hint: str | None = None
    code: str = "E000"
    severity: Severity = ERROR
    excerpt: str | None = None
    subject: Subject | None = None


class DraftError(Exception):
    """Base of every error a user can cause; carries one or more problems (and survives pickling)."""

    exit_code = 1

    def __init__(self, problems: Sequence[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(f"{p.location}: {p.message}" for p in self.problems))

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.problems,))


class FormError(DraftError):
    """The form (YAML) cannot be read or does not fit the schema.

    ``partial`` is what could still be read of the form (None when nothing could): the checks run on
    it, so that one round reports the form's mistakes and the check's findings together.
    """

    partial: object = None


class TemplateError(DraftError):
    """A template or its declaration has an error, refers to something undefined, or is missing."""


class OutputError(DraftError):
    """The output file cannot be written."""


class UsageError(DraftError):
    """The command line asks for something that cannot be done (exit code 2)."""

    exit_code = 2


def display_name(path: Path | str) -> str:
    """The path as the user would type it: relative to the working folder when below it, else as given."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return readable_name(str(path))
    return readable_name(str(path) if relative.startswith("..") and os.path.isabs(path) else relative)


def readable_name(name: str) -> str:
    """A name listed under a locale that is not UTF-8 (bytes kept as surrogates) shown as UTF-8; undecodable bytes as �."""
    if not any("\udc80" <= char <= "\udcff" for char in name):
        return name
    return os.fsencode(name).decode("utf-8", "replace")


def excerpt_of(lines: Sequence[str], line: int | None) -> str | None:
    """The 1-based ``line`` of a text split into ``lines``, for quoting under a message."""
    if line is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1]


_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足", errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "已经存在", errno.ELOOP: "符号链接层数太多（可能循环）", errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "正被其他程序占用", errno.EIO: "读写磁盘出错", errno.EXDEV: "不在同一个磁盘上",
    errno.EMFILE: "打开的文件太多", errno.EINVAL: "路径无效", errno.EDQUOT: "超出磁盘配额", errno.ETXTBSY: "正被其他程序占用",
}


def os_reason(exc: OSError) -> str:
    """What an operating-system error means, in Chinese (never the system's English text)."""
    reason = _OS_REASONS.get(exc.errno or 0)
    return reason if reason else f"系统错误（代码 {exc.errno}）" if exc.errno else "系统错误"
