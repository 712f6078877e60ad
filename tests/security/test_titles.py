"""Hostile titles (issue #25.1): breaking a title costs work polynomial in its length, bounded beyond 120 characters."""
from __future__ import annotations

import sys

import pytest

from drafting.chars import page_width
from drafting.document import titles
from drafting.document.titles import MAX_BREAK_CHARS, TITLE_CHARS, break_title

from ..conftest import run
from ..work import grows_linearly, work

LATIN = ("lorem ipsum dolor sit amet " * 4)[:80]
CHINESE = ("青山县委政法委2023年上半年工作总结及下半年工作打算" * 4)[:92]
HOSTILE = {
    "80 个拉丁字母和空格": LATIN,
    "92 个汉字": CHINESE,
    "5000 个组合符": "a" + "\u0301" * 5000,
    "10 万个零宽空格": "标题" + "\u200b" * 100_000,
}
# The old exhaustive search ran 1.8 million lines of drafting for a 70-character title (15,000 now), and 9 s on 92.
WORK_BOUND = 150_000


def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cached breaks: every call below does the search."""
    monkeypatch.setattr("drafting.resources.user_cache_folder", lambda name: None)
    titles._tagged.cache_clear()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_title_is_broken_with_bounded_work(name, monkeypatch):
    _fresh(monkeypatch)
    text = HOSTILE[name]
    titles._tagged(text[:MAX_BREAK_CHARS])  # the segmenter's own import and dictionary are not drafting's work
    titles._tagged.cache_clear()
    lines: list[tuple[str, ...]] = []
    cost = work(lambda: lines.append(break_title(text)), monkeypatch)
    assert "".join(lines[0]) == text
    assert all(page_width(line) <= TITLE_CHARS for line in lines[0])
    assert cost.total < WORK_BOUND + 40 * len(text), (name, cost.total)


def test_a_seventy_character_title_costs_polynomial_work(monkeypatch):
    """Five lines out of 30 places between words: C(30,4) ways, which the old search tried one by one."""
    _fresh(monkeypatch)
    text = CHINESE[:70]
    titles._tagged(text)
    cost = work(lambda: break_title(text), monkeypatch)
    assert cost.total < WORK_BOUND, cost.total


def test_beyond_the_limit_titles_are_broken_greedily_in_linear_work_without_the_segmenter(monkeypatch):
    _fresh(monkeypatch)
    monkeypatch.setitem(sys.modules, "rjieba", None)  # importing it fails
    costs = [work(lambda: break_title("零" + "\u200b" * size), monkeypatch).total for size in (5_000, 10_000, 20_000)]
    assert grows_linearly(costs), costs
    lines = break_title("一二三四五" * 30)
    assert lines == ("一二三四五" * 4,) * 7 + ("一二三四五" * 2,)


@pytest.mark.parametrize("name", ["92 个汉字", "5000 个组合符"])
def test_check_answers_and_warns_about_a_title_too_long_to_break_between_words(name, write_form, capsys):
    text = HOSTILE[name]
    write_form(f'模板: 通用\n标题: "{text}"\n落款: 县委\n日期: 2023-07-10\n正文:\n  - 内容\n')
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert code == 0, out + err
    if len(text) > MAX_BREAK_CHARS:
        assert "表单.yaml:2:" in out + err and "C215" in out + err and f"超过 {MAX_BREAK_CHARS} 个字" in out + err
    else:
        assert "C215" not in out + err
