"""``draft next``: the next period's form from this one, comments kept, new figures left to fill.

Period, 成文日期 and the title's period words move on; each figure's value moves to its 上期
slot and becomes null; last year's values come from the matching form when one is named;
every text is kept but fingerprinted in 沿用上期 so ``draft check`` asks for a review.
A form fed by a spreadsheet (指标文件) gets its 指标文件 emptied, to be filled with the new
period's sheet, and 上期 pointing at this form, whose sheet then gives the previous values.
"""
from __future__ import annotations

import calendar
import datetime
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import FormError, Location, Problem
from ..form.model import Form
from ..form.period import Period
from ..form.roundtrip import dump_round_trip, load_round_trip
from ..form.texts import form_tables, reviewable, table_fingerprint, table_texts, text_fingerprint

CARRIED_KEY = "沿用上期"


def _shift_date(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months_between(old: Period, new: Period) -> int:
    start = {"year": 1, "half": lambda i: (i - 1) * 6 + 1, "quarter": lambda i: (i - 1) * 3 + 1, "month": None}

    def first_month(p: Period) -> int:
        rule = start[p.kind]
        return 1 if rule == 1 else (p.index if rule is None else rule(p.index))  # type: ignore[operator]

    return (new.year - old.year) * 12 + first_month(new) - first_month(old)


def _move_title(line: str, old: Period, new: Period) -> str:
    """Move a title line's period words on: 2023年上半年 → 2023年下半年, 第三季度 → 第四季度,
    2023年 → 2024年, and “及下半年工作打算” → “及2024年上半年工作打算”."""
    plans = "\x00"
    line = line.replace(f"{old.next_label}工作打算", plans)
    if old.full in line:
        line = line.replace(old.full, new.full)
    elif old.kind != "year" and old.short in line:
        line = line.replace(old.short, new.short)
    elif old.year != new.year:
        line = line.replace(f"{old.year}年", f"{new.year}年")
    return line.replace(plans, f"{new.next_label}工作打算")


def _move_name(name: str, old: Period, new: Period) -> str:
    """Move an attachment's name on, in one pass: this period's words to the new period's, the next
    period's to the one after (“2023年第一季度…完成情况表” → “2023年第二季度…”, “第二季度任务分解表” → “第三季度…”)."""
    pairs = {old.full: new.full, old.next().full: new.next().full}
    if old.kind in ("half", "quarter"):  # a bare month (1月) would also match inside 11月
        pairs.update({old.next_label: new.next_label, old.short: new.short})
        pairs.setdefault(old.next().short, new.next().short)
        if old.kind == "quarter":  # 三季度 as often as 第三季度
            pairs.setdefault(old.short.removeprefix("第"), new.short.removeprefix("第"))
            pairs.setdefault(old.next().short.removeprefix("第"), new.next().short.removeprefix("第"))
    pattern = re.compile("|".join(re.escape(word) for word in sorted(pairs, key=len, reverse=True)))
    return pattern.sub(lambda match: pairs[match.group()], name)


def _spellings(period: Period) -> dict[str, str]:
    """The ways a file name may write ``period``, keyed by way (family first: full, code, short)."""
    year, index = period.year, period.index
    ways = {"full": period.full, "code": period.code, "code-lower": period.code.lower()}
    if period.kind != "year":
        ways["short"] = period.short
    if period.kind == "quarter":
        bare = period.short.removeprefix("第")
        ways.update({"full-bare": f"{year}年{bare}", "full-digit": f"{year}年第{index}季度",
                     "full-digit-bare": f"{year}年{index}季度", "short-bare": bare, "short-digit": f"第{index}季度",
                     "short-digit-bare": f"{index}季度", "short-letter": f"Q{index}"})
    elif period.kind == "half":
        ways["short-letter"] = f"H{index}"
    elif period.kind == "month":
        ways.update({"full-padded": f"{year}年{index:02d}月", "code-unpadded": f"{year:04d}-{index}",
                     "short-padded": f"{index:02d}月"})
    return ways


def _bounded(text: str) -> str:
    """A pattern for ``text`` that does not start or end inside a longer number or code (7月 not in 17月)."""
    before = r"(?<![0-9])" if text[0].isdigit() else r"(?<![0-9A-Za-z])" if text[0].isascii() else ""
    after = r"(?![0-9])" if text[-1].isdigit() else ""
    if text.isdigit():  # a year's code is not the start of 2023Q3 or 2023-07
        after = r"(?![0-9]|[HhQq][0-9]|-[0-9])"
    return before + re.escape(text) + after


def next_form_name(name: str, old: Period | None, new: Period) -> str:
    """The next form's file name: this period as ``name`` writes it, written for ``new`` the same way
    (2023Q3.yaml → 2023Q4.yaml, 2023年第三季度工作总结.yaml → 2023年第四季度…, 三季度汇报.yaml → 四季度汇报.yaml),
    the longest match replaced once; otherwise the new period's code appended (汇报.yaml → 汇报-2024.yaml)."""
    path = Path(name)
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    stem, suffix = (path.stem, path.suffix) if is_yaml else (path.name, ".yaml")
    if old is not None:
        written = _spellings(new)
        fallback = {"full": new.full, "code": new.code, "short": new.short if new.kind != "year" else new.full}
        for way, text in sorted(_spellings(old).items(), key=lambda item: -len(item[1])):
            found = re.search(_bounded(text), stem)
            if found:
                spelled = written.get(way, fallback[way.split("-")[0]])
                return stem[:found.start()] + spelled + stem[found.end():] + suffix
    return f"{stem}-{new.code}{suffix}"


def _move_attachments(attachments: Any, old: Period, new: Period) -> None:
    """Each attachment's name moved on (a plain name, or the 名称 of one with pages)."""
    from ..form.fields import ATTACHMENT_FIELDS
    from ..form.schema import typed_keys

    for index, entry in enumerate(attachments if isinstance(attachments, list) else ()):
        if isinstance(entry, str):
            attachments[index] = _move_name(entry, old, new)
        elif isinstance(entry, dict):
            name_key = typed_keys(entry, ATTACHMENT_FIELDS).get("名称")
            if name_key is not None and isinstance(entry[name_key], str):
                entry[name_key] = _move_name(entry[name_key], old, new)


def _set_eol_comment(data: Any, key: Any, text: str) -> None:
    """Set a key's end-of-line comment, keeping the comment lines that follow it (ruamel keeps
    the block comment above the next key in the same token)."""
    token = data.ca.items.get(key, [None, None, None, None])[2]
    if token is None:
        data.yaml_add_eol_comment(text, key)
        return
    _, newline, rest = token.value.partition("\n")
    token.value = f"  # {text}{newline}{rest}"


def _move_blank_lines(data: Any, before: Any, after: Any) -> None:
    """The blank lines that followed ``before`` now follow ``after``, inserted below it."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    token = data.ca.items.get(before, [None, None, None, None])[2]
    if token is None:
        return
    first, newline, rest = token.value.partition("\n")
    if not rest.strip("\n") and rest:
        token.value = first + newline
        data.ca.items[after] = [None, None, CommentToken("\n" + rest, CommentMark(0), None), None]


def _plain_number(value: Decimal) -> Any:
    return int(value) if value == value.to_integral_value() else float(value)


def _a_year_on(old: Period, new: Period) -> bool:
    """Whether ``new`` is ``old`` one year later (2023 → 2024, 2023Q3 → 2024Q3): the old values are its 去年同期."""
    return (new.kind, new.index, new.year) == (old.kind, old.index, old.year + 1)


def _point_at_this_form(data: Any, previous_key: Any, period_key: Any, form: Path, output: Path) -> None:
    """Name this form as the new one's 上期 (what ``draft diff --previous`` and 与上期对照 compare with; the inline
    上期 values still win), unless it lies outside the new form's folder, where a form may not name it."""
    relative = Path(os.path.relpath(form.resolve(), output.resolve().parent)).as_posix()
    if relative.startswith("../"):
        return
    if previous_key is not None:
        data[previous_key] = relative
        return
    position = list(data).index(period_key) + 1 if period_key in data else len(data)
    data.insert(position, "上期", relative)
    if period_key in data:
        _move_blank_lines(data, period_key, "上期")
    _set_eol_comment(data, "上期", "上一期的表单：与上期对照（draft diff --previous）时用它")


