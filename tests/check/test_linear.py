"""The checker's work grows in proportion to the text, whatever the text: doubling a hostile text doubles it.

(Issue #12 asks for this proof here. Work is counted — lines of drafting run and characters handed to its
regexes — so the proof holds on a loaded machine; bench/linear.py times the same texts.)
"""
from __future__ import annotations

import pytest

from drafting.check.checker import check_form
from drafting.form.validate import load_form
from ..work import grows_linearly, work

PATTERNS = {"unpaired brackets": "（", "unpaired quotes": "“", "unclosed template code": "{{ ",
            "years of other sentences": "2022年", "typed rates": "受理1件，化解1件，化解率50%，",
            "period words": "上半年", "placeholders": "XX名", "blanks": "开展 次", "half-width": "中,文",
            "outside GB2312": "䶮", "invisible": "甲\u200b"}
SIZES = (5_000, 10_000, 20_000)


def _work(write_form, monkeypatch, pattern: str, size: int) -> int:
    text = (pattern * (size // len(pattern) + 1))[:size]
    form = load_form(write_form("模板: 通用\n期间: 2023Q3\n开头: '" + text.replace("'", "''") + "'\n"))
    return work(lambda: check_form(form), monkeypatch).total


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
def test_doubling_a_hostile_text_doubles_the_check(write_form, monkeypatch, pattern):
    """Bug: a 16 KB text took 91 s and 300 KB of “（” 447 s."""
    costs = [_work(write_form, monkeypatch, pattern, size) for size in SIZES]
    assert grows_linearly(costs), costs


def test_a_quadratic_check_would_be_caught(write_form, monkeypatch):
    """The count sees a search of the whole text before each match, the shape of the old bug."""
    from drafting.check import checker

    real = checker._unbalanced

    def quadratic(form, ref, masked):
        for match in checker._BRACKETS.finditer(masked):
            checker._BRACKETS.search(masked[:match.start()])
        return real(form, ref, masked)

    monkeypatch.setattr(checker, "_unbalanced", quadratic)
    costs = [_work(write_form, monkeypatch, "（", size) for size in SIZES]
    assert not grows_linearly(costs), costs
