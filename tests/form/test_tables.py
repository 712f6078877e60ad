"""Reading 表格 and 指标表 items and attachments with content: the syntax, and every mistake at its file:line:col."""
from __future__ import annotations

import pytest

from drafting.errors import FormError
from drafting.form.model import FiguresTable, Merge, Table
from drafting.form.validate import load_form

HEAD = "模板: 通用\n标题: 表格测试\n落款: 县委\n日期: 2023-07-10\n指标:\n  化解纠纷: 2869件\n  排查纠纷: 2966件\n"


def _problems(write_form, text: str) -> list[tuple[int | None, int | None, str, str]]:
    with pytest.raises(FormError) as caught:
        load_form(write_form(HEAD + text))
    return [(p.location.line, p.location.column, p.code, p.message) for p in caught.value.problems]


def test_a_table_reads_its_header_rows_cells_widths_aligns_merges_and_note(write_form):
    form = load_form(write_form(HEAD + """正文:
  - 表格:
      标题: 推进情况
      表头: [工作, 责任单位, 进度]
      行:
        - [风险隐患排查, 综治中心, 已完成]
        - [矛盾纠纷化解, 司法所, "{{ 指标.化解纠纷 }}"]
        - [合计, "", 2]
      列宽: [4, 3, 2]
      对齐: [左, 中, 右]
      合并: [B4:C4]
      注: 截至3月31日
"""))
    table = form.body[0].table
    assert isinstance(table, Table)
    assert table.header == (("工作", "责任单位", "进度"),) and table.rows[1] == ("矛盾纠纷化解", "司法所", "{{ 指标.化解纠纷 }}")
    assert table.rows[2] == ("合计", "", "2")  # a number as typed, an empty cell empty
    assert table.widths == (4.0, 3.0, 2.0) and table.aligns == ("left", "center", "right")
    assert table.merges == (Merge(3, 1, 1, 2),) and table.note == "截至3月31日" and table.title == "推进情况"
    assert [loc.line for loc in table.row_locations] == [13, 14, 15]
    assert "{{ 指标.化解纠纷 }}" in {ref.text for ref in form.texts}  # cells are form texts: figures work in them


def test_several_header_rows_are_a_list_of_lists(write_form):
    form = load_form(write_form(HEAD + "正文:\n  - 表格:\n      表头: [[项目, 数量, \"\"], [\"\", 本期, 上期]]\n"
                                       "      行: [[甲, 1, 2]]\n      合并: [A1:A2, B1:C1]\n"))
    assert form.body[0].table.header == (("项目", "数量", ""), ("", "本期", "上期"))
    assert form.body[0].table.merges == (Merge(0, 0, 2, 1), Merge(0, 1, 1, 2))


def test_a_row_of_the_wrong_width_is_named_by_its_row(write_form):
    found = _problems(write_form, "正文:\n  - 表格:\n      表头: [甲, 乙, 丙]\n      行:\n        - [1, 2, 3]\n        - [1, 2]\n")
    assert found == [(13, 11, "E151", "表格第2行有 2 个单元格，表头有 3 列")]


@pytest.mark.parametrize("line, code, message", [
    ("      列宽: [1, 2]\n", "E152", "“列宽”应是 3 个正数（各列的相对宽度），实际是一个列表"),
    ("      对齐: [左, 中, 上]\n", "E153", "“对齐”应是 3 项，每项是 左、中 或 右，实际是一个列表"),
    ("      合并: [A1-B1]\n", "E154", "合并的单元格“A1-B1”写法不对"),
    ("      合并: [A1:D1]\n", "E154", "合并的范围 A1:D1 超出了表格（2 行 3 列，到 C2）"),
    ("      合并: [A1:B1, B1:C1]\n", "E155", "合并的范围 B1:C1 与前面的合并重叠"),
])
def test_layout_mistakes_are_located(write_form, line, code, message):
    found = _problems(write_form, "正文:\n  - 表格:\n      表头: [甲, 乙, 丙]\n      行: [[1, 2, 3]]\n" + line)
    assert [(c, m) for _, _, c, m in found] == [(code, message)]
    assert found[0][0] == 12


def test_a_table_item_holds_the_table_only_and_a_table_needs_content(write_form):
    assert [(c, m) for _, _, c, m in _problems(write_form, "正文:\n  - 表格: {标题: 空表}\n")] == \
        [("E150", "表格没有内容：缺少“表头”和“行”")]
    found = _problems(write_form, "正文:\n  - 标题: 甲\n    表格: {行: [[1]]}\n")
    assert [c for _, _, c, _ in found] == ["E159"]


def test_a_figures_table_names_figures_of_the_block_and_columns_it_knows(write_form):
    form = load_form(write_form(HEAD + "正文:\n  - 指标表: {标题: 完成情况, 指标: [化解纠纷], 列: [指标, 本期, 同比]}\n"
                                       "  - 指标表:\n"))
    first, second = form.body[0].table, form.body[1].table
    assert isinstance(first, FiguresTable) and first.names == ("化解纠纷",) and first.columns == ("指标", "本期", "同比")
    assert second.names == () and second.columns == ("指标", "单位", "本期", "去年同期", "同比")
    found = _problems(write_form, "正文:\n  - 指标表: {指标: [化解], 列: [指标, 完成率]}\n")
    assert [(c, m) for _, _, c, m in found] == [("E157", "指标表里的“化解”不在“指标”里，您是否想写“化解纠纷”？"),
                                                 ("E156", "指标表没有“完成率”这一列")]


def test_attachments_with_content_keep_their_number_among_all(write_form):
    form = load_form(write_form(HEAD + "正文: [正文一段]\n附件:\n  - 任务分解表\n  - 名称: 主要指标完成情况表\n"
                                       "    内容:\n      - 指标表:\n"))
    assert form.attachments == ("任务分解表", "主要指标完成情况表")
    page = form.attachment_pages[0]
    assert (page.number, page.name) == (2, "主要指标完成情况表") and isinstance(page.items[0].table, FiguresTable)
    found = _problems(write_form, "附件:\n  - 内容: [一段]\n")
    assert [(c, m) for _, _, c, m in found] == [("E158", "带内容的附件缺少“名称”")]
