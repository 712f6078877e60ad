"""Turn a form's YAML nodes into a validated Form, reporting every problem in one pass."""
from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import yaml

from .errors import FormError, Problem
from .figures import Figure, parse_decimal, split_number_unit
from .model import Form, Item, Section, TextRef
from .nodes import Field, NodeReader
from .period import parse_period
from .profile import read_form_profile
from .source import SourceText, compose, read_source

MAX_LEVEL = 4

FORM_FIELDS = [
    Field("模板", ("template",), "用哪个模板，默认“工作总结”"),
    Field("标题", ("title",), "文稿标题，一行或多行"),
    Field("主送", ("主送机关", "recipient"), "主送机关，如“县委：”"),
    Field("落款", ("署名", "发文机关", "unit"), "发文机关署名"),
    Field("日期", ("成文日期", "date"), "成文日期，写成 2023-07-10"),
    Field("期间", ("period",), "报告期：2023、2023H1、2023Q3、2023-07"),
    Field("开头", ("opening",), "开头段落"),
    Field("正文", ("body",), "正文各部分"),
    Field("存在问题", ("problems",), "存在问题部分"),
    Field("下一步", ("下一步工作打算", "工作打算", "next_steps"), "下一步工作打算部分"),
    Field("结尾", ("closing",), "结尾段落"),
    Field("附件", ("attachments",), "附件名称列表"),
    Field("印章", ("sealed",), "是否加盖印章，默认是"),
    Field("两级编号", ("two_level",), "只有两级标题时第二级用“1.”"),
    Field("版式", ("profile",), "字体字号方案"),
    Field("指标", ("figures",), "本期的数字：名称、数值、单位、上期和去年同期数"),
    Field("上期", ("previous",), "上一期的表单文件，对比时从中按名称取数"),
    Field("去年同期", ("last_year",), "去年同期的表单文件"),
]

FIGURE_FIELDS = [
    Field("值", ("数值", "value"), "本期数值，未知时写 null"),
    Field("单位", ("unit",), "件、人、次、万元、%……"),
    Field("上期", ("previous",), "上期数值"),
    Field("去年同期", ("last_year",), "去年同期数值"),
    Field("来源", ("source",), "数据来源说明"),
]

ITEM_FIELDS = [
    Field("标题", ("heading",), "带编号的标题"),
    Field("引语", ("lead",), "段首不编号的引语句"),
    Field("内容", ("text",), "段落文字"),
    Field("列举", ("enumerate", "items"), "“一是……二是……”各项"),
    Field("分段", ("separate",), "列举各项是否各占一段"),
    Field("下级", ("children",), "下一级条目"),
    Field("连续编号", ("continuous",), "孙级条目跨分组连续编号"),
    Field("下级层级", ("children_level",), "下级条目用第几级编号（2–4）"),
]

SECTION_FIELDS = [Field("标题", ("heading",)), Field("下级", ("children",))]

REQUIRED: tuple[str, ...] = ()
# Fields a built-in template cannot do without (beyond REQUIRED).
TEMPLATE_REQUIRES = {"工作总结": ("期间",)}
LEVEL_NAMES = {1: "一级（一、）", 2: "二级（（一））", 3: "三级（1.）", 4: "四级（（1））"}


