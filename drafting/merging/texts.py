"""One form text against its edited print: the literal parts and the ``{{ }}`` expressions aligned with what the
leader wrote, so that prose changes, a plain figure's new value is found, and an expression is never lost."""
from __future__ import annotations

import difflib
import re
from typing import Any

from jinja2 import TemplateError

from ..form.figures import FigureError
from ..form.model import Form
from ..records import NamedTuple
from ..render.filters import WORDING_FIELD, FigureTable, FilterBug, period_context
from ..render.formtexts import text_environment
from ..render.sandbox import RenderLimit, bounded_render, one_line

EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
PLAIN_FIGURE = re.compile(r"\{\{-?\s*指标\.([^\s|{}.\[\]()]+)\s*(\|\s*数值\s*)?-?\}\}")
MAX_CHARS = 1_000_000
SECONDS = 0.5


class Printer:
    """Renders one form's texts and expressions in the form's own context (as the build does)."""

    def __init__(self, form: Form) -> None:
        """The context the form's texts are rendered in: its figures, period, date and unit."""
        self.form = form
        self.context = {"指标": FigureTable(form.figures), "期间": period_context(form.period), "日期": form.date,
                        "落款": form.unit, WORDING_FIELD: form.extra.get(WORDING_FIELD)}

    def render(self, text: str) -> str | None:
        """What ``text`` prints (one line unless it has several lines); None if it cannot print."""
        if not any(marker in text for marker in ("{{", "{%", "{#")):
            return text
        try:
            printed = bounded_render(text_environment(False).from_string(text), self.context, MAX_CHARS, SECONDS)
        except FilterBug:
            raise
        except (TemplateError, FigureError, TypeError, ValueError, ArithmeticError, LookupError, RuntimeError,
                RenderLimit, RecursionError):
            return None
        return printed if "\n" in text else one_line(printed)


class Part(NamedTuple):
    """A piece of a form text: literal prose, or an expression with what it prints."""

    source: str
    printed: str
    expression: bool


class Rewritten(NamedTuple):
    """A text made to print the edited words: its new source, figures whose value changes, disagreements."""

    source: str
    figures: list[tuple[str, str, str]]     # (figure name, printed before, printed now)
    conflicts: list[tuple[str, str, str]]   # (expression, printed before, what the leader wrote)


def parts_of(source: str, printer: Printer) -> list[Part] | None:
    """``source`` cut into literal parts and expressions; None when the pieces do not print the whole (``{% %}``)."""
    parts: list[Part] = []
    cursor = 0
    for match in EXPRESSION.finditer(source):
        if match.start() > cursor:
            parts.append(Part(source[cursor:match.start()], source[cursor:match.start()], False))
        if not match.group().startswith("{{"):
            return None
        printed = printer.render(match.group())
        if printed is None:
            return None
        parts.append(Part(match.group(), printed, True))
        cursor = match.end()
    if cursor < len(source):
        parts.append(Part(source[cursor:], source[cursor:], False))
    return parts


def rewrite(source: str, old: str, new: str, printer: Printer) -> Rewritten | None:
    """The source that prints ``new`` where ``source`` printed ``old``; None when it cannot be found."""
    if "{" not in source:
        return Rewritten(literal(new), [], []) if source == old else None
    parts = parts_of(source, printer)
    if parts is None or "".join(p.printed for p in parts) != old:
        return None
    kept = _expressions_still_printed(parts, new)
    if kept is not None:
        return Rewritten(kept, [], [])
    return _literals_kept(parts, new) or _mapped(parts, old, new)


def _literals_kept(parts: list[Part], new: str) -> Rewritten | None:
    """The prose unchanged, only what expressions print: each expression's new print (None when the prose changed)."""
    prints = prints_around_prose(parts, new)
    return None if prints is None else _worded(list(zip(parts, prints)))


def prints_around_prose(parts: list[Part], text: str) -> list[str] | None:
    """What ``text`` prints for each part when its prose is the parts' own, unchanged (an expression's part takes
    what stands between the prose around it); None when the prose changed, or the text is too long to match."""
    if len(text) > 5_000 or sum(p.expression for p in parts) > 20:
        return None
    pattern = "".join("(.*?)" if p.expression else re.escape(p.printed) for p in parts)
    found = re.fullmatch(pattern, text, re.DOTALL)
    if found is None:
        return None
    written = iter(found.groups())
    return [next(written) if p.expression else p.printed for p in parts]


def _worded(pieces: list[tuple[Part, str]]) -> Rewritten:
    """The new source of parts each with what it now prints: plain figures changed, other expressions in conflict."""
    source: list[str] = []
    figures: list[tuple[str, str, str]] = []
    conflicts: list[tuple[str, str, str]] = []
    for part, written in pieces:
        if not part.expression:
            source.append(literal(written))
            continue
        source.append(part.source)
        if written == part.printed:
            continue
        plain = PLAIN_FIGURE.fullmatch(part.source)
        if plain is not None:
            figures.append((plain.group(1), part.printed, written))
        else:
            conflicts.append((part.source, part.printed, written))
    return Rewritten("".join(source), figures, conflicts)


