"""``draft rollup``: the units' forms (townships, departments) gathered into one county form, nothing retyped.

Figures are summed exactly when name and measure word agree; rates declared with 分子/分母 are
recomputed from the summed parts, other rates are never added. Each unit's work items, their
figures already written out, are gathered under the county's headings (matched by heading text),
each prefixed with its unit. An attachment tables every summed figure by unit, with a 合计 row.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterator

from ..errors import WARNING, Location, Problem
from ..records import NamedTuple
from .headings import Group, Level, merge, names_pattern
from ..form.figures import Figure, absurd, exact, format_number, round_half_up
from ..form.model import FiguresTable, Form, Item, Table
from ..form.literal import Code, figure_reference, literal, literal_texts
from ..form.roundtrip import comment_lines, dump_new, flow_list, flow_map, new_form_yaml

NON_ADDITIVE = re.compile(r"率|比例|比重|占比|排名|名次|位次|平均|人均|指数")
NOT_TEXTS = frozenset({"模板", "期间", "日期", "指标"})  # the county form's keys whose values are not texts
RATE_PLACES = 10       # decimals of a recomputed rate at most (as the filters allow)
OPENING_FIGURES = 6    # county figures named in the opening sentence at most (the annex tables them all)
OPENING_PLACES = "省市州盟县区旗乡镇"  # the level a 落款 names, for “全县” “全市”…
TABLE_COLUMNS = 6      # figures per table of the per-unit attachment (more make it too wide for the page)


class Unit(NamedTuple):
    """What the rollup keeps of one unit's form: its name, figures, and rendered items by section."""

    name: str
    form_name: str
    figures: dict[str, Figure]
    body: tuple[Item, ...]
    problems: tuple[Item, ...]
    next_steps: tuple[Item, ...]
    section_headings: tuple[str | None, str | None]


_PREFIXES = ("中国共产党", "中共")
_SUFFIXES = ("委员会", "党委", "人民政府", "政府")
_GOVERNMENT = ("人民政府", "政府")
_JOINT = re.compile(r"[\s、,，;；/]+")  # how a joint 落款 separates its signers (GB/T 9704 7.3.5.1: a full-width space)


def _one_name(signature: str) -> str:
    """One signer's short name: 中共白河镇委员会 → 白河镇, 白河镇人民政府 → 白河镇, 县公安局 stays."""
    name = signature
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
            break
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[:-len(suffix)]
            break
    return signature if name in _SUFFIXES else name


def short_name(signature: str) -> str:
    """How a county report names a unit: its 落款 without party and office words, one line.

    A joint 落款 (signers that are each a party or government body: 中共白河镇委员会　白河镇人民政府) is named by its
    government (白河镇), else by its first signer.
    """
    signers = [part for part in _JOINT.split(signature) if part]
    if len(signers) < 2 or not all(part.startswith(_PREFIXES) or part.endswith(_SUFFIXES) for part in signers):
        return _one_name(" ".join(signature.split()))  # one signer; a name never breaks a line
    government = next((part for part in signers if part.endswith(_GOVERNMENT)), None)
    return _one_name(government or signers[0])


def unit_name(form: Form) -> str:
    """The unit's name in the county report: the form's 简称 when it gives one, else derived from its 落款 or file name."""
    given = form.extra.get("简称")
    if given is not None and str(given).strip():
        return " ".join(str(given).split())
    return short_name(str(form.unit) if form.unit else form.path.stem)


def unit_of(form: Form) -> Unit:
    """A unit read from its validated, rendered form (its texts already carry its own numbers)."""
    name = unit_name(form)
    return Unit(name, form.name, dict(form.figures), form.body,
                form.problems.items if form.problems else (), form.next_steps.items if form.next_steps else (),
                (form.problems.heading if form.problems else None, form.next_steps.heading if form.next_steps else None))


class Summed(NamedTuple):
    """A county figure: the sum (or recomputed rate) and who contributed what."""

    figure: Figure
    contributions: tuple[tuple[str, Decimal | None], ...]


def _sum(values: list[Decimal | None]) -> Decimal | None:
    return None if any(v is None for v in values) or not values else sum(values, Decimal(0))  # type: ignore[arg-type]


def _places(values: list[Decimal]) -> int:
    return max((max(0, -v.as_tuple().exponent) for v in values if isinstance(v.as_tuple().exponent, int)), default=0)


