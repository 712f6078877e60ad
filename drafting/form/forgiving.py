"""What a Chinese keyboard types that YAML would refuse, read as meant: a full-width colon after a field name,
full-width spaces as indentation.

Every normalisation is a located notice (提示), and columns stay those the user typed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import NOTICE, Location, Problem
from .source import SourceText

# A key position: indentation, list dashes, then a name and a full-width colon.
_KEY = re.compile(r"^(\s*(?:-\s+)*)([^\s:：#\"'{\[\]|>&*!%@`-][^:：#\"']{0,30}?)\s*：")
_BLOCK_START = re.compile(r"[:：]\s*[|>][-+]?\s*(?:#.*)?$")
# The 指标 block's own line: inside it, any name before a full-width colon is a figure's name (or its fields').
_FIGURES_START = re.compile(r"^指标\s*[:：]\s*(?:#.*)?$")


@lru_cache(maxsize=1)
def known_keys() -> frozenset[str]:
    """Every field name and alias a built-in template, an item, a figure, a section or a 版头 knows."""
    from ..resources import templates_dir
    from .declarations import find_spec, template_names
    from .fields import FIGURE_FIELDS, ITEM_FIELDS, RED_HEADER_FIELDS, SECTION_FIELDS

    names: set[str] = set()
    builtin = templates_dir().resolve()
    for name, _ in template_names([builtin]):
        for field in find_spec(name, [builtin]).fields:
            names.update((field.name, *field.aliases))
    for table in (FIGURE_FIELDS, ITEM_FIELDS, RED_HEADER_FIELDS, SECTION_FIELDS):
        names.update(n for f in table for n in (f.name, *f.aliases))
    names.update(("角色", "替代字体", "西文字体", "字体", "字号", "加粗", "颜色", "基于", "名称"))
    return frozenset(names)


def forgive(source: SourceText) -> tuple[SourceText, list[Problem]]:
    """``source`` with a full-width colon after a known field name read as YAML's “: ”, and a notice for each."""
    if "：" not in source.text and "\u3000" not in source.text:  # the usual case: nothing to forgive
        return source, []
    lines = source.text.split("\n")
    shifts: dict[int, list[tuple[int, int]]] = {}
    notices: list[Problem] = []
    block_indent: int | None = None  # inside a | or > block scalar: text, never keys
    in_figures = False  # inside the top-level 指标 block: figure names are keys too
    for index, line in enumerate(lines):
        line_shifts: list[tuple[int, int]] = []
        lead = line[: len(line) - len(line.lstrip(" \u3000"))]
        if "\u3000" in lead and block_indent is None:  # full-width spaces as indentation: two spaces each
            wide = lead.count("\u3000")
            line = lead.replace("\u3000", "  ") + line[len(lead):]
            lines[index] = line
            line_shifts.append((0, wide))
            notices.append(Problem(Location(source.name, index + 1, 1),
                                   f"第{index + 1}行行首的 {wide} 个全角空格已当作缩进读取（每个算两个半角空格）",
                                   None, "E006", NOTICE))
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if line.strip() and not line.lstrip().startswith("#") and indent == 0:
            in_figures = bool(_FIGURES_START.match(line))
        found = _KEY.match(line) if "：" in line else None
        if found and (found.group(2).strip() in known_keys() or (in_figures and indent > 0)):  # the names are gathered only when a line needs them
            colon = found.end() - 1
            rest = line[found.end():]
            spaced = not rest or rest[0] in " \t"
            lines[index] = line[:colon] + (":" if spaced else ": ") + rest
            if not spaced:
                line_shifts.insert(0, (colon + 1, 1))  # the colon's shift first: it lies right of the indent
            typed_column = colon + 1 - sum(delta for start, delta in line_shifts if start == 0)
            notices.append(Problem(Location(source.name, index + 1, typed_column),
                                   f"第{index + 1}行“{found.group(2).strip()}”后面的全角冒号“：”已当作字段分隔读取"
                                   "（这样写没有问题）", None, "E005", NOTICE))
        if line_shifts:
            shifts[index + 1] = line_shifts
        if _BLOCK_START.search(lines[index]):
            block_indent = indent
    if not notices:
        return source, []
    return SourceText(source.path, source.name, "\n".join(lines), source.typed, shifts), notices
