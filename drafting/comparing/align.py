"""Paragraphs (and table rows) of two versions put side by side: difflib on their texts, then the changed
stretches paired by likeness, a form path in common (drafting's bookmarks) counting for a pair."""
from __future__ import annotations

from difflib import SequenceMatcher

from ..records import NamedTuple
from .words import common_prefix, similarity

PAIRED = 0.45        # two blocks this alike are one block changed, not one deleted and another inserted
SAME_ORIGIN = 0.25   # ... and this alike when both print the same form path
MAX_PAIRING = 2_500  # a changed stretch of more OLD × NEW blocks is paired in order, not by best likeness


class Key(NamedTuple):
    """What aligning looks at in a block: its kind (paragraph, table, row), text and form path."""

    kind: str
    text: str
    origin: str | None = None


class Pair(NamedTuple):
    """One step of an alignment: "=" the same, "~" changed, "-" only in OLD, "+" only in NEW."""

    kind: str
    old: int | None
    new: int | None


def align(old: list[Key], new: list[Key], lone: bool = False) -> list[Pair]:
    """OLD's and NEW's blocks side by side, in NEW's order with OLD's deleted ones where they stood; with ``lone``
    (a table cell's paragraphs) one block replaced by one of its kind is that block changed, however unlike."""
    texts_old, texts_new = [k.kind + "\0" + k.text for k in old], [k.kind + "\0" + k.text for k in new]
    head = common_prefix(texts_old, texts_new)
    tail = common_prefix(texts_old[head:][::-1], texts_new[head:][::-1])
    pairs: list[Pair] = [Pair("=", i, i) for i in range(head)]
    # blocks that repeat (empty paragraphs) anchor nothing in a long document: difflib's autojunk keeps it fast
    matcher = SequenceMatcher(None, texts_old[head:len(old) - tail], texts_new[head:len(new) - tail])
    for tag, i1, i2, j1, j2 in ((t, a + head, b + head, c + head, d + head) for t, a, b, c, d in matcher.get_opcodes()):
        if tag == "equal":
            pairs.extend(Pair("=", i, j) for i, j in zip(range(i1, i2), range(j1, j2)))
        elif lone and i2 - i1 == j2 - j1 == 1 and old[i1].kind == new[j1].kind:
            pairs.append(Pair("~", i1, j1))
        else:
            pairs.extend(_pair_stretch(old, new, i1, i2, j1, j2))
    pairs.extend(Pair("=", len(old) - tail + k, len(new) - tail + k) for k in range(tail))
    return pairs


def _alike(a: Key, b: Key) -> float:
    """How alike two blocks are for pairing (0 when they are not of one kind or too unlike)."""
    if a.kind != b.kind:
        return 0.0
    score = similarity(a.text, b.text)
    if score >= PAIRED or (a.origin is not None and a.origin == b.origin and score >= SAME_ORIGIN):
        return score + (0.5 if a.origin is not None and a.origin == b.origin else 0.0)
    return 0.0


def _pair_stretch(old: list[Key], new: list[Key], i1: int, i2: int, j1: int, j2: int) -> list[Pair]:
    """A changed stretch: the pairs of most likeness in order (dynamic programming), the rest deleted or inserted."""
    rows, columns = i2 - i1, j2 - j1
    known: dict[tuple[int, int], float] = {}

    def alike(i: int, j: int) -> float:
        """How alike the stretch's i-th OLD block and j-th NEW block are (each pair weighed once)."""
        if (i, j) not in known:
            known[i, j] = _alike(old[i1 + i], new[j1 + j])
        return known[i, j]

    if rows * columns > MAX_PAIRING:
        matched = [(i1 + k, j1 + k) for k in range(min(rows, columns)) if alike(k, k) > 0]
    else:
        score = [[0.0] * (columns + 1) for _ in range(rows + 1)]
        for i in range(rows - 1, -1, -1):
            for j in range(columns - 1, -1, -1):
                both = alike(i, j)
                score[i][j] = max(score[i + 1][j], score[i][j + 1], score[i + 1][j + 1] + both if both > 0 else 0.0)
        matched = []
        i = j = 0
        while i < rows and j < columns:
            both = alike(i, j)
            if both > 0 and score[i][j] == score[i + 1][j + 1] + both:
                matched.append((i1 + i, j1 + j))
                i, j = i + 1, j + 1
            elif score[i][j] == score[i + 1][j]:
                i += 1
            else:
                j += 1
    pairs: list[Pair] = []
    i, j = i1, j1
    for a, b in matched + [(i2, j2)]:
        pairs.extend(Pair("-", k, None) for k in range(i, a))
        pairs.extend(Pair("+", None, k) for k in range(j, b))
        if a < i2:
            pairs.append(Pair("~", a, b))
        i, j = a + 1, b + 1
    return pairs
