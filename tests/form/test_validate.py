"""Form validation: every error kind, its Chinese message and location, word for word."""
import datetime

import pytest

from drafting.errors import FormError
from drafting.form.validate import load_form

from ..conftest import MINIMAL


def problems(path):
    with pytest.raises(FormError) as info:
        load_form(path)
    return [(str(p.location), p.message, p.hint) for p in info.value.problems]


def test_minimal_form_loads_with_defaults(write_form):
    form = load_form(write_form(MINIMAL))
    assert form.template == "通用" and form.title == ("测试报告",)
    assert form.date == datetime.date(2023, 7, 10) and form.sealed and not form.two_level
    assert form.profile.roles["正文"].east_asian == "仿宋_GB2312"


def test_english_aliases_are_accepted(write_form):
    form = load_form(write_form("template: 通用\ntitle: 报告\nunit: 县委\ndate: 2023-07-10\nperiod: 2023Q3\n"))
    assert (form.unit, form.period.code) == ("县委", "2023Q3")


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


def test_yaml_syntax_error(write_form):
    path = write_form("标题: 报告\n落款: [县委\n日期: 2023-07-10\n")
    assert problems(path) == [("表单.yaml:3:3", "YAML 格式错误：方括号列表没有正确结束", "检查逗号和右方括号 ]")]


def test_tab_indentation(write_form):
    path = write_form("正文:\n\t- 段落\n")
    assert problems(path) == [("表单.yaml:2:1", "YAML 格式错误：缩进里有制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格")]


def test_unknown_key_suggests_the_closest(write_form):
    path = write_form(MINIMAL + "落欵: 县委\n")
    (loc, message, hint), = problems(path)
    assert loc == "表单.yaml:5:1"
    assert message == "表单里没有“落欵”这个字段，您是否想写“落款”？"
    assert hint.startswith("可用的字段有：模板、标题、主送、落款")


def test_unknown_item_key(write_form):
    path = write_form(MINIMAL + "正文:\n  - 标题: 甲\n    内荣: 乙\n")
    (loc, message, _), = problems(path)
    assert (loc, message) == ("表单.yaml:7:5", "条目里没有“内荣”这个字段，您是否想写“内容”？")


def test_duplicate_key(write_form):
    path = write_form(MINIMAL + "标题: 又一个标题\n")
    assert problems(path) == [("表单.yaml:5:1", "字段“标题”重复出现（第2行已经写过）", "删掉其中一个，或把内容合并到一处")]


def test_wrong_types(write_form):
    path = write_form(MINIMAL.replace("日期: 2023-07-10", "日期: 七月十日") + "印章: 也许\n正文: {标题: 甲}\n")
    assert problems(path) == [
        ("表单.yaml:4:5", "日期“七月十日”无法识别", "写成 2023-07-10 这样的格式"),
        ("表单.yaml:5:5", "印章应为“是”或“否”（true/false），实际是“也许”", "写成 是 或 否"),
        ("表单.yaml:6:5", "正文应当是一个列表（每项以“- ”开头）", "在每个条目前加“- ”"),
    ]


def test_bad_period_and_missing_period_for_summary(write_form):
    assert problems(write_form(MINIMAL + "期间: 2023H3\n")) == [
        ("表单.yaml:5:5", "期间“2023H3”无法识别",
         "写成 2023（全年）、2023H1（上半年）、2023Q3（第三季度）或 2023-07（月份）")]
    summary = write_form(MINIMAL.replace("模板: 通用", "模板: 工作总结"), "总结.yaml")
    assert problems(summary) == [
        ("总结.yaml:1:1", "表单缺少必填字段“期间”", "工作总结要写报告期，如“期间: 2023H1”（上半年）")]


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


def test_multiline_single_field(write_form):
    path = write_form(MINIMAL + "正文:\n  - 标题: |\n      第一行\n      第二行\n")
    assert problems(path)[0][1:] == ("标题只能写一段，不能换行", "多段内容请写成列表，每段一项")


def test_control_character_is_reported_with_position(write_form):
    path = write_form(MINIMAL + "开头: 今年\x07以来\n")
    assert problems(path) == [("表单.yaml:5:7", "第5行第7列有不可见的控制字符 U+0007",
                               "这类字符通常是从网页或聊天软件复制带进来的，请删掉它，或加 --fix-text 自动删除")]


def test_python_tags_are_rejected(write_form):
    path = write_form(MINIMAL + "开头: !!python/object:os.system ls\n")
    (loc, message, _), = problems(path)
    assert loc == "表单.yaml:5:5"
    assert message == "开头用了不支持的 YAML 标签“tag:yaml.org,2002:python/object:os.system”"


def test_missing_and_empty_files(write_form, tmp_path):
    assert problems(tmp_path / "没有.yaml") == [("没有.yaml", "找不到表单文件“没有.yaml”", "检查文件名和所在文件夹是否写对")]
    assert problems(write_form("", "空.yaml")) == [("空.yaml:1:1", "表单“空.yaml”是空的", "参照 examples/ 里的示例表单填写")]
    assert problems(write_form("- 甲\n", "列表.yaml"))[0][1] == "表单应当是“字段: 内容”形式的一组字段，实际是一个列表"


def test_binary_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "图片.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert problems(path) == [("图片.yaml:1:1", "“图片.yaml”不是文本文件（像是二进制文件）", "表单应是 UTF-8 编码的 YAML 文本文件")]


def test_gbk_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "gbk.yaml"
    path.write_bytes((MINIMAL.strip() + "\n").encode("gbk"))
    assert load_form(path).unit == "青山县委政法委"


def test_all_problems_are_reported_in_one_run(write_form):
    path = write_form("模板: 通用\n落欵: 县委\n日期: 明天\n期间: 上半年\n")
    assert len(problems(path)) == 3


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
    assert problems(missing)[0][:2] == ("缺版式.yaml:5:5", "找不到版式“没有的版式.yaml”")


def test_a_western_font_override_keeps_the_other_role_settings(write_form):
    form = load_form(write_form(MINIMAL + "版式:\n  西文字体: Arial\n"))
    assert form.profile.roles["正文"].western == "Arial"
    assert form.profile.roles["发文机关标志"].color == "FF0000"  # the red mark stays red
    assert form.profile.roles["页码"].western == "宋体"  # roles with their own western font keep it
