"""The comment lines after a top-level field's last line stay after that field, however the page edited it.

ruamel.yaml hangs the lines that follow a block (blank lines, commented-out fields such as ``# 结尾:``)
on the comment token of the block's deepest last value. Clearing that value, appending an item after
it or deleting it would drop those lines or carry them along; here they are lifted off before merging
and hung on the field's new last value afterwards (on the field before, when the field is gone).
"""
from __future__ import annotations

import copy
from typing import Any

Slot = tuple[Any, Any, int]  # (a collection's ca.items, the key or index, the position in its entry)


def _slot(parent: Any, key: Any) -> Slot | None:
    """Where the comment after ``parent[key]``'s last line lives: the entry of its deepest last block value."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if not isinstance(parent, (CommentedMap, CommentedSeq)):
            return None
        child = parent[key]
        if isinstance(child, (CommentedMap, CommentedSeq)) and len(child) and not child.fa.flow_style():
            parent, key = child, next(reversed(child)) if isinstance(child, CommentedMap) else len(child) - 1
            continue
        return parent.ca.items, key, 2 if isinstance(parent, CommentedMap) else 0


def _token(slot: Slot) -> Any:
    items, key, position = slot
    entry = items.get(key)
    return entry[position] if entry is not None and len(entry) > position else None


def take_tail(parent: Any, key: Any) -> str:
    """Remove and return the lines after ``parent[key]``'s last line (after its end-of-line comment); "" when none."""
    slot = _slot(parent, key)
    token = _token(slot) if slot is not None else None
    if token is None or "\n" not in token.value:
        return ""
    line, _, tail = token.value.partition("\n")
    if not tail:
        return ""
    items, key, position = slot  # type: ignore[misc]
    entry = list(items[key])
    if line.strip():
        kept = copy.copy(token)  # the token may be shared with the form as opened: never change it in place
        kept.value = line + "\n"
        entry[position] = kept
    else:
        entry[position] = None
    items[key] = entry
    return tail


def put_tail(parent: Any, key: Any, tail: str) -> bool:
    """Hang ``tail`` after ``parent[key]``'s last line; False when it has no line to hang it on."""
    if not tail:
        return True
    slot = _slot(parent, key)
    if slot is None:
        return False
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    items, key, position = slot
    token = _token(slot)
    entry = list(items.get(key) or [None, None, None, None])
    while len(entry) <= position:
        entry.append(None)
    if token is not None:
        moved = copy.copy(token)
        moved.value = token.value.rstrip("\n") + "\n" + tail if token.value.strip() else "\n" + tail
    else:
        moved = CommentToken("\n" + tail, CommentMark(0), None)
    entry[position] = moved
    items[key] = entry
    return True


def lift_tails(data: Any) -> list[tuple[Any, str]]:
    """Each top-level key's tail, taken off the form (in the form's order)."""
    if not isinstance(data, dict):
        return []
    return [(key, take_tail(data, key)) for key in list(data)]


def hang_tails(data: Any, tails: list[tuple[Any, str]]) -> None:
    """Put each tail back after its key's value, or after the nearest key before it that is still there."""
    if not isinstance(data, dict):
        return
    gathered: dict[Any, str] = {}
    orphan = ""  # tails of keys gone from the top of the form, before any key still there
    target = None
    for key, tail in tails:
        if key in data:
            target = key
        if not tail:
            continue
        if target is None:
            orphan += tail
        else:
            gathered[target] = gathered.get(target, "") + tail
    present = list(data)
    if orphan and present:
        gathered[present[0]] = orphan + gathered.get(present[0], "")
    leftover = ""
    for key in present:
        text = leftover + gathered.get(key, "") if leftover else gathered.get(key, "")
        leftover = "" if put_tail(data, key, text) else text
    if leftover:  # the last keys hold nothing to hang it on: after the last line that can hold it
        for key in reversed(present):
            if put_tail(data, key, leftover):
                return


def lift_item_tails(old: Any) -> tuple[dict[int, str], str]:
    """The lines between the items of list ``old`` (by the index of the item they stand before), and after the last."""
    from ruamel.yaml.comments import CommentedSeq

    if not isinstance(old, CommentedSeq) or not old:
        return {}, ""
    before = {index + 1: take_tail(old, index) for index in range(len(old) - 1)}
    return {k: v for k, v in before.items() if v}, take_tail(old, len(old) - 1)


def hang_item_tails(seq: Any, moved_from: list[int | None], before: dict[int, str], end: str) -> None:
    """Put the lines lifted by :func:`lift_item_tails` back: each before the item it stood before, wherever it went.

    Lines before an item that was deleted stay where they were (after the item before it).
    """
    if not before and not end:
        return
    placed = {old: new for new, old in enumerate(moved_from) if old is not None}
    hung = dict.fromkeys(range(len(seq)), "")
    last_kept = None  # lines before a deleted item go after the kept item that came before it in the old order
    leftover = ""
    for old_index in range(max([*before, *placed, 0]) + 1):
        tail = before.get(old_index, "")
        new_index = placed.get(old_index)
        target = new_index - 1 if new_index is not None and new_index > 0 else last_kept
        if tail:
            if target is None:
                leftover += tail
            else:
                hung[target] += tail
        if new_index is not None:
            last_kept = new_index
    if len(seq):
        hung[len(seq) - 1] += leftover + end
    for index, tail in hung.items():
        if tail:
            put_tail(seq, index, tail)
