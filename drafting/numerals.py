"""Chinese numerals and the number labels of each heading level."""
from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]


def chinese_numeral(n: int) -> str:
    """Write 1–9999 the way headings count: 一, 十, 十一, 二十, 一百零五, 一千."""
    if n >= 10000:  # 一万, 十二万零三百, 一亿 …
        for size, name in ((100_000_000, "亿"), (10_000, "万")):
            if n >= size:
                high, low = divmod(n, size)
                tail = "" if low == 0 else ("零" if low < size // 10 else "") + chinese_numeral(low)
                return chinese_numeral(high) + name + tail
    if not 0 < n < 10000:
        raise ValueError(f"chinese_numeral supports positive numbers, got {n}")
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
    # 10–19 are read 十, 十一 … not 一十, 一十一.
    if 10 <= n < 20:
        text = text[1:]
    return text


def heading_label(level: int, n: int, two_level: bool = False) -> str:
    """The number a heading of ``level`` (1–4) carries as its ``n``-th item: 一、（一）1.（1）.

    With ``two_level`` the second level is written 1. and the third （1）, as GB/T 9704
    allows for documents that have only two levels.
    """
    if two_level and level >= 2:
        level += 1
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level must be 1..4, got {level}")


def enumeration_label(n: int) -> str:
    """The label of the ``n``-th item of a 一是……二是…… enumeration."""
    return f"{chinese_numeral(n)}是"
