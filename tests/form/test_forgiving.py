"""What a Chinese keyboard types, read as meant — each time with a located notice, columns as the user typed them."""
from __future__ import annotations

from pathlib import Path

import pytest

from drafting.form.validate import load_form

from ..conftest import run


def test_full_width_colons_after_field_names_are_read_as_the_key_separator(write_form, capsys):
    """Bug: 落款：中共… gave “缺少冒号” on the next line; - 标题：坚持宣防结合 gave half-English; - 标题：工作打算 alone
    printed “标题：工作打算” as a paragraph."""
    write_form("模板: 工作总结\n标题：报告\n期间: 2023Q3\n落款：中共青山县委政法委员会\n正文:\n"
               "  - 标题：坚持宣防结合\n    内容：加强宣传XX。\n  - 标题：工作打算\n开头: |\n  主送：县委（块里的文字不动）\n"
               "存在问题: [甲]\n下一步: [乙]\n")
    code, out, err = run(["check", "表单.yaml"], capsys)
    notices = [line for line in err.splitlines() if "提示" in line]
    assert notices == [f"表单.yaml:{line}:{column}: 提示[E005]：第{line}行“{key}”后面的全角冒号“：”已当作字段分隔读取（这样写没有问题）"
                       for line, column, key in [(2, 3, "标题"), (4, 3, "落款"), (6, 7, "标题"), (7, 7, "内容"),
                                                 (8, 7, "标题")]]
    assert "表单.yaml:7:12: 错误[C202]：“XX”是没有替换的占位符" in out  # the column the user typed
    form = load_form(Path("表单.yaml"))
    assert form.unit == "中共青山县委政法委员会" and [i.heading for i in form.body] == ["坚持宣防结合", "工作打算"]
    assert form.opening == ("主送：县委（块里的文字不动）",)


def test_full_width_spaces_as_indentation(write_form, capsys):
    write_form("模板: 通用\n标题: 报告\n正文:\n\u3000- 标题：甲XX\n\u3000  内容: 乙\n")
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert err.splitlines()[:3] == [
        "表单.yaml:4:1: 提示[E006]：第4行行首的 1 个全角空格已当作缩进读取（每个算两个半角空格）",
        "表单.yaml:4:6: 提示[E005]：第4行“标题”后面的全角冒号“：”已当作字段分隔读取（这样写没有问题）",
        "表单.yaml:5:1: 提示[E006]：第5行行首的 1 个全角空格已当作缩进读取（每个算两个半角空格）"]
    assert "表单.yaml:4:8: 错误[C202]：“XX”是没有替换的占位符" in out


@pytest.mark.parametrize("form, message", [
    ("正文:\n  - 时间安排: 4月至6月: 完成排查\n",
     "表单.yaml:4:16: 错误[E010]：YAML 格式错误：这段文字里有半角冒号加空格“: ”，被当成了又一个字段"),
    ("开头: {{ 指标.发案 }}，同比下降。\n", "表单.yaml:3:5: 错误[E010]：YAML 格式错误：以 {{ 开头的文字要加引号"),
    ("落款 中共青山县委\n期间: 2023Q3\n", "表单.yaml:3:1: 错误[E010]：YAML 格式错误：这一行缺少冒号"),
])
def test_ambiguous_habits_are_named_at_their_place(write_form, capsys, form, message):
    """Bug: these gave English (“mapping values are not allowed”) or pointed at the wrong line."""
    write_form("模板: 通用\n标题: 报告\n" + form)
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and err.startswith(message), err


def test_a_full_width_colon_after_a_figure_name_is_forgiven(write_form, capsys):
    """Bug (#26 point 14): 排查隐患：126处 in the 指标 block was refused, though 标题：… is forgiven."""
    write_form("模板: 通用\n标题: 报告\n指标：\n  排查隐患：126处\n  化解纠纷：{值: 121, 单位: 件}\n"
               "开头: 排查隐患{{ 指标.排查隐患 }}，化解纠纷{{ 指标.化解纠纷 }}。\n")
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert "表单.yaml:4:7: 提示[E005]：第4行“排查隐患”后面的全角冒号“：”已当作字段分隔读取（这样写没有问题）" in err.splitlines()
    form = load_form(Path("表单.yaml"))
    assert (str(form.figures["排查隐患"].value), form.figures["排查隐患"].unit) == ("126", "处")
    assert str(form.figures["化解纠纷"].value) == "121"
