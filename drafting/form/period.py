"""Reporting periods (2023, 2023H1, 2023Q3, 2023-07) and how reports word them."""
from __future__ import annotations

import datetime
import re

from functools import lru_cache

from ..records import NamedTuple


def days_in_month(year: int, month: int) -> int:
    """How many days month ``month`` (1–12) of ``year`` has: calendar.monthrange's, without loading calendar."""
    if month == 12:
        return 31
    return (datetime.date(year, month + 1, 1) - datetime.date(year, month, 1)).days


@lru_cache(maxsize=None)
def _babel_names(kind: str) -> dict[int, str]:
    """Quarter (第三季度) and month (7月) names from Babel's zh_CN locale data."""
    from babel.dates import get_month_names, get_quarter_names
    names = get_quarter_names("wide", locale="zh_CN") if kind == "quarter" else \
        get_month_names("abbreviated", locale="zh_CN")
    return dict(names)

_PATTERN = re.compile(r"^(\d{4})(?:([Hh])([12])|([Qq])([1-4])|-(\d{1,2}))?$")
# As people write a period: 2026年第三季度, 2026年三季度, 2026年上半年, 2026年全年, 2026年度, 2026年1-6月, 2026年7月.
_WRITTEN = (r"^(\d{4})\s*年\s*(?:(度|全年|年度)|第?([一二三四1-4])季度|([上下])半年"  # compiled (by re) when met
            r"|(\d{1,2})\s*(?:月?\s*[-－–—~～至到]\s*(\d{1,2}))?\s*月(?:份)?)?$")
_QUARTER_DIGITS = "一二三四"
# The month spans a report names: 1—3月 is the first quarter, 1—6月 the first half-year, 1—12月 the year.
_SPANS = {(1, 12): ("year", 1), (1, 6): ("half", 1), (7, 12): ("half", 2),
          **{(3 * q - 2, 3 * q): ("quarter", q) for q in range(1, 5)}}


class Period(NamedTuple):
    """A reporting period: a year, a half-year, a quarter or a month."""

    year: int
    kind: str  # "year" | "half" | "quarter" | "month"
    index: int = 1

    @property
    def code(self) -> str:
        """The form's spelling of the period, e.g. ``2023Q3``: the year in four digits (``0001H2``), as parsed."""
        if self.kind == "half":
            return f"{self.year:04d}H{self.index}"
        if self.kind == "quarter":
            return f"{self.year:04d}Q{self.index}"
        if self.kind == "month":
            return f"{self.year:04d}-{self.index:02d}"
        return f"{self.year:04d}"

    @property
    def short(self) -> str:
        """The period without its year: 上半年, 第三季度, 7月, 全年."""
        if self.kind == "half":
            return "上半年" if self.index == 1 else "下半年"
        if self.kind in ("quarter", "month"):
            return _babel_names(self.kind)[self.index]
        return "全年"

    @property
    def full(self) -> str:
        """The period with its year: 2023年上半年, 2023年第三季度, 2023年7月, 2023年."""
        if self.kind == "year":
            return f"{self.year}年"
        return f"{self.year}年{self.short}"

    @property
    def months(self) -> str:
        """The months the period spans, with a 一字线: 1—6月, 7—9月, 1—12月, 7月."""
        if self.kind == "month":
            return f"{self.index}月"
        span = {"year": 12, "half": 6, "quarter": 3}[self.kind]
        first = (self.index - 1) * span + 1
        return f"{first}—{first + span - 1}月"

    def first_day(self) -> datetime.date:
        """The period's first day."""
        span = {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.kind]
        return datetime.date(self.year, (self.index - 1) * span + 1, 1)

    def last_day(self) -> datetime.date:
        """The period's last day."""
        span = {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.kind]
        month = self.index * span
        return datetime.date(self.year, month, days_in_month(self.year, month))

    def previous(self) -> Period:
        """The period before this one, of the same kind."""
        last = {"year": 1, "half": 2, "quarter": 4, "month": 12}[self.kind]
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, last)

    def next(self) -> Period:
        """The period that follows this one, of the same kind."""
        last = {"year": 1, "half": 2, "quarter": 4, "month": 12}[self.kind]
        if self.index < last:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    @property
    def next_label(self) -> str:
        """How a report names the next period: 下半年, 第四季度, 2024年, 2024年第一季度."""
        following = self.next()
        if following.kind == "year" or following.year != self.year:
            return following.full
        return following.short


def _written(text: str) -> Period | None:
    """A period as people write it (2026年第三季度, 2026年上半年, 2026年度, 2026年1-6月, 2026年7月); None otherwise."""
    match = re.match(_WRITTEN, text)
    if not match or int(match.group(1)) == 0:
        return None
    year = int(match.group(1))
    if match.group(3):
        quarter = match.group(3)
        return Period(year, "quarter", int(quarter) if quarter.isdigit() else _QUARTER_DIGITS.index(quarter) + 1)
    if match.group(4):
        return Period(year, "half", 1 if match.group(4) == "上" else 2)
    if match.group(5):
        first, last = int(match.group(5)), int(match.group(6) or match.group(5))
        if match.group(6) is None:
            return Period(year, "month", first) if 1 <= first <= 12 else None
        kind_index = _SPANS.get((first, last))
        return Period(year, *kind_index) if kind_index else None
    return Period(year, "year")


def parse_period(value: object) -> Period | None:
    """Parse ``2023``, ``2023H1``, ``2023Q3``, ``2023-07`` or a period as written (``2023年第三季度``); else None."""
    text = str(value).strip()
    if "年" in text:
        return _written(text)
    match = _PATTERN.match(text)
    if not match or int(match.group(1)) == 0:  # no year 0: dates (first_day, last_day) start at year 1
        return None
    year = int(match.group(1))
    if match.group(2):
        return Period(year, "half", int(match.group(3)))
    if match.group(4):
        return Period(year, "quarter", int(match.group(5)))
    if match.group(6):
        month = int(match.group(6))
        return Period(year, "month", month) if 1 <= month <= 12 else None
    return Period(year, "year")
