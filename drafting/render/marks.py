"""Which template line printed each line of a render's output: marks taken during the one render, read on a mistake.

While :func:`~drafting.render.sandbox.bounded_render` consumes a template's generator it notes, for each
chunk that may start a line of the output (one holding a line break, or one printed while the line so far
is blank), where the chunk lies in the output and where the innermost template frame paused to print it:
the frame's code, globals and last instruction — a few references, not yet a line number (turning an
instruction into a line reads the code's line table, which is left for the rare render whose markup has a
mistake). A mark is a plain tuple ``(start, end, code, globals, instruction)``. Past :data:`MAX_MARKS`
marks the render stops noting (a closing mark with no code says so) and later lines are located in the
output only.
"""
from __future__ import annotations

import bisect
import re
from types import CodeType, GeneratorType
from typing import Any

from ..records import NamedTuple

Mark = tuple[int, int, CodeType | None, dict[str, Any] | None, int]  # start, end, code, globals, instruction
MAX_MARKS = 100_000  # a report's render has a few dozen chunks; a hostile one may not keep millions of marks
_INK = r"\S"  # the same whitespace as str.strip()


class Printer(NamedTuple):
    """The template frame that printed the first characters of one output line."""

    file: str       # the template's file name, as its loader gave it
    line: int       # the template line of the statement that printed the chunk
    skipped: int    # line breaks of the chunk before the output line starts (literal template data spans them)
    text: str       # the chunk's part of the output line


def innermost(generator: Any) -> Any:
    """The generator at the bottom of ``generator``'s chain of ``yield from`` (Jinja's blocks and parent templates).

    An ``{% include %}`` is a loop over the included template's chunks, not a ``yield from``: what it prints is
    the include tag's (as before the marks).
    """
    inner = generator
    below = getattr(inner, "gi_yieldfrom", None)
    while type(below) is GeneratorType:
        inner, below = below, below.gi_yieldfrom
    return inner


def closing_mark(start: int) -> Mark:
    """The mark that ends the marks at output offset ``start``: nothing after it is located."""
    return (start, start, None, None, -1)


def printer(marks: list[Mark], text: str, line: int) -> Printer | None:
    """The template frame that printed line ``line`` (from 1, counted at ``\\n``) of ``text``, a render marked in ``marks``.

    None when the line is blank or beyond the text, or when no mark covers its first printed character.
    """
    start = _line_start(text, line)
    if start is None:
        return None
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    ink = re.compile(_INK).search(text, start, end)
    if ink is None:
        return None
    index = bisect.bisect_right(marks, ink.start(), key=lambda mark: mark[0]) - 1
    if index < 0:
        return None
    chunk_start, chunk_end, code, names, instruction = marks[index]
    if code is None or names is None or not chunk_start <= ink.start() < chunk_end:
        return None
    owner = names.get("__jinja_template__")
    python_line = line_of(code, instruction)
    if owner is None or owner.filename is None or python_line is None:
        return None
    skipped = text.count("\n", chunk_start, start) if start > chunk_start else 0
    return Printer(owner.filename, owner.get_corresponding_lineno(python_line), skipped,
                   text[max(chunk_start, start):min(end, chunk_end)])


def line_of(code: CodeType, instruction: int) -> int | None:
    """The source line of the instruction at byte offset ``instruction`` of ``code`` (a frame's ``f_lasti``)."""
    for first, past, line in code.co_lines():
        if first <= instruction < past:
            return line
    return None


def _line_start(text: str, line: int) -> int | None:
    """Where line ``line`` of ``text`` starts (lines end at ``\\n``); None when the text has fewer lines."""
    if line < 1:
        return None
    wanted = line - 1  # line breaks before the line's first character
    low, high, before = 0, len(text) + 1, 0  # the first offset with ``wanted`` breaks before it is in [low, high)
    while low < high:  # halving, counting (in C) only the breaks between low and the middle: about len(text) in all
        middle = (low + high) // 2
        seen = before + text.count("\n", low, middle)
        if seen < wanted:
            low, before = middle + 1, seen + (middle < len(text) and text[middle] == "\n")
        else:
            high = middle
    return low if low <= len(text) else None
