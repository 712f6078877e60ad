"""Earlier-period forms: their figures fill this form's 上期 and 去年同期 by name; a missing one is located."""
from __future__ import annotations

import pytest

from drafting.form.earlier import load_figures
from drafting.options import Caches

from drafting.errors import FormError
from drafting.form.validate import load_form

from ..helpers import build


def test_earlier_forms_supply_comparison_values(write_form):
    write_form("指标:\n  发案: 144件\n  损失: {值: 1172, 单位: 万元}\n", "2022H1.yaml")
    write_form("指标:\n  发案: 130件\n", "2022H2.yaml")
    path = write_form("""模板: 通用
上期: 2022H2.yaml
去年同期: 2022H1.yaml
指标:
  发案: 127件
  损失: {值: 1043.5, 单位: 万元, 去年同期: 1000}
开头: "发案{{ 指标.发案 | 同比 }}、{{ 指标.发案 | 环比 }}，损失{{ 指标.损失 | 同比 }}。"
""")
    form = load_form(path)
    assert (str(form.figures["发案"].last_year), str(form.figures["发案"].previous)) == ("144", "130")
    assert build(path, "txt").decode("utf-8").splitlines() == ["发案同比下降11.81%、环比下降2.31%，损失同比上升4.35%。"]  # typed value wins


def test_missing_earlier_form_is_located(write_form):
    path = write_form("模板: 通用\n上期: 2023Q2.yaml\n")
    with pytest.raises(FormError) as info:
        load_form(path)
    (problem,) = info.value.problems
    assert (str(problem.location), problem.message) == ("表单.yaml:2:5", "找不到上期的表单“2023Q2.yaml”")


def test_each_earlier_form_is_read_once_per_command_and_again_when_it_changes(write_form):
    path = write_form("指标:\n  发案: 144件\n", "2022H1.yaml")
    caches = Caches()
    first = load_figures(path, caches)
    assert first["发案"].value == 144 and load_figures(path, caches) == first and len(caches.earlier_figures) == 1
    path.write_text("指标:\n  发案: 1500件\n", encoding="utf-8")  # another size: changed, whatever the clock
    assert load_figures(path, caches)["发案"].value == 1500


def test_an_earlier_form_is_read_as_forgivingly_as_the_form_itself(write_form):
    """Bug (#26 point 14): full-width colons accepted in a form gave “YAML 格式错误：缺少冒号” when read as 上期."""
    write_form("模板: 通用\n标题：报告\n指标：\n  发案：{值: 130, 单位: 件}\n  排查隐患：126处\n", "2023Q2.yaml")
    path = write_form("模板: 通用\n上期: 2023Q2.yaml\n指标:\n  发案: 127件\n  排查隐患: 140处\n")
    form = load_form(path)
    assert (str(form.figures["发案"].previous), str(form.figures["排查隐患"].previous)) == ("130", "126")
