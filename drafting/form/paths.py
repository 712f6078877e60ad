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

__all__ = ["OUTSIDE_HINT", "confined", "named_file", "without_excerpts"]


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
