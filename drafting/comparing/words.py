"""Words inside a changed paragraph: Chinese cut into words by rjieba (not single characters), then diffed."""
from __future__ import annotations

from difflib import SequenceMatcher

Segment = tuple[str, str]  # ("=" | "-" | "+", text)


def tokens(text: str) -> list[str]:
    """``text`` cut into words (Chinese by rjieba's dictionary, numbers and Latin words whole, each space its own)."""
    import rjieba

    cut = list(rjieba.cut(text))
    return cut if "".join(cut) == text else list(text)  # rjieba keeps every character; guard all the same


def word_segments(old: str, new: str) -> tuple[Segment, ...]:
    """The change from ``old`` to ``new`` word by word: equal, deleted and inserted stretches in reading order
    (a replaced stretch reads deleted first), neighbours of one kind joined.

    The words both ends share are set aside first; in what is left of a long paragraph, words that occur often
    (“的”, “，”) anchor nothing (difflib's autojunk), so a hostile paragraph of the same word costs no more than
    its length."""
    before, after = tokens(old), tokens(new)
    head = common_prefix(before, after)
    tail = common_prefix(before[head:][::-1], after[head:][::-1])
    middle_before, middle_after = before[head:len(before) - tail], after[head:len(after) - tail]
    segments: list[Segment] = []
    _add(segments, "=", "".join(before[:head]))
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, middle_before, middle_after).get_opcodes():
        if tag == "equal":
            _add(segments, "=", "".join(middle_before[i1:i2]))
            continue
        _replace(segments, "".join(middle_before[i1:i2]), "".join(middle_after[j1:j2]))
    _add(segments, "=", "".join(before[len(before) - tail:]))
    return tuple(segments)


def _replace(segments: list[Segment], deleted: str, inserted: str) -> None:
    """A replaced stretch; when one side is the other with words added at one end (“不足” → “严重不足”, the
    segmenter having made one word of it), only those words are marked."""
    if deleted and inserted and len(deleted) != len(inserted):
        short, long_, kind = (deleted, inserted, "+") if len(deleted) < len(inserted) else (inserted, deleted, "-")
        if long_.endswith(short):
            _add(segments, kind, long_[:-len(short)])
            _add(segments, "=", short)
            return
        if long_.startswith(short):
            _add(segments, "=", short)
            _add(segments, kind, long_[len(short):])
            return
    _add(segments, "-", deleted)
    _add(segments, "+", inserted)


def common_prefix(first: list[str], second: list[str]) -> int:
    """How many items two lists share from their start."""
    count = 0
    for a, b in zip(first, second):
        if a != b:
            break
        count += 1
    return count


def _add(segments: list[Segment], kind: str, text: str) -> None:
    """Append a piece, joined to the last one when it is of the same kind (nothing for empty text)."""
    if not text:
        return
    if segments and segments[-1][0] == kind:
        segments[-1] = (kind, segments[-1][1] + text)
    else:
        segments.append((kind, text))


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0 to 1 (difflib's ratio over characters, bounded by its quick estimates first)."""
    if old == new:
        return 1.0
    if not old or not new:
        return 0.0
    matcher = SequenceMatcher(None, old, new, autojunk=len(old) + len(new) > 2_000)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return matcher.quick_ratio()
    return matcher.ratio() if len(old) * len(new) <= 4_000_000 else matcher.quick_ratio()
