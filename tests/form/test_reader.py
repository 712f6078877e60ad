"""Reading a form's parts: items of every kind and their combinations, levels, dates."""
from __future__ import annotations

import pytest

from drafting.form.validate import load_form

from ..conftest import MINIMAL
from ..helpers import problems


def test_item_kinds(write_form):
    form = load_form(write_form(MINIMAL + """
        正文:
          - 标题: 独立标题
            下级:
              - 普通段落
              - {标题: 连排标题。, 内容: 正文}
              - {引语: 引语句。, 内容: 正文}
              - {列举: [甲, 乙], 分段: 是}
        """.replace("\n        ", "\n")))
    (section,) = form.body
    plain, runin, lead, enum = section.children
    assert plain.text == "普通段落" and plain.heading is None
    assert (runin.heading, runin.text) == ("连排标题。", "正文")
    assert (lead.lead, lead.text) == ("引语句。", "正文")
    assert enum.enumeration == ("甲", "乙") and enum.separate


def test_unknown_item_key(write_form):
    path = write_form(MINIMAL + "正文:\n  - 标题: 甲\n    内荣: 乙\n")
    (loc, message, _), = problems(path)
    assert (loc, message) == ("表单.yaml:7:5", "条目里没有“内荣”这个字段，您是否想写“内容”？")


def test_too_deep_nesting(write_form):
    path = write_form(MINIMAL + """正文:
  - 标题: 一
    下级:
      - 标题: 二
        下级:
          - 标题: 三
            下级:
              - 标题: 四
                下级:
                  - 标题: 五
""")
    assert problems(path) == [("表单.yaml:14:25", "标题层级超过四级：公文标题只有 一、（一）1.（1） 四级",
                               "把这一层改写成段落（用“引语”或“列举”），或减少嵌套")]


def test_item_combinations(write_form):
    path = write_form(MINIMAL + """正文:
  - {标题: 甲, 引语: 乙}
  - {引语: 丙, 下级: [丁]}
  - {内容: 戊, 分段: 是}
  - {}
""")
    assert [m for _, m, _ in problems(path)] == [
        "同一条目不能既有“标题”又有“引语”",
        "只有带“标题”的条目才能有“下级”",
        "“分段”只对“列举”有效",
        "这个条目是空的：没有标题、引语、内容或列举",
    ]


def test_numbers_typed_by_hand_are_removed_with_a_warning(write_form, capsys):
    """A heading typed with its number printed it twice: “一、一、”, “（二）（二）”, “一是一是”."""
    from ..conftest import run

    write_form("模板: 通用\n标题: 报告\n正文:\n  - 标题: 一、第一季度工作开展情况\n    下级:\n"
               "      - 标题: （二）深化矛盾化解\n        内容: 成效明显。\n      - 引语: 一是健全机制\n        内容: 做法。\n"
               "      - 列举: [一是建立台账, 二要定期调度, 第三，严格考核]\n      - 标题: 1.5万人参加培训\n        内容: 好。\n")
    code, out, err = run(["build", "表单.yaml", "-f", "txt", "-o", "-"], capsys)
    assert code == 0
    assert out.splitlines()[2:] == ["一、第一季度工作开展情况", "（一）深化矛盾化解。成效明显。", "健全机制。做法。",
                                    "一是建立台账；二是定期调度；三是严格考核。", "（二）1.5万人参加培训。好。"]
    warnings = [line for line in err.splitlines() if "[C210]" in line]
    assert warnings == [
        "表单.yaml:4:9: 警告[C210]：标题开头的“一、”是手写的编号，已经去掉，以免印出两个编号",
        "表单.yaml:6:13: 警告[C210]：标题开头的“（二）”是手写的编号，已经去掉，以免印出两个编号",
        "表单.yaml:8:13: 警告[C210]：引语开头的“一是”是手写的编号，已经去掉，以免印出两个编号",
        "表单.yaml:10:14: 警告[C210]：列举项开头的“一是”是手写的编号，已经去掉，以免印出两个编号",
        "表单.yaml:10:22: 警告[C210]：列举项开头的“二要”是手写的编号，已经去掉，以免印出两个编号",
        "表单.yaml:10:30: 警告[C210]：列举项开头的“第三，”是手写的编号，已经去掉，以免印出两个编号"]
    assert run(["check", "表单.yaml", "--strict"], capsys)[0] == 1  # --strict makes them errors


@pytest.mark.parametrize("typed, day", [("2024-04-08", "2024-04-08"), ("2024年4月8号", "2024-04-08"),
                                        ("2024年4月8日", "2024-04-08"), ("2024.4.8", "2024-04-08"),
                                        ("2024/4/8", "2024-04-08"), ("2024 年 4 月 8 日", "2024-04-08")])
def test_dates_as_people_type_them(write_form, typed, day):
    import datetime

    form = load_form(write_form(f"模板: 通用\n标题: 报告\n日期: {typed}\n"))
    assert form.date == datetime.date.fromisoformat(day)


@pytest.mark.parametrize("typed, message", [
    ("2024-04-31", "表单.yaml:3:5: 错误[E121]：2024年4月没有31日（这个月只有 30 天）"),
    ("2023年2月29日", "表单.yaml:3:5: 错误[E121]：2023年2月没有29日（这个月只有 28 天）"),
    ("2024-13-01", "表单.yaml:3:5: 错误[E121]：日期“2024-13-01”的月份不对：一年只有 12 个月"),
])
def test_a_day_that_does_not_exist_is_named(write_form, capsys, typed, message):
    from ..conftest import run

    write_form(f"模板: 通用\n标题: 报告\n日期: {typed}\n")
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and message in err


def test_a_lead_in_typed_as_a_field_name_is_one_error_with_a_hint_that_says_how(write_form, capsys):
    """Bug (#26 point 19): `- 主要做法: 一是…` gave two errors (E101 and an empty item E111) and a generic hint."""
    from ..conftest import MINIMAL, run

    write_form(MINIMAL + "正文:\n  - 主要做法: 一是加强排查，二是强化化解。\n")
    code, out, err = run(["check", "表单.yaml"], capsys)
    errors = [line for line in out.splitlines() if "错误[" in line]
    assert errors == ["表单.yaml:6:5: 错误[E101]：条目里没有“主要做法”这个字段"], out
    assert "写成“- 内容: 主要做法：一是加强排查…”" in out and "“- 引语: 主要做法”" in out


def test_an_approximate_figure_is_one_error_not_also_an_undefined_figure(write_form, capsys):
    """Bug (#26 point 19): 参训: 约300人 gave E124 and an unrelated F001 “没有定义” where the text uses it."""
    from ..conftest import MINIMAL, run

    write_form(MINIMAL + "指标:\n  参训: 约300人\n开头: 培训{{ 指标.参训 }}。\n")
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert code == 1 and "F001" not in out + err, out
    assert "错误[E124]：指标“参训”应为数字" in out and "提示：指标只写确数，写成 300人；“约”写在正文里：约{{ 指标.参训 }}" in out


def test_a_one_item_enumeration_is_a_warning(write_form, capsys):
    """Bug (#26 point 19): a 列举 of one item printed a lone “一是…” without a word."""
    from ..conftest import MINIMAL, run

    write_form(MINIMAL + "正文:\n  - 引语: 主要做法\n    列举: [加强排查]\n  - 引语: 下步打算\n    列举: [甲, 乙]\n")
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert [line for line in out.splitlines() if "C216" in line] == [
        "表单.yaml:7:10: 警告[C216]：列举只有一项，会印成孤零零的“一是加强排查”"], out
