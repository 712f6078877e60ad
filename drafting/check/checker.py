"""``draft check``: what a reviewer would circle in red, each finding at its file:line:col."""
from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import Iterator

from ..chars import INVISIBLE, in_gb2312, is_cjk
from ..errors import ERROR, WARNING, Location, Problem, Severity, Subject, subject_in
from ..form.figures import absurd, exact, format_number, round_half_up
from ..form.model import Form, Section, TextRef
from ..form.texts import locate
from ..options import Caches
from ..render.formtexts import expand
from .nextperiod import carried_over_findings, period_findings, period_words
from .rules import RULE_GROUPS, Rule
from .spots import BRACKET_CHARS, BRACKETS, MAX_PER_RULE, Spot, invisible_spots, pattern_spots, unbalanced_spots
from .tables import table_figures, table_findings
from .titles import title_findings

_PERCENT_CLAIM = re.compile(r"率[^，。；、\d]{0,4}?(\d+(?:\.\d+)?)[%％](以上|左右)?")  # plus up to 2 characters before
_FIGURE_NAME = re.compile(r"指标\s*(?:\.\s*([^\s.|}()\[\],]+)|\[\s*['\"]([^'\"]+)['\"]\s*\])")
_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)(人次|万元|件|人|个|次|起|名|户|条|所|处|份|元)")


_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _mask(text: str) -> str:
    """Blank out template code ({{ … }}) so checks read only the words, keeping offsets (linear in the text)."""
    if "{" not in text:
        return text
    out: list[str] = []
    position = 0
    while True:
        start = text.find("{", position)
        while start >= 0 and text[start:start + 2] not in _CLOSERS:
            start = text.find("{", start + 1)
        if start < 0:
            break
        end = text.find(_CLOSERS[text[start:start + 2]], start + 2)
        if end < 0:  # no closing tag anywhere after: nothing later can close either
            break
        out += [text[position:start], "\x01" * (end + 2 - start)]
        position = end + 2
    out.append(text[position:])
    return "".join(out)


_QUANTITIES_CONSIDERED = 6  # a typed rate is checked against the figures just before it in its sentence


def _finding(form: Form, ref: TextRef, offset: int, snippet: str, severity: Severity, code: str, message: str,
             hint: str) -> Problem:
    loc = locate(form, ref, offset, snippet)
    subject = subject_in(ref.text, offset, snippet, ref.location)
    return Problem(loc, message, hint, code, severity, form.excerpt(loc.line), subject)


def _located(form: Form, ref: TextRef, spots: Iterator[Spot]) -> Iterator[Problem]:
    """Spots in ``ref``'s text as findings at their file:line:col (a summing-up at the text's start)."""
    for spot in spots:
        if spot.snippet is None:
            yield Problem(ref.location, spot.message, spot.hint, spot.code, spot.severity,
                          form.excerpt(ref.location.line))
        else:
            yield _finding(form, ref, spot.offset, spot.snippet, spot.severity, spot.code, spot.message, spot.hint)


_BRACKETS = BRACKETS


def _unbalanced(form: Form, ref: TextRef, masked: str) -> Iterator[Problem]:
    """Unpaired quotation marks, brackets and 书名号 in ``ref``'s text (C205)."""
    return _located(form, ref, unbalanced_spots(masked))


def _gb2312_findings(form: Form, ref: TextRef, masked: str) -> Iterator[Problem]:
    if form.profile is None or not form.profile.roles["正文"].east_asian.endswith("_GB2312"):
        return
    fallback = form.profile.fallbacks.get(form.profile.roles["正文"].east_asian, "仿宋")
    if in_gb2312(masked.replace("\x01", "")):  # the usual case: every character prints
        return
    reported = 0
    for offset, char in enumerate(masked):
        if reported == MAX_PER_RULE:
            break
        if ord(char) > 0x2E80 and not in_gb2312(char):
            reported += 1
            yield _finding(form, ref, offset, char, WARNING, "C207", f"“{char}”（U+{ord(char):04X}）不在 GB2312 字库中",
                           f"_GB2312 字体显示不出这个字；生成的 docx 已让它改用“{fallback}”，请打印前核对")




def _disagreeing(typed: Decimal, places: int, qualifier: str | None,
                 quantities: list[tuple[Decimal, str]]) -> str | None:
    """The rate the quantities give nearest to ``typed``, worded, when none agrees and it is within 5 points; else None."""
    ratios = [a * 100 / b for i, (a, ua) in enumerate(quantities) for (b, ub) in quantities[:i] + quantities[i + 1:]
              if ua == ub and 0 < b and a <= b]
    if not ratios:
        return None

    def agrees(r: Decimal) -> bool:
        if qualifier == "以上":
            return r >= typed
        if qualifier == "左右":
            return abs(r - typed) <= 1
        return round_half_up(r, places) == typed

    if any(agrees(r) for r in ratios):
        return None
    nearest = min(ratios, key=lambda r: abs(r - typed))
    return None if abs(nearest - typed) > 5 else format_number(nearest, max(places, 2))