class FormReader(NodeReader):
    """Reads a form's nodes into the model, remembering every text and where it stands."""

    def __init__(self, source: SourceText) -> None:
        super().__init__(source)
        self.texts: list[TextRef] = []
        self.current_section = ""

    def _remember(self, what: str, text: str, node: yaml.Node) -> None:
        self.texts.append(TextRef(what, text, self.source.location(node), node.end_mark.line + 1, self.current_section))

    def text(self, node: yaml.Node, what: str, *, multiline: bool = False) -> str | None:
        value = super().text(node, what, multiline=multiline)
        if value is not None:
            self._remember(what, value, node)
        return value

    def paragraphs(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """Paragraphs, each remembered as its own text (at its node's location)."""
        if isinstance(node, yaml.SequenceNode):
            return tuple(p for child in node.value for p in self.paragraphs(child, what))
        text = NodeReader.text(self, node, what, multiline=True)
        lines = tuple(line.strip() for line in (text or "").splitlines() if line.strip())
        for line in lines:
            self._remember(what, line, node)
        return lines

    def number(self, node: yaml.Node, what: str) -> Decimal | None:
        """An exact number as typed (null: None)."""
        value = self.scalar(node, what)
        if value is None:
            return None
        parsed = parse_decimal(node.value) if not isinstance(value, bool) else None
        if parsed is None:
            self.error(node, f"{what}应为数字，实际是“{node.value}”", "只写数字，如 2966 或 1043.5；还不知道时写 null", "E123")
        return parsed

    def figures(self, node: yaml.Node) -> dict[str, Figure]:
        """Read the 指标 block: name → a number, “2966件”, null, or {值, 单位, 上期, 去年同期, 来源}."""
        figures: dict[str, Figure] = {}
        for name, value_node in self.mapping_any(node, "指标").items():
            loc = self.source.location(value_node)
            if isinstance(value_node, yaml.MappingNode):
                values = self.mapping(value_node, FIGURE_FIELDS, f"指标“{name}”")
                number = self.number(values["值"], f"指标“{name}”的值") if "值" in values else None
                unit = (super().text(values["单位"], "单位") or "") if "单位" in values else ""
                figures[name] = Figure(
                    name, number, unit,
                    self.number(values["上期"], f"指标“{name}”的上期数") if "上期" in values else None,
                    self.number(values["去年同期"], f"指标“{name}”的去年同期数") if "去年同期" in values else None,
                    super().text(values["来源"], "来源") if "来源" in values else None, loc)
                continue
            raw = self.scalar(value_node, f"指标“{name}”")
            if raw is None:
                figures[name] = Figure(name, None, location=loc)
                continue
            parsed = split_number_unit(value_node.value) if not isinstance(raw, bool) else None
            if parsed is None:
                self.error(value_node, f"指标“{name}”应为数字（可带单位，如 2966件），实际是“{value_node.value}”",
                           "写成 2966件，或 {值: 2966, 单位: 件}；还不知道时写 null", "E124")
                continue
            figures[name] = Figure(name, parsed[0], parsed[1], location=loc)
        return figures

    def item(self, node: yaml.Node, level: int) -> Item | None:
        """Read one body item; ``level`` is the level its heading would take."""
        loc = self.source.location(node)
        if isinstance(node, yaml.ScalarNode):
            lines = self.paragraphs(node, "段落")
            return Item(loc, text="\n".join(lines)) if lines else None
        values = self.mapping(node, ITEM_FIELDS, "条目")
        if not isinstance(node, yaml.MappingNode):
            return None
        heading = self.text(values["标题"], "标题") if "标题" in values else None
        lead = self.text(values["引语"], "引语") if "引语" in values else None
        text = self.text(values["内容"], "内容") if "内容" in values else None
        enumeration = tuple(t for t in (self.text(n, "列举项") for n in self.sequence(values["列举"], "列举"))
                            if t) if "列举" in values else ()
        separate = self.boolean(values["分段"], "分段") if "分段" in values else False
        continuous = self.boolean(values["连续编号"], "连续编号") if "连续编号" in values else False
        if heading and lead:
            self.error(node, "同一条目不能既有“标题”又有“引语”",
                       "带编号的写“标题”，不编号的段首句写“引语”，二选一", "E110")
        if not (heading or lead or text or enumeration):
            self.error(node, "这个条目是空的：没有标题、引语、内容或列举", "填写内容，或删掉这一项", "E111")
            return None
        if heading and level > MAX_LEVEL:
            self.error(values["标题"], f"标题层级超过四级：公文标题只有 一、（一）1.（1） 四级",
                       "把这一层改写成段落（用“引语”或“列举”），或减少嵌套", "E112")
        children_level = None
        if "下级层级" in values:
            children_level = self._children_level(values["下级层级"], level)
        children: tuple[Item, ...] = ()
        if "下级" in values:
            if not heading:
                self.error(values["下级"], "只有带“标题”的条目才能有“下级”", "给这个条目加上“标题”，或把下级内容移到同一层", "E113")
            else:
                below = children_level or level + 1
                children = tuple(i for i in (self.item(n, below) for n in self.sequence(values["下级"], "下级")) if i)
        if "分段" in values and not enumeration:
            self.error(values["分段"], "“分段”只对“列举”有效", "删掉“分段”，或加上“列举”", "E114")
        return Item(loc, heading=heading, lead=lead, text=text, enumeration=enumeration, separate=separate,
                    children=children, continuous=continuous, children_level=children_level)

    def _children_level(self, node: yaml.Node, level: int) -> int | None:
        value = self.scalar(node, "下级层级")
        if isinstance(value, int) and not isinstance(value, bool) and level < value <= MAX_LEVEL:
            return value
        self.error(node, f"“下级层级”应为 {level + 1} 到 {MAX_LEVEL} 之间的整数，实际是“{node.value}”",
                   "例如 3 表示下级条目编为 1. 2. 3.", "E115")
        return None

    def items(self, node: yaml.Node, level: int, what: str) -> tuple[Item, ...]:
        """Read a list of items at ``level``."""
        if isinstance(node, yaml.MappingNode):
            self.error(node, f"{what}应当是一个列表（每项以“- ”开头）", "在每个条目前加“- ”", "E116")
            return ()
        return tuple(i for i in (self.item(n, level) for n in self.sequence(node, what)) if i)

    def section(self, node: yaml.Node, what: str) -> Section | None:
        """Read 存在问题 / 下一步: a list of items, or {标题, 下级}."""
        loc = self.source.location(node)
        if isinstance(node, yaml.MappingNode):
            values = self.mapping(node, SECTION_FIELDS, what)
            heading = self.text(values["标题"], "标题") if "标题" in values else None
            items = self.items(values["下级"], 2, what) if "下级" in values else ()
            return Section(loc, items, heading)
        items = self.items(node, 2, what)
        return Section(loc, items) if items else None

    def date(self, node: yaml.Node) -> datetime.date | None:
        value = self.scalar(node, "日期")
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            for fmt in ("%Y年%m月%d日", "%Y.%m.%d", "%Y/%m/%d"):
                try:
                    return datetime.datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    pass
        self.error(node, f"日期“{node.value}”无法识别", "写成 2023-07-10 这样的格式", "E121")
        return None


def load_form(path: Path) -> Form:
    """Read, parse and validate a form file. Raises FormError listing every problem."""
    source = read_source(path)
    return validate(source, compose(source))


def validate(source: SourceText, root: yaml.Node | None) -> Form:
    """Validate a composed form. Raises FormError listing every problem."""
    reader = FormReader(source)
    if root is None:
        reader.error(None, f"表单“{source.name}”是空的", "参照 examples/ 里的示例表单填写", "E100")
        raise FormError(reader.problems)
    values = reader.mapping(root, FORM_FIELDS, "表单")
    if not values and reader.problems:
        raise FormError(reader.problems)
    template = (NodeReader.text(reader, values["模板"], "模板") if "模板" in values else None) or "工作总结"
    required = REQUIRED + TEMPLATE_REQUIRES.get(template, ())
    for name in required:
        if name not in values:
            reader.error(root, f"表单缺少必填字段“{name}”", _required_hint(name), "E109")
    title_node = values.get("标题")
    reader.current_section = "标题"
    title = reader.paragraphs(title_node, "标题") if title_node is not None else ()
    reader.current_section = ""
    unit = reader.text(values["落款"], "落款") if "落款" in values else None
    if "落款" in values and not unit:
        reader.error(values["落款"], "“落款”是空的", _required_hint("落款"), "E109")
    date = reader.date(values["日期"]) if "日期" in values else None
    period = None
    if "期间" in values:
        period = parse_period(reader.scalar(values["期间"], "期间"))
        if period is None:
            reader.error(values["期间"], f"期间“{values['期间'].value}”无法识别",
                         "写成 2023（全年）、2023H1（上半年）、2023Q3（第三季度）或 2023-07（月份）", "E122")
    form_dir = source.path.parent
    profile = read_form_profile(reader, values["版式"], form_dir) if "版式" in values else None
    figures = reader.figures(values["指标"]) if "指标" in values else {}
    for key, attribute in (("上期", "previous"), ("去年同期", "last_year")):
        if key in values:
            figures = _with_earlier_values(reader, values[key], form_dir, figures, key, attribute)
    def read(section: str, reading):
        reader.current_section = section
        try:
            return reading()
        finally:
            reader.current_section = ""

    form_kwargs = dict(
        title=title,
        recipient=reader.text(values["主送"], "主送") if "主送" in values else None,
        opening=read("开头", lambda: reader.paragraphs(values["开头"], "开头")) if "开头" in values else (),
        body=read("正文", lambda: reader.items(values["正文"], 1, "正文")) if "正文" in values else (),
        problems=read("存在问题", lambda: reader.section(values["存在问题"], "存在问题"))
        if "存在问题" in values else None,
        next_steps=read("下一步", lambda: reader.section(values["下一步"], "下一步")) if "下一步" in values else None,
        closing=read("结尾", lambda: reader.paragraphs(values["结尾"], "结尾")) if "结尾" in values else (),
        attachments=reader.paragraphs(values["附件"], "附件") if "附件" in values else (),
        sealed=reader.boolean(values["印章"], "印章") if "印章" in values else True,
        two_level=reader.boolean(values["两级编号"], "两级编号") if "两级编号" in values else False,
    )
    if reader.problems:
        raise FormError(sorted(reader.problems, key=_position))
    if profile is None:
        from .profile import builtin_profile
        profile = builtin_profile()
    locations = {name: source.location(node) for name, node in values.items()}
    return Form(path=source.path, name=source.name, template=template, unit=unit, date=date,
                period=period, profile=profile, locations=locations, figures=figures,
                texts=tuple(reader.texts), source_text=source.text, **form_kwargs)


def load_figures(path: Path) -> dict[str, Figure]:
    """Only the 指标 of another form (the previous period's). Raises FormError."""
    source = read_source(path)
    root = compose(source)
    reader = FormReader(source)
    figures: dict[str, Figure] = {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if getattr(key_node, "value", None) in ("指标", "figures"):
                figures = reader.figures(value_node)
    if reader.problems:
        raise FormError(reader.problems)
    return figures


def _with_earlier_values(reader: FormReader, node: yaml.Node, form_dir: Path, figures: dict[str, Figure],
                         key: str, attribute: str) -> dict[str, Figure]:
    """Fill each figure's 上期/去年同期 from the named form, by figure name (values typed inline win)."""
    name = NodeReader.text(reader, node, key)
    if name is None:
        return figures
    path = form_dir / name
    if not path.is_file():
        reader.error(node, f"找不到{key}的表单“{name}”", "写相对本表单的文件名，如 2023Q2.yaml", "E125")
        return figures
    try:
        earlier = load_figures(path)
    except FormError as exc:
        reader.problems.extend(exc.problems)
        return figures
    updated = {}
    for figure_name, figure in figures.items():
        if getattr(figure, attribute) is None and figure_name in earlier:
            figure = replace(figure, **{attribute: earlier[figure_name].value})
        updated[figure_name] = figure
    return updated


def _position(problem) -> tuple[int, int]:
    return (problem.location.line or 0, problem.location.column or 0)


def _required_hint(name: str) -> str:
    return {
        "落款": "写上发文机关全称，如“落款: 中共某某县委政法委员会”",
        "日期": "写上成文日期，如“日期: 2023-07-10”",
        "期间": "工作总结要写报告期，如“期间: 2023H1”（上半年）",
    }.get(name, f"加上“{name}: …”")
