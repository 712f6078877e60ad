"""Where each finding's comment goes: the exact text it concerns, else the paragraph printed from its field, else the title."""
from __future__ import annotations

import bisect
from typing import Any, Iterator

from ..errors import Location, Problem
from ..form.model import Form, Item, Section
from ..records import NamedTuple
from ..render.origins import with_origins


class Anchor(NamedTuple):
    """Characters [start, end) of paragraph ``index`` (start == end: the whole paragraph); ``exact`` when the
    finding's own text was found there."""

    index: int
    start: int
    end: int
    exact: bool


class Paragraphs(NamedTuple):
    """A document's paragraphs as comments count them: texts and the form paths drafting marked on them."""

    texts: list[str]
    origins: list[str | None]


def _items(items: tuple[Item, ...]) -> Iterator[tuple[Location, str]]:
    """Each item's (and its children's) start and form path."""
    for item in items:
        if item.origin is not None:
            yield item.location, item.origin
        yield from _items(item.children)


def _valued(value: Any, name: str) -> Iterator[tuple[Location, str]]:
    """Located paths inside a field's value: a 部分's items, a list's items or texts."""
    if isinstance(value, Section):
        yield value.location, name
        yield from _items(value.items)
    elif isinstance(value, tuple):
        yield from _items(tuple(v for v in value if isinstance(v, Item)))
        for index, text in enumerate(value):
            location = getattr(text, "location", None)
            if isinstance(text, str) and isinstance(location, Location):
                yield location, f"{name}/{index}"


class FieldPlaces:
    """Which form path a place in the form file belongs to: the last field, item or text starting at or before it."""

    def __init__(self, form: Form) -> None:
        """Every field, item and listed text of ``form`` by where it starts."""
        marked = with_origins(form)
        found: list[tuple[Location, str]] = [(location, name) for name, location in form.locations.items()]
        for attribute, name in (("opening", "开头"), ("closing", "结尾"), ("attachments", "附件"), ("body", "正文"),
                                ("problems", "存在问题"), ("next_steps", "下一步")):
            found += _valued(getattr(marked, attribute), name)
        for name, value in marked.extra.items():
            found += _valued(value, name)
        for page in marked.attachment_pages:
            found += _items(page.items)
        keyed = sorted(((loc.line or 0, loc.column or 0), path) for loc, path in found if loc.line)
        self.keys = [key for key, _ in keyed]
        self.paths = [path for _, path in keyed]

    def path_at(self, location: Location | None) -> str | None:
        """The form path of the field holding ``location`` (None: before every field, or no line known)."""
        if location is None or location.line is None:
            return None
        index = bisect.bisect_right(self.keys, (location.line, location.column or 10**9)) - 1
        return self.paths[index] if index >= 0 else None


def _under(path: str, paragraphs: Paragraphs) -> list[int]:
    """Paragraphs printed from ``path`` or from a part of it; failing that, from the nearest enclosing path."""
    while path:
        found = [i for i, origin in enumerate(paragraphs.origins)
                 if origin is not None and (origin == path or origin.startswith(path + "/"))]
        if found:
            return found
        path = path.rpartition("/")[0]
    return []


def title_index(paragraphs: Paragraphs) -> int:
    """The title's paragraph: the one printed from 标题, else the first with text, else the first."""
    for index, origin in enumerate(paragraphs.origins):
        if origin == "标题":
            return index
    return next((i for i, text in enumerate(paragraphs.texts) if text.strip()), 0)


def _nth(texts: list[str], candidates: list[int], needle: str, occurrence: int) -> Anchor | None:
    """The ``occurrence``-th ``needle`` across the ``candidates`` paragraphs (the first one if there are fewer)."""
    first = None
    seen = 0
    for index in candidates:
        start = texts[index].find(needle)
        while start >= 0:
            anchor = Anchor(index, start, start + len(needle), True)
            if seen == occurrence:
                return anchor
            first = first or anchor
            seen += 1
            start = texts[index].find(needle, start + 1)
    return first


def _after(texts: list[str], candidates: list[int], before: str, needle: str) -> Anchor | None:
    """``needle`` typed right after ``before`` in the first of the ``candidates`` holding the two together: a
    paragraph prints more than its form text (a heading's “（一）”), so counting alone could land on that."""
    if not before:
        return None
    for index in candidates:
        start = texts[index].find(before + needle)
        if start >= 0:
            return Anchor(index, start + len(before), start + len(before) + len(needle), True)
    return None


def form_anchor(problem: Problem, paragraphs: Paragraphs, places: FieldPlaces) -> Anchor:
    """Where ``problem`` (a finding in a form) goes in the document built from that form."""
    subject = problem.subject
    within = subject.within if subject is not None and subject.within is not None else problem.location
    path = places.path_at(within)
    candidates = _under(path, paragraphs) if path else []
    if subject is not None and subject.text:  # no field known (a page's finding): the first place it reads so
        searched = candidates or list(range(len(paragraphs.texts)))
        found = _after(paragraphs.texts, searched, subject.before, subject.text) or \
            _nth(paragraphs.texts, searched, subject.text, subject.occurrence if candidates else 0)
        if found is not None:
            return found
    if candidates:
        return Anchor(candidates[0], 0, 0, False)
    return Anchor(title_index(paragraphs), 0, 0, False)


def document_anchor(problem: Problem, paragraphs: Paragraphs) -> Anchor:
    """Where ``problem`` (a finding in a .docx, its line the paragraph's number) goes in that .docx."""
    subject = problem.subject
    number = (subject.within.line if subject is not None and subject.within is not None else None) \
        or problem.location.line
    inside = [number - 1] if number is not None and 0 < number <= len(paragraphs.texts) else []
    if subject is not None and subject.text:
        searched = inside or list(range(len(paragraphs.texts)))
        found = _after(paragraphs.texts, searched, subject.before, subject.text) or \
            _nth(paragraphs.texts, searched, subject.text, subject.occurrence)
        if found is not None:
            return found
    if inside:
        return Anchor(inside[0], 0, 0, False)
    return Anchor(title_index(paragraphs), 0, 0, False)
