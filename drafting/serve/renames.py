"""A figure renamed in the page's 指标 table is renamed wherever the form uses it.

A text uses a figure as ``{{ 指标.名称 … }}`` (or ``指标["名称"]``, ``指标['名称']``) inside ``{{ }}`` or
``{% %}``, anywhere in the expression (``比率(指标.化解, 1)``); a 指标表 lists it by name; a rate names its
parts with 分子 and 分母. Each is renamed; text outside ``{{ }}`` and ``{% %}`` is left as typed.
"""
from __future__ import annotations

import re
from typing import Any

from ..form.schema import FIGURE, typed_keys
from .formstate import ORIGIN

_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_PARTS = ("分子", "分母")


def figure_renames(rows: Any, saved_names: list[str | None]) -> dict[str, str]:
    """Old name → new name for each row opened as one figure and saved under another name.

    ``saved_names`` are the names the rows are saved under. A name still saved by some row (two rows
    swapped, a copy) is not renamed away from.
    """
    if not isinstance(rows, list):
        return {}
    kept = {name for name in saved_names if name is not None}
    renames: dict[str, str] = {}
    for row, new in zip(rows, saved_names):
        origin = row.get(ORIGIN) if isinstance(row, dict) else None
        if new is None or not isinstance(origin, str) or "/" not in origin:
            continue
        old = origin.split("/", 1)[1].strip()
        if old and old != new and old not in kept and old not in renames:
            renames[old] = new
    return renames


def _reference(old: str) -> re.Pattern[str]:
    """``指标.旧名`` (not ``指标.旧名甲``) or ``指标["旧名"]`` / ``指标['旧名']``."""
    name = re.escape(old)
    return re.compile(rf"(指标\s*\.\s*){name}(?![\w])|(指标\s*\[\s*)(['\"]){name}\3(\s*\])")


def rename_in_text(text: str, renames: dict[str, str]) -> str:
    """``text`` with every figure reference inside ``{{ }}`` / ``{% %}`` renamed."""
    if "指标" not in text or not renames:
        return text
    patterns = [(_reference(old), new) for old, new in renames.items()]

    def markup(found: re.Match[str]) -> str:
        piece = found.group(0)
        for pattern, new in patterns:
            piece = pattern.sub(lambda m, new=new: f"{m.group(1)}{new}" if m.group(1) is not None
                                else f"{m.group(2)}{m.group(3)}{new}{m.group(3)}{m.group(4)}", piece)
        return piece

    return _MARKUP.sub(markup, text)


def rename_in_state(value: Any, renames: dict[str, str], depth: int = 0) -> Any:
    """The page's state (below the 指标 table) with every use of a renamed figure renamed."""
    if depth > 64:  # deeper than any page sends (the server refuses JSON nested past 64 levels)
        return value
    if isinstance(value, str):
        return rename_in_text(value, renames)
    if isinstance(value, list):
        return [rename_in_state(v, renames, depth + 1) for v in value]
    if isinstance(value, dict):
        out = {k: rename_in_state(v, renames, depth + 1) for k, v in value.items() if k != "指标表"}
        if "指标表" in value:  # a 指标表 lists figures by name: a listed name is renamed whole
            table = value["指标表"]
            if isinstance(table, dict):
                table = {k: ([renames.get(str(n).strip(), n) for n in v] if k == "指标" and isinstance(v, list)
                             else rename_in_state(v, renames, depth + 1)) for k, v in table.items()}
            out["指标表"] = table
        return {k: out[k] for k in value}
    return value


def rename_parts(figures: Any, renames: dict[str, str]) -> None:
    """A rate's 分子 and 分母 in the form's 指标 block, renamed with the figures they name."""
    if not isinstance(figures, dict) or not renames:
        return
    for entry in figures.values():
        if not isinstance(entry, dict):
            continue
        for name, key in typed_keys(entry, FIGURE.fields).items():
            if name in _PARTS and isinstance(entry[key], str) and entry[key].strip() in renames:
                entry[key] = type(entry[key])(renames[entry[key].strip()])  # its quoting kept
