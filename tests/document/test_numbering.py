"""Numbering every level: restarts, continuous runs, past ten, two-level documents."""
from drafting.document.ast import Document, Heading
from drafting.document.markup import read_markup
from drafting.document.numbering import number_document


def numbers(markup: str, two_level: bool = False) -> list[str]:
    doc = read_markup(markup, "测试")
    doc = Document(doc.blocks, two_level=two_level)
    return [b.number for b in number_document(doc).blocks if isinstance(b, Heading)]


def tree(*groups: int, continuous: bool = False, third: int = 0) -> str:
    """Markup of one level-1 heading with level-2 groups of ``third`` level-3 items each."""
    lines = ["@heading[continuous] 一" if continuous else "@heading 一"]
    for size in groups:
        lines.append("@heading 组")
        lines += ["@heading 项", "@end"] * size
        lines.append("@end")
    lines.append("@end")
    return "\n".join(lines)


def test_levels_restart_under_each_parent():
    assert numbers(tree(2, 3)) == ["一、", "（一）", "1.", "2.", "（二）", "1.", "2.", "3."]


def test_continuous_numbering_runs_across_groups():
    assert numbers(tree(2, 3, 1, continuous=True)) == [
        "一、", "（一）", "1.", "2.", "（二）", "3.", "4.", "5.", "（三）", "6."]


def test_continuous_run_stops_at_the_next_level_one_heading():
    markup = tree(2, 2, continuous=True) + "\n" + tree(2)
    assert numbers(markup)[-3:] == ["（一）", "1.", "2."]


def test_numerals_past_ten():
    markup = "\n".join(["@heading 节\n@end"] * 21)
    got = numbers(markup)
    assert got[9:12] == ["十、", "十一、", "十二、"] and got[19:] == ["二十、", "二十一、"]
    sub = "@heading 节\n" + "\n".join(["@heading 组\n@end"] * 12) + "\n@end"
    assert numbers(sub)[-1] == "（十二）"


def test_single_item_levels_are_still_numbered():
    assert numbers("@heading 甲\n@heading 乙\n@heading 丙\n@heading 丁\n@end\n@end\n@end\n@end") == [
        "一、", "（一）", "1.", "（1）"]


def test_two_level_documents_may_use_arabic_second_level():
    assert numbers(tree(2), two_level=True) == ["一、", "1.", "（1）", "（2）"]


def test_skipped_level_restarts_under_each_parent():
    markup = "@heading[children=3] 原因\n@heading 甲\n@end\n@heading 乙\n@end\n@end\n" \
             "@heading[children=3] 措施\n@heading 丙\n@end\n@end"
    assert numbers(markup) == ["一、", "1.", "2.", "二、", "1."]


def test_enumerations_and_attachments_are_labelled():
    doc = number_document(read_markup("@para 主要做法：\n@enum\n@item 甲\n@item 乙\n"
                                      "@attachment 表一\n@attachment 表二", "测试"))
    para, attachments = doc.blocks
    assert para.enumeration.labels == ("一是", "二是")
    assert attachments.labels == ("1.", "2.")
