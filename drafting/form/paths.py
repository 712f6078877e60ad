"""Which files a form may name (上期, 去年同期, 版式, later spreadsheets): only inside its own folder tree.

A form that arrives from another office must not make drafting read — or quote in a message — a
file elsewhere on the machine. Paths are resolved, symlinks included, and must stay inside the
form's folder, or inside the project root the user names with ``--root`` (which widens, never narrows).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem
from .nodes import shorten


def confined(form_dir: Path, name: str, root: Path | None = None) -> Path | None:
    """``form_dir / name`` with links resolved, when it stays inside ``form_dir`` or ``root``; else None."""
    try:
        target = (form_dir / name).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return None
    for boundary in (form_dir, root) if root is not None else (form_dir,):
        folder = boundary.resolve()
        if target == folder or folder in target.parents:
            return target
    return None



OUTSIDE_HINT = ("出于安全，表单只能引用它所在文件夹（及其下级文件夹）里的文件；"
                "确需引用别处的文件，运行时用 --root 指定它们共同的上层文件夹")


def named_file(reader: Any, node: Any, name: str, form_dir: Path, root: Path | None, what: str,
               missing_hint: str, missing_code: str) -> Path | None:
    """The file ``name`` a form names as ``what``, or None after recording why it will not be read."""
    shown = shorten(name, 200)
    path = confined(form_dir, name, root)
    if path is None:
        reader.error(node, f"{what}“{shown}”在表单所在的文件夹之外，没有读取", OUTSIDE_HINT, "E134")
        return None
    if not path.is_file():
        reader.error(node, f"找不到{what}“{shown}”", missing_hint, missing_code)
        return None
    return path


def without_excerpts(problems: list[Problem]) -> list[Problem]:
    """Problems of a file the form names, without quoting its lines (messages say where, not what)."""
    return [p._replace(excerpt=None) for p in problems]