def sum_figures(units: list[Unit]) -> tuple[dict[str, Summed], list[Problem]]:
    """The county's figures, in the order they first appear, and what could not be summed."""
    with exact():  # sums of figures of up to 40 digits stay exact however many units there are
        return _sum_figures(units)


def _sum_figures(units: list[Unit]) -> tuple[dict[str, Summed], list[Problem]]:
    names = list(dict.fromkeys(name for unit in units for name in unit.figures))
    summed: dict[str, Summed] = {}
    problems: list[Problem] = []
    for name in names:
        having = [(unit, unit.figures[name]) for unit in units if name in unit.figures]
        missing = [unit.name for unit in units if name not in unit.figures]
        first_unit, first = having[0]
        other = next(((u, f) for u, f in having if f.unit != first.unit), None)
        if other is not None:
            where = other[1].location or Location(other[0].form_name)
            problems.append(Problem(where, f"{other[0].name}的指标“{name}”单位是“{other[1].unit or '（无）'}”，"
                                           f"{first_unit.name}是“{first.unit or '（无）'}”，不能相加",
                                    "把各单位的量词改成一致，再汇总", "R004"))
            continue
        parts = first.parts
        if first.is_rate or NON_ADDITIVE.search(name):
            if parts is None:
                where = first.location or Location(first_unit.form_name)
                problems.append(Problem(where, f"指标“{name}”是比率或名次，不能相加，没有汇总",
                                        "在各单位的指标里写明它由哪两个指标算出，如 {值: 96.7, 单位: \"%\", 分子: 化解, 分母: 受理}；"
                                        "或在正文里用“比率”过滤器从汇总后的数算", "R005", WARNING))
                continue
            summed[name] = Summed(first, tuple((u.name, f.value) for u, f in having))  # recomputed below
            continue
        if missing:
            problems.append(Problem(first.location or Location(first_unit.form_name),
                                    f"指标“{name}”只有{'、'.join(u.name for u, _ in having)}填了，"
                                    f"{'、'.join(missing)}没有：合计只含填了的单位", "核对是否漏报", "R006", WARNING))
        values = [f.value for _, f in having]
        total, previous, last_year = (_sum(values), _sum([f.previous for _, f in having]),
                                      _sum([f.last_year for _, f in having]))
        if any(v is not None and absurd(v) for v in (total, previous, last_year)):
            problems.append(Problem(first.location or Location(first_unit.form_name),
                                    f"指标“{name}”汇总后超出报告能写的范围（最多 40 位有效数字，不超过 10 的 30 次方）",
                                    "核对各单位的数，或改用“万”“亿”作单位", "R011"))
            continue
        figure = Figure(name, total, first.unit, previous, last_year,
                        "＋".join(f"{u.name}{format_number(f.value) if f.value is not None else '（未填）'}"
                                  for u, f in having))
        summed[name] = Summed(figure, tuple((u.name, f.value) for u, f in having))
    for name, entry in list(summed.items()):
        parts = entry.figure.parts
        if parts is None:
            continue
        numerator, denominator = (summed.get(part) for part in parts)
        if numerator is None or denominator is None:
            problems.append(Problem(entry.figure.location or Location(units[0].form_name),
                                    f"比率“{name}”的分子“{parts[0]}”或分母“{parts[1]}”没有汇总成，无法重算",
                                    "检查这两个指标", "R007", WARNING))
            del summed[name]
            continue
        places = min(_places([v for _, v in entry.contributions if v is not None]), RATE_PLACES)

        def rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
            return round_half_up(part * 100 / whole, places) if part is not None and whole else None

        n, d = numerator.figure, denominator.figure
        rates = (rate(n.value, d.value), rate(n.previous, d.previous), rate(n.last_year, d.last_year))
        if any(v is not None and absurd(v) for v in rates):
            problems.append(Problem(entry.figure.location or Location(units[0].form_name),
                                    f"比率“{name}”由{parts[0]}÷{parts[1]}重算后超出报告能写的范围",
                                    "核对这两个指标的数", "R011"))
            del summed[name]
            continue
        summed[name] = Summed(Figure(name, rates[0], entry.figure.unit, rates[1], rates[2],
                                     f"由{parts[0]}÷{parts[1]}重算", None, parts), entry.contributions)
    return summed, problems


def _prefixed(item: Item, unit: str) -> Item:
    """``item`` with its unit named at its start: “白河镇：…”."""
    mark = f"{unit}："
    if item.heading:
        return item._replace(heading=mark + item.heading)
    if item.lead:
        return item._replace(lead=mark + item.lead)
    if item.text:
        return item._replace(text=mark + item.text)
    if item.enumeration:
        return item._replace(text=mark.rstrip("："))
    return item


