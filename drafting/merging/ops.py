"""What a change does to the form's round-trip data: set a text or a figure, add, move or delete an item, comment."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from ..records import NamedTuple
from .slots import resolve

PHASES = ("text", "figure", "comment", "insert", "move", "delete")


class Op(NamedTuple):
    """One change's edit of the data: ``bind(data)`` finds its targets (before any edit) and returns the edit."""

    phase: str
    bind: Callable[[Any], Callable[[], None] | None]


def _styled(old: Any, new: str) -> Any:
    """``new`` in the YAML style of the text it replaces (block styles kept; several lines written as a block)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(old, FoldedScalarString) and "\n" not in new.rstrip("\n"):
        return FoldedScalarString(new)
    if isinstance(old, LiteralScalarString) or "\n" in new.rstrip("\n"):
        return LiteralScalarString(new) if new.strip() else new
    return new


def set_text(path: str, line: int | None, new: str) -> Op:
    """The text at ``path`` (its line ``line`` when given) becomes ``new``."""
    def bind(data: Any) -> Callable[[], None] | None:
        slot = resolve(data, path)
        if slot is None or not isinstance(slot.value, str):
            return None

        def edit() -> None:
            old = slot.value
            if line is None:
                slot.set(_styled(old, new))
            else:
                lines = str(old).split("\n")
                lines[line] = new
                slot.set(_styled(old, "\n".join(lines)))
        return edit
    return Op("text", bind)


def set_cell(path: str, new: str) -> Op:
    """The table cell at ``path`` (a number in the form) becomes the text ``new`` (a number when it reads as one)."""
    def bind(data: Any) -> Callable[[], None] | None:
        slot = resolve(data, path)
        if slot is None:
            return None

        def edit() -> None:
            old = slot.value
            if isinstance(old, (int, float)) and not isinstance(old, bool):
                try:
                    slot.set(int(new) if isinstance(old, int) else float(new))
                    return
                except ValueError:
                    pass
            slot.set(new)
        return edit
    return Op("text", bind)


def set_figure(name: str, value: Decimal, unit: str) -> Op:
    """Figure ``name`` in 指标 takes ``value`` (its unit kept as written)."""
    def bind(data: Any) -> Callable[[], None] | None:
        figures = data.get("指标") if isinstance(data, dict) else None
        if not isinstance(figures, dict) or name not in figures:
            return None
        number: Any = int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)

        def edit() -> None:
            held = figures[name]
            if isinstance(held, dict) and "值" in held:
                held["值"] = number
            elif isinstance(held, str):
                figures[name] = f"{value}{unit}"
            else:
                figures[name] = number
        return edit
    return Op("figure", bind)


def insert_item(list_path: str, after: str | None, value: Any, create: tuple[str, str] | None = None) -> Op:
    """``value`` goes into the list at ``list_path`` after the item at path ``after`` (first when None); ``create``
    (parent path, key) makes the list when the parent has none."""
    def bind(data: Any) -> Callable[[], None] | None:
        slot = resolve(data, list_path)
        anchor = resolve(data, after).value if after is not None and resolve(data, after) is not None else None
        parent = resolve(data, create[0]).value if create is not None and resolve(data, create[0]) is not None else None
        if slot is None and parent is None:
            return None

        def edit() -> None:
            from ruamel.yaml.comments import CommentedSeq

            if slot is not None:
                target = slot.value
            elif isinstance(parent.get(create[1]), list):  # made by another item added with this one
                target = parent[create[1]]
            else:
                target = parent[create[1]] = CommentedSeq()
            from ..form.roundtrip import copied

            fresh = copied(value)  # each text of the plan gets its own copy
            position = next((n + 1 for n, x in enumerate(target) if x is anchor), 0 if after is None else len(target))
            if position == len(target) and position > 0:
                _hand_on_trailing(target[-1], fresh, move=True)
            target.insert(position, fresh)
        return edit
    return Op("insert", bind)


def _on_entry(list_path: str, index: int, kind: str, change: Callable[[Any, int], None]) -> Op:
    """An Op on entry ``index`` of the text list at ``list_path`` (a 列举): ``change(entries, at)`` with the entry's
    place when the edit runs (earlier edits may have moved it)."""
    def bind(data: Any) -> Callable[[], None] | None:
        slot = resolve(data, list_path)
        if slot is None or not isinstance(slot.value, list) or not 0 <= index < len(slot.value):
            return None
        entries, entry = slot.value, slot.value[index]

        def edit() -> None:
            at = next((n for n, x in enumerate(entries) if x is entry), None)
            if at is not None:
                change(entries, at)
        return edit
    return Op(kind, bind)


def split_entry(list_path: str, index: int, parts: list[str]) -> Op:
    """Entry ``index`` of the text list at ``list_path`` (a 列举) becomes the entries ``parts``."""
    def change(entries: Any, at: int) -> None:
        entries[at:at + 1] = parts
    return _on_entry(list_path, index, "insert", change)


def delete_item(path: str) -> Op:
    """The item at ``path`` is removed from its list (or the key from its mapping)."""
    def bind(data: Any) -> Callable[[], None] | None:
        slot = resolve(data, path)
        if slot is None:
            return None
        target, container = slot.value, slot.container

        def edit() -> None:
            if isinstance(container, list):
                for n, x in enumerate(container):
                    if x is target:
                        if n == len(container) - 1 and n > 0:
                            _hand_on_trailing(target, container[n - 1])
                        del container[n]
                        return
            elif slot.key in container:
                del container[slot.key]
        return edit
    return Op("delete", bind)


def delete_entry(list_path: str, index: int) -> Op:
    """Entry ``index`` of the text list at ``list_path`` (a 列举) is removed; the blank lines and comments after
    the last entry go after the one that is last now."""
    def change(entries: Any, at: int) -> None:
        notes = getattr(entries, "ca", None)
        after = notes.items.get(at) if notes is not None and at == len(entries) - 1 and at > 0 else None
        if after and after[0] is not None:
            _hand_on_entry_trailing(after[0], notes.items.setdefault(at - 1, [None, None, None, None]))
        del entries[at]
    return _on_entry(list_path, index, "delete", change)


def _hand_on_entry_trailing(token: Any, before: list[Any]) -> None:
    """The blank lines and comments after a deleted last entry (its own end-of-line comment left out) put after
    the entry before it (``before``: that entry's comment slots)."""
    _, _, rest = str(token.value).partition("\n")  # what follows the end of the entry's line
    if not rest:
        return
    if before[0] is None:
        token.value = "\n" + rest
        before[0] = token
    else:
        before[0].value = str(before[0].value).rstrip("\n") + "\n" + rest


def _trailing(node: Any) -> tuple[Any, Any] | None:
    """Where the blank lines and comments after ``node`` are kept: (container, key) of its deepest last entry."""
    if isinstance(node, dict) and node:
        key = list(node)[-1]
        deeper = _trailing(node[key])
        if deeper is not None:
            return deeper
        entry = getattr(node, "ca", None) and node.ca.items.get(key)
        return (node, key) if entry and len(entry) > 2 and entry[2] is not None else None
    if isinstance(node, list) and node:
        deeper = _trailing(node[-1])
        if deeper is not None:
            return deeper
        entry = getattr(node, "ca", None) and node.ca.items.get(len(node) - 1)
        return (node, len(node) - 1) if entry and len(entry) > 0 and entry[0] is not None else None
    return None


def _hand_on_trailing(gone: Any, before: Any, move: bool = False) -> None:
    """The blank lines and comments after a list's last item go after the item that is last now (the last one
    deleted, or ``move``: another added after it)."""
    found = _trailing(gone)
    if found is None or not isinstance(found[0], dict) or not isinstance(before, dict) or not before:
        return
    container, key = found
    token = container.ca.items[key][2]
    target = before
    while isinstance(target, dict) and target and isinstance(target[list(target)[-1]], (dict, list)):
        inner = target[list(target)[-1]]
        if isinstance(inner, list):
            if not inner or not isinstance(inner[-1], dict):
                break
            inner = inner[-1]
        target = inner
    if not isinstance(target, dict) or not target or not hasattr(target, "ca"):
        return
    mine = target.ca.items.setdefault(list(target)[-1], [None, None, None, None])
    if mine[2] is None:
        mine[2] = token
        if move:
            container.ca.items[key][2] = None


def move_item(path: str, list_path: str, after: str | None) -> Op:
    """The item at ``path`` moves into the list at ``list_path``, after the item at ``after`` (first when None)."""
    def bind(data: Any) -> Callable[[], None] | None:
        slot, target = resolve(data, path), resolve(data, list_path)
        anchor = resolve(data, after).value if after is not None and resolve(data, after) is not None else None
        if slot is None or target is None or not isinstance(slot.container, list):
            return None
        item, source, into = slot.value, slot.container, target.value

        def edit() -> None:
            for n, x in enumerate(source):
                if x is item:
                    del source[n]
                    break
            position = next((n + 1 for n, x in enumerate(into) if x is anchor), 0 if after is None else len(into))
            into.insert(position, item)
        return edit
    return Op("move", bind)


class _Comment:
    """A comment line to put before ``container[key]`` (comments on one place are written together)."""

    def __init__(self, container: Any, key: Any, text: str) -> None:
        """Where the comment goes and what it says."""
        self.container, self.key, self.text = container, key, text

    def __call__(self) -> None:
        """Write the comment."""
        self.container.yaml_set_comment_before_after_key(self.key, before=self.text, indent=_indent(self.container))


def add_comment(path: str, text: str) -> Op:
    """A YAML comment line ``# text`` before the item or field at ``path``."""
    def bind(data: Any) -> Callable[[], None] | None:
        slot = resolve(data, path)
        if slot is None:
            return None
        return _Comment(slot.container, slot.key, " ".join(text.splitlines()))
    return Op("comment", bind)


def _indent(container: Any) -> int:
    """The column a container's entries start at (0 when not known)."""
    try:
        return int(container.lc.col or 0)
    except (AttributeError, TypeError):
        return 0


def apply(data: Any, ops: list[Op]) -> list[int]:
    """Apply ``ops`` to ``data`` phase by phase; the indices of those that found no target."""
    bound = [(op.phase, op.bind(data)) for op in ops]
    lost = [n for n, (_, edit) in enumerate(bound) if edit is None]
    comments: dict[tuple[int, Any], list[_Comment]] = {}
    for _, edit in bound:
        if isinstance(edit, _Comment):
            comments.setdefault((id(edit.container), edit.key), []).append(edit)
    for phase in PHASES:
        if phase == "comment":
            for group in comments.values():
                _Comment(group[0].container, group[0].key, "\n".join(c.text for c in group))()
            continue
        # several items added after one item: the last first, so that each lands right after the item and they
        # end up in the order they were typed
        for kind, edit in (reversed(bound) if phase == "insert" else bound):
            if kind == phase and edit is not None:
                edit()
    return lost