def next_form_text(form: Form, new_period: Period, last_year: Path | None, output: Path) -> str:
    """The YAML text of the next period's form. Raises FormError if the form has no 期间."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if form.period is None:
        raise FormError(Problem(Location(form.name, 1, 1), "表单没有“期间”，无法推算下一期",
                                "先在表单里写上期间，如“期间: 2023Q3”", "N001"))
    old = form.period
    yaml, data = load_round_trip(form.source_text)
    spec = form.spec
    keys = {(spec.canonical(str(k)) if spec is not None else None) or str(k): k for k in data}

    def key(name: str) -> Any:
        """The form's own key (as typed, alias or not) of the field ``name``."""
        return keys.get(name)

    data[key("期间") or "期间"] = new_period.code
    date_key = key("日期")
    if date_key is not None and form.date is not None:
        try:
            data[date_key] = _shift_date(form.date, _months_between(old, new_period))
        except (ValueError, OverflowError):  # past 9999-12-31: no calendar holds it
            raise FormError(Problem(form.locations.get("日期", Location(form.name)),
                                    f"成文日期顺延到{new_period.full}后超出了日历能表示的范围",
                                    "改正表单的“日期”，或用 --period 指定新期间", "N003")) from None
    title_key = key("标题")
    if title_key is not None:
        title = data[title_key]
        if isinstance(title, list):
            for i, line in enumerate(title):
                title[i] = _move_title(str(line), old, new_period)
        else:
            data[title_key] = _move_title(str(title), old, new_period)
    attachments_key = key("附件")
    if attachments_key is not None:
        _move_attachments(data[attachments_key], old, new_period)
    previous_key = key("上期")
    if previous_key is not None:  # this period's values are now inline in each figure's 上期
        data[previous_key] = None
    last_key = key("去年同期")
    a_year_on = _a_year_on(old, new_period) and last_year is None  # this form is the new one's 去年同期
    if last_year is not None:
        relative = Path(os.path.relpath(last_year.resolve(), output.resolve().parent))
        data[last_key or "去年同期"] = relative.as_posix()
    elif last_key is not None:  # keep the key (and the comments attached to it), point it nowhere
        data[last_key] = None
        if not a_year_on:  # (a year on, last year's values are this form's, written inline below)
            _set_eol_comment(data, last_key, f"请写上{Period(new_period.year - 1, new_period.kind, new_period.index).full}"
                                             "的表单文件名，同比数从中取")
    sheet_key = key("指标文件")
    if sheet_key is not None:  # the new period's figures come in a new spreadsheet; this one's through 上期
        data[sheet_key] = None
        _set_eol_comment(data, sheet_key, f"请写上{new_period.full}的指标文件；上期数从上一期的表单取")
        relative = Path(os.path.relpath(form.path.resolve(), output.resolve().parent)).as_posix()
        if previous_key is not None:
            data[previous_key] = relative
        else:
            data.insert(list(data).index(sheet_key) + 1, "上期", relative)
            _move_blank_lines(data, sheet_key, "上期")
    figures_key = key("指标")
    if figures_key is not None:
        figures = data[figures_key]
        typed = {str(k).strip(): k for k in figures}  # the keys as written (2023 is a number, "甲 " has a space)
        for name, figure in form.figures.items():
            if sheet_key is not None and name not in typed:
                continue  # from the spreadsheet: the next one brings it
            entry = CommentedMap()
            entry["值"] = None
            if figure.unit:
                entry["单位"] = figure.unit
            if figure.value is not None:
                entry["上期"] = _plain_number(figure.value)
                if a_year_on:
                    entry["去年同期"] = _plain_number(figure.value)
            if figure.source:
                entry["来源"] = figure.source
            entry.fa.set_flow_style()
            figures[typed.get(name, name)] = entry
    if sheet_key is None:
        _point_at_this_form(data, previous_key, key("期间"), form.path, output)
    fingerprints = CommentedSeq()
    seen: set[str] = set()
    cells = {id(text): table for table, _ in form_tables(form) for text in table_texts(table)}
    for ref in form.texts:
        if not reviewable(ref):
            continue
        table = cells.get(id(ref.text))  # a table is reviewed as one piece: one mark for all its cells
        mark = text_fingerprint(ref.text) if table is None else table_fingerprint(table)
        if mark in seen:
            continue
        seen.add(mark)
        fingerprints.append(mark)
        shown = ref.text if table is None else "表格：" + (table.title or "、".join(table_texts(table)))
        fingerprints.yaml_add_eol_comment(shown[:24] + ("…" if len(shown) > 24 else ""), len(fingerprints) - 1,
                                           column=0)  # one space before each “#”, the first one too
    if CARRIED_KEY in keys:
        del data[keys[CARRIED_KEY]]
    if fingerprints:
        data[CARRIED_KEY] = fingerprints
        data.yaml_set_comment_before_after_key(
            CARRIED_KEY, before=f"\n以下文字沿用自{old.full}，draft check 会逐段提醒复核。\n"
                                f"改写某段后提醒自动消失；确认某段无需修改，就删掉它对应的一行；全部确认后删掉整个“{CARRIED_KEY}”。")
    return dump_round_trip(yaml, data)
