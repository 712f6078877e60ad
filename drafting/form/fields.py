"""The field tables of a form's records (items, sections, figures, 版头) and how declared fields map onto the model."""
from __future__ import annotations

from types import MappingProxyType

from ..records import NamedTuple


class Field(NamedTuple):
    """A key a mapping may hold: canonical Chinese name, accepted aliases, what it is, what kind of value it holds."""

    name: str
    aliases: tuple[str, ...] = ()
    doc: str = ""
    kind: str = "文字"  # one of form.schema.KINDS


FIGURE_FIELDS = (
    Field("值", ("数值", "value"), "本期数值；还不知道就空着", "数值"),
    Field("单位", ("unit",), "件、人、次、万元、%……"),
    Field("上期", ("previous",), "上期数值", "数值"),
    Field("去年同期", ("last_year",), "去年同期数值", "数值"),
    Field("来源", ("source",), "数据来源说明"),
    Field("分子", ("numerator",), "比率的分子：另一个指标的名称（draft rollup 据此重算比率）", "指标名"),
    Field("分母", ("denominator",), "比率的分母：另一个指标的名称", "指标名"),
)

ITEM_FIELDS = (
    Field("标题", ("heading",), "带编号的标题"),
    Field("引语", ("lead",), "段首不编号的引语句"),
    Field("内容", ("text",), "段落文字"),
    Field("列举", ("enumerate", "items"), "“一是……二是……”各项", "文字列表"),
    Field("分段", ("separate",), "列举各项是否各占一段", "是否"),
    Field("下级", ("children",), "下一级条目", "条目"),
    Field("连续编号", ("continuous",), "孙级条目跨分组连续编号", "是否"),
    Field("下级层级", ("children_level",), "下级条目用第几级编号（2–4）", "层级"),
    Field("表格", ("table",), "一张表格：标题、表头、行", "表格"),
    Field("指标表", ("figures_table",), "由“指标”生成的表格", "指标表"),
)

TABLE_FIELDS = (
    Field("标题", ("title",), "表格上方居中的标题"),
    Field("表头", ("header",), "表头：一行，或上下几行", "表头"),
    Field("行", ("rows",), "表格的各行，每行写各单元格的文字", "行"),
    Field("列宽", ("widths",), "各列的相对宽度，如三列依次为 4、3、2", "列宽"),
    Field("对齐", ("align",), "各列的对齐：左、中、右", "对齐"),
    Field("合并", ("merge",), "要合并的单元格，如 A1 到 B1（从表头第一行数起）", "合并"),
    Field("注", ("note",), "表注"),
)

FIGURES_TABLE_FIELDS = (
    Field("标题", ("title",), "表格上方居中的标题"),
    Field("指标", ("figures",), "要列出的指标名称（不写则全部）", "指标名列表"),
    Field("列", ("columns",), "各列：指标、单位、本期、上期、增减、环比、去年同期、同比", "指标列"),
)

ATTACHMENT_FIELDS = (Field("名称", ("name",), "附件名称"), Field("内容", ("content",), "附件的内容：几个条目，另起一页印出", "条目"))

SECTION_FIELDS = (Field("标题", ("heading",)), Field("下级", ("children",), "下一级条目", "条目"))

RED_HEADER_FIELDS = (
    Field("份号", ("copy_number",)), Field("密级", ("secrecy",)), Field("保密期限", ("secrecy_term",)),
    Field("紧急程度", ("urgency",)), Field("发文机关标志", ("发文机关", "issuer_mark")),
    Field("发文字号", ("document_number",)), Field("签发人", ("signer",)), Field("抄送", ("copy_to",)),
    Field("印发机关", ("printer",)), Field("印发日期", ("print_date",), "", "日期"),
)
FIGURES_FILE_FIELDS = (Field("文件", ("file",), "指标所在的表格文件（.xlsx 或 .csv）"),
                       Field("表", ("sheet", "工作表"), "工作表名"))
# 版头 field → RedHeader attribute.
RED_HEADER_ATTRIBUTES = MappingProxyType({
    "份号": "copy_number", "密级": "secrecy", "保密期限": "secrecy_term", "紧急程度": "urgency",
    "发文机关标志": "issuer_mark", "发文字号": "document_number", "签发人": "signer", "抄送": "copy_to",
    "印发机关": "printer", "印发日期": "print_date",
})

# Fields every template shares map onto Form attributes (when declared with their usual type);
# any other declared field goes to Form.extra and reaches the template by name.
COMMON_ATTRIBUTES = MappingProxyType({
    "标题": ("title", "标题"), "主送": ("recipient", "文字"), "落款": ("unit", "文字"), "日期": ("date", "日期"),
    "期间": ("period", "期间"), "开头": ("opening", "段落"), "正文": ("body", "条目"),
    "存在问题": ("problems", "部分"), "下一步": ("next_steps", "部分"), "结尾": ("closing", "段落"),
    "附件": ("attachments", "附件"), "印章": ("sealed", "是否"), "两级编号": ("two_level", "是否"),
    "版式": ("profile", "版式"), "版头": ("red_header", "版头"),
})
# Field types whose value names another file (read relative to the form).
FILE_TYPES = ("表单文件", "版式")
