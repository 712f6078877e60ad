"""Which files a form may name (上期, 去年同期, 版式, later spreadsheets): only inside its own folder tree.

A form that arrives from another office must not make drafting read — or quote in a message — a
file elsewhere on the machine. The resolver the reader is handed decides (see resolver.py); the
default one resolves links and keeps to the form's folder, or the ``--root`` the user names.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem
from .nodes import shorten
from .resolver import OUTSIDE_HINT, Refusal, Resolver, confined

__all__ = ["OUTSIDE_HINT", "KEPT_BEFORE_MERGE", "confined", "is_kept_before_merge", "named_file", "without_excerpts"]

KEPT_BEFORE_MERGE = ".合并前-"  # 表单.合并前-20261205-2210.yaml: a form's text kept by draft import --into


def is_kept_before_merge(name: str) -> bool:
    """Whether a file name is a form's copy kept before a merge (not a form of its own to list or build)."""
    return KEPT_BEFORE_MERGE in name


def named_file(reader: Any, node: Any, name: str, base: Path, resolver: Resolver, what: str,
               missing_hint: str, missing_code: str) -> Path | None:
    """The file ``name`` a form in ``base`` names as ``what``, or None after recording why it will not be read."""
    path = resolver.resolve(base, name, what)
    if isinstance(path, Refusal):
        reader.error(node, path.message, path.hint, path.code)
        return None
    if not resolver.is_file(path):
        reader.error(node, f"找不到{what}“{shorten(name, 200)}”", missing_hint, missing_code)
        return None
    return path


def without_excerpts(problems: list[Problem]) -> list[Problem]:
    """Problems of a file the form names, without quoting its lines (messages say where, not what)."""
    return [p._replace(excerpt=None) for p in problems]
