"""Paragraphs side by side: equal ones kept, alike ones paired as changed, the rest deleted or inserted."""
from __future__ import annotations

from drafting.comparing.align import Key, Pair, align


def keys(*texts: str, origins: tuple[str | None, ...] = ()) -> list[Key]:
    return [Key("p", text, origins[i] if i < len(origins) else None) for i, text in enumerate(texts)]


def test_a_changed_paragraph_is_paired_and_an_unlike_one_replaced():
    old = keys("标题", "一季度工作开局良好。", "完全不同的一段旧话。", "落款")
    new = keys("标题", "一季度工作开局平稳有序。", "这里另起炉灶写的新内容", "落款")
    assert align(old, new) == [Pair("=", 0, 0), Pair("~", 1, 1), Pair("-", 2, None), Pair("+", None, 2),
                               Pair("=", 3, 3)]


def test_a_moved_item_is_a_deletion_and_an_insertion():
    old = keys("甲项工作推进有力。", "乙项工作稳步开展。", "丙项工作取得实效。")
    new = keys("乙项工作稳步开展。", "丙项工作取得实效。", "甲项工作推进有力。")
    pairs = align(old, new)
    assert Pair("-", 0, None) in pairs and Pair("+", None, 2) in pairs
    assert [p.kind for p in pairs].count("=") == 2


def test_a_form_path_in_common_pairs_less_alike_paragraphs():
    old = keys("一、工作开展情况", "全县共排查矛盾纠纷。", origins=("正文/0", "正文/0/内容"))
    new = keys("一、工作开展情况", "乡镇排查矛盾，开展宣传活动。", origins=("正文/0", "正文/0/内容"))
    assert align(old, new)[1] == Pair("~", 1, 1)
    assert align(keys(*[k.text for k in old]), keys(*[k.text for k in new]))[1].kind in "-+"


def test_a_table_never_pairs_with_a_paragraph():
    old = [Key("p", "重点工作"), Key("tbl", "重点工作\t进度")]
    new = [Key("tbl", "重点工作\t进度\t完成率"), Key("p", "重点工作")]
    assert all(p.kind != "~" or old[p.old].kind == new[p.new].kind for p in align(old, new))
