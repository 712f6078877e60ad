"""The one walker over a form's texts: what reading records is what rendering rewrites and checking reads."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from drafting.form.texts import Text, map_texts, prose_texts, text_refs
from drafting.form.validate import load_form

from ..conftest import EXAMPLES, FIXTURES

FORMS = sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_rendering_rewrites_exactly_the_texts_checking_reads(path: Path):
    form = load_form(path)
    rewritten: list[str] = []
    map_texts(form, lambda text: rewritten.append(text) or text)
    assert sorted(rewritten) == sorted(ref.text for ref in form.texts) == sorted(t for t, _ in prose_texts(form))
    assert all(isinstance(text, Text) for text in rewritten)


def test_every_kind_of_slot_is_visited_and_located(write_form):
    form = load_form(write_form("""
        模板: 工作总结
        标题: [第一行, 第二行]
        主送: 县委：
        期间: 2023Q3
        落款: 县委政法委
        开头: 开头一段
        正文:
          - 标题: 一级
            下级:
              - 引语: 引语句
                内容: 内容句
                列举: [项一, 项二]
          - 一段文字
        存在问题: {标题: 问题标题, 下级: [问题一]}
        下一步: [打算一]
        结尾: 结尾一段
        附件: [附件一]
        版头: {发文机关标志: 某某文件, 发文字号: 某〔2023〕1号, 抄送: 某某, 印发机关: 某办}
        版式: {角色: {正文: {字体: 仿宋}}}
        """))
    found = {(ref.field, ref.text, ref.section, ref.location.line) for ref in form.texts}
    assert found == {
        ("标题", "第一行", "标题", 2), ("标题", "第二行", "标题", 2), ("主送", "县委：", "", 3), ("落款", "县委政法委", "", 5),
        ("开头", "开头一段", "开头", 6), ("标题", "一级", "正文", 8), ("引语", "引语句", "正文", 10),
        ("内容", "内容句", "正文", 11), ("列举项", "项一", "正文", 12), ("列举项", "项二", "正文", 12),
        ("段落", "一段文字", "正文", 13), ("标题", "问题标题", "存在问题", 14), ("段落", "问题一", "存在问题", 14),
        ("段落", "打算一", "下一步", 15), ("结尾", "结尾一段", "结尾", 16), ("附件", "附件一", "附件", 17),
        ("发文机关标志", "某某文件", "", 18), ("发文字号", "某〔2023〕1号", "", 18), ("抄送", "某某", "", 18),
        ("印发机关", "某办", "", 18)}
    assert "仿宋" not in {ref.text for ref in form.texts}  # a profile's values are settings, not prose
    assert [ref.location.line for ref in text_refs(form)] == sorted(ref.location.line for ref in form.texts)


def test_a_text_keeps_its_place_through_pickling():
    from drafting.errors import Location

    text = Text("内容", Location("表.yaml", 3, 5), 4, "内容")
    copy = pickle.loads(pickle.dumps(text))
    assert (copy, copy.location, copy.end_line, copy.label) == ("内容", Location("表.yaml", 3, 5), 4, "内容")
