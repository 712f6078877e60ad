"""Figures in form texts: rendering, earlier periods' forms, located errors."""
import pytest

from drafting.pipeline.stages import render_bytes
from drafting.errors import FormError
from drafting.form.validate import load_form


def text_of(path):
    return render_bytes(load_form(path), "txt").decode("utf-8").splitlines()


def test_texts_render_figures_and_filters(write_form):
    path = write_form("""模板: 通用
期间: 2023H1
指标:
  排查: 2966件
  化解: {值: 2869, 单位: 件, 来源: 县综治中心}
  发案: {值: 127, 单位: 件, 去年同期: 144}
  损失: {值: 1043.5, 单位: 万元, 去年同期: 1172}
开头:
  - "{{ 期间.起止 }}，累计排查{{ 指标.排查 }}，化解{{ 指标.化解 }}，化解率{{ 指标.化解 | 比率(指标.排查) }}。"
  - "发案{{ 指标.发案 }}、损失{{ 指标.损失 }}，{{ 同比分别(指标.发案, 指标.损失) }}，{{ 双降(指标.发案, 指标.损失, 名称='案损') }}。"
  - "合计{{ 合计(指标.排查, 指标.化解) }}，发案{{ 指标.发案 | 增减 }}。"
""")
    assert text_of(path) == ["1—6月，累计排查2966件，化解2869件，化解率96.73%。",
                             "发案127件、损失1043.5万元，同比分别下降11.81%、10.96%，实现“案损双降”。",
                             "合计5835件，发案减少17件。"]


@pytest.mark.parametrize("figures, message", [
    ("排查: 很多", "指标“排查”应为数字（可带单位，如 2966件），实际是“很多”"),
    ("排查: {值: 约3000, 单位: 件}", "指标“排查”的值应为数字，实际是“约3000”"),
    ("排查: {数: 3}", "指标“排查”里没有“数”这个字段，您是否想写“数值”？"),
])
def test_bad_figures_are_located(write_form, figures, message):
    path = write_form(f"模板: 通用\n指标:\n  {figures}\n")
    with pytest.raises(FormError) as info:
        load_form(path)
    assert info.value.problems[0].message == message
    assert info.value.problems[0].location.line == 3


def test_template_syntax_in_a_text_is_located(write_form):
    path = write_form("模板: 通用\n正文:\n  - 引语: 成效明显\n    内容: '化解{{ 指标.化解 }'\n")
    with pytest.raises(FormError) as info:
        render_bytes(load_form(path), "txt")
    (problem,) = info.value.problems
    assert str(problem.location) == "表单.yaml:4:21"  # the caret under the stray “}”, not at the text's start
    assert problem.message == "内容里的模板写法有误：{{ }} 写法不对：多了“}”"


def test_templates_cannot_reach_python_from_form_texts(write_form):
    path = write_form("模板: 通用\n开头: \"{{ 指标.__class__.__mro__ }}\"\n")
    with pytest.raises(FormError) as info:
        render_bytes(load_form(path), "txt")
    assert info.value.problems[0].message == "开头里的模板写法访问了不允许访问的内容"
