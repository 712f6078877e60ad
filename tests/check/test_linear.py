"""The checker costs time in proportion to the text, whatever the text: doubling a hostile text at most doubles it.

(Issue #12 asks for this proof here; it compares the checker with itself on one machine, with slack
for noise, rather than asserting a speed.)
"""
from __future__ import annotations

import time

import pytest

from drafting.check.checker import check_form
from drafting.form.validate import load_form

PATTERNS = {"unpaired brackets": "（", "unpaired quotes": "“", "unclosed template code": "{{ ",
            "years of other sentences": "2022年", "typed rates": "受理1件，化解1件，化解率50%，",
            "period words": "上半年", "placeholders": "XX名", "blanks": "开展 次", "half-width": "中,文",
            "outside GB2312": "䶮", "invisible": "甲\u200b"}


def _seconds(write_form, pattern: str, size: int) -> float:
    text = (pattern * (size // len(pattern) + 1))[:size]
    form = load_form(write_form("模板: 通用\n期间: 2023Q3\n开头: '" + text.replace("'", "''") + "'\n"))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        check_form(form)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
def test_doubling_a_hostile_text_at_most_doubles_the_check(write_form, pattern):
    """Bug: a 16 KB text took 91 s and 300 KB of “（” 447 s."""
    small, large = _seconds(write_form, pattern, 40_000), _seconds(write_form, pattern, 80_000)
    assert large < 3 * small + 0.05, (small, large)
    assert _seconds(write_form, pattern, 300_000) < 2.0
