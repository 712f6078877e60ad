"""Saving from the page changes only what was edited: comments, key order, aliases, quotes and folds stay."""
from __future__ import annotations

import copy
import json
import textwrap

import pytest

from drafting.form.declarations import base_spec
from drafting.form.roundtrip import dump_round_trip, load_round_trip
from drafting.form.validate import load_form_text
from drafting.serve.formstate import form_state
from drafting.serve.merge import Merger

from ..conftest import EXAMPLES, FIXTURES


def _spec(path, text):
    return load_form_text(path, text).spec


def _saved(text: str, edit, spec=None, path=None) -> str:
    """``text`` opened as the page opens it, edited by ``edit(state)``, and written back."""
    yaml, data = load_round_trip(text)
    spec = spec or base_spec()
    state = json.loads(json.dumps(form_state(data, spec), ensure_ascii=False))  # as the page sends it
    edit(state)
    merged = copy.deepcopy(data)
    Merger(merged).merge(spec, state)
    return dump_round_trip(yaml, merged)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")) + [FIXTURES / "sample-001.yaml",
                                                                     FIXTURES / "sample-003.yaml"],
                         ids=lambda p: p.name)
def test_saving_an_unchanged_page_gives_back_the_file_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    assert _saved(text, lambda state: None, _spec(path, text), path) == text


FORM = textwrap.dedent("""\
    # 三季度总结：每季度复制一份
    模板: 工作总结
    标题: '青山县2023年三季度工作总结'   # 标题可以不写
    期间: 2023Q3
    落款: &unit 青山县委政法委
    日期: 2023-10-08
    指标:
      化解: 13件     # 县司法局
      排查: {值: 20, 单位: 件, 上期: 18}
      比例: 1.50
    开头: >-
      三季度以来，全县上下
      扎实推进各项工作。
    正文:
      # 第一部分
      - 标题: 甲
        内容: 甲的内容   # 甲的注释
      - 标题: 乙
        下级:
          - 乙一
          - 乙二
    结尾: *unit
    """)


def test_editing_one_text_changes_that_line_only():
    def edit(state):
        state["正文"][0]["内容"] = "甲的新内容"

    saved = _saved(FORM, edit)
    changed = [(a, b) for a, b in zip(FORM.splitlines(), saved.splitlines()) if a != b]
    assert len(saved.splitlines()) == len(FORM.splitlines())
    # ruamel keeps the comment in its column: the new text is one character longer, one space fewer
    assert changed == [("    内容: 甲的内容   # 甲的注释", "    内容: 甲的新内容  # 甲的注释")]


def test_comments_quotes_folds_and_aliases_survive_a_reorder():
    def edit(state):
        state["正文"].reverse()

    saved = _saved(FORM, edit)
    assert "# 三季度总结：每季度复制一份" in saved and "# 标题可以不写" in saved and "# 县司法局" in saved
    assert "标题: '青山县2023年三季度工作总结'" in saved  # its quotes
    assert "开头: >-\n  三季度以来，全县上下\n  扎实推进各项工作。" in saved  # its fold
    assert "落款: &unit 青山县委政法委" in saved and "结尾: *unit" in saved  # the alias
    assert saved.index("标题: 乙") < saved.index("标题: 甲")
    assert "内容: 甲的内容   # 甲的注释" in saved  # the item's own comment went with it


def test_moving_an_item_between_levels_keeps_its_text():
    def edit(state):
        moved = state["正文"][1]["下级"].pop(0)       # 乙一 outdented to the top
        state["正文"].insert(0, moved)

    saved = _saved(FORM, edit)
    data = load_round_trip(saved)[1]
    assert data["正文"][0] == "乙一" and list(data["正文"][2]["下级"]) == ["乙二"]


