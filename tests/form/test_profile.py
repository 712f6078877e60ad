"""Style profiles: overrides in the form, a profile file beside it, located errors."""


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
