"""Title lines by GB/T 9704 7.3.1: broken between words, lines arranged as a trapezoid or diamond.

Words come from rjieba (a Rust port of jieba: 60 ms to import, no dictionary cache to write), loaded
only for a title longer than a line. The genre adds its own break points, before 关于 (after the
issuing unit) and before 及 and 暨 joining two clauses, and its own words, which a segmenter cuts
(工作|总结) but a title must not.

The best breaks are found by dynamic programming over the places between words (work grows with the
title's length times the places a line can span, never with the number of ways to break it). A title
longer than MAX_BREAK_CHARS characters is not segmented: it is broken greedily, each line filled to the
measure, and ``draft check`` warns about it (C215).
"""
from __future__ import annotations

import bisect
import functools
import itertools
import math

from ..chars import page_width
from ..records import NamedTuple

TITLE_CHARS = 20  # 2号 characters (22 pt) in the 442 pt measure
MAX_BREAK_CHARS = 120  # six lines of Chinese: longer titles are broken greedily, not between words
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


@functools.lru_cache(maxsize=64)
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
    """``text`` as lines of at most ``per_line`` characters broken between words (greedily beyond MAX_BREAK_CHARS)."""
    # One line when it fits; as given when no break between words fits.
    if page_width(text) <= per_line:
        return (text,)
    if len(text) > MAX_BREAK_CHARS:
        return break_greedily(text, per_line)
    # Breaks are kept in the user's cache folder, so the next build of the same title does not load the segmenter.
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


def break_greedily(text: str, per_line: int = TITLE_CHARS) -> tuple[str, ...]:
    """``text`` in lines filled to ``per_line`` characters each, wherever that falls (one pass)."""
    lines: list[str] = []
    start, width = 0, 0.0
    for index, char in enumerate(text):
        step = page_width(char)
        if width + step > per_line:
            lines.append(text[start:index])
            start, width = index, 0.0
        width += step
    lines.append(text[start:])
    return tuple(lines)


def _break(text: str, per_line: int) -> tuple[str, ...]:
    places = boundaries(text)
    scores = {place.offset: place.score for place in places}
    offsets = [0, *scores, len(text)]
    prefix = list(itertools.accumulate((page_width(char) for char in text), initial=0.0))
    widths = [prefix[offset] for offset in offsets]
    fewest = math.ceil(prefix[-1] / per_line)
    best: tuple[float, int, tuple[int, ...], tuple[str, ...]] | None = None
    for count in range(fewest, fewest + _MAX_EXTRA_LINES + 1):
        for ends in _best_ends(offsets, widths, scores, count, per_line):
            cuts = ends[:-1]
            edges = (0, *ends)
            lines = [text[a:b] for a, b in zip(edges, edges[1:])]
            cost = round(_cost(lines, tuple(Boundary(c, scores[c]) for c in cuts), count - fewest), 9)
            candidate = (cost, count, cuts, tuple(lines))
            if best is None or candidate[:3] < best[:3]:
                best = candidate
    return best[3] if best else (text,)


_Key = tuple[float, tuple[int, ...]]  # (cost so far, line ends so far): ties go to the earliest breaks


class _Sorted(NamedTuple):
    """The paths ending at one place with one number of lines, by the width of their last line."""

    widths: list[float]
    prefix_min: list[_Key]  # best of the paths whose last line is at most as wide as widths[i]
    suffix_min: list[_Key]  # best of the paths whose last line is at least as wide as widths[i]


def _sorted(entries: dict[float, _Key]) -> _Sorted:
    widths = sorted(entries)
    keys = [entries[w] for w in widths]
    return _Sorted(widths, list(itertools.accumulate(keys, min)),
                   list(itertools.accumulate(reversed(keys), min))[::-1])


def _best_ends(offsets: list[int], widths: list[float], scores: dict[int, float], count: int,
               per_line: int) -> list[tuple[int, ...]]:
    """The line ends of the cheapest ``count`` lines of any shape, and of the cheapest trapezoid or diamond."""
    # Paths are kept per place and number of lines; the shaped ones also by rising or falling and the width of
    # their last line, queried through running minima: O(places × 2·per_line × count × log per_line).
    last = len(offsets) - 1
    mean = widths[-1] / count
    free: list[dict[int, _Key]] = [{} for _ in offsets]
    free[0][0] = (0.0, ())
    rising: list[dict[int, _Sorted]] = [{} for _ in offsets]
    falling: list[dict[int, _Sorted]] = [{} for _ in offsets]
    rising[0][0] = _sorted({-1.0: (0.0, ())})
    for j in range(1, last + 1):
        low = bisect.bisect_left(widths, widths[j] - per_line, 0, j)
        high = bisect.bisect_right(widths, widths[j] - 2, 0, j)
        rest = widths[-1] - widths[j]
        new_rising: dict[int, dict[float, _Key]] = {}
        new_falling: dict[int, dict[float, _Key]] = {}
        for i in range(low, high):
            width = widths[j] - widths[i]
            step = 0.3 * (width - mean) ** 2 - scores.get(offsets[j], 0.0)
            for k, (cost, ends) in free[i].items():
                lines = k + 1
                if not _can_finish(lines, count, rest, per_line, j == last):
                    continue
                key = (round(cost + step, 9), (*ends, offsets[j]))
                if lines not in free[j] or key < free[j][lines]:
                    free[j][lines] = key
            for k in set(rising[i]) | set(falling[i]):
                lines = k + 1
                if not _can_finish(lines, count, rest, per_line, j == last):
                    continue
                up = rising[i].get(k)
                down = falling[i].get(k)
                options_up = []
                options_down = []
                if up:
                    at = bisect.bisect_right(up.widths, width)
                    if at:
                        options_up.append(up.prefix_min[at - 1])
                    if at < len(up.widths):
                        options_down.append(up.suffix_min[at])
                if down:
                    at = bisect.bisect_left(down.widths, width)
                    if at < len(down.widths):
                        options_down.append(down.suffix_min[at])
                for options, table in ((options_up, new_rising), (options_down, new_falling)):
                    if options:
                        cost, ends = min(options)
                        table.setdefault(lines, {})[width] = (round(cost + step, 9), (*ends, offsets[j]))
        rising[j] = {k: _sorted(entries) for k, entries in new_rising.items()}
        falling[j] = {k: _sorted(entries) for k, entries in new_falling.items()}
    found = []
    if count in free[last]:
        found.append(free[last][count][1])
    shaped = [table[count].prefix_min[-1] for table in (rising[last], falling[last]) if count in table]
    if shaped:
        found.append(min(shaped)[1])
    return found


def _can_finish(lines: int, count: int, rest: float, per_line: int, at_end: bool) -> bool:
    """Whether ``rest`` characters can still make the ``count - lines`` lines left."""
    left = count - lines
    return left == 0 if at_end else 0 < left and 2 * left <= rest <= per_line * left


def split_words(lines: tuple[str, ...]) -> list[int]:
    """Indexes of the lines whose end breaks a word that the next line finishes."""
    joined = "".join(lines)
    inside = set(range(1, len(joined))) - {b.offset for b in boundaries(joined)}
    ends = list(itertools.accumulate(len(line) for line in lines))[:-1]
    return [index for index, end in enumerate(ends) if end in inside]
