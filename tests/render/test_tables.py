"""指标表 cells computed as the filters compute them; tables and attachment pages as markup."""
from __future__ import annotations

from decimal import Decimal

from drafting.document.markup import read_markup
from drafting.document.numbering import number_document
from drafting.form.figures import Figure
from drafting.form.model import Attachment, FiguresTable, Item, Merge, Table
from drafting.errors import Location
from drafting.render.context import annex_filter
from drafting.render.tables import figures_table, table_markup

HERE = Location("表单.yaml", 1, 1)


def test_figure_columns_use_the_filters_rounding_points_for_rates_and_a_dash_for_a_missing_base():
    figures = {
        "排查": Figure("排查", Decimal(2966), "件", Decimal(2800), Decimal(2700)),
        "化解率": Figure("化解率", Decimal("96.7"), "%", None, Decimal("96.25")),
        "持平": Figure("持平", Decimal(5), "起", Decimal(5), Decimal(0)),
    }
    table = figures_table(FiguresTable(HERE, (), ("指标", "本期", "上期", "增减", "环比", "去年同期", "同比", "同比增减")),
                          figures)
    assert table.header == (("指标", "本期", "上期", "比上期增减", "环比", "去年同期", "同比", "比去年同期增减"),)
    assert table.rows == (
        ("排查", "2966", "2800", "+166", "+5.93%", "2700", "+9.85%", "+266"),
        ("化解率", "96.7", "—", "—", "—", "96.25", "+0.45个百分点", "+0.45"),
        ("持平", "5", "5", "持平", "持平", "0", "—", "+5"),  # a base of 0: no percentage, never “0%”
    )
    assert table.aligns == ("left",) + ("right",) * 7


def test_a_blank_figure_prints_as_to_be_filled():
    table = figures_table(FiguresTable(HERE, ("甲",), ("指标", "本期")), {"甲": Figure("甲", None, "件")})
    assert table.rows == (("甲", "【待填】"),)


def test_a_table_and_attachment_pages_read_back_from_markup():
    table = Table(HERE, (("工作", "进度"),), (("排查", "完成"), ("合计", "")), "推进情况", (3, 2), ("left", "right"),
                  (Merge(2, 0, 1, 2),), "截至3月")
    page = Attachment(2, "任务分解表", (Item(HERE, text="第一段"), Item(HERE, heading="一项")), HERE)
    markup = "\n".join(table_markup(table)) + "\n" + annex_filter([page], 2)
    document = number_document(read_markup(markup, "测试"))
    read, annex, paragraph, heading = document.blocks
    assert read.rows == (("工作", "进度"), ("排查", "完成"), ("合计", "")) and read.header_rows == 1
    assert read.title == "推进情况" and read.widths == (3.0, 2.0) and read.merges == ((2, 0, 1, 2),)
    assert read.note == "截至3月" and read.aligns == ("left", "right")
    assert (annex.label, annex.title) == ("附件2", "任务分解表") and paragraph.text == "第一段"
    assert heading.number == "一、"  # an attachment's headings number afresh


def test_in_a_red_header_document_the_attachment_pages_come_before_the_imprint(write_form):
    from drafting.pipeline.stages import document as build_document
    from drafting.document.ast import Annex, Imprint, Signature, Table as TableBlock
    from drafting.form.validate import load_form

    form = load_form(write_form("模板: 通用\n标题: 红头\n落款: 县委\n日期: 2024-03-01\n正文: [一段]\n"
                                "附件:\n  - 名称: 附表\n    内容:\n      - 表格: {表头: [甲], 行: [[1]]}\n"
                                "版头:\n  发文机关标志: 青山县人民政府文件\n  发文字号: 青政发〔2024〕3号\n"
                                "  抄送: 县委办公室\n  印发机关: 青山县人民政府办公室\n  印发日期: 2024-03-02\n"))
    kinds = [type(block) for block in build_document(form).blocks]
    assert kinds.index(Signature) < kinds.index(Annex) < kinds.index(TableBlock) < kinds.index(Imprint)
    assert kinds[-1] is Imprint  # GB/T 9704 7.3.7: the attachments are bound before the 版记
