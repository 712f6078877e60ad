"""The pattern rules: compiled on first use, tried only where a trigger character stands, never hiding a finding."""
from __future__ import annotations


import pytest

from drafting.check import rules

# The pattern rules run only on forms holding one of their trigger characters (and matching their
# cheap confirming pattern): that shortcut must never hide a finding the full pattern would make.
_PIECES = ["开展", "召开", "排查", "化解", "备案", "研判", "会议", "次", "件", "名", "期", "人次", "场", "数", "率",
           "成功", "达", "结案", "一", "年", "季度", "待定", "待补充", "待核实", "TODO", "tbd", "FixMe", "X", "x",
           "Ｘ", "×", "*", "＊", "?", "？", "(", ")", "（", "）", ".", ",", ";", ":", "!", "-", "--", "\"", "'",
           " ", "\u3000", "\u00a0", "\t", "1", "5", "8", "0.5", "5-8", "1.5-2", "%", "％", "“", "”", "‘", "’", "A", "b",
           # whole findings, so that every rule is exercised with varied neighbours
           "会议 次", "研判\u3000期", "开展次", "XX名", "X月", "＊＊同志", "（？）", "待定", "中文,中文", "中文(注)",
           "中文.中文", "5-8名"]


@pytest.mark.parametrize("rule", [r for group, _ in rules.RULE_GROUPS for r in group], ids=lambda r: r.code)
def test_a_rule_is_never_skipped_where_its_pattern_would_match(rule):
    from hypothesis import given, settings, strategies as st

    matched = []

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
    def holds(text):
        if rule.pattern.search(text):
            matched.append(text)
            assert rule.applies(text, set(text)), text

    holds()
    assert matched, "the generated texts never exercised this rule"


def test_rules_compile_only_when_first_needed():
    rule = rules.Rule(r"甲+", "C999", "m", "h", trigger="甲")
    assert rule._pattern is None
    assert not rule.applies("乙丙", set("乙丙")) and rule._pattern is None
    assert rule.applies("甲乙", set("甲乙")) and rule.pattern.search("甲乙").group() == "甲"
