"""Title lines a user gives (GB/T 9704 7.3.1): each must fit one line and end between words."""
from __future__ import annotations

from collections.abc import Iterator

from ..chars import page_width
from ..document.titles import MAX_BREAK_CHARS, TITLE_CHARS, split_words
from ..errors import WARNING, Location, Problem
from ..form.model import Form
from ..form.texts import Text


def title_findings(form: Form) -> Iterator[Problem]:
    """A title line wider than the title's measure (it would wrap, C213), and a line break inside a
    word (C214); a title given as one line is broken between words by the writer, up to MAX_BREAK_CHARS (C215)."""
    lines = form.title
    if len(lines) == 1 and len(lines[0]) > MAX_BREAK_CHARS:
        where = _where(form, lines[0])
        yield Problem(where, f"标题有 {len(lines[0])} 个字，超过 {MAX_BREAK_CHARS} 个字的标题不再按词分行，只按每行 {TITLE_CHARS} 个字依次断开",
                      f"把标题改短（一般不超过三行、{3 * TITLE_CHARS} 个字），或把标题写成列表，自己在词与词之间分行",
                      "C215", WARNING, form.excerpt(where.line))
    if len(lines) < 2:
        return
    for index, line in enumerate(lines):
        width = page_width(line)
        if width > TITLE_CHARS:
            yield Problem(_where(form, line), f"标题第{index + 1}行有 {width:g} 个字，一行只排得下 {TITLE_CHARS} 个，会自动回行",
                          "把这一行拆成两行，或把标题写成一行，由工具在词与词之间自动分行", "C213", WARNING,
                          form.excerpt(_where(form, line).line))
    if any(page_width(line) > TITLE_CHARS for line in lines):
        return
    for index in split_words(tuple(lines)):
        head, tail = lines[index], lines[index + 1]
        yield Problem(_where(form, tail), f"标题在“{head[-2:]}|{tail[:2]}”处分行，把一个词拆到了两行",
                      "在词与词之间分行（GB/T 9704 7.3.1：回行时词意完整），或把标题写成一行由工具分行",
                      "C214", WARNING, form.excerpt(_where(form, tail).line))


def _where(form: Form, line: str) -> Location:
    return line.location if isinstance(line, Text) else form.locations.get("标题", Location(form.name))