def test_figures_keep_how_they_were_typed_and_new_ones_read_back_as_typed():
    def edit(state):
        rows = state["指标"]
        rows[0]["名称"] = "化解纠纷"                  # renamed: its comment stays
        rows[1]["值"] = "22"
        rows.append({"名称": "新增", "值": "2.50", "单位": "", "上期": "", "去年同期": "", "来源": ""})
        rows.append({"名称": "待填", "值": "", "单位": "件", "上期": "", "去年同期": "", "来源": ""})
        rows.append({"名称": "去年", "值": "3", "单位": "人", "上期": "", "去年同期": "2", "来源": ""})

    saved = _saved(FORM, edit)
    assert "  化解纠纷: 13件   # 县司法局" in saved
    assert "  排查: {值: 22, 单位: 件, 上期: 18}" in saved
    assert "  比例: 1.50" in saved and "  新增: 2.50" in saved
    assert "  待填: {值: null, 单位: 件}" in saved and "  去年: {值: 3, 单位: 人, 去年同期: 2}" in saved
    form = load_form_text(FIXTURES / "表单.yaml", saved)
    assert str(form.figures["新增"].value) == "2.50" and form.figures["待填"].value is None


def test_an_emptied_field_is_removed_and_a_new_one_is_placed_by_the_declaration():
    def edit(state):
        state["开头"] = ""
        state["主送"] = "县委："

    saved = _saved(FORM, edit, load_form_text(FIXTURES / "x.yaml", FORM).spec)
    assert "开头" not in saved
    assert saved.index("标题:") < saved.index("主送: 县委：") < saved.index("落款:")


def test_a_section_gains_its_own_heading_and_several_lines_become_a_list():
    def edit(state):
        state["存在问题"] = {"标题": "存在的不足", "下级": [{"标题": "问题一", "内容": "内容"}]}
        state["标题"] = "青山县2023年\n三季度工作总结"

    saved = _saved(FORM, edit, load_form_text(FIXTURES / "x.yaml", FORM).spec)
    data = load_round_trip(saved)[1]
    assert data["存在问题"]["标题"] == "存在的不足" and data["存在问题"]["下级"][0]["标题"] == "问题一"
    assert list(data["标题"]) == ["青山县2023年", "三季度工作总结"]


def test_an_alias_key_is_kept_as_typed():
    text = "template: 通用\ntitle: 旧标题\nbody:\n  - heading: 甲\n    text: 乙\n"
    spec = base_spec()
    if spec.field("标题") is None or "title" not in spec.field("标题").aliases:
        pytest.skip("the 通用 declaration has no English aliases")

    def edit(state):
        state["标题"] = "新标题"
        state["正文"][0]["内容"] = "丙"

    saved = _saved(text, edit, spec)
    assert saved == "template: 通用\ntitle: 新标题\nbody:\n  - heading: 甲\n    text: 丙\n"


def test_a_plain_paragraph_stays_plain_and_an_item_given_a_heading_becomes_a_mapping():
    def edit(state):
        state["正文"][1]["下级"][0]["内容"] = "乙一改"
        state["正文"][1]["下级"][1]["标题"] = "新标题"

    saved = _saved(FORM, edit)
    assert "      - 乙一改\n" in saved
    assert "      - 标题: 新标题\n        内容: 乙二\n" in saved


def test_a_figure_row_without_a_name_or_with_a_repeated_one_is_kept_under_a_new_name():
    def edit(state):
        state["指标"].append({"名称": "", "值": "5", "单位": "件", "上期": "", "去年同期": "", "来源": ""})
        state["指标"].append({"名称": "化解", "值": "6", "单位": "件", "上期": "", "去年同期": "", "来源": ""})
        state["指标"].append({"名称": "", "值": "", "单位": "", "上期": "", "去年同期": "", "来源": ""})  # an empty row

    saved = _saved(FORM, edit)
    assert "  未命名指标1: 5件\n" in saved and "  化解（2）: 6件\n" in saved and "  化解: 13件" in saved


