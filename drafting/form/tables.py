"""Typed reads of a form's tables (表格, 指标表) and attachments with pages of their own (附件 with 内容)."""
from __future__ import annotations

import re
from typing import Callable

import yaml

from .fields import ATTACHMENT_FIELDS, FIGURES_TABLE_FIELDS, TABLE_FIELDS
from .model import Attachment, FiguresTable, Item, Merge, Table
from .nodes import NodeReader, describe


ALIGNS = {"左": "left", "中": "center", "右": "right", "居左": "left", "居中": "center", "居右": "right"}
FIGURE_COLUMNS = ("指标", "单位", "本期", "上期", "增减", "环比", "去年同期", "同比", "同比增减")
DEFAULT_FIGURE_COLUMNS = ("指标", "单位", "本期", "去年同期", "同比")
_RANGE = r"^\s*([A-Za-z]{1,2})(\d{1,4})\s*[:：]\s*([A-Za-z]{1,2})(\d{1,4})\s*$"  # compiled (by re) when met
MAX_COLUMNS = 30


def _column_number(letters: str) -> int:
    """A spreadsheet column's letters as a 0-based index: A → 0, Z → 25, AA → 26."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def column_letters(index: int) -> str:
    """A 0-based column index as spreadsheet letters (0 → A)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class TableReading:
    """Reads 表格 and 指标表 items and the entries of 附件 for a form's reader; ``items`` reads an item tree."""

    def __init__(self, reader: NodeReader, items: Callable[[yaml.Node, int, str], tuple[Item, ...]]) -> None:
        self.reader = reader
        self.items = items

    def _cells(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        reader = self.reader
        cells = []
        for cell in reader.sequence(node, what):
            if isinstance(cell, yaml.ScalarNode) and cell.tag.endswith(":null"):
                cells.append("")
                continue
            text = reader.text(cell, what)
            cells.append(text if text is not None else "")
        return tuple(cells)

    def table(self, node: yaml.Node) -> Table | None:
        """A 表格: {标题, 表头, 行, 列宽, 对齐, 合并, 注}; every row as wide as the header."""
        reader = self.reader
        values = reader.mapping(node, TABLE_FIELDS, "表格")
        if not isinstance(node, yaml.MappingNode):
            return None
        loc = reader.source.location(node)
        title = reader.text(values["标题"], "表格标题") if "标题" in values else None
        header: list[tuple[str, ...]] = []
        if "表头" in values:
            rows = reader.sequence(values["表头"], "表头")
            if rows and all(isinstance(r, yaml.SequenceNode) for r in rows):  # several header rows
                header = [self._cells(r, "表头") for r in rows]
            else:
                header = [self._cells(values["表头"], "表头")]
        body: list[tuple[str, ...]] = []
        row_locations = []
        for row in reader.sequence(values["行"], "行") if "行" in values else []:
            if not isinstance(row, yaml.SequenceNode):
                reader.error(row, f"表格的每一行应当是一个列表，如 [风险隐患排查, 综治中心, 已完成]，实际是{describe(row)}",
                             "每行写成方括号里用逗号隔开的几项", "E151")
                continue
            body.append(self._cells(row, f"表格第{len(body) + 1}行"))
            row_locations.append(reader.source.location(row))
        if not header and not body:
            reader.error(node, "表格没有内容：缺少“表头”和“行”", "写上 表头: [列1, 列2] 和 行: [[…], […]]", "E150")
            return None
        width = len(header[0]) if header else len(body[0])
        if not 1 <= width <= MAX_COLUMNS:
            reader.error(values.get("表头", node), f"表格应有 1 到 {MAX_COLUMNS} 列，实际是 {width} 列",
                         "检查表头", "E151")
            return None
        for index, row in enumerate(header):
            if len(row) != width:
                reader.error(values["表头"], f"表头第{index + 1}行有 {len(row)} 项，第1行有 {width} 项",
                             "每一行表头的项数要相同；合并的单元格也要写出来（写 \"\"），再用“合并”合起来", "E151")
        for index, (row, where) in enumerate(zip(body, reader.sequence(values["行"], "行")
                                                 if "行" in values else [])):
            if len(row) != width:
                reader.error(where, f"表格第{index + 1}行有 {len(row)} 个单元格，表头有 {width} 列",
                             "补齐或删去单元格；空着的写 \"\"，合并的也要写出来再用“合并”合起来", "E151")
        widths = self._widths(values.get("列宽"), width) if "列宽" in values else ()
        aligns = self._aligns(values.get("对齐"), width) if "对齐" in values else ()
        merges = self._merges(values.get("合并"), len(header) + len(body), width) if "合并" in values else ()
        note = reader.text(values["注"], "表注") if "注" in values else None
        return Table(loc, tuple(header), tuple(body), title, widths, aligns, merges, note, tuple(row_locations))

    def _widths(self, node: yaml.Node | None, width: int) -> tuple[float, ...]:
        reader = self.reader
        assert node is not None
        numbers = [reader.scalar(n, "列宽") for n in reader.sequence(node, "列宽")]
        good = all(isinstance(n, (int, float)) and not isinstance(n, bool) and 0 < n <= 1000 for n in numbers)
        if not good or len(numbers) != width:
            reader.error(node, f"“列宽”应是 {width} 个正数（各列的相对宽度），实际是{describe(node)}",
                         "例如三列写 列宽: [4, 3, 2]", "E152")
            return ()
        return tuple(float(n) for n in numbers)

    def _aligns(self, node: yaml.Node | None, width: int) -> tuple[str, ...]:
        reader = self.reader
        assert node is not None
        words = [reader.text(n, "对齐") or "" for n in reader.sequence(node, "对齐")]
        if len(words) != width or any(w not in ALIGNS for w in words):
            reader.error(node, f"“对齐”应是 {width} 项，每项是 左、中 或 右，实际是{describe(node)}",
                         "例如三列写 对齐: [左, 中, 右]", "E153")
            return ()
        return tuple(ALIGNS[w] for w in words)

    def _merges(self, node: yaml.Node | None, rows: int, width: int) -> tuple[Merge, ...]:
        reader = self.reader
        assert node is not None
        merges: list[Merge] = []
        taken: set[tuple[int, int]] = set()
        for entry in reader.sequence(node, "合并"):
            text = reader.text(entry, "合并") or ""
            found = re.match(_RANGE, text)
            if found is None:
                reader.error(entry, f"合并的单元格{describe(entry)}写法不对", "像 Excel 一样写范围，如 A1:B1（从表头第一行数起）", "E154")
                continue
            first_col, first_row = _column_number(found.group(1)), int(found.group(2)) - 1
            last_col, last_row = _column_number(found.group(3)), int(found.group(4)) - 1
            top, bottom = sorted((first_row, last_row))
            left, right = sorted((first_col, last_col))
            if bottom >= rows or right >= width or top < 0:
                reader.error(entry, f"合并的范围 {text} 超出了表格（{rows} 行 {width} 列，到 {column_letters(width - 1)}{rows}）",
                             "行从表头第一行数起，列从 A 数起", "E154")
                continue
            cells = {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)}
            if cells & taken:
                reader.error(entry, f"合并的范围 {text} 与前面的合并重叠", "每个单元格只能合并进一个范围", "E155")
                continue
            taken |= cells
            if len(cells) > 1:
                merges.append(Merge(top, left, bottom - top + 1, right - left + 1))
        return tuple(merges)

    def figures_table(self, node: yaml.Node) -> FiguresTable | None:
        """A 指标表: {标题, 指标: [名称…], 列: [指标, 单位, 本期, 上期, 增减, 环比, 去年同期, 同比]}."""
        reader = self.reader
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return FiguresTable(reader.source.location(node), (), DEFAULT_FIGURE_COLUMNS)
        values = reader.mapping(node, FIGURES_TABLE_FIELDS, "指标表")
        if not isinstance(node, yaml.MappingNode):
            return None
        title = reader.text(values["标题"], "表格标题") if "标题" in values else None
        names, locations = [], []
        for entry in reader.sequence(values["指标"], "指标") if "指标" in values else []:
            name = reader.scalar(entry, "指标名称")
            if name is not None:
                names.append(str(name).strip())
                locations.append(reader.source.location(entry))
        columns = []
        for entry in reader.sequence(values["列"], "列") if "列" in values else []:
            column = reader.text(entry, "列") or ""
            if column not in FIGURE_COLUMNS:
                reader.error(entry, f"指标表没有“{column}”这一列", "可用的列：" + "、".join(FIGURE_COLUMNS), "E156")
                continue
            columns.append(column)
        return FiguresTable(reader.source.location(node), tuple(names), tuple(columns) or DEFAULT_FIGURE_COLUMNS,
                            title, tuple(locations))

    def attachments(self, node: yaml.Node) -> tuple[tuple[str, ...], tuple[Attachment, ...]]:
        """附件: each entry a name, or {名称, 内容: [items]} (an attachment with pages of its own)."""
        reader = self.reader
        names: list[str] = []
        pages: list[Attachment] = []
        for entry in reader.sequence(node, "附件"):
            if isinstance(entry, yaml.MappingNode):
                values = reader.mapping(entry, ATTACHMENT_FIELDS, "附件")
                name = reader.text(values["名称"], "附件") if "名称" in values else None
                if not name:
                    reader.error(entry, "带内容的附件缺少“名称”", "写成 {名称: 主要指标完成情况表, 内容: [...]}", "E158")
                    continue
                names.append(name)
                items = self.items(values["内容"], 1, "附件内容") if "内容" in values else ()
                if items:
                    pages.append(Attachment(len(names), name, items, reader.source.location(entry)))
                continue
            names.extend(reader.paragraphs(entry, "附件"))
        return tuple(names), tuple(pages)