def gather_body(units: list[Unit]) -> list[tuple[str | None, list[Item]]]:
    """The county's body: (heading, items) groups, each unit's material under the heading it shares.

    Headings are matched at every level (headings.py: the same words once periods, unit names and generic words
    are set aside, or nearly); a unit's paragraphs go under the matched heading, prefixed with the unit.
    """
    names = names_pattern(unit.name for unit in units)
    level = Level()
    for unit in units:
        merge(level, unit.body, unit.name, names, _prefixed)
    return [(str(entry.item.heading), list(entry.members.as_items())) if isinstance(entry, Group) else (None, [entry])
            for entry in level.entries]


def gather_section(units: list[Unit], which: int) -> tuple[str | None, list[Item]]:
    """存在问题 (0) or 下一步 (1): every unit's items prefixed, under the first heading a unit gave."""
    heading = next((unit.section_headings[which] for unit in units if unit.section_headings[which]), None)
    items = [_prefixed(item, unit.name) for unit in units
             for item in (unit.problems if which == 0 else unit.next_steps)]
    return heading, items


def per_unit_tables(units: list[Unit], summed: dict[str, Summed]) -> list[dict[str, Any]]:
    """The attachment's tables: a row per unit, a column per county figure (six to a table), and 合计 — the
    county's own figures, so the row adds up (a rate's column carries its % and its 合计 is the recomputed rate)."""
    names = list(summed)
    tables = []
    for start in range(0, len(names), TABLE_COLUMNS):
        chunk = names[start:start + TABLE_COLUMNS]
        rate = {name: summed[name].figure.is_rate or summed[name].figure.parts is not None for name in chunk}
        shown = {name: " ".join(name.split()) for name in chunk}  # a heading cell is one line, whatever the key holds
        header = ["单位"] + [f"{shown[name]}（{summed[name].figure.unit}）" if summed[name].figure.unit and not rate[name]
                             else shown[name] for name in chunk]
        rows = []
        for unit in units:
            cells: list[Any] = [unit.name]
            for name in chunk:
                value = unit.figures.get(name)
                if value is None or value.value is None:
                    cells.append("—")
                else:
                    cells.append(format_number(value.value) + value.unit if rate[name] else _plain(value.value))
            rows.append(flow_list(cells))
        rows.append(flow_list(["合计"] + [figure_reference(name, "" if rate[name] else " | 数值") for name in chunk]))
        tables.append({"表头": flow_list(header), "行": rows})
    return tables


def _figure_data(figure: Figure) -> Any:
    entry = flow_map({"值": _plain(figure.value)})
    if figure.unit:
        entry["单位"] = figure.unit
    if figure.previous is not None:
        entry["上期"] = _plain(figure.previous)
    if figure.last_year is not None:
        entry["去年同期"] = _plain(figure.last_year)
    if figure.parts is not None:
        entry["分子"], entry["分母"] = figure.parts
    if figure.source:
        entry["来源"] = figure.source
    return entry


def _plain(value: Decimal | None) -> Decimal | None:
    """``value`` as the form writes it: every digit as read, no exponent, no trailing zeros (the writer quotes none)."""
    return None if value is None else Decimal(format_number(value))


def item_data(item: Item) -> Any:
    """An item as form data (what a form would say to get this item)."""
    if isinstance(item.table, Table):
        table: dict[str, Any] = {}
        if item.table.title:
            table["标题"] = str(item.table.title)
        if item.table.header:
            table["表头"] = [flow_list(map(str, row)) for row in item.table.header] if len(item.table.header) > 1 \
                else flow_list(map(str, item.table.header[0]))
        table["行"] = [flow_list(map(str, row)) for row in item.table.rows]
        if item.table.note:
            table["注"] = str(item.table.note)
        return {"表格": table}
    if isinstance(item.table, FiguresTable):
        spec: dict[str, Any] = {}
        if item.table.title:
            spec["标题"] = str(item.table.title)
        if item.table.names:
            spec["指标"] = flow_list(item.table.names)
        spec["列"] = flow_list(item.table.columns)
        return {"指标表": spec}
    if not (item.heading or item.lead or item.enumeration or item.children) and item.text:
        return str(item.text)
    data: dict[str, Any] = {}
    for key, value in (("标题", item.heading), ("引语", item.lead), ("内容", item.text)):
        if value:
            data[key] = str(value)
    if item.enumeration:
        data["列举"] = [str(entry) for entry in item.enumeration]
        if item.separate:
            data["分段"] = True
    if item.children:
        data["下级"] = [item_data(child) for child in item.children]
    return data


