"""Tables as markup: a 表格 item's cells, a 指标表 computed from the figures, and the attachments' pages."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from ..form.figures import Figure, FigureError, change, format_number
from ..form.model import Attachment, FiguresTable, Form, Item, Section, Table
from ..document.markup import origin_option
from .filters import PLACEHOLDER
from .sandbox import MarkupText, one_line

MISSING = "—"  # a comparison that cannot be made (no earlier value): never “0%”


def _cell(text: str) -> str:
    """A cell's text on one markup line."""
    return one_line(str(text)).replace("\t", " ").strip()


def table_markup(table: Table, origin: str | None = None) -> list[str]:
    """A 表格 as @table … @endtable lines (``origin``: the path of its item)."""
    options = [f"header={len(table.header)}"]
    if table.widths:
        options.append("widths=" + ";".join(f"{w:g}" for w in table.widths))
    if table.aligns:
        options.append("align=" + ";".join(table.aligns))
    if table.merges:
        options.append("merge=" + ";".join(f"{m.row}.{m.column}.{m.rows}.{m.columns}" for m in table.merges))
    lines = [f"@table[{','.join(options)}]{origin_option(origin)} {_cell(table.title or '')}".rstrip()]
    for row in table.header + table.rows:
        lines.append("@row")
        lines.extend(f"@cell {_cell(cell)}".rstrip() for cell in row)
    if table.note:
        lines.append(f"@tablenote {_cell(table.note)}")
    lines.append("@endtable")
    return lines


def _signed(direction: str, amount: str) -> str:
    if direction == "持平":
        return "持平"
    return ("+" if direction in ("上升", "提高") else "-") + amount


def _comparison(figure: Figure, kind: str, missing: list[tuple[str, str]]) -> str:
    base = figure.last_year if kind == "同比" else figure.previous
    if figure.value is None or base is None:
        missing.append((figure.name, kind))
        return MISSING
    try:
        return _signed(*change(figure, kind))
    except FigureError:  # a base of 0: no percentage
        missing.append((figure.name, kind))
        return MISSING


def _difference(figure: Figure, base: Decimal | None, kind: str, missing: list[tuple[str, str]]) -> str:
    if figure.value is None or base is None:
        missing.append((figure.name, kind))
        return MISSING
    delta = figure.value - base
    return "持平" if delta == 0 else ("+" if delta > 0 else "-") + format_number(abs(delta))


def figure_cells(figure: Figure, columns: Iterable[str], missing: list[tuple[str, str]]) -> list[str]:
    """One figure's row of a 指标表: each column computed as the filters compute it."""
    value = lambda number: format_number(number) if number is not None else MISSING  # noqa: E731
    cells = []
    for column in columns:
        if column == "指标":
            cells.append(figure.name)
        elif column == "单位":
            cells.append(figure.unit)
        elif column == "本期":
            cells.append(value(figure.value) if figure.value is not None else PLACEHOLDER)
        elif column == "上期":
            cells.append(value(figure.previous))
        elif column == "去年同期":
            cells.append(value(figure.last_year))
        elif column == "增减":
            cells.append(_difference(figure, figure.previous, "环比", missing))
        elif column == "同比增减":
            cells.append(_difference(figure, figure.last_year, "同比", missing))
        elif column in ("环比", "同比"):
            cells.append(_comparison(figure, column, missing))
    return cells


HEADINGS = {"指标": "指标", "单位": "单位", "本期": "本期", "上期": "上期", "增减": "比上期增减", "环比": "环比",
            "去年同期": "去年同期", "同比": "同比", "同比增减": "比去年同期增减"}


def figures_table(spec: FiguresTable, figures: dict[str, Figure]) -> Table:
    """A 指标表 as the table it prints: one row per figure named (all, when none are)."""
    names = spec.names or tuple(figures)
    rows = [tuple(figure_cells(figures[name], spec.columns, [])) for name in names if name in figures]
    aligns = tuple("left" if column in ("指标", "单位") else "right" for column in spec.columns)
    return Table(spec.location, (tuple(HEADINGS[c] for c in spec.columns),), tuple(rows), spec.title, (), aligns)


def _resolved_items(items: tuple[Item, ...], figures: dict[str, Figure]) -> tuple[Item, ...]:
    out = []
    for item in items:
        if isinstance(item.table, FiguresTable):
            item = item._replace(table=figures_table(item.table, figures))
        if item.children:
            item = item._replace(children=_resolved_items(item.children, figures))
        out.append(item)
    return tuple(out)


def _resolved(value: Any, figures: dict[str, Figure]) -> Any:
    if isinstance(value, tuple) and value and all(isinstance(v, Item) for v in value):
        return _resolved_items(value, figures)
    if isinstance(value, Section):
        return value._replace(items=_resolved_items(value.items, figures))
    return value


def with_figure_tables(form: Form) -> Form:
    """``form`` with each 指标表 turned into the table it prints (after the texts are rendered)."""
    pages = tuple(page._replace(items=_resolved_items(page.items, form.figures)) for page in form.attachment_pages)
    return form.replace(body=_resolved_items(form.body, form.figures),
                   problems=_resolved(form.problems, form.figures), next_steps=_resolved(form.next_steps, form.figures),
                   extra={k: _resolved(v, form.figures) for k, v in form.extra.items()}, attachment_pages=pages)


def annex_markup(pages: Iterable[Attachment] | None, count: int, items_markup: Any) -> MarkupText:
    """Jinja filter ``附件页``: each attachment with content as @annex and its items (``count``: all attachments)."""
    out: list[str] = []
    for page in pages or ():
        out.append(f"@annex[number={page.number},of={max(count, page.number)}]{origin_option(f'附件/{page.number - 1}/名称')} "
                   f"{_cell(page.name)}")
        out.append(str(items_markup(page.items)))
    return MarkupText("\n".join(out))
