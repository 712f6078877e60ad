"""The budget every YAML file passes: values with aliases expanded, depth, text length, cycles."""
from __future__ import annotations

import yaml

from drafting.form.budgets import MAX_DEPTH, check_tree


def _compose(text: str) -> yaml.Node:
    return yaml.compose(text, Loader=yaml.SafeLoader)


def test_a_normal_form_passes_both_walks():
    root = _compose("标题: 报告\n正文:\n  - 标题: 甲\n    下级: [乙, 丙]\n")
    assert check_tree("x", root) == [] and check_tree("x", root, may_alias=False) == []
    assert check_tree("x", None) == []


def test_each_budget_names_its_place():
    bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(5))
    [problem] = check_tree("x", _compose(bomb))
    assert (problem.code, problem.location.line) == ("E120", 6)
    [problem] = check_tree("x", _compose("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)), may_alias=False)
    assert problem.code == "E011"
    [problem] = check_tree("x", _compose("a: &a [*a]\n"))
    assert problem.code == "E127" and "循环引用" in problem.message
    [problem] = check_tree("x", _compose("a: " + "长" * 1_000_001), may_alias=False)
    assert problem.code == "E128"
