"""The folder ``draft serve`` works in: which forms it holds, and the only paths a request may read or write."""
from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path, PurePath
from typing import Any

import yaml

from ..errors import DraftError, Location, Problem
from ..form.paths import is_kept_before_merge
from ..records import NamedTuple

FORM_SUFFIXES = (".yaml", ".yml")
DOWNLOADS = (".docx", ".pdf", ".txt")
MAX_LISTED = 500            # forms the home page lists
MAX_NAME_CHARS = 1000       # a name a request gives, folders included
MAX_PART_BYTES = 255        # one folder or file name (what file systems allow)
_SKIPPED = ("templates", "node_modules", "__pycache__")


class WorkspaceError(DraftError):
    """A request names a file outside the folder, or one that cannot be used (codes S0xx)."""


class Listed(NamedTuple):
    """One form on the home page: its name in the folder, title, template, period and last change."""

    name: str
    title: str
    template: str
    period: str
    changed: str
    problem: str = ""       # why the form cannot be read (“无法读取：…” with its code), else empty


def version_of(data: bytes) -> str:
    """The version a page holds of a file: a digest of its bytes (a change on disk changes it)."""
    return hashlib.sha256(data).hexdigest()[:32]


class Workspace:
    """A folder of forms; every name a request gives is checked to lie inside it."""

    def __init__(self, folder: Path, names_only: bool = False) -> None:
        self.root = folder.resolve()
        self.names_only = names_only  # the pages name files by their name in the folder, never by its path on disk

    def said(self, lines: list[str]) -> list[str]:
        """A command's ``lines`` as the page shows them: with ``names_only`` (the county server, whose folders are
        its own business), the folder's path left out of every file named."""
        if not self.names_only:
            return lines
        prefix = str(self.root) + os.sep
        return [line.replace(prefix, "") for line in lines]

    def path(self, name: str, suffixes: tuple[str, ...] = FORM_SUFFIXES, must_exist: bool = True) -> Path:
        """The file ``name`` (relative, with “/”) inside the folder. Raises WorkspaceError otherwise.

        Refused: absolute paths, ``..``, backslashes, hidden parts, other suffixes, and anything whose
        real path (symbolic links followed) leaves the folder.
        """
        shown = name if len(name) <= 80 else name[:80] + "…"
        parts = name.split("/")
        if len(name) > MAX_NAME_CHARS or any(len(p.encode("utf-8", "surrogatepass")) > MAX_PART_BYTES for p in parts):
            raise WorkspaceError(Problem(Location(shown), f"文件名“{shown}”太长",
                                         f"文件名最多 {MAX_NAME_CHARS} 个字符、每一级最多 {MAX_PART_BYTES} 字节：改短一些", "S007"))
        if (not name or "\x00" in name or "\\" in name or PurePath(name).anchor
                or any(p in ("", ".", "..") or p.startswith(".") for p in parts)):
            raise WorkspaceError(Problem(Location(shown), f"“{shown}”不是这个文件夹里的文件名",
                                         "只能打开 draft serve 所给文件夹里的文件", "S001"))
        if not name.lower().endswith(suffixes):
            raise WorkspaceError(Problem(Location(shown), f"“{shown}”不是{'、'.join(suffixes)}文件",
                                         "只能打开表单（.yaml）和生成的文稿", "S002"))
        candidate = self.root.joinpath(*parts)
        try:
            real = candidate.resolve()
            is_file = real.is_file()
        except (OSError, RuntimeError, ValueError):  # a loop of links, a name the system refuses
            raise WorkspaceError(Problem(Location(shown), f"“{shown}”不是这个文件夹里能打开的文件",
                                         "回到首页重新选择", "S001")) from None
        if real != candidate and not _inside(real, self.root):
            raise WorkspaceError(Problem(Location(shown), f"“{shown}”是指向文件夹外面的链接，不能打开",
                                         "把文件复制到这个文件夹里再打开", "S003"))
        if not _inside(real, self.root):
            raise WorkspaceError(Problem(Location(shown), f"“{shown}”不在这个文件夹里", "只能打开这个文件夹里的文件", "S001"))
        if must_exist and not is_file:
            raise WorkspaceError(Problem(Location(shown), f"找不到文件“{shown}”", "回到首页重新选择", "S004"))
        return candidate

    def name(self, path: Path) -> str:
        """The name a page uses for ``path`` (relative to the folder, with “/”)."""
        return Path(os.path.relpath(path, self.root)).as_posix()

    def forms(self) -> list[Path]:
        """The form files in the folder and its subfolders (not hidden ones, not templates/, not the copies a merge
        kept), by name."""
        found: list[Path] = []
        for folder, subfolders, files in os.walk(self.root):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in _SKIPPED
                                   and not (Path(folder) / d).is_symlink())
            found += [Path(folder) / f for f in sorted(files) if f.lower().endswith(FORM_SUFFIXES)
                      and not f.startswith(".") and not is_kept_before_merge(f) and not (Path(folder) / f).is_symlink()]
            if len(found) >= MAX_LISTED:
                break
        return found[:MAX_LISTED]

    def listing(self) -> list[Listed]:
        """What the home page shows of each form (read quickly; a form that cannot be read says so)."""
        return [self._listed(path) for path in self.forms()]

    def _listed(self, path: Path) -> Listed:
        from ..form.declarations import base_spec

        name = self.name(path)
        try:
            changed = datetime.datetime.fromtimestamp(path.lstat().st_mtime).strftime("%Y-%m-%d %H:%M")
        except (OSError, ValueError, OverflowError):
            changed = ""
        data = _budgeted_read(path, name)
        if isinstance(data, Problem):
            return Listed(name, "", "", "", changed, f"无法读取：{data.message}（{data.code}）")
        if not isinstance(data, dict):
            return Listed(name, "", "", "", changed, "无法读取：这份表单不是“字段: 内容”形式（S010）")
        spec = base_spec()
        fields = {spec.canonical(str(key)): value for key, value in data.items() if spec.canonical(str(key))}
        title = fields.get("标题")
        title_text = "".join(str(t) for t in title) if isinstance(title, list) else str(title or "（未写标题）")
        return Listed(name, title_text, str(fields.get("模板") or "工作总结"), str(fields.get("期间") or ""), changed)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _budgeted_read(path: Path, name: str) -> Any:
    """A form's top-level data for the listing, read through the form reader's budgets; else the first Problem.

    The bytes come through the reader's resolver (regular files only, opened without blocking, at most
    MAX_BYTES); the composed tree passes check_tree (values with aliases expanded, depth, text length)
    before anything is constructed, so an alias bomb or a pipe costs the listing no more than a form.
    """
    from yaml.constructor import SafeConstructor

    from ..form.source import compose, read_source

    try:
        source, _ = read_source(path)
        source.name = name
        root = compose(source)
    except DraftError as error:
        return error.problems[0] if error.problems else Problem(Location(name), "无法读取", None, "S008")
    if root is None:
        return None
    try:
        return SafeConstructor().construct_document(root)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return Problem(Location(name), "YAML 格式错误", None, "E010")
