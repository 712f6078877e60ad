"""Every class of template-language mistake in a form text: a Chinese message, the caret at the mistake."""
from __future__ import annotations

import re

import pytest

from drafting.render.messages import python_error, translate

from ..conftest import run

CASES = [
    ("{{ 指标.甲 | 环必 }}", "5:16", "没有叫“环必”的过滤器，您是否想写“环比”？"),
    ("{{ 指标.甲 ｜ 同比 }}", "5:14", "{{ }} 里有不能用的字符“｜”（竖线要用半角的“|”）"),
    ("{{ 指标.甲 ", "5:5", "{{ }} 没有写完：缺少“}}”"),
    ("{{ }}", "5:9", "{{ }} 里缺少内容：在“}}”之前应有要写出的指标或文字"),
    ("{{ 指标.甲 | 同比( }}", "5:20", "{{ }} 写法不对：多了“}”，这里应是“)”"),
    ("{{ 指标.甲 指标.乙 }}", "5:9", "{{ }} 写法不对：这里应是“}}”，实际是“指标”"),
    ("{% if 1 %}", "5:5", "{% %} 没有写完：缺少对应的结束标记（如 {% endfor %}、{% endif %}）"),
    ("{% foo %}", "5:9", "不认识的标记“{% foo %}”"),
    ("{{ 1/0 }}", "5:5", "开头里的计算出错：除数为 0"),
    ("{{ \"a\" + 1 }}", "5:5", "开头里的计算出错：这两样东西不能这样计算（比如把文字和数字相加）"),
]


@pytest.mark.parametrize("text, where, message", CASES, ids=[c[0] for c in CASES])
def test_each_class_of_mistake_is_chinese_and_points_at_itself(write_form, capsys, text, where, message):
    """Bug: template mistakes leaked English (“No filter named '环必'.”) with the caret at the text's start."""
    write_form("模板: 通用\n标题: 报告\n指标:\n  甲: {值: 5, 单位: 件, 去年同期: 4}\n开头: '" + text.replace("'", "''") + "'\n")
    code, out, _ = run(["check", "表单.yaml"], capsys)
    line = next(line for line in out.splitlines() if "错误[F" in line)
    assert code == 1 and line.startswith(f"表单.yaml:{where}: 错误[F00") and message in line, line
    assert not re.search(r"[A-Za-z]{3,} [a-z]{2,}", line), line  # no English sentence


def test_messages_without_a_known_wording_are_still_chinese():
    assert translate("something jinja never said").message == "{{ }} 或 {% %} 的写法不对"
    assert python_error(KeyError("x")) == "取的项不存在（下标超出范围，或没有这个名称）"
