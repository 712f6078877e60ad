"""What templates see of a form, and the markup filters: 版头 fields rendered, no directive injected from a text."""
from __future__ import annotations

from drafting.pipeline.stages import document as build_document
from drafting.document.ast import Heading, Masthead, Paragraph
from drafting.form.validate import load_form
from drafting.render.context import imprint_filter, items_filter, masthead_filter

from ..conftest import MINIMAL


def test_template_language_works_in_red_header_fields(write_form):
    """Bug: {{ }} in a 版头 field was printed raw, though the checker read it."""
    form = load_form(write_form("模板: 通用\n标题: 报告\n期间: 2023Q3\n版头:\n"
                                "  发文机关标志: 中共青山县委政法委员会文件\n"
                                "  发文字号: \"青政法〔{{ 期间.年份 }}〕18号\"\n"
                                "  抄送: \"县委办，{{ 期间.全称 }}\"\n"))
    blocks = build_document(form).blocks
    masthead = blocks[0]
    assert isinstance(masthead, Masthead) and masthead.document_number == "青政法〔2023〕18号"
    assert blocks[-1].copy_to == "县委办，2023年第三季度"


def test_a_form_text_cannot_inject_a_directive(write_form):
    """A rendered line break does not start a markup line: {{ "\\n@heading X" }} stays text."""
    path = write_form(MINIMAL + "正文:\n  - 标题: 甲\n    内容: '前{{ \"\\n@heading 注入\" }}后'\n"
                                "  - '段{{ \"\\n@heading 又一个\" }}'\n")
    blocks = build_document(load_form(path)).blocks
    headings = [b for b in blocks if isinstance(b, Heading)]
    assert [h.title for h in headings] == ["甲"] and headings[0].text == "前@heading 注入后"
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["段@heading 又一个"]


def test_markup_filters_put_every_value_on_one_line():
    header = {"发文机关标志": "某某\n@heading 文件", "发文字号": "1号", "密级": "机密", "保密期限": "1年",
              "抄送": "甲\n乙", "印发机关": None, "印发日期": None}
    assert masthead_filter(header) == ("@secrecy[from=版头] 机密★1年\n@issuer[from=版头] 某某@heading 文件\n"
                                       "@docnumber[from=版头] 1号")
    assert imprint_filter(header) == "@copyto[from=版头] 甲乙\n@printer[from=版头]"
    assert masthead_filter(None) == "" and imprint_filter({"抄送": None, "印发机关": None}) == ""
    assert items_filter(()) == ""