def test_a_table_item_is_edited_cell_by_cell_and_keeps_its_widths_aligns_and_merges():
    text = (EXAMPLES / "quarterly-report.yaml").read_text(encoding="utf-8")
    spec = _spec(EXAMPLES / "quarterly-report.yaml", text)
    yaml, data = load_round_trip(text)
    state = json.loads(json.dumps(form_state(data, spec), ensure_ascii=False))
    items = state["正文"][0]["下级"]
    assert items[3] == {"表格": {"标题": "一季度重点工作推进情况", "表头": [["重点工作", "责任单位", "进度", "完成率"]],
                                 "行": [["风险隐患排查", "县综治中心", "已完成", "100%"],
                                        ["法律援助扩面", "县司法局", "{{ 指标.法律援助案件 }}", "95.5%"],
                                        ["道路隐患整治", "县交警大队", "{{ 指标.安全隐患整治 }}", "94.8%"]],
                                 "注": "完成率按年度任务计算，数据截至3月31日。"}, "@": "正文/0/下级/3"}
    assert state["附件"][0]["名称"] == "青山县2023年第一季度政法工作主要指标完成情况表"
    assert state["附件"][0]["内容"][0]["指标表"]["列"] == ["指标", "单位", "本期", "上期", "环比", "去年同期", "同比"]
    items[3]["表格"]["行"][0][2] = "已完成并验收"
    items[3]["表格"]["行"].append(["新增事项", "县信访局", "推进中", "60%"])
    items.insert(0, items.pop(3))
    merged = copy.deepcopy(data)
    Merger(merged).merge(spec, state)
    saved = dump_round_trip(yaml, merged)
    assert "            - [风险隐患排查, 县综治中心, 已完成并验收, 100%]\n" in saved
    assert '            - [法律援助扩面, 县司法局, "{{ 指标.法律援助案件 }}", 95.5%]\n' in saved  # untouched rows as typed
    assert "            - [新增事项, 县信访局, 推进中, 60%]\n" in saved
    assert saved.index("      - 表格:") < saved.index("引语: 矛盾纠纷多元化解有力有效")
    assert saved[saved.index("附件:"):] == text[text.index("附件:"):]


def test_a_figures_table_and_attachments_are_edited_and_what_was_not_touched_stays():
    text = ("模板: 通用\n标题: 甲\n指标:\n  甲: 5件\n正文:\n  - 指标表:   # 全部指标\n  - 一段\n"
            "附件:\n  - 任务表\n  - 名称: 完成情况表\n    内容:\n      - 指标表: {标题: 完成情况, 列: [指标, 本期]}\n")
    spec = base_spec()
    yaml, data = load_round_trip(text)
    state = json.loads(json.dumps(form_state(data, spec), ensure_ascii=False))
    assert state["正文"][0] == {"指标表": {"标题": "", "指标": [], "列": []}, "@": "正文/0"}
    assert state["附件"] == [{"名称": "任务表", "@": "附件/0"},
                             {"名称": "完成情况表", "@": "附件/1", "内容": [
                                 {"指标表": {"标题": "完成情况", "指标": [], "列": ["指标", "本期"]}, "@": "附件/1/内容/0"}]}]
    state["正文"].reverse()
    merged = copy.deepcopy(data)
    Merger(merged).merge(spec, state)
    assert dump_round_trip(yaml, merged) == text.replace("  - 指标表:   # 全部指标\n  - 一段\n", "  - 一段\n  - 指标表:   # 全部指标\n")
    state["附件"][1]["内容"][0]["指标表"]["列"].append("同比")
    state["附件"].reverse()
    state["附件"].append({"名称": "新附件", "内容": [{"内容": "新的一段"}]})
    merged = copy.deepcopy(data)
    Merger(merged).merge(spec, state)
    saved = dump_round_trip(yaml, merged)
    assert saved.endswith("附件:\n  - 名称: 完成情况表\n    内容:\n      - 指标表: {标题: 完成情况, 列: [指标, 本期, 同比]}\n"
                          "  - 任务表\n  - 名称: 新附件\n    内容:\n      - 新的一段\n")


def test_a_commented_text_item_turned_into_a_mapping_keeps_its_comment_on_its_first_line():
    text = "附件:\n  - 甲表   # 注释甲\n  - 乙表\n"

    def edit(state):
        state["附件"][0]["内容"] = [{"内容": "一段"}]

    assert _saved(text, edit) == "附件:\n  - 名称: 甲表 # 注释甲\n    内容:\n      - 一段\n  - 乙表\n"
