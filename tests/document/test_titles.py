"""Title lines broken between words, as a trapezoid or diamond (GB/T 9704 7.3.1)."""
from __future__ import annotations

import itertools
import math
import random

import pytest

from drafting.chars import page_width
from drafting.document import titles
from drafting.document.titles import TITLE_CHARS, break_title, split_words


@pytest.mark.parametrize("title, lines", [
    # Bug: the README's example broke as “…工作总结及下 / 半年工作打算”.
    ("青山县委政法委2023年上半年工作总结及下半年工作打算", ("青山县委政法委2023年上半年", "工作总结及下半年工作打算")),
    ("中共青山县委政法委员会关于县委第三巡察组巡察反馈意见整改落实情况的报告",
     ("中共青山县委政法委员会", "关于县委第三巡察组巡察", "反馈意见整改落实情况的报告")),
    ("中共青山县委政法委员会2023年上半年工作总结及下半年工作打算",
     ("中共青山县委政法委员会", "2023年上半年工作总结", "及下半年工作打算")),
    ("青山县关于提升公众安全感和执法满意度推动更高水平平安建设的实施意见",
     ("青山县关于提升公众安全感和执法满意度", "推动更高水平平安建设的实施意见")),
    ("青山县司法局2024年第一季度矛盾纠纷排查化解工作情况汇报", ("青山县司法局2024年第一季度", "矛盾纠纷排查化解工作情况汇报")),
    ("关于进一步做好全县安全生产和森林防火工作的通知", ("关于进一步做好全县", "安全生产和森林防火工作的通知")),
])
def test_long_titles_break_between_words(title, lines):
    assert break_title(title) == lines
    assert all(2 <= page_width(line) <= TITLE_CHARS for line in lines)
    assert split_words(lines) == []


def test_a_title_that_fits_stays_one_line():
    assert break_title("关于平安建设工作情况的报告") == ("关于平安建设工作情况的报告",)


def test_genre_words_are_not_split():
    """The segmenter cuts 工作|总结 and 第一|季度; a title line must not."""
    assert split_words(("青山县委政法委工作", "总结")) == [0]
    assert split_words(("青山县2024年第一季", "度工作总结")) == [0]
    assert split_words(("青山县委政法委", "工作总结")) == []


def test_every_line_fits_and_none_holds_a_single_character():
    """Over the titles of the genre (made from the templates' own patterns), breaking keeps every
    character, in order, on lines of 2–20 characters."""
    units = ["中共青山县委政法委员会", "青山县人民政府办公室", "青山县司法局", "青山县公安局交通警察大队"]
    subjects = ["2023年上半年工作总结及下半年工作打算", "关于2024年第一季度矛盾纠纷排查化解工作情况的汇报",
                "关于县委第三巡察组巡察反馈意见整改落实情况的报告", "关于开展社会治安突出问题专项整治工作的实施方案"]
    for unit in units:
        for subject in subjects:
            title = unit + subject
            lines = break_title(title)
            assert "".join(lines) == title
            assert all(2 <= page_width(line) <= TITLE_CHARS for line in lines), lines


def test_a_broken_title_is_kept_so_the_next_build_does_not_load_the_segmenter(monkeypatch):
    """rjieba takes 80 ms to import: the second build of a title reads its lines from the cache folder."""
    import sys

    from drafting.document import titles

    title = "青山县委政法委2024年上半年工作总结及下半年工作打算"
    first = break_title(title)
    titles._tagged.cache_clear()
    monkeypatch.setitem(sys.modules, "rjieba", None)  # importing it now fails
    assert break_title(title) == first
    with pytest.raises(ImportError):
        break_title("青山县委政法委2025年上半年工作总结及下半年工作打算")


def _exhaustive(text: str, per_line: int = TITLE_CHARS) -> tuple[str, ...]:
    """The search the dynamic programme replaced: every choice of break points, the first cheapest kept."""
    fewest = math.ceil(page_width(text) / per_line)
    best = None
    for count in range(fewest, fewest + 2):
        for cuts in itertools.combinations(titles.boundaries(text), count - 1):
            edges = (0, *(c.offset for c in cuts), len(text))
            lines = [text[a:b] for a, b in zip(edges, edges[1:])]
            if any(page_width(line) > per_line or page_width(line) < 2 for line in lines):
                continue
            cost = titles._cost(lines, cuts, count - fewest)
            if best is None or cost < best[0]:
                best = (cost, tuple(lines))
    return best[1] if best else (text,)


def test_the_dynamic_programme_finds_what_the_exhaustive_search_found():
    """Over titles pieced together from the genre (Latin, quotation marks and enumeration commas among them)."""
    pieces = ["中共青山县委政法委员会", "青山县司法局", "关于", "2023年", "上半年", "工作总结", "及", "下半年工作打算",
              "县委第三巡察组", "巡察反馈意见", "整改落实情况的报告", "提升公众安全感", "和执法满意度", "的实施意见",
              "lorem ipsum ", "dolor sit amet ", "ABC", "第一季度", "矛盾纠纷排查化解", "的通知", "、", "“平安青山”"]
    chosen = random.Random(7)
    for _ in range(60):
        title = "".join(chosen.choice(pieces) for _ in range(chosen.randint(3, 7)))
        if page_width(title) > TITLE_CHARS and len(title) <= 48:
            assert titles._break(title, TITLE_CHARS) == _exhaustive(title), title