def _percentage_findings(form: Form, ref: TextRef, rendered: str) -> Iterator[Problem]:
    """A typed rate (“结案率93.6%”) that the numbers before it in the sentence do not give."""
    if "率" not in rendered:
        return
    reported = 0
    for sentence in re.finditer(r"[^。；！？]+", rendered):
        text = sentence.group()
        found = [(m.start(), Decimal(m.group(1)), m.group(2)) for m in _QUANTITY.finditer(text)]
        starts = [start for start, _, _ in found]
        for claim in _PERCENT_CLAIM.finditer(text):
            if reported == MAX_PER_RULE:
                return
            typed = Decimal(claim.group(1))
            places = len(claim.group(1).split(".")[1]) if "." in claim.group(1) else 0
            before = bisect.bisect_left(starts, claim.start())  # the figures just before the claim name its parts
            quantities = [(value, unit) for _, value, unit in found[max(0, before - _QUANTITIES_CONSIDERED):before]]
            if absurd(typed) or any(absurd(value) for value, _ in quantities):
                continue  # no report types 10^31 件 or a rate of 40 decimals: nothing to check it against
            with exact():  # not across a yield: the context is this thread's
                nearest = _disagreeing(typed, places, claim.group(2), quantities)
            if nearest is None:
                continue
            start = claim.start()  # the rate's name: up to two Chinese characters before “率”
            while start > max(0, claim.start() - 2) and is_cjk(text[start - 1]):
                start -= 1
            shown = text[start:claim.end()]
            reported += 1
            yield Problem(ref.location, f"“{shown}”与前面的数字算出的{nearest}%不符",
                          "核对数字；用指标和“比率”过滤器自动计算，如 {{ 指标.化解 | 比率(指标.排查) }}", "C208", WARNING,
                          form.excerpt(ref.location.line), Subject(shown, 0, ref.location))


_LATE_DAYS = 120  # a report is written within a few months after its period ends


def _date_findings(form: Form) -> Iterator[Problem]:
    """A 成文日期 before the period began, or long after it ended."""
    if form.date is None or form.period is None:
        return
    loc = form.locations.get("日期", Location(form.name))
    start, end = form.period.first_day(), form.period.last_day()
    if form.date < start:
        yield Problem(loc, f"成文日期{form.date.year}年{form.date.month}月{form.date.day}日早于报告期"
                           f"（{form.period.full}）的开始", "核对“日期”和“期间”", "C211", WARNING, form.excerpt(loc.line))
    elif (form.date - end).days > _LATE_DAYS:
        yield Problem(loc, f"成文日期比报告期（{form.period.full}）结束晚了 {(form.date - end).days} 天",
                      "核对“日期”和“期间”（是不是沿用了旧的日期或期间）", "C211", WARNING, form.excerpt(loc.line))


def _section_findings(form: Form) -> Iterator[Problem]:
    """The parts a template's declaration expects (应有): missing is a warning, written but empty an error."""
    for spec in form.spec.fields if form.spec is not None else ():
        if not spec.expected:
            continue
        value = _declared_value(form, spec.name)
        label = spec.shown
        if spec.name in form.locations and not _has_content(value):
            yield Problem(form.locations[spec.name], f"“{label}”部分是空的", f"写上{label}的内容", "C302", ERROR,
                          form.excerpt(form.locations[spec.name].line))
        elif spec.name not in form.locations:
            yield Problem(Location(form.name, 1, 1), f"{form.template}没有“{label}”部分",
                          f"加上“{spec.name}:”并写明{label}", "C301", WARNING)


def _signature_findings(form: Form) -> Iterator[Problem]:
    """A 落款 written but left empty (as draft rollup leaves it when no unit says whom it reports to): C303."""
    if "落款" in form.locations and not (form.unit and str(form.unit).strip()):
        loc = form.locations["落款"]
        yield Problem(loc, "“落款”空着，印出来没有发文机关署名", "写上发文机关全称或规范化简称，如 落款: 中共青山县委政法委员会",
                      "C303", WARNING, form.excerpt(loc.line))


def _declared_value(form: Form, name: str) -> object:
    from ..form.fields import COMMON_ATTRIBUTES

    if name in form.extra:
        return form.extra[name]
    attribute = COMMON_ATTRIBUTES.get(name, (None,))[0]
    return getattr(form, attribute) if attribute else None


def _has_content(value: object) -> bool:
    return bool(value.items) if isinstance(value, Section) else bool(value)


_UNIT_PLACEHOLDER = re.compile(r"[（(][?？]*[）)]|[?？]|待补充|待填写?|待定|待核实|待确认|[XxＸｘ×]{2,}|TODO|TBD", re.I)


