"""The template language's figures, filters and functions (Chinese names, exact numbers)."""
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Callable, Iterator

from . import figures as fig
from .figures import Figure, FigureError
from .numerals import chinese_numeral
from .period import Period

PLACEHOLDER = "【待填】"


class FigureTable(Mapping):
    """The form's figures by name, as templates see them (``指标.名称``); remembers what was used."""

    def __init__(self, figures: dict[str, Figure]) -> None:
        self._figures = figures
        self.used: set[str] = set()
        self.missing: list[str] = []

    def __getitem__(self, name: str) -> Figure:
        if name not in self._figures:
            self.missing.append(name)
            raise KeyError(name)
        self.used.add(name)
        return self._figures[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._figures)

    def __len__(self) -> int:
        return len(self._figures)


def _date(value: datetime.date) -> str:
    """A date as GB/T 9704 7.3.5.2 fixes it: Arabic numerals, the full year, no leading zeros (2023年7月10日)."""
    return f"{value.year}年{value.month}月{value.day}日"


def _value(figure: Figure, places: int | None = None) -> str:
    return fig.format_number(figure.require(), places)


def _chinese(n: Any) -> str:
    return chinese_numeral(int(n))


FILTERS: dict[str, Callable[..., Any]] = {
    "比率": fig.rate,
    "同比": lambda f, places=2: fig.compare(f, "同比", places),
    "环比": lambda f, places=2: fig.compare(f, "环比", places),
    "增减": lambda f, kind="同比": fig.difference(f, kind),
    "简写": lambda f, places=2, 余=False, 单位=None: fig.abbreviate(f, places, 余, 单位),
    "数值": _value,
    "日期": _date,
    "中文数字": _chinese,
}

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "合计": fig.total,
    "比率": fig.rate,
    "同比分别": lambda *fs, places=2: fig.compare_pair(*fs, kind="同比", places=places),
    "环比分别": lambda *fs, places=2: fig.compare_pair(*fs, kind="环比", places=places),
    "双降": lambda *fs, 名称="": fig.both_down(*fs, kind="同比", label=名称),
}


def lenient(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so a figure that cannot be worded prints 【待填】 instead of failing (--force)."""
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except FigureError:
            return PLACEHOLDER
    return wrapped


def period_context(period: Period | None) -> dict[str, str] | None:
    """``期间`` as templates see it: 代码, 年份, 简称, 全称, 下期, 上期, 起止."""
    if period is None:
        return None
    previous = period.previous()
    return {"代码": period.code, "年份": str(period.year), "简称": period.short, "全称": period.full,
            "下期": period.next_label, "上期": previous.full, "起止": period.months}
