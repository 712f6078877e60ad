"""Pair the edited document's paragraphs with those the form builds now: by origin marker, else by text."""
from __future__ import annotations

import bisect
import difflib
from typing import Any

from ..records import NamedTuple

from ..document.numerals import read_heading_label

SIMILAR = 0.5  # two paragraphs this alike (difflib ratio) are one paragraph, edited
MAX_COMPARED = 20_000  # characters of two paragraphs compared character by character (longer: not alike)
LOOK_AHEAD = 40  # built paragraphs an unpaired edited one is compared with (bounds the work on a stranger file)


class Para(NamedTuple):
    """A paragraph with text, built or edited: its text, style role, origin path, and table rows if a table."""

    text: str
    role: str | None
    origin: str | None
    rows: tuple[tuple[str, ...], ...] | None = None
    comments: tuple = ()   # the reader's ReadComment (author, date, text, anchor) anchored in it
    revisions: tuple = ()  # the reader's ReadRevision (kind, author, date, text) pending in it


def built_paragraphs(laid: list[Any]) -> list[Para]:
    """The built document's paragraphs with text and its tables, as the merge compares them."""
    paragraphs = []
    for block in laid:
        if hasattr(block, "widths"):  # a laid-out table
            rows = tuple(tuple(cell.text if cell.covered is None else "" for cell in row) for row in block.rows)
            paragraphs.append(Para("", "表格", block.origin, rows))
        elif block.text.strip():
            paragraphs.append(Para(block.text, block.role, block.origin))
    return paragraphs


def without_number(text: str) -> str:
    """``text`` less a heading number at its start (一、 （一） 1. （1）, read as draft import reads them:
    ``numerals.read_heading_label``): numbers are never the form's words."""
    stripped = text.lstrip()
    label = read_heading_label(stripped)
    return text if label is None else stripped[len(label.typed):]


def heading_level(text: str, role: str | None) -> int | None:
    """The heading level a paragraph's number or style says (1 for 一、 …), None for a body paragraph."""
    label = read_heading_label(text.strip())
    if label is not None:
        return label.level
    if role and role.endswith("标题") and role[0] in "一二三四":
        return "一二三四".index(role[0]) + 1
    return None


def pair(built: list[Para], edited: list[Para], trust_markers: bool = True) -> dict[int, int]:
    """Edited index → built index, one to one: drafting's markers first, then alignment of the texts. Markers of a
    form changed since the build (``trust_markers`` False) pair only paragraphs that still look alike."""
    pairs: dict[int, int] = {}
    by_origin: dict[tuple[str, int], int] = {}
    seen: dict[str, int] = {}
    for i, para in enumerate(built):
        if para.origin is not None:
            k = seen[para.origin] = seen.get(para.origin, 0) + 1
            by_origin[(para.origin, k)] = i
    seen = {}
    for j, para in enumerate(edited):
        if para.origin is not None:
            k = seen[para.origin] = seen.get(para.origin, 0) + 1
            i = by_origin.get((para.origin, k))
            if i is not None and (para.rows is None) == (built[i].rows is None) and (trust_markers or (
                    len(_key(built[i])) + len(_key(para)) <= MAX_COMPARED and difflib.SequenceMatcher(
                        None, _key(built[i]), _key(para), autojunk=False).ratio() > SIMILAR)):
                pairs[j] = i
    _align_gaps(built, edited, pairs)
    _exact_moves(built, edited, pairs)
    return pairs


def _key(para: Para) -> str:
    """What two paragraphs are compared by: the text less its heading number, or a table's rows."""
    return "\x1f".join("".join(row) for row in para.rows) if para.rows is not None else without_number(para.text)


def _align_gaps(built: list[Para], edited: list[Para], pairs: dict[int, int]) -> None:
    """Between paragraphs already paired in order, pair the rest by sequence alignment of their texts."""
    anchors = in_order(pairs)
    bounds = [(-1, -1)] + sorted((j, pairs[j]) for j in anchors) + [(len(edited), len(built))]
    taken = set(pairs.values())
    for (j0, i0), (j1, i1) in zip(bounds, bounds[1:]):
        left = [j for j in range(j0 + 1, j1) if j not in pairs]
        right = [i for i in range(i0 + 1, i1) if i not in taken]
        if not left or not right:
            continue
        matcher = difflib.SequenceMatcher(None, [_key(built[i]) for i in right], [_key(edited[j]) for j in left],
                                          autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                for a, b in zip(range(a1, a2), range(b1, b2)):
                    pairs[left[b]] = right[a]
                    taken.add(right[a])
            elif tag == "replace":
                _pair_alike(built, edited, right[a1:a2], left[b1:b2], pairs, taken)


def _pair_alike(built: list[Para], edited: list[Para], right: list[int], left: list[int], pairs: dict[int, int],
                taken: set[int]) -> None:
    """Pair, in order, the edited paragraphs of a changed stretch with the built ones they still resemble."""
    start = 0
    for j in left:
        best, best_ratio = None, SIMILAR
        for position in range(start, min(len(right), start + LOOK_AHEAD)):
            i = right[position]
            if (built[i].rows is None) != (edited[j].rows is None):
                continue
            if len(_key(built[i])) + len(_key(edited[j])) > MAX_COMPARED:
                continue
            matcher = difflib.SequenceMatcher(None, _key(built[i]), _key(edited[j]), autojunk=False)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = position, ratio
        if best is not None:
            pairs[j] = right[best]
            taken.add(right[best])
            start = best + 1


def _exact_moves(built: list[Para], edited: list[Para], pairs: dict[int, int]) -> None:
    """A paragraph still unpaired whose text is word for word one left unpaired elsewhere: moved there."""
    taken = set(pairs.values())
    free: dict[str, list[int]] = {}
    for i, para in enumerate(built):
        if i not in taken and _key(para):
            free.setdefault(_key(para), []).append(i)
    for j, para in enumerate(edited):
        if j not in pairs and free.get(_key(para)):
            pairs[j] = free[_key(para)].pop(0)


def in_order(pairs: dict[int, int]) -> set[int]:
    """The edited indices of the longest run of pairs whose built order is kept (the others moved)."""
    items = sorted(pairs.items())
    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(items)
    for n, (_, i) in enumerate(items):
        position = bisect.bisect_left(tails, i)
        if position == len(tails):
            tails.append(i)
            tail_index.append(n)
        else:
            tails[position] = i
            tail_index[position] = n
        previous[n] = tail_index[position - 1] if position > 0 else -1
    kept: set[int] = set()
    n = tail_index[-1] if tail_index else -1
    while n >= 0:
        kept.add(items[n][0])
        n = previous[n]
    return kept
