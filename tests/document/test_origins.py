"""Every block knows the form path it was printed from: the markup's ``from=``, and every example's blocks."""
from __future__ import annotations

from pathlib import Path

import pytest

from drafting.authoring.newform import new_form
from drafting.pipeline.stages import document as build_document
from drafting.document.ast import Attachments, Heading, Masthead, Paragraph, Signature, Table, Title
from drafting.document.markup import origin_option, read_markup
from drafting.errors import TemplateError
from drafting.form.declarations import find_spec
from drafting.form.validate import load_form
from drafting.options import Options, Session
from drafting.resources import template_folders

from ..conftest import EXAMPLES, FIXTURES
from ..helpers import BUILTINS


def _forms(folder: Path) -> list[Path]:
    """The examples, the fixtures' forms and every template's new form."""
    forms = sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))
    for name in BUILTINS:
        path = folder / f"new-{name}.yaml"
        path.write_text(new_form(find_spec(name, template_folders(None))), encoding="utf-8")
        forms.append(path)
    return forms


def test_from_names_the_origin_of_the_block_a_line_opens():
    doc = read_markup("@title[from=标题] 甲\n@title 乙\n@recipient[from=主送] 各单位：\n"
                      "@heading[children=3][from=存在问题/标题] 问题\n@heading[continuous,from=正文/0] 一\n@text 文字\n"
                      "@end\n@end\n@para[from=开头/0] 开头\n@para 无来源\n@table[header=1][from=正文/2] 表\n@row\n@cell a\n"
                      "@endtable\n@attachment[from=附件] 一\n@attachment 二\n@signature[from=落款][unsealed] 单位\n"
                      "@date[from=日期] 2023年7月1日\n", "测试")
    assert [(type(b).__name__, b.origin) for b in doc.blocks] == [
        ("Title", "标题"), ("Recipient", "主送"), ("Heading", "存在问题/标题"), ("Heading", "正文/0"),
        ("Paragraph", "开头/0"), ("Paragraph", None), ("Table", "正文/2"), ("Attachments", "附件"), ("Signature", "落款")]
    heading = doc.blocks[2]
    assert isinstance(heading, Heading) and heading.level == 1 and doc.blocks[3].continuous
    assert doc.blocks[-1].sealed is False and doc.blocks[-1].date_origin == "日期"
    assert doc.blocks[0].lines == ("甲", "乙")
    assert read_markup("@date[from=日期] 2023年7月1日", "测试").blocks[0][-2:] == ("日期", "日期")


@pytest.mark.parametrize("path", ["正文/0/下级/1/内容", "字段,名]称=x y%", "附件/0/名称"])
def test_a_path_survives_the_markup_whatever_it_holds(path):
    option = origin_option(path)
    assert "," not in option[6:-1] and "]" not in option[6:-1] and " " not in option
    assert read_markup(f"@para{option} 文字", "测试").blocks[0].origin == path
    assert origin_option(None) == origin_option("") == ""


def test_a_markup_error_names_the_form_field_its_line_prints():
    with pytest.raises(TemplateError) as info:
        read_markup("@heading[level=5][from=正文/0/下级/1] 五级\n@end\n", "测试")
    assert "这一行印的是表单的“正文/0/下级/1”" in info.value.problems[0].hint
    with pytest.raises(TemplateError) as info:
        read_markup("@heading[from=正文/0] 没有结束\n", "测试")
    assert "表单" not in info.value.problems[0].hint  # a missing @end is the template's


def test_markup_without_paths_reads_as_before():
    doc = read_markup("@title 标题\n@heading 一\n@para 段\n@end\n段落\n@signature 单位\n@date 2023年7月1日\n", "测试")
    assert [b.origin for b in doc.blocks] == [None] * len(doc.blocks)
    assert doc.blocks[3] == Paragraph("段落", doc.blocks[3].span)


def test_every_block_of_every_form_has_its_path(tmp_path):
    session = Session(Options(force=True))  # the new forms' figures are blank
    for form_path in _forms(tmp_path):
        form = load_form(form_path, session)
        document = build_document(form, session)
        fields = {field.name for field in form.spec.fields} | {"日期"}
        for block in document.blocks:
            assert block.origin, (form_path.name, block)
            assert block.origin.split("/")[0] in fields, (form_path.name, block.origin)


def test_paths_follow_the_form(tmp_path):
    document = build_document(load_form(EXAMPLES / "half-year-summary.yaml"))
    origins = {type(b).__name__: b.origin for b in document.blocks if not isinstance(b, (Heading, Paragraph))}
    assert origins == {"Title": "标题", "Attachments": "附件", "Signature": "落款"}
    headings = [b.origin for b in document.blocks if isinstance(b, Heading)]
    assert headings[:3] == ["正文/0", "正文/0/下级/0", "正文/0/下级/1"]
    assert "存在问题/标题" in headings and "下一步/标题" in headings
    paragraphs = [b.origin for b in document.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == "开头/0" and "下一步/下级/0" in paragraphs  # lead sentences: their items


def test_tables_attachment_pages_and_red_headers_have_paths(write_form):
    path = write_form("模板: 通用\n标题: 表格\n正文:\n  - 表格: {行: [[1, 2]]}\n  - 标题: 甲\n    下级:\n"
                      "      - 表格: {行: [[3, 4]]}\n附件:\n  - 名称: 附表\n    内容:\n      - 表格: {行: [[5, 6]]}\n"
                      "      - 段\n落款: 县委\n日期: 2024-03-01\n版头:\n  发文机关标志: 青山县文件\n  发文字号: 青发〔2024〕1号\n"
                      "  印发机关: 青山县办公室\n")
    document = build_document(load_form(path))
    assert [b.origin for b in document.blocks if isinstance(b, Table)] == ["正文/0", "正文/1/下级/0", "附件/0/内容/0"]
    assert next(b for b in document.blocks if isinstance(b, Masthead)).origin == "版头"
    assert document.blocks[-1].origin == "版头"  # the 版记
    assert any(b.origin == "附件/0/内容/1/内容" for b in document.blocks)
    assert [b.origin for b in document.blocks if type(b).__name__ == "Annex"] == ["附件/0/名称"]
    assert isinstance(document.blocks[1], Title) and any(isinstance(b, (Attachments, Signature)) for b in document.blocks)


def test_a_user_template_without_paths_builds_with_none(write_form):
    folder = write_form("模板: 自己的\n标题: 报告\n正文: [甲]\n").parent
    (folder / "templates").mkdir()
    (folder / "templates" / "自己的.j2").write_text("@title {{ 标题 | first }}\n@heading 一\n@para 段落\n@end\n", encoding="utf-8")
    document = build_document(load_form(folder / "表单.yaml"))
    assert [b.origin for b in document.blocks] == [None, None, None]
