"""How a 改写 names the change: the changed words show even when they are far into a long paragraph."""
from __future__ import annotations

from drafting.merging.structure import reworded


def test_a_short_text_reads_whole() -> None:
    """Short texts are quoted whole."""
    assert reworded("工作汇报", "工作总结") == "“工作汇报”改为“工作总结”"


def test_a_change_far_into_a_long_paragraph_shows_the_changed_words() -> None:
    """Cut at the start both texts would read the same; the change is shown after the paragraph's first words."""
    head = "深入学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神，始终在思想上同党中央保持高度一致，"
    said = reworded(head + "不断提高舆论引导的质量和水平。", head + "切实提高舆论引导的质量和水平。")
    before, after = said.split("改为")
    assert before.startswith("“深入学习") and "不断提高" in before and "切实提高" not in before
    assert after.startswith("“……") and "切实提高" in after
    assert len(before) < 50 and len(after) < 50


def test_a_change_near_the_start_is_cut_at_the_end() -> None:
    """A change among the first words shows with the usual cut."""
    tail = "，" + "全面落实中央决策部署" * 6
    said = reworded("上半年" + tail, "今年上半年" + tail)
    assert said.startswith("“上半年，") and "”改为“今年上半年，" in said and said.count("…") == 2
