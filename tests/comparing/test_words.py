"""Words inside a changed paragraph: Chinese words whole (rjieba), not single characters."""
from __future__ import annotations

from drafting.comparing.words import similarity, tokens, word_segments


def test_chinese_is_cut_into_words_and_every_character_kept():
    text = "全县共排查矛盾纠纷2966件，化解率98.5%。 a\tb"
    cut = tokens(text)
    assert "".join(cut) == text
    assert "矛盾" in cut and "2966" in cut and "\t" in cut


def test_a_changed_word_is_one_deletion_and_one_insertion_not_characters():
    segments = word_segments("各项工作开局良好。现将有关情况报告如下：", "各项工作开局平稳有序。现将有关情况报告如下：")
    assert segments == (("=", "各项工作开局"), ("-", "良好"), ("+", "平稳有序"), ("=", "。现将有关情况报告如下："))


def test_a_changed_figure_and_an_added_clause():
    segments = word_segments("共排查1486件。", "共排查1493件，化解1437件。")
    assert ("-", "1486") in segments  # the number whole, not its digits
    assert "".join(t for k, t in segments if k != "+") == "共排查1486件。"
    assert "".join(t for k, t in segments if k != "-") == "共排查1493件，化解1437件。"


def test_identical_and_empty_texts():
    assert word_segments("相同", "相同") == (("=", "相同"),)
    assert word_segments("", "新") == (("+", "新"),)
    assert word_segments("旧", "") == (("-", "旧"),)
    assert similarity("", "") == 1.0 and similarity("甲", "") == 0.0
    assert similarity("矛盾纠纷排查化解", "矛盾纠纷排查化解工作") > 0.8


def test_words_added_to_one_the_segmenter_joined_are_only_those_words():
    assert word_segments("配备不足，", "配备严重不足，") == (("=", "配备"), ("+", "严重"), ("=", "不足，"))
    assert word_segments("严重不足", "不足") == (("-", "严重"), ("=", "不足"))
    assert word_segments("共1486件", "共1493件") == (("=", "共"), ("-", "1486"), ("+", "1493"), ("=", "件"))