def _figure_findings(form: Form, used: set[str]) -> Iterator[Problem]:
    for name, figure in form.figures.items():
        loc = figure.location or Location(form.name)
        excerpt = form.excerpt(loc.line)
        doubt = _UNIT_PLACEHOLDER.search(figure.unit)
        if doubt:  # 24个（？） or 24个待补充: the number is not settled
            yield Problem(loc, f"指标“{name}”的数值后面有“{doubt.group()}”，数字还没有核实",
                          "核实后只写数字和量词，如 24个", "C202", ERROR, excerpt)
        elif not figure.unit and figure.value is not None and name in used:
            yield Problem(loc, f"指标“{name}”没有写量词（件、人、次……）", "写成 2966件，或 {值: 2966, 单位: 件}",
                          "C104", WARNING, excerpt)
        if name in used and figure.value is not None:
            continue
        if name not in used:
            yield Problem(loc, f"指标“{name}”定义了但正文没有用到", "在正文里用 {{ 指标." + name + " }} 引用它，或删掉",
                          "C101", WARNING, excerpt)
        if figure.value is None:
            blank = figure.value_location or loc  # a spreadsheet's empty value cell, not its name cell
            if name in used:
                yield Problem(blank, f"指标“{name}”还没有填写数值，正文引用了它", "填上本期数值", "C103", ERROR, excerpt)
            else:
                yield Problem(blank, f"指标“{name}”还没有填写数值", "填上本期数值", "C102", WARNING, excerpt)


def check_form(form: Form, caches: Caches | None = None) -> list[Problem]:
    """Every finding for ``form``, in file order: errors block a build, warnings do not."""
    expansion = expand(form, caches=caches)
    # A figure without a value is reported once, where it is defined (C103), not in every text using it.
    findings: list[Problem] = [Problem(p.location, p.message, p.hint, p.code, ERROR, p.excerpt)
                               for p in expansion.problems if p.code != "F002"]
    named = {a or b for ref in form.texts for a, b in _FIGURE_NAME.findall(ref.text)} | table_figures(form)
    findings += _figure_findings(form, expansion.used | named)
    findings += table_findings(form, expansion.rendered)
    words = period_words(form)
    # Each check first asks the whole form whether it could find anything: most find nothing.
    masked_texts = [(ref, _mask(ref.text)) for ref in form.texts]
    whole = "\n".join(masked for _, masked in masked_texts)
    present = set(whole)
    rules = [(rule, severity) for group, severity in RULE_GROUPS for rule in group if rule.applies(whole, present)]
    brackets = not BRACKET_CHARS.isdisjoint(present)
    periods = form.period is not None and ("年" in present or any(word in whole for word in words))
    unprintable = not in_gb2312(whole.replace("\x01", ""))
    invisible = INVISIBLE.search(whole) is not None
    rates = any("率" in ref.text for ref in form.texts)
    for ref, masked in masked_texts:
        findings += _capped(form, ref, _text_findings(form, ref, masked, rules, brackets, periods, unprintable,
                                                      invisible, words))
        if rates:
            findings += _percentage_findings(form, ref, expansion.rendered.get(ref.text, ref.text))
    findings += _section_findings(form)
    findings += _signature_findings(form)
    findings += carried_over_findings(form)
    findings += _date_findings(form)
    findings += title_findings(form)
    findings += form.findings  # what reading mended: a number typed before a heading (C210)
    unique = {(str(p.location), p.code, p.message): p for p in findings}
    return sorted(unique.values(), key=lambda p: (p.location.line or 0, p.location.column or 0, p.code))


def _text_findings(form: Form, ref: TextRef, masked: str, rules: list[tuple[Rule, Severity]], brackets: bool,
                   periods: bool, unprintable: bool, invisible: bool, words: dict[str, str]) -> list[Iterator[Problem]]:
    """The checks that read one text, each a lazy stream of findings."""
    streams: list[Iterator[Problem]] = []
    if rules:
        streams.append(_located(form, ref, pattern_spots(masked, rules)))
    if brackets:
        streams.append(_unbalanced(form, ref, masked))
    if periods:
        streams.append(period_findings(form, ref, masked, words))
    if unprintable:
        streams.append(_gb2312_findings(form, ref, masked))
    if invisible:
        streams.append(_located(form, ref, invisible_spots(masked)))
    return streams


def _capped(form: Form, ref: TextRef, streams: list[Iterator[Problem]]) -> list[Problem]:
    """At most MAX_PER_RULE findings of each code from each stream, then one line saying there are more.

    Streams are read lazily and dropped once full, so a text of 300,000 brackets costs what 20 cost.
    """
    out: list[Problem] = []
    for stream in streams:
        counts: dict[str, int] = {}
        for problem in stream:
            seen = counts.get(problem.code, 0)
            if seen == MAX_PER_RULE:
                out.append(Problem(ref.location, f"同类问题还有更多（{problem.code}），只列出前 {MAX_PER_RULE} 处",
                                   problem.hint, problem.code, problem.severity, form.excerpt(ref.location.line)))
                break
            counts[problem.code] = seen + 1
            out.append(problem)
    return out
