"""Typed reads of a form's parts (items, sections, figures, dates) that remember every text."""
from __future__ import annotations

import datetime
import re
from decimal import Decimal

import yaml

from ..chars import split_lines

from ..document.numerals import typed_number
from ..errors import WARNING, Location, Problem
from ..styles import MAX_LEVEL
from .fields import FIGURE_FIELDS, ITEM_FIELDS, SECTION_FIELDS
from .figures import RANGE_HINT, Figure, out_of_range, parse_decimal, split_number_unit
from .model import Item, Section
from .nodes import NodeReader, describe
from .period import days_in_month
from .source import SourceText
from .texts import Text


class FormReader(NodeReader):
    """Reads a form's nodes into the model, remembering every text and where it stands.

    What it forgives (a number typed before a heading) it mends and records in ``findings``.
    """

    def __init__(self, source: SourceText) -> None:
        super().__init__(source)
        self.findings: list[Problem] = []
        self.unread_figures: set[str] = set()  # figures written but refused: a text using one is not told “没有定义”

    def unnumbered(self, text: str | None, run_in: bool = False) -> str | None:
        """``text`` without a number typed at its start (the tool numbers), with a C210 warning where one was."""
        if not isinstance(text, Text):
            return text
        typed = typed_number(text, run_in)
        if typed is None:
            return text
        self.findings.append(Problem(
            text.location, f"{text.label}开头的“{typed.strip()}”是手写的编号，已经去掉，以免印出两个编号",
            "编号由 draft 按层级自动生成：删掉手写的编号即可", "C210", WARNING, self.source.excerpt(text.location.line)))
        return Text(text[len(typed):].lstrip(), text.location, text.end_line, text.label)

    def located(self, text: str, node: yaml.Node, what: str) -> Text:
        """``text`` as a form text that knows where ``node`` stands and which slot it fills."""
        return Text(text, self.source.location(node), node.end_mark.line + 1, what)

    def text(self, node: yaml.Node, what: str, *, multiline: bool = False) -> str | None:
        """One line of text, located (see :class:`Text`); None when empty."""
        value = super().text(node, what, multiline=multiline)
        return None if value is None else self.located(value, node, what)

    def paragraphs(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """Paragraphs, each its own located text (at its node's location)."""
        if isinstance(node, yaml.SequenceNode):
            return tuple(p for child in node.value for p in self.paragraphs(child, what))
        text = NodeReader.text(self, node, what, multiline=True)
        return tuple(self.located(line.strip(), node, what) for line in split_lines(text or "") if line.strip())

    def number(self, node: yaml.Node, what: str) -> Decimal | None:
        """An exact number as typed (null: None)."""
        value = self.scalar(node, what)
        if value is None:
            return None
        parsed = parse_decimal(node.value) if not isinstance(value, bool) else None
        if parsed is None and not isinstance(value, bool) and out_of_range(node.value):
            self.error(node, f"{what}“{node.value[:20]}”超出了指标数值的范围", RANGE_HINT, "E168")
        elif parsed is None:
            self.error(node, f"{what}应为数字，实际是{describe(node)}", "只写数字，如 2966 或 1043.5；还不知道时写 null", "E123")
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
                parts = None
                if "分子" in values or "分母" in values:
                    numerator = super().text(values["分子"], "分子") if "分子" in values else None
                    denominator = super().text(values["分母"], "分母") if "分母" in values else None
                    if numerator and denominator:
                        parts = (numerator, denominator)
                    else:
                        self.error(value_node, f"指标“{name}”的“分子”“分母”要一起写", "如 {值: 96.7, 单位: \"%\", 分子: 化解, 分母: 受理}",
                                   "E166")
                figures[name] = Figure(
                    name, number, unit,
                    self.number(values["上期"], f"指标“{name}”的上期数") if "上期" in values else None,
                    self.number(values["去年同期"], f"指标“{name}”的去年同期数") if "去年同期" in values else None,
                    super().text(values["来源"], "来源") if "来源" in values else None, loc, parts)
                continue
            raw = self.scalar(value_node, f"指标“{name}”")
            if raw is None:
                figures[name] = Figure(name, None, location=loc)
                continue
            parsed = split_number_unit(value_node.value) if not isinstance(raw, bool) else None
            if parsed is None and not isinstance(raw, bool) and out_of_range(value_node.value):
                self.error(value_node, f"指标“{name}”的数值“{value_node.value[:20]}”超出了指标数值的范围", RANGE_HINT, "E168")
                self.unread_figures.add(name)
                continue
            if parsed is None:
                about = re.match(r"^(约|近|超过|逾|大约|将近|接近|不到|不足)\s*(\d.*)$", str(value_node.value).strip())
                hint = (f"指标只写确数，写成 {about.group(2)}；“{about.group(1)}”写在正文里：{about.group(1)}{{{{ 指标.{name} }}}}"
                        if about else "写成 2966件，或 {值: 2966, 单位: 件}；还不知道时写 null")
                self.error(value_node, f"指标“{name}”应为数字（可带单位，如 2966件），实际是{describe(value_node)}", hint, "E124")
                self.unread_figures.add(name)
                continue
            figures[name] = Figure(name, parsed[0], parsed[1], location=loc)
        return figures

    def _text_keys_hinted(self, node: yaml.MappingNode, since: int) -> None:
        """``- 主要做法: 一是…``: an unknown field holding text is a lead-in typed as a key; say how to write it."""
        known = {n for f in ITEM_FIELDS for n in (f.name, *f.aliases)}
        for key_node, value_node in node.value:
            key = key_node.value.strip() if isinstance(key_node, yaml.ScalarNode) and isinstance(key_node.value, str) else None
            if not key or key in known or not isinstance(value_node, yaml.ScalarNode) or len(key) > 20:
                continue
            where = self.source.location(key_node)
            for index in range(since, len(self.problems)):
                if self.problems[index].code == "E101" and self.problems[index].location == where:
                    self.problems[index] = self.problems[index]._replace(hint=(
                        f"“{key}”不是字段名：要印出“{key}：{str(value_node.value)[:6]}…”，写成"
                        f"“- 内容: {key}：{str(value_node.value)[:6]}…”（冒号用全角）；"
                        f"要把“{key}”作段首引语，写成“- 引语: {key}”，下一行“  内容: …”"))

    def item(self, node: yaml.Node, level: int) -> Item | None:
        """Read one body item; ``level`` is the level its heading would take."""
        loc = self.source.location(node)
        if isinstance(node, yaml.ScalarNode):
            lines = self.paragraphs(node, "段落")
            return Item(loc, text=self.located("\n".join(lines), node, "段落")) if lines else None
        before = len(self.problems)
        values = self.mapping(node, ITEM_FIELDS, "条目")
        if not isinstance(node, yaml.MappingNode):
            return None
        self._text_keys_hinted(node, before)
        if "表格" in values or "指标表" in values:
            return self._table_item(node, values, loc)
        heading = self.unnumbered(self.text(values["标题"], "标题")) if "标题" in values else None
        lead = self.unnumbered(self.text(values["引语"], "引语"), run_in=True) if "引语" in values else None
        text = self.text(values["内容"], "内容") if "内容" in values else None
        enumeration = tuple(t for t in (self.unnumbered(self.text(n, "列举项"), run_in=True)
                                        for n in self.sequence(values["列举"], "列举")) if t) if "列举" in values else ()
        if len(enumeration) == 1:
            self.findings.append(Problem(
                enumeration[0].location, f"列举只有一项，会印成孤零零的“一是{enumeration[0][:10]}”",
                "列举至少写两项（一是……二是……）；只有一项就写成“内容: …”", "C216", WARNING,
                self.source.excerpt(enumeration[0].location.line)))
        separate = self.boolean(values["分段"], "分段") if "分段" in values else False
        continuous = self.boolean(values["连续编号"], "连续编号") if "连续编号" in values else False
        if heading and lead:
            self.error(node, "同一条目不能既有“标题”又有“引语”",
                       "带编号的写“标题”，不编号的段首句写“引语”，二选一", "E110")
        if not (heading or lead or text or enumeration):
            if len(self.problems) == before:  # an unknown field was named already: one error, not two
                self.error(node, "这个条目是空的：没有标题、引语、内容或列举", "填写内容，或删掉这一项", "E111")
            return None
        if heading and level > MAX_LEVEL:
            self.error(values["标题"], "标题层级超过四级：公文标题只有 一、（一）1.（1） 四级",
                       "把这一层改写成段落（用“引语”或“列举”），或减少嵌套", "E112")
        children_level = None
        if "下级层级" in values:
            children_level = self._children_level(values["下级层级"], level)
        children: tuple[Item, ...] = ()
        if "下级" in values:
            if not heading:
                self.error(values["下级"], "只有带“标题”的条目才能有“下级”", "给这个条目加上“标题”，或把下级内容移到同一层", "E113")
            elif level <= MAX_LEVEL:  # deeper levels were reported already; do not descend without end
                below = children_level or level + 1
                children = tuple(i for i in (self.item(n, below) for n in self.sequence(values["下级"], "下级")) if i)
        if "分段" in values and not enumeration:
            self.error(values["分段"], "“分段”只对“列举”有效", "删掉“分段”，或加上“列举”", "E114")
        return Item(loc, heading=heading, lead=lead, text=text, enumeration=enumeration, separate=separate,
                    children=children, continuous=continuous, children_level=children_level)

    def _table_item(self, node: yaml.Node, values: dict[str, yaml.Node], loc: Location) -> Item | None:
        """An item that is a table (表格) or a figures table (指标表), and nothing else."""
        from .tables import TableReading

        others = [key for key in values if key not in ("表格", "指标表")]
        if others or len(values) > 1:
            self.error(node, "表格条目只能写“表格”或“指标表”一项，不能再有" + "、".join(others or ["另一张表"]),
                       "把标题、文字另写成一个条目，放在表格前面", "E159")
        reading = TableReading(self, self.items)
        table = reading.table(values["表格"]) if "表格" in values else reading.figures_table(values["指标表"])
        return Item(loc, table=table) if table is not None else None

    def _children_level(self, node: yaml.Node, level: int) -> int | None:
        value = self.scalar(node, "下级层级")
        if isinstance(value, int) and not isinstance(value, bool) and level < value <= MAX_LEVEL:
            return value
        self.error(node, f"“下级层级”应为 {level + 1} 到 {MAX_LEVEL} 之间的整数，实际是{describe(node)}",
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
            heading = self.unnumbered(self.text(values["标题"], "标题")) if "标题" in values else None
            items = self.items(values["下级"], 2, what) if "下级" in values else ()
            return Section(loc, items, heading)
        items = self.items(node, 2, what)
        return Section(loc, items) if items else None

    def date(self, node: yaml.Node) -> datetime.date | None:
        """A date as typed: 2023-07-10, 2023年7月10日 (or 号), 2023.7.10, 2023/7/10; a day that does not exist is named."""
        value = self.scalar(node, "日期")
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        found = re.match(_TYPED_DATE, value) if isinstance(value, str) else None
        if found:
            year, month, day = (int(g) for g in found.groups())
            if not 1 <= month <= 12:
                self.error(node, f"日期{describe(node)}的月份不对：一年只有 12 个月", "写成 2023-07-10 这样的格式", "E121")
                return None
            try:
                return datetime.date(year, month, day)
            except ValueError:
                last = days_in_month(year, month) if 1 <= year <= 9999 else 31
                self.error(node, f"{year}年{month}月没有{day}日（这个月只有 {last} 天）", "改成这个月里有的日子", "E121")
                return None
        self.error(node, f"日期{describe(node)}无法识别",
                   "写成 2023-07-10，也可以写 2023年7月10日、2023年7月10号、2023.7.10 或 2023/7/10", "E121")
        return None


_TYPED_DATE = r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?\s*$"  # compiled (by re) when met
