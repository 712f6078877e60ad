"""Title lines by GB/T 9704 7.3.1: broken between words, lines arranged as a trapezoid or diamond.

Words come from rjieba (a Rust port of jieba: 60 ms to import, no dictionary cache to write), loaded
only for a title longer than a line. The genre adds its own break points, before 关于 (after the
issuing unit) and before 及 and 暨 joining two clauses, and its own words, which a segmenter cuts
(工作|总结) but a title must not.
"""
from __future__ import annotations

import functools
import itertools
import math
from typing import NamedTuple

from ..chars import page_width

TITLE_CHARS = 20  # 2号 characters (22 pt) in the 442 pt measure
_JOINERS = ("关于", "及", "暨")
_FUNCTION_WORDS = frozenset("的及和与暨之")
_MAX_EXTRA_LINES = 1
_VERSION = "1"  # of the breaking rules: cached breaks from other rules are not reused
# Words of the genre a line must not break (the segmenter's dictionary cuts them).
_GENRE_WORDS = frozenset({
    "工作总结", "工作打算", "工作方案", "工作要点", "工作计划", "工作报告", "工作情况", "实施意见", "实施方案",
    "情况汇报", "情况报告", "整改落实", "落实情况", "工作汇报", "专项整治", "专项行动", "平安建设", "矛盾纠纷",
    "安全生产", "森林防火", "扫黑除恶", "社会治安", "综合治理", "基层治理", "乡村振兴",
    "上半年", "下半年", "第一季度", "第二季度", "第三季度", "第四季度", "全年",
})


class Boundary(NamedTuple):
    """A place between two words: its offset in the title and how good a line break it makes."""

    offset: int
    score: float  # higher is better: before 关于 or 及, between a noun and the verb of the next phrase


@functools.cache
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` as (word, part of speech): rjieba's, with the genre's compounds (工作+总结) joined again."""
    import rjieba  # only for titles that need breaking

    words: list[tuple[str, str]] = []
    for word, tag in rjieba.tag(text):
        if words and words[-1][0] + word in _GENRE_WORDS:
            words[-1] = (words[-1][0] + word, "n")
        else:
            words.append((word, tag))
    return tuple(words)


def _score(before: tuple[str, str], after: tuple[str, str]) -> float:
    (word_a, tag_a), (word_b, tag_b) = before, after
    noun_a, noun_b = tag_a[:1] == "n" or tag_a == "vn", tag_b[:1] == "n" or tag_b == "vn"
    if word_b.startswith(_JOINERS):
        return 12.0  # after the issuing unit (…关于), before a joined clause (…及…)
    if any(len(w) == 1 and w not in _FUNCTION_WORDS for w in (word_a, word_b)) or tag_a[:1] == "m":
        return -12.0  # 青山|县, 巡察|组, 2023|年
    if "c" in (tag_a, tag_b):
        return -10.0  # 安全感|和执法: inside a coordination
    if noun_a and tag_b[:1] == "v" and not noun_b:
        return 6.0  # a noun phrase ends, a verb phrase begins: 满意度|推动
    if tag_a[:1] == "v" and not noun_a and noun_b:
        return -4.0  # a verb and its object: 提升|公众
    if noun_a and noun_b:
        return -3.0  # inside a compound noun: 安全|生产
    return 0.0


def boundaries(text: str) -> list[Boundary]:
    """Every place between two words of ``text`` (never inside one), scored as a line break."""
    words = _tagged(text)
    out = []
    offset = 0
    for before, after in zip(words, words[1:]):
        offset += len(before[0])
        out.append(Boundary(offset, _score(before, after)))
    return out


def _shape_ok(widths: list[float]) -> bool:
    """A trapezoid (each line longer, or each shorter, than the one above) or a diamond (longest in the middle)."""
    rising = all(a <= b for a, b in zip(widths, widths[1:]))
    falling = all(a >= b for a, b in zip(widths, widths[1:]))
    peak = widths.index(max(widths))
    diamond = all(a <= b for a, b in zip(widths[:peak + 1], widths[1:peak + 1])) and \
        all(a >= b for a, b in zip(widths[peak:], widths[peak + 1:]))
    return rising or falling or diamond


def _cost(lines: list[str], cuts: tuple[Boundary, ...], extra: int) -> float:
    widths = [page_width(line) for line in lines]
    mean = sum(widths) / len(widths)
    return (0.3 * sum((w - mean) ** 2 for w in widths) - sum(c.score for c in cuts) + 12 * extra
            + (0 if _shape_ok(widths) else 40))


def break_title(text: str, per_line: int = TITLE_CHARS) -> tuple[str, ...]:
    """``text`` as title lines that each fit ``per_line`` characters, broken between words; one line
    when it fits, and as given when no break between words fits. Breaks are kept in the user's cache
    folder, so the next build of the same title does not load the segmenter."""
    if page_width(text) <= per_line:
        return (text,)
    import hashlib

    from ..resources import read_cached, user_cache_folder, write_cached

    folder = user_cache_folder("titles")
    key = hashlib.sha256(f"{_VERSION}\0{per_line}\0{text}".encode("utf-8")).hexdigest()
    data = read_cached(folder, key, 4 * len(text) + 64) if folder else None  # a title's worth, whatever is there
    if data is not None:
        try:
            lines = tuple(data.decode("utf-8").split("\n"))
        except UnicodeDecodeError:
            lines = ()
        if "".join(lines) == text:
            return lines
    lines = _break(text, per_line)
    if folder:
        write_cached(folder, key, "\n".join(lines).encode("utf-8"))  # a cache that cannot be written only costs time
    return lines


def _break(text: str, per_line: int) -> tuple[str, ...]:
    width = page_width(text)
    places = boundaries(text)
    fewest = math.ceil(width / per_line)
    best: tuple[float, tuple[str, ...]] | None = None
    for count in range(fewest, fewest + _MAX_EXTRA_LINES + 1):
        for cuts in itertools.combinations(places, count - 1):
            edges = (0, *(c.offset for c in cuts), len(text))
            lines = [text[a:b] for a, b in zip(edges, edges[1:])]
            if any(page_width(line) > per_line or page_width(line) < 2 for line in lines):
                continue
            cost = _cost(lines, cuts, count - fewest)
            if best is None or cost < best[0]:
                best = (cost, tuple(lines))
    return best[1] if best else (text,)


def split_words(lines: tuple[str, ...]) -> list[int]:
    """Indexes of the lines whose end breaks a word that the next line finishes."""
    joined = "".join(lines)
    inside = set(range(1, len(joined))) - {b.offset for b in boundaries(joined)}
    ends = list(itertools.accumulate(len(line) for line in lines))[:-1]
    return [index for index, end in enumerate(ends) if end in inside]
