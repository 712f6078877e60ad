"""Form validation: every error kind, its Chinese message and location, word for word."""
import datetime


from drafting.form.validate import load_form

from ..conftest import MINIMAL
from ..helpers import problems


def test_minimal_form_loads_with_defaults(write_form):
    form = load_form(write_form(MINIMAL))
    assert form.template == "通用" and form.title == ("测试报告",)
    assert form.date == datetime.date(2023, 7, 10) and form.sealed and not form.two_level
    assert form.profile.roles["正文"].east_asian == "仿宋_GB2312"


def test_english_aliases_are_accepted(write_form):
    form = load_form(write_form("template: 通用\ntitle: 报告\nunit: 县委\ndate: 2023-07-10\nperiod: 2023Q3\n"))
    assert (form.unit, form.period.code) == ("县委", "2023Q3")


def test_yaml_syntax_error(write_form):
    path = write_form("标题: 报告\n落款: [县委\n日期: 2023-07-10\n")
    assert problems(path) == [("表单.yaml:3:3", "YAML 格式错误：方括号列表没有正确结束", "检查逗号和右方括号 ]")]


def test_tab_indentation(write_form):
    path = write_form("正文:\n\t- 段落\n")
    assert problems(path) == [("表单.yaml:2:1", "YAML 格式错误：缩进里有制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格")]


def test_bad_period_and_missing_period_for_summary(write_form):
    assert problems(write_form(MINIMAL + "期间: 2023H3\n")) == [
        ("表单.yaml:5:5", "期间“2023H3”无法识别",
         "写成 2023年第三季度 或 2023Q3、2023年上半年 或 2023H1、2023年度 或 2023、2023年7月 或 2023-07")]
    summary = write_form(MINIMAL.replace("模板: 通用", "模板: 工作总结"), "总结.yaml")
    assert problems(summary) == [
        ("总结.yaml:1:1", "表单缺少必填字段“期间”", "工作总结要写报告期，如“期间: 2023H1”（上半年）")]


def test_control_character_is_reported_with_position(write_form):
    path = write_form(MINIMAL + "开头: 今年\x07以来\n")
    assert problems(path) == [("表单.yaml:5:7", "第5行第7列有不可见的控制字符 U+0007",
                               "这类字符通常是从网页或聊天软件复制带进来的，请删掉它，或加 --fix-text 自动删除")]


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
