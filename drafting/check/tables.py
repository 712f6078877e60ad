"""``draft check`` on tables: empty cells, 合计 rows that are not the sum of their column, comparisons a 指标表 cannot make."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from ..errors import WARNING, Problem
from ..form.figures import exact, format_number, split_number_unit
from ..form.model import FiguresTable, Form, Item, Table
from ..render.tables import MISSING, figure_cells
from ..form.tables import column_letters

TOTAL_WORDS = ("合计", "总计", "小计", "总数")


def form_items(form: Form) -> Iterator[Item]:
    """Every item of the form, at any depth, in the body, the sections, the other fields and the attachments."""
    def walk(items: tuple[Item, ...]) -> Iterator[Item]:
        for item in items:
            yield item
            yield from walk(item.children)

    yield from walk(form.body)
    for value in [form.problems, form.next_steps, *form.extra.values(), *form.attachment_pages]:
        if isinstance(value, tuple) and all(isinstance(v, Item) for v in value):
            yield from walk(value)
        elif hasattr(value, "items") and isinstance(getattr(value, "items"), tuple):
            yield from walk(value.items)  # a Section or an Attachment


def table_figures(form: Form) -> set[str]:
    """The figures a 指标表 prints (every figure, for one that names none)."""
    names: set[str] = set()
    for item in form_items(form):
        if isinstance(item.table, FiguresTable):
            names |= set(item.table.names or form.figures)
    return names


def _number(text: str) -> tuple[Decimal, str] | None:
    parsed = split_number_unit(text.replace("，", "").replace(",", ""))
    return parsed if parsed is not None and not parsed[1].endswith(("%", "％")) else None


def _covered(table: Table) -> set[tuple[int, int]]:
    cells = set()
    for merge in table.merges:
        cells |= {(r, c) for r in range(merge.row, merge.row + merge.rows)
                  for c in range(merge.column, merge.column + merge.columns)}
    return cells


def _table_findings(form: Form, table: Table, rendered: dict[str, str]) -> Iterator[Problem]:
    merged = _covered(table)
    offset = len(table.header)
    started = 0  # the first row a 合计 row sums: after the previous 合计
    for index, row in enumerate(table.rows):
        where = table.row_locations[index] if index < len(table.row_locations) else table.location
        excerpt = form.excerpt(where.line)
        for column, cell in enumerate(row):
            if not str(cell).strip() and (index + offset, column) not in merged:
                yield Problem(where, f"表格第{index + 1}行第{column + 1}列（{column_letters(column)}{index + offset + 1}）是空的",
                              "填上内容；确实没有就写“—”，或用“合并”把它并入旁边的单元格", "C220", WARNING, excerpt)
        yield from _disagreeing_cells(form, row, where, excerpt, rendered)
        if not row or not any(str(row[0]).strip().startswith(word) for word in TOTAL_WORDS):
            continue
        for column in range(1, len(row)):
            total = _number(rendered.get(row[column], row[column]))
            above = [_number(rendered.get(r[column], r[column])) for r in table.rows[started:index]]
            if total is None or not above or any(a is None for a in above):
                continue
            units = {a[1] for a in above if a is not None} | {total[1]}
            if len(units) > 1:
                continue
            with exact():  # 30-digit cells add up exactly (the default 28 digits would round)
                summed = sum((a[0] for a in above if a is not None), Decimal(0))
            if summed != total[0]:
                yield Problem(where, f"表格第{index + 1}行“{str(row[0]).strip()}”第{column + 1}列是 {format_number(total[0])}，"
                                     f"上面各行相加是 {format_number(summed)}",
                              "核对各行和合计；或用 {{ 合计(指标.甲, 指标.乙) }} 让工具去加", "C221", WARNING, excerpt)
        started = index + 1


def _disagreeing_cells(form: Form, row: tuple[str, ...], where: Any, excerpt: str | None,
                       rendered: dict[str, str]) -> Iterator[Problem]:
    """A row named after a figure that holds a number in the figure's unit which is none of its values, and
    not its value either (C223): the table says 1437件 where the 指标 block (and so the text) says 1486件."""
    name = str(row[0]).strip() if row else ""
    figure = form.figures.get(name)
    if figure is None or figure.value is None or not figure.unit:
        return
    known = {v for v in (figure.value, figure.previous, figure.last_year) if v is not None}
    typed = [(cell, _number(rendered.get(cell, cell))) for cell in row[1:]]
    same_unit = [(cell, parsed[0]) for cell, parsed in typed if parsed is not None and parsed[1] == figure.unit]
    unknown = [(cell, value) for cell, value in same_unit if value not in known]
    if unknown and not any(value == figure.value for _, value in same_unit):
        cell, value = unknown[0]
        yield Problem(where, f"表格里“{name}”一行是 {format_number(value)}{figure.unit}，指标“{name}”是 {figure}",
                      f"核对这个数；在单元格里写 {{{{ 指标.{name} }}}}，表格和正文就总是一致", "C223", WARNING, excerpt)


def _figures_table_findings(form: Form, table: FiguresTable) -> Iterator[Problem]:
    excerpt = form.excerpt(table.location.line)
    for name in table.names or tuple(form.figures):
        figure = form.figures.get(name)
        if figure is None or figure.value is None:
            continue  # unknown: E157 at reading; blank: C103
        missing: list[tuple[str, str]] = []
        figure_cells(figure, table.columns, missing)
        for _, kind in dict.fromkeys(missing):
            label = "去年同期" if kind == "同比" else "上期"
            yield Problem(table.location, f"指标“{name}”没有{label}数，指标表的{kind}一栏印成“{MISSING}”",
                          f"在指标里填上“{label}”，或用“{label}: 表单文件”指明对比的表单", "C222", WARNING, excerpt)


def table_findings(form: Form, rendered: dict[str, str]) -> list[Problem]:
    """Every table finding of ``form`` (``rendered``: each form text's rendered value)."""
    found: list[Problem] = []
    for item in form_items(form):
        if isinstance(item.table, Table):
            found.extend(_table_findings(form, item.table, rendered))
        elif isinstance(item.table, FiguresTable):
            found.extend(_figures_table_findings(form, item.table))
    return found