def scope(county: str) -> str:
    """What the county text calls the whole: 全县 for 中共青山县委政法委员会, 全市, 全区…; 各单位 when the 落款 says none."""
    place = _one_name(county)
    found = min(((place.find(mark), mark) for mark in OPENING_PLACES if mark in place), default=None)
    return f"全{found[1]}" if found else "各单位"


def opening(units: list[Unit], summed: dict[str, Summed], county: str) -> Code:
    """The county text's first words: the totals, as ``{{ 指标.X }}`` expressions so they stay data, then the units.

    Only a figure every unit gave is a total of the whole (全县共计…); one that some units left out stays in the
    per-unit table, where the units that gave it are named (R006 says which did not)."""
    whole = [name for name, entry in summed.items()
             if len(entry.contributions) == len(units) and all(value is not None for _, value in entry.contributions)]
    names = whole[:OPENING_FIGURES]
    listed = "、".join(literal(name) + figure_reference(name) for name in names)
    more = "等" if len(whole) > len(names) else ""
    totals = f"{scope(county)}共计{listed}{more}。" if names else ""
    return Code(totals + f"现将{literal('、'.join(u.name for u in units))}等{len(units)}个单位的工作情况汇总报告如下：")


def county_form(units: list[Unit], summed: dict[str, Summed], template: str, unit: str, period: str | None,
                date: Any, title: str | None) -> dict[str, Any]:
    """The county form's data: an ordinary form for ``template`` that draft build, check, serve and next handle."""
    form: dict[str, Any] = {"模板": template}
    if title:
        form["标题"] = Code(title)  # the county's own words, from the command line
    if period:
        form["期间"] = period
    form["落款"] = unit
    if date is not None:
        form["日期"] = date
    form["指标"] = {name: _figure_data(entry.figure) for name, entry in summed.items()}
    form["开头"] = str(opening(units, summed, unit))  # template code: left as it is by literal_texts
    body = []
    for heading, items in gather_body(units):
        if heading is None:
            body.extend(item_data(item) for item in items)
        else:
            body.append({"标题": heading, "下级": [item_data(item) for item in items]} if items else {"标题": heading})
    form["正文"] = body
    for key, which in (("存在问题", 0), ("下一步", 1)):
        heading, items = gather_section(units, which)
        if items:
            form[key] = {"标题": heading, "下级": [item_data(i) for i in items]} if heading else \
                [item_data(i) for i in items]
    tables = per_unit_tables(units, summed)
    if tables:
        name = "各单位主要指标情况表"
        form["附件"] = [{"名称": name, "内容": [{"表格": table} for table in tables]}]
    # Every text came from a unit (its rendered texts, its names): it prints as written, never runs again.
    return literal_texts(form, NOT_TEXTS | {"开头"})


def county_yaml(data: dict[str, Any], units: list[str]) -> Iterator[str]:
    """The county form's text, its header naming ``units``, a body item at a time (the same text as written at once)."""
    # Each piece is written alone, so writing needs memory for one item, not for every unit's.
    yield "".join(line + "\n" for line in comment_lines(
        f"由 draft rollup 从 {len(units)} 个单位的表单汇总：{'、'.join(units)}。\n"
        "每个指标的“来源”写明各单位的数；各单位的条目以单位名开头，删改后再 draft check、draft build。"))
    writer = new_form_yaml()  # one writer for every piece
    for key, value in data.items():
        if key != "正文" or not isinstance(value, list) or not value:
            yield dump_new({key: value}, writer)
            continue
        for index, group in enumerate(value):
            children = group.get("下级") if isinstance(group, dict) else None
            pieces = children if isinstance(children, list) and children else []
            head = {**group, "下级": pieces[:1]} if pieces else group
            yield _inner(dump_new({key: [head]}, writer), 0 if index == 0 else 1)  # “正文:” once
            for child in pieces[1:]:
                yield _inner(dump_new({key: [{"下级": [child]}]}, writer), 2)


def _inner(text: str, lines: int) -> str:
    """``text`` without its first ``lines`` lines (the keys that hold the piece, written with the piece before it)."""
    return text.split("\n", lines)[lines]
