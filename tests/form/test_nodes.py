"""Typed reads of YAML nodes: every problem recorded at its node, tags refused, wrong kinds named."""



from ..conftest import MINIMAL
from ..helpers import problems


def test_unknown_key_suggests_the_closest(write_form):
    path = write_form(MINIMAL + "落欵: 县委\n")
    (loc, message, hint), = problems(path)
    assert loc == "表单.yaml:5:1"
    assert message == "表单里没有“落欵”这个字段，您是否想写“落款”？"
    assert hint.startswith("可用的字段有：模板、标题、主送、落款")


def test_duplicate_key(write_form):
    path = write_form(MINIMAL + "标题: 又一个标题\n")
    assert problems(path) == [("表单.yaml:5:1", "字段“标题”重复出现（第2行已经写过）", "删掉其中一个，或把内容合并到一处")]


def test_wrong_types(write_form):
    path = write_form(MINIMAL.replace("日期: 2023-07-10", "日期: 七月十日") + "印章: 也许\n正文: {标题: 甲}\n")
    assert problems(path) == [
        ("表单.yaml:4:5", "日期“七月十日”无法识别", "写成 2023-07-10，也可以写 2023年7月10日、2023年7月10号、2023.7.10 或 2023/7/10"),
        ("表单.yaml:5:5", "印章应为“是”或“否”（true/false），实际是“也许”", "写成 是 或 否"),
        ("表单.yaml:6:5", "正文应当是一个列表（每项以“- ”开头）", "在每个条目前加“- ”"),
    ]


def test_python_tags_are_rejected(write_form):
    path = write_form(MINIMAL + "开头: !!python/object:os.system ls\n")
    (loc, message, _), = problems(path)
    assert loc == "表单.yaml:5:5"
    assert message == "开头用了不支持的 YAML 标签“tag:yaml.org,2002:python/object:os.system”"


def test_multiline_single_field(write_form):
    path = write_form(MINIMAL + "正文:\n  - 标题: |\n      第一行\n      第二行\n")
    assert problems(path)[0][1:] == ("标题只能写一段，不能换行", "多段内容请写成列表，每段一项")
