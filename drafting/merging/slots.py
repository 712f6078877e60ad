"""Form paths (正文/0/下级/1/内容) resolved in a form's round-trip data: the node, its container, its place."""
from __future__ import annotations

from typing import Any

from ..errors import Location
from ..records import NamedTuple

ITEM_TEXT_KEYS = ("标题", "引语", "内容", "列举")  # the keys an item prints, in the order the templates print them
NOT_PRINTED_HERE = ("下级", "指标表")  # printed as blocks of their own


class Slot(NamedTuple):
    """Where a value sits: ``container[key]`` (a mapping and its key, or a list and its index)."""

    container: Any
    key: Any

    @property
    def value(self) -> Any:
        """The value at this slot."""
        return self.container[self.key]

    def set(self, value: Any) -> None:
        """Put ``value`` at this slot."""
        self.container[self.key] = value


def split_path(path: str) -> list[Any]:
    """A form path's steps: list indices as ints, keys as strings."""
    return [int(step) if step.isascii() and step.isdigit() and len(step) < 10 else step
            for step in path.split("/") if step != ""]


def resolve(data: Any, path: str) -> Slot | None:
    """The slot ``path`` names in ``data`` (None when the path leads nowhere)."""
    container, key = None, None
    node = data
    steps = split_path(path)
    for n, step in enumerate(steps):
        if isinstance(node, list) and step == "下级":  # a section written as its list of items
            continue
        if isinstance(node, str) and step == "内容" and n == len(steps) - 1 and container is not None:
            break  # an item written as its text alone: the text is its 内容
        if isinstance(node, dict) and not isinstance(step, int) and step in node:
            container, key = node, step
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            container, key = node, step
        elif isinstance(node, dict) and isinstance(step, int) and str(step) in node:
            container, key = node, str(step)
        else:
            return None
        node = container[key]
    return Slot(container, key) if container is not None else None


def location_of(data: Any, path: str, file: str) -> Location:
    """Where ``path``'s value is written in the form (1-based line and column), as near as known."""
    slot = resolve(data, path)
    steps = split_path(path)
    while slot is None and steps:
        steps = steps[:-1]
        slot = resolve(data, "/".join(str(s) for s in steps)) if steps else None
    if slot is None:
        return Location(file)
    try:
        if isinstance(slot.container, dict):
            line, column = slot.container.lc.key(slot.key)
        else:
            line, column = slot.container.lc.item(slot.key)
        return Location(file, line + 1, column + 1)
    except (AttributeError, KeyError, IndexError, TypeError):
        return Location(file)


def text_slots(slot: Slot) -> list[tuple[str, Slot]]:
    """The texts a block printed from ``slot`` may hold, by relative path: the value itself when it is a text;
    an item's 标题, 引语, 内容 and 列举 items (and any other text key); nothing printed elsewhere."""
    value = slot.value
    if isinstance(value, str):
        return [("", slot)]
    found: list[tuple[str, Slot]] = []
    if isinstance(value, dict):
        keys = [k for k in ITEM_TEXT_KEYS if k in value] + [k for k in value if k not in ITEM_TEXT_KEYS]
        for key in keys:
            if key in NOT_PRINTED_HERE:
                continue
            inner = value[key]
            if key == "表格" and isinstance(inner, dict):  # a table's title and note print as paragraphs
                found.extend((f"表格/{k}", Slot(inner, k)) for k in ("标题", "注") if isinstance(inner.get(k), str))
            elif isinstance(inner, str):
                found.append((str(key), Slot(value, key)))
            elif isinstance(inner, list) and all(isinstance(x, str) for x in inner):
                found.extend((f"{key}/{i}", Slot(inner, i)) for i in range(len(inner)))
    elif isinstance(value, list) and all(isinstance(x, str) for x in value):
        found.extend((str(i), Slot(value, i)) for i in range(len(value)))
    return found


def item_path(path: str) -> str | None:
    """The item a block's path belongs to (``正文/0/下级/1`` for ``正文/0/下级/1/内容``); None for a field."""
    steps = path.split("/")
    while steps:
        if steps[-1].isascii() and steps[-1].isdigit() and len(steps) >= 2:
            return "/".join(steps)
        steps = steps[:-1]
    return None


def list_of(path: str) -> tuple[str, int] | None:
    """The list an item path is in and its index there (``正文/0/下级``, 1)."""
    head, _, last = path.rpartition("/")
    return (head, int(last)) if last.isascii() and last.isdigit() and len(last) < 10 and head else None
