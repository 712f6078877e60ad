"""The leader's 批注 a merge wrote into a form (``# 批注（张科长，2026-10-09）：数据再核实``), by the field they sit above.

``draft import`` and the page's 导入修改稿 write each Word 批注 as a whole-line YAML comment above the item it was
anchored in (see merging/planner.py); the page shows each one, read-only, at the top of that item's box.
"""
from __future__ import annotations

import bisect
from typing import Any

import yaml

from ..form.declarations import TemplateSpec
from .fieldpaths import FieldPaths, composed, field_paths

MARK = "# 批注（"  # exactly how the merge begins the comment line it writes; other comments are left alone
MAX_NOTES = 200  # shown on the page, the first in the form; a real report's leader writes a handful

def leader_notes(text: str, spec: TemplateSpec) -> list[dict[str, Any]]:
    """Each 批注 comment line of ``text`` (a form of ``spec``'s template): its words without ``# ``, its line
    (1-based) and the path of the field or item that starts on the first line after it that is not a comment; the
    first ``MAX_NOTES`` of them."""
    lines = text.splitlines()
    marked = [n for n, line in enumerate(lines) if line.lstrip().startswith(MARK)]
    if not marked:
        return []
    root = composed(text)  # once, for the lines inside texts and for the fields' places
    inside = _scalar_lines(root)
    paths = field_paths(text, spec, root)
    following: list[int | None] = [None] * (len(lines) + 1)  # the first line at or after each that holds a field
    for m in range(len(lines) - 1, -1, -1):
        content = lines[m].strip() and (not lines[m].lstrip().startswith("#") or m in inside)
        following[m] = m if content else following[m + 1]
    notes = []
    for n in marked:
        if n in inside:  # a line of a multi-line text that happens to begin so: the leader's words are not there
            continue
        after = following[n + 1]
        notes.append({"text": lines[n].lstrip()[2:].strip(), "line": n + 1,
                      "path": "" if after is None else _path_on(paths, after + 1, len(lines[after]) + 1)})
        if len(notes) == MAX_NOTES:
            break
    return notes


def without_note(text: str, line: int, words: str) -> str | None:
    """``text`` without its comment line ``line`` (1-based), when that line is the 批注 ``words`` (else None)."""
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return None
    found = lines[line - 1].strip()
    if not found.startswith(MARK) or found[2:].strip() != words:
        return None
    return "".join(lines[:line - 1] + lines[line:])


def _path_on(paths: FieldPaths, line: int, end: int) -> str:
    """The path of the first field that starts on ``line`` (else of the one it lies in; "" before every field)."""
    first = bisect.bisect_left(paths.starts, (line, 0))
    if first < len(paths.starts) and paths.starts[first][0] == line:
        return paths.paths[first]
    last = bisect.bisect_right(paths.starts, (line, end)) - 1
    return paths.paths[last] if last >= 0 else ""


def _scalar_lines(root: yaml.Node | None) -> set[int]:
    """The lines (0-based) that lie inside a text written over several lines (``|``, ``>``, quoted, folded)."""
    inside: set[int] = set()
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark, node.end_mark
            inside.update(range(start.line + 1, end.line + (1 if end.column > 0 else 0)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return inside
