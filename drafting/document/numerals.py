"""Chinese numerals and the number labels of each heading level — written, and read back by the same table."""
from __future__ import annotations

import re

from ..records import NamedTuple

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]


def _below_ten_thousand(n: int, leading: bool) -> str:
    digits = [int(d) for d in str(n)]
    out: list[str] = []
    zero_pending = False
    for pos, digit in enumerate(digits):
        unit = _UNITS[len(digits) - pos - 1]
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[digit] + unit)
    text = "".join(out)
    # 10–19 are read 十, 十一 … when they lead the number; inside one (一万零一十) the 一 is spoken.
    if leading and 10 <= n < 20:
        text = text[1:]
    return text


def chinese_numeral(n: int, _leading: bool = True) -> str:
    """Write a positive integer the way headings count: 一, 十, 十一, 一百零五, 一万零一十, 二万零一十五."""
    if n >= 10000:  # 一万, 十二万零三百, 一亿 …
        for size, name in ((100_000_000, "亿"), (10_000, "万")):
            if n >= size:
                high, low = divmod(n, size)
                tail = "" if low == 0 else ("零" if low < size // 10 else "") + chinese_numeral(low, False)
                return chinese_numeral(high, _leading) + name + tail
    if not 0 < n < 10000:
        raise ValueError(f"chinese_numeral supports positive numbers, got {n}")
    return _below_ten_thousand(n, _leading)


_VALUES = {c: i for i, c in enumerate(_DIGITS)} | {"〇": 0, "两": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_numeral(text: str) -> int | None:
    """The value of a Chinese numeral (一百零五, 一万零一十) or of digits (12, １２); None if it is neither."""
    digits = text.translate(_FULL_WIDTH)
    if digits.isdigit():
        return int(digits)
    if not text or any(c not in _VALUES and c not in _SMALL_UNITS and c not in "万亿" for c in text):
        return None
    total = section = current = 0
    for char in text:
        if char in _VALUES:
            current = _VALUES[char]
        elif char in _SMALL_UNITS:
            section += (current or 1) * _SMALL_UNITS[char]
            current = 0
        else:  # 万, 亿
            size = 10_000 if char == "万" else 100_000_000
            total = (total + section + current) * size if size > 10_000 else total + (section + current) * size
            section = current = 0
    return total + section + current


class LabelFormat(NamedTuple):
    """How a heading level writes its number: opening, the numeral's kind, closing."""

    opening: str
    chinese: bool
    closing: str
    read_openings: str   # what a typed label may open with
    read_closings: str   # … and close with


# One table for writing (first opening/closing) and reading (the variants people type).
LEVEL_FORMATS = {
    1: LabelFormat("", True, "、", "", "、，,．."),
    2: LabelFormat("（", True, "）", "（(", "）)"),
    3: LabelFormat("", False, ".", "", ".．、"),
    4: LabelFormat("（", False, "）", "（(", "）)"),
}


def heading_label(level: int, n: int, two_level: bool = False) -> str:
    """The number a heading of ``level`` (1–4) carries as its ``n``-th item: 一、（一）1.（1）.

    With ``two_level`` the second level is written 1. and the third （1）, as GB/T 9704
    allows for documents that have only two levels.
    """
    if two_level and level >= 2:
        level += 1
    if level not in LEVEL_FORMATS:
        raise ValueError(f"heading level must be 1..4, got {level}")
    form = LEVEL_FORMATS[level]
    return form.opening + (chinese_numeral(n) if form.chinese else str(n)) + form.closing


_CN = "一二三四五六七八九十百零〇"


def _label_pattern(form: LabelFormat) -> re.Pattern[str]:
    numeral = f"[{_CN}]+" if form.chinese else "[0-9０-９]{1,3}"
    opening = f"[{re.escape(form.read_openings)}]" if form.read_openings else ""
    closing = f"[{re.escape(form.read_closings)}]"
    after = "" if form.chinese or form.read_openings else "(?![0-9０-９])"
    return re.compile(rf"^{opening}({numeral}){closing}{after}\s*")


_LABEL_PATTERNS: dict[int, re.Pattern[str]] = {}  # compiled when a label is first read (draft import)


class ReadLabel(NamedTuple):
    """A heading number read off the start of a text: its level, its value, and the label as typed."""

    level: int
    number: int
    typed: str


# Every character a typed number can start with: an opening bracket, a numeral, or 第 (第一，). A text that
# starts with anything else carries none, and no pattern is compiled or tried for it (most texts, most reports).
_LABEL_STARTS = frozenset(_CN + "第0123456789０１２３４５６７８９"
                          + "".join(form.read_openings for form in LEVEL_FORMATS.values()))


def read_heading_label(text: str) -> ReadLabel | None:
    """The heading number that opens ``text`` (一、 （一） 1. （1） and the variants people type), if any."""
    if text[:1] not in _LABEL_STARTS:
        return None
    if not _LABEL_PATTERNS:
        _LABEL_PATTERNS.update((level, _label_pattern(form)) for level, form in LEVEL_FORMATS.items())
    for level, pattern in _LABEL_PATTERNS.items():
        found = pattern.match(text)
        if found and len(text) > found.end():
            value = parse_numeral(found.group(1))
            if value is not None:
                return ReadLabel(level, value, text[: found.end()])
    return None


def enumeration_label(n: int) -> str:
    """The label of the ``n``-th item of a 一是……二是…… enumeration."""
    return f"{chinese_numeral(n)}是"


def attachment_label(n: int, count: int) -> str:
    """The label of the ``n``-th of ``count`` attachments in the 附件说明: 1. 2. …, none when only one."""
    return f"{n}." if count > 1 else ""


_RUN_LABEL = rf"^(?:[{_CN}]+[是要]|第[{_CN}]+[，、,：:])\s*"  # compiled (by re) when a text starts like one


def typed_number(text: str, run_in: bool = False) -> str | None:
    """The number a user typed at the start of a heading (一、 （一） 1. （1） …) or, with ``run_in``, of a lead
    sentence or list item (also 一是 二要 第一，); None when the text does not start with one."""
    label = read_heading_label(text)
    if label is not None:
        return label.typed
    if run_in:
        found = re.match(_RUN_LABEL, text) if text[:1] in _LABEL_STARTS else None
        if found and len(text) > found.end():
            return found.group()
    return None
