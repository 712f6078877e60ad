"""What a command asks for (its options) and what it keeps while it runs (caches), handed down explicitly."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .records import NamedTuple


class Options(NamedTuple):
    """The options that change how forms are read, checked and built; picklable for worker processes."""

    fix_text: bool = False         # remove control and invisible characters while reading (--fix-text)
    force: bool = False            # build despite check errors; unknown figures print as 【待填】
    strict: bool = False           # warnings count as errors (draft check --strict)
    overwrite: bool = False        # outputs may replace existing files (--overwrite)
    template_dirs: tuple[Path, ...] = ()
    root: Path | None = None       # files a form names may lie anywhere below this folder (--root)
    follow_links: bool = False     # an output that is a link to a file in its own folder is written there (--follow-links)
    replace_edited: bool = False   # build may replace a .docx drafting did not write (--replace-edited)


class Caches:
    """What one command reads or computes once and reuses for every form it handles."""

    __slots__ = ("specs", "earlier_figures", "sheets", "compiled_texts", "packages", "expansion")

    def __init__(self) -> None:
        self.specs: dict[Any, Any] = {}            # template declarations by (name, folders)
        self.earlier_figures: dict[Any, Any] = {}  # 上期/去年同期 figures by (path, mtime, size)
        self.sheets: dict[Any, Any] = {}           # 指标文件 figures or problems by (path, sheet, mtime, size)
        self.compiled_texts: dict[Any, Any] = {}   # compiled form texts by (force, source)
        self.packages: dict[Any, Any] = {}         # docx base parts by profile
        self.expansion: tuple[Any, ...] | None = None  # the last form's rendered texts

    def bounded(self, table: dict[Any, Any], limit: int = 256) -> dict[Any, Any]:
        """``table``, emptied first when it has grown past ``limit`` entries (a long batch stays small)."""
        if len(table) >= limit:
            table.clear()
        return table


class Session:
    """One command's options, caches and file resolver; library callers get a fresh one by default.

    ``resolver`` (a ``drafting.form.resolver.Resolver``) is how every file a form names is found and
    read; None means the default, which keeps to each form's folder tree and ``options.root``.
    """

    __slots__ = ("options", "caches", "resolver")

    def __init__(self, options: Options = Options(), caches: Caches | None = None,
                 resolver: Any = None) -> None:
        self.options = options
        self.caches = caches if caches is not None else Caches()
        self.resolver = resolver
