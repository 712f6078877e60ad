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
    (a replaced stretch reads deleted first), neighbours of one kind joined."""
    before, after = tokens(old), tokens(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            _add(segments, "=", "".join(before[i1:i2]))
            continue
        _add(segments, "-", "".join(before[i1:i2]))
        _add(segments, "+", "".join(after[j1:j2]))
    return tuple(segments)


def _add(segments: list[Segment], kind: str, text: str) -> None:
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
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return matcher.quick_ratio()
    return matcher.ratio() if len(old) * len(new) <= 4_000_000 else matcher.quick_ratio()
