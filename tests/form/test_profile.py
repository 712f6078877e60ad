"""Style profiles: overrides in the form, a profile file beside it, located errors."""

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.errors import FormError
from drafting.form.validate import load_form

from ..conftest import MINIMAL
from ..helpers import problems


def test_profile_overrides(write_form):
    form = load_form(write_form(MINIMAL + "版式:\n  角色:\n    正文: {字体: 仿宋}\n    一级标题: {加粗: 是, 字号: 小二}\n"))
    assert form.profile.roles["正文"].east_asian == "仿宋"
    assert form.profile.roles["一级标题"].bold and form.profile.roles["一级标题"].size == 18
    assert form.profile.roles["二级标题"].east_asian == "楷体_GB2312"


def test_profile_errors_are_located(write_form):
    path = write_form(MINIMAL + "版式:\n  角色:\n    正文: {字号: 大号}\n    页脚: {字体: 宋体}\n")
    assert [(l, m) for l, m, _ in problems(path)] == [
        ("表单.yaml:7:14", "字号“大号”无法识别"),
        ("表单.yaml:8:5", "版式的角色里没有“页脚”这个字段，您是否想写“页码”？"),
    ]


def test_profile_file_beside_the_form(write_form):
    write_form("基于: gbt9704\n角色:\n  正文: {字体: 仿宋}\n", "本单位版式.yaml")
    form = load_form(write_form(MINIMAL + "版式: 本单位版式.yaml\n"))
    assert form.profile.roles["正文"].east_asian == "仿宋"
    missing = write_form(MINIMAL + "版式: 没有的版式.yaml\n", "缺版式.yaml")
    assert problems(missing)[0][:2] == ("缺版式.yaml:5:5", "找不到版式文件“没有的版式.yaml”")


def test_a_western_font_override_keeps_the_other_role_settings(write_form):
    form = load_form(write_form(MINIMAL + "版式:\n  西文字体: Arial\n"))
    assert form.profile.roles["正文"].western == "Arial"
    assert form.profile.roles["发文机关标志"].color == "FF0000"  # the red mark stays red
    assert form.profile.roles["页码"].western == "宋体"  # roles with their own western font keep it


HOSTILE_FONT = "仿宋\"}</style><meta http-equiv=refresh content='0;url=http://example.com/'>"


def test_a_font_name_that_is_not_a_name_is_refused_where_it_stands(write_form):
    path = write_form(MINIMAL + f"版式:\n  角色:\n    正文: {{字体: \"{HOSTILE_FONT.replace(chr(34), chr(92) + chr(34))}\"}}\n")
    [(where, message, hint)] = problems(path)
    assert where == "表单.yaml:7:14"
    assert message == "角色“正文”的字体含有不能用在字体名里的字符“\"”（U+0022）"
    assert "不超过 64 个字符" in hint


def test_every_font_name_in_a_profile_is_checked(write_form):
    path = write_form(MINIMAL + "版式:\n  西文字体: \"Arial;x\"\n  角色:\n    标题: {西文字体: a<b}\n"
                      f"  替代字体:\n    \"坏}}名\": 仿宋\n    仿宋_GB2312: \"{'长' * 65}\"\n")
    assert [(where, message) for where, message, _ in problems(path)] == [
        ("表单.yaml:6:9", "西文字体含有不能用在字体名里的字符“;”（U+003B）"),
        ("表单.yaml:8:16", "角色“标题”的西文字体含有不能用在字体名里的字符“<”（U+003C）"),
        ("表单.yaml:10:12", "替代字体的字体名“坏}名”含有不能用在字体名里的字符“}”（U+007D）"),
        ("表单.yaml:11:16", "“仿宋_GB2312”的替代字体太长（65 个字符）"),
    ]


def test_real_font_names_are_names(write_form):
    form = load_form(write_form(MINIMAL + "版式:\n  西文字体: Times New Roman\n  角色:\n"
                                "    正文: {字体: 方正仿宋_GBK, 西文字体: Noto Serif CJK SC}\n    标题: {字体: Source Han Serif SC-Bold.otf}\n"))
    assert form.profile.roles["正文"].east_asian == "方正仿宋_GBK"
    assert form.profile.roles["标题"].east_asian == "Source Han Serif SC-Bold.otf"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=80))
def test_a_font_name_is_a_plain_name_or_a_located_e137(tmp_path_factory, name):
    folder = tmp_path_factory.mktemp("字体")
    path = folder / "表单.yaml"
    path.write_text(MINIMAL + f"版式:\n  角色:\n    正文: {{字体: {json.dumps(name)}}}\n", encoding="utf-8")
    try:
        font = load_form(path).profile.roles["正文"].east_asian
    except FormError as error:
        assert all(p.code[0] in "EW" and p.location.line for p in error.problems)
        return
    assert len(font) <= 64 and re.fullmatch(r"[\w .\-]+", font)