def _expressions_still_printed(parts: list[Part], new: str) -> str | None:
    """Each expression's print found in ``new`` in order (the prose between them rewritten): the new source."""
    pieces: list[str] = []
    cursor = 0
    expressions = [p for p in parts if p.expression]
    if any(not p.printed for p in expressions):
        return None
    for part in expressions:
        found = new.find(part.printed, cursor)
        if found < 0 or _glued(new, found, found + len(part.printed)):
            return None
        pieces.append(literal(new[cursor:found]))
        pieces.append(part.source)
        cursor = found + len(part.printed)
    pieces.append(literal(new[cursor:]))
    return "".join(pieces)


def _glued(text: str, start: int, end: int) -> bool:
    """Whether digits were typed onto a number printed at ``text[start:end]`` (2869件 inside 12869件)."""
    return (start > 0 and text[start - 1] in _DIGITS and text[start] in _DIGITS) \
        or (end < len(text) and text[end] in _DIGITS and text[end - 1] in _DIGITS)


def literal(text: str) -> str:
    """Prose put back into a form text: a ``{{``, ``{%`` or ``{#`` the leader typed is written so that it prints."""
    return _OPENERS.sub(lambda m: "{{ '" + m.group() + "' }}", text)


_OPENERS = re.compile(r"\{[{%#]")


def _mapped(parts: list[Part], old: str, new: str) -> Rewritten:
    """Expressions whose print changed, found by aligning the old print with the new one character by character."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    bounds = [0]
    for part in parts:
        bounds.append(bounds[-1] + len(part.printed))
    # words typed where prose meets an expression belong to the prose: an expression changes only where it printed
    mapped = [_map(b, opcodes, before=i > 0 and not parts[i - 1].expression) for i, b in enumerate(bounds)]
    mapped[0], mapped[-1] = 0, len(new)
    for i in range(1, len(mapped)):
        mapped[i] = max(mapped[i], mapped[i - 1])
    for i, part in enumerate(parts):  # digits next to a number an expression printed are that number's
        if not part.expression:
            continue
        while i > 0 and mapped[i] > mapped[i - 1] and new[mapped[i] - 1] in _DIGITS \
                and not parts[i - 1].printed.endswith(new[mapped[i] - 1]):
            mapped[i] -= 1
        while i + 1 < len(parts) and mapped[i + 1] < mapped[i + 2] and new[mapped[i + 1]] in _DIGITS \
                and not parts[i + 1].printed.startswith(new[mapped[i + 1]]) and part.printed[-1:] in _DIGITS:
            mapped[i + 1] += 1
    return _worded([(part, new[mapped[i]:mapped[i + 1]]) for i, part in enumerate(parts)])


_DIGITS = set("0123456789.")


def _map(position: int, opcodes: list[Any], before: bool) -> int:
    """Where ``position`` of the old text falls in the new one; words inserted (or a change straddling) right there
    go to the text before it when ``before``, else to the text after it."""
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal" and i1 <= position < i2:
            return j1 + position - i1
        if tag == "insert" and position == i1:
            return j2 if before else j1
        if tag in ("replace", "delete") and i1 <= position <= i2:
            if position == i1:
                return j1
            if position == i2:
                return j2
            return j2 if before else j1
    return opcodes[-1][4] if opcodes else 0


def located(block: str, texts: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """Where each printed text falls in a block's text, in order and without overlap: (key, start, end)."""
    spans: list[tuple[str, int, int]] = []
    cursor = 0
    for key, printed in texts:
        if not printed:
            continue
        found = block.find(printed, cursor)
        if found < 0:
            continue
        spans.append((key, found, found + len(printed)))
        cursor = found + len(printed)
    return spans


def edited_pieces(block: str, edited: str, spans: list[tuple[str, int, int]]) -> dict[str, str] | None:
    """Each located text's new print in ``edited``, the words around them (numbers, 一是, 。) unchanged; None when
    the change touches words the form does not hold."""
    for key, start, end in spans:  # one text changed: the rest of the block is as it was
        prefix, suffix = block[:start], block[end:]
        if edited.startswith(prefix) and edited.endswith(suffix) and len(edited) >= len(prefix) + len(suffix):
            return {key: edited[start:len(edited) - len(suffix)]}
    matcher = difflib.SequenceMatcher(None, block, edited, autojunk=False)
    opcodes = matcher.get_opcodes()
    for start, end in template_words(block, spans):  # every character the form does not hold must still be there, unchanged
        for tag, i1, i2, _, _ in opcodes:
            if tag != "equal" and (start < i2 and i1 < end or (i1 == i2 and start < i1 < end)):
                return None
    pieces = {}
    reached = 0
    for key, start, end in spans:  # words typed at a text's edge are that text's (the earlier one's between two)
        first = max(_map(start, opcodes, before=False), reached)
        reached = max(first, _map(end, opcodes, before=True))
        pieces[key] = edited[first:reached]
    return pieces


def template_words(block: str, spans: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """The stretches of ``block`` between the form's texts (``spans``: key, start, end): the template's own words."""
    glue: list[tuple[int, int]] = []
    cursor = 0
    for _, start, end in spans:
        glue.append((cursor, start))
        cursor = end
    glue.append((cursor, len(block)))
    return glue
