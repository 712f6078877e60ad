"""Reading rendered markup into the AST."""
import pytest

from drafting.document.ast import Title
from drafting.errors import TemplateError
from drafting.document.markup import read_markup


def test_reads_every_block_kind():
    doc = read_markup("\n".join([
        "@title 第一行", "@title 第二行", "@recipient 县委：", "@para 开头。",
        "@heading 工作情况", "@heading 坚持高位推动。", "@text 县委县政府……", "@end",
        "@lead 强化学习。", "@text 深入学习……", "@enum", "@item 甲", "@item 乙", "@end",
        "@attachment 附件甲", "@signature 某某县委", "@date 2023年7月10日",
    ]), "测试")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Title", "Recipient", "Paragraph", "Heading", "Heading", "Paragraph", "Attachments",
                     "Signature"]
    title, recipient, opening, h1, h2, lead, attachments, signature = doc.blocks
    assert title == Title(("第一行", "第二行"), title.span)
    assert recipient.text == "县委：" and opening.text == "开头。"
    assert (h1.level, h1.runs_in) == (1, False)
    assert (h2.level, h2.title, h2.text, h2.runs_in) == (2, "坚持高位推动。", "县委县政府……", True)
    assert (lead.lead, lead.text, lead.enumeration.items) == ("强化学习。", "深入学习……", ("甲", "乙"))
    assert attachments.items == ("附件甲",)
    assert (signature.unit, signature.date, signature.sealed) == ("某某县委", "2023年7月10日", True)


def test_plain_lines_are_paragraphs_and_blank_lines_are_ignored():
    doc = read_markup("  第一段\n\n@para 第二段\n", "测试")
    assert [b.text for b in doc.blocks] == ["第一段", "第二段"]


def test_heading_options_set_levels_and_continuity():
    doc = read_markup("@heading[continuous,children=3] 甲\n@heading 乙\n@end\n@end\n", "测试")
    outer, inner = doc.blocks
    assert outer.continuous and inner.level == 3


def test_enumeration_without_host_gets_an_empty_paragraph():
    doc = read_markup("@enum[separate]\n@item 甲\n", "测试")
    (para,) = doc.blocks
    assert para.text == "" and para.enumeration.separate


@pytest.mark.parametrize("markup, message", [
    ("@text 孤立的正文", "@text 前面必须紧跟 @heading 或 @lead"),
    ("@item 甲", "@item 前面必须有 @enum"),
    ("@end", "@end 多了一个，没有对应的 @heading"),
    ("@heading 甲", "有 @heading 没有用 @end 结束"),
    ("@heading 一\n@heading 二\n@heading 三\n@heading 四\n@heading 五\n", "标题层级超过四级（一、（一）1.（1））"),
])
def test_malformed_markup_names_the_line(markup, message):
    with pytest.raises(TemplateError) as info:
        read_markup(markup, "模板输出")
    (problem,) = info.value.problems
    assert problem.message == message
    assert problem.location.file == "模板输出"
