"""``draft rollup``: unit forms (or reports, imported first) become one county form, written as a new file."""
from __future__ import annotations

import datetime
from collections import Counter
import os
from pathlib import Path
from typing import Any

import yaml

from ..atomic import write_new
from ..authoring.rollup import Unit, county_form, county_yaml, sum_figures, unit_of
from ..errors import ERROR, WARNING, DraftError, FormError, Location, Problem, UsageError, display_name
from ..form.model import Form
from ..form.validate import load_form, load_form_text
from ..options import Session
from ..records import NamedTuple
from ..render.formtexts import expanded_form
from .batch import expand_forms, named_files

REPORT_SUFFIXES = (".docx", ".txt")


class Rolled(NamedTuple):
    """What a rollup wrote: the county form, how many units and figures it holds, the warnings."""

    target: Path
    units: int
    figures: int
    warnings: list[Problem]


def _load(path: Path, session: Session) -> tuple[Form | None, list[Problem]]:
    """A unit's form, rendered; or its problems (a report is imported first, its notices kept)."""
    try:
        if path.suffix.lower() in REPORT_SUFFIXES:
            from ..importing.paragraphs import read_paragraphs
            from ..importing.recognise import recognise
            from ..importing.toform import report_to_yaml

            paragraphs, notices = read_paragraphs(path)
            text = report_to_yaml(recognise(paragraphs), display_name(path))
            form = load_form_text(path.with_suffix(".yaml"), text, session)
        else:
            notices = []
            form = load_form(path, session)
        return expanded_form(form, False, session.caches), notices
    except DraftError as error:
        return None, list(error.problems)


def _inputs(arguments: list[str], output: Path) -> list[Path]:
    """The units' files; UsageError when ``output`` is one of them or a file one of them names (as draft build)."""
    reports = [Path(a) for a in arguments if a.lower().endswith(REPORT_SUFFIXES)]
    forms = expand_forms([a for a in arguments if not a.lower().endswith(REPORT_SUFFIXES)])
    out = output.resolve()
    for path in forms + reports:
        readable = os.path.isfile(path)  # False for a name the system cannot even look up (too long): said later
        named = named_files(path) if path.suffix.lower() not in REPORT_SUFFIXES and readable else []
        hit = next((p for p in [path, *named] if p.resolve() == out), None)
        if hit is not None:
            said = "" if hit == path else f"（{display_name(path)} 引用的文件）"
            raise UsageError(Problem(Location("命令行"), f"-o 给的“{display_name(output)}”是输入文件"
                                     f"“{display_name(hit)}”{said}，汇总会覆盖它", "用 -o 换一个文件名，"
                                     "汇总表单不要写在各单位表单所在的文件夹里", "R012"))
    return forms + reports


def rollup(arguments: list[str], output: Path, session: Session, template: str | None = None,
           title: str | None = None, unit: str | None = None, date: str | None = None,
           order: str | None = None) -> Rolled:
    """Gather the units' forms into the county form at ``output``. Raises FormError listing every problem."""
    paths = _inputs(arguments, output)
    if not paths:
        raise FormError(Problem(Location("命令行"), "没有找到要汇总的表单：" + "、".join(arguments),
                                "给出各单位的表单文件、文件夹或通配符", "R001"))
    problems: list[Problem] = []
    units: list[Unit] = []
    read: list[_Read] = []  # what the checks and defaults need of each form; the form itself is let go
    for path in paths:
        form, said = _load(path, session)
        problems.extend(said)
        if form is not None:
            units.append(unit_of(form))
            read.append(_Read(form.name, form.period.code if form.period else "（未写期间）",
                              form.locations.get("期间", Location(form.name)),
                              form.locations.get("落款", Location(form.name)),
                              str(form.recipient).rstrip("：:").strip() if form.recipient else None,
                              form.date, form.template))
    problems.extend(period_problems(read, units))
    seen: dict[str, _Read] = {}
    for entry, unit_read in zip(read, units):
        if unit_read.name in seen:
            problems.append(Problem(entry.unit_at, f"“{unit_read.name}”出现了两次：{seen[unit_read.name].name} 和 {entry.name}",
                                    "每个单位只给一份表单", "R003"))
        seen[unit_read.name] = entry
    if order and units and not any(order in u.figures for u in units):
        problems.append(Problem(Location("命令行"), f"--order 给的指标“{order}”各单位都没有",
                                "写各单位表单“指标”里的一个名称", "R010"))
    if order:
        units.sort(key=lambda u: -(u.figures[order].value or 0) if order in u.figures else 0)
    summed, figure_problems = sum_figures(units) if units else ({}, [])
    problems.extend(figure_problems)
    county = unit or next((entry.recipient for entry in read if entry.recipient), None)
    if county is None:
        problems.append(Problem(Location("命令行"), "汇总表单的“落款”空着（各单位表单都没有写“主送”，命令行也没有 --unit）",
                                "在汇总表单里写上落款，或用 --unit 写明汇总单位，如 --unit 中共青山县委政法委员会；"
                                "draft check 会提醒空着的落款", "R008", WARNING))
    if any(p.severity == ERROR for p in problems):
        raise FormError(problems)
    templates = {entry.template for entry in read}
    first = read[0].period
    data = county_form(units, summed, template or (templates.pop() if len(templates) == 1 else "工作总结"), county or "",
                       None if first == "（未写期间）" else first, _date(date, [e.date for e in read]), title)
    text = "".join(county_yaml(data, [u.name for u in units]))
    for _ in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass  # well-formed YAML, read as a stream of events (the whole form as nodes would cost its size again)
    write_new(output, text.encode("utf-8"), session.options.overwrite, "用 -o 换一个文件名，或加 --overwrite")
    return Rolled(output, len(units), len(summed), [p for p in problems if p.severity != ERROR])


class _Read(NamedTuple):
    """What the rollup keeps of a unit's form besides the unit: where to point, and the defaults it gives."""

    name: str
    period: str
    period_at: Location
    unit_at: Location
    recipient: str | None
    date: Any
    template: str


def period_problems(read: list[_Read], units: list[Unit]) -> list[Problem]:
    """R002 at the forms whose period differs from the most units' (majority vote); a tie names every period."""
    counts = Counter(entry.period for entry in read)
    if len(counts) < 2:
        return []
    ranked = counts.most_common()
    listed = "、".join(f"{code}（{count} 份）" for code, count in ranked)
    if ranked[0][1] == ranked[1][1]:
        tied = [code for code, count in ranked if count == ranked[0][1]]
        return [Problem(entry.period_at, f"{unit.name}的期间是 {entry.period}，各单位的期间不一致，"
                                         f"而且 {'、'.join(tied)} 的表单一样多，看不出哪一期是对的",
                        "只汇总同一期的表单：" + listed, "R002")
                for entry, unit in zip(read, units)]
    majority = ranked[0][0]
    return [Problem(entry.period_at, f"{unit.name}的期间是 {entry.period}，与其他单位（{majority}）不一致",
                    f"改正这份表单的期间，或不汇总它（各期表单数：{listed}）", "R002")
            for entry, unit in zip(read, units) if entry.period != majority]


def _date(given: str | None, dates: list[Any]) -> Any:
    if given:
        try:
            return datetime.date.fromisoformat(given)
        except ValueError:
            raise FormError(Problem(Location("命令行"), f"日期“{given}”无法识别", "写成 2023-07-10", "R009")) from None
    known = [day for day in dates if day]
    return max(known) if known else None
