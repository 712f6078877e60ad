"""The template language's figures, filters and functions (Chinese names, exact numbers)."""
from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from typing import Any, Callable, Iterator

from jinja2 import pass_context
from jinja2.exceptions import TemplateError as JinjaError
from jinja2.runtime import Context

from ..document.numerals import chinese_numeral
from ..form import figures as fig
from ..form.figures import Figure, FigureError
from ..form.period import Period
from ..records import NamedTuple

PLACEHOLDER = "【待填】"


class FigureTable(Mapping):
    """The form's figures by name, as templates see them (``指标.名称``); remembers what was used."""

    def __init__(self, figures: dict[str, Figure], lenient: bool = False) -> None:
        self._figures = figures
        self.lenient = lenient  # --force and the page's preview: an unknown figure prints 【待填】 (the check says F001)
        self.used: set[str] = set()
        self.missing: list[str] = []

    def __getitem__(self, name: str) -> Figure:
        if name not in self._figures:
            self.missing.append(name)
            if self.lenient and isinstance(name, str):
                return Figure(name, None)
            raise KeyError(name)
        self.used.add(name)
        return self._figures[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._figures)

    def __len__(self) -> int:
        return len(self._figures)

    def __repr__(self) -> str:  # printed by a template: the same every build, no memory address
        return "指标（" + "、".join(self._figures) + "）"

    __str__ = __repr__


class FilterBug(RuntimeError):
    """A filter failed on arguments it accepts: a defect of drafting, never blamed on the form."""


def format_date(value: datetime.date) -> str:
    """A date as GB/T 9704 7.3.5.2 fixes it: Arabic numerals, the full year, no leading zeros (2023年7月10日)."""
    return f"{value.year}年{value.month}月{value.day}日"


class Unreadable(NamedTuple):
    """A 日期 or 期间 that could not be read, printed as typed and marked (the web page's preview; the check says why)."""

    label: str
    text: str

    def __str__(self) -> str:
        return f"【{self.label}有误：{self.text}】"


def _date(value: Any) -> str:
    if isinstance(value, Unreadable):
        return str(value)
    if not isinstance(value, datetime.date):
        raise FigureError("“日期”过滤器只能用在日期上，如 {{ 日期 | 日期 }}")
    return format_date(value)


def _figure(value: Any, name: str) -> Figure:
    if not isinstance(value, Figure):
        raise FigureError(f"“{name}”只能用在指标上，如 {{{{ 指标.名称 | {name} }}}}")
    return value


def _places(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise FigureError(f"保留的小数位数应为 0 到 10 的整数，实际是“{value}”")
    return value


def _kind(value: Any) -> str:
    if value not in ("同比", "环比"):
        raise FigureError(f"比较的方式应为“同比”或“环比”，实际是“{value}”")
    return str(value)


def _value(figure: Any, places: Any = None) -> str:
    return fig.format_number(_figure(figure, "数值").require(), None if places is None else _places(places))


def _chinese(n: Any) -> str:
    if isinstance(n, bool) or not isinstance(n, int) or not 0 < n < 10 ** 16:
        raise FigureError(f"“中文数字”只能用在正整数上，实际是“{n}”")
    return chinese_numeral(n)


def _figures(values: tuple[Any, ...], name: str) -> tuple[Figure, ...]:
    if not values:
        raise FigureError(f"“{name}”至少需要一个指标")
    return tuple(_figure(v, name) for v in values)


WORDING_FIELD = "增减措辞"  # the form-wide choice of 上升/下降 or 增长/减少


def _words(context: Context, asked: Any) -> tuple[str, str]:
    """The words of a rise and a fall: the filter's 措辞, else the form's 增减措辞, else 上升/下降."""
    return fig.wording(asked if asked is not None else context.get(WORDING_FIELD))


def guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` as templates call it: wrong arguments are the user's mistake (FigureError), any
    other failure inside it is drafting's own (FilterBug)."""
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            with fig.exact():  # figures have up to 40 digits: 28 (the default) would round or fail
                return function(*args, **kwargs)
        except (FigureError, JinjaError):  # the user's: a figure that cannot be worded, an undefined name
            raise
        except TypeError as exc:
            if exc.__traceback__ is not None and exc.__traceback__.tb_next is None:  # raised binding the call
                raise FigureError(f"“{name}”的参数写法不对，见 docs/figures.md 的“指标与过滤器”") from None
            raise FilterBug(f"过滤器“{name}”出错：{exc!r}") from exc
        except Exception as exc:
            raise FilterBug(f"过滤器“{name}”出错：{exc!r}") from exc
    return pass_context(call) if getattr(function, "jinja_pass_arg", None) is not None else call


_FILTERS: dict[str, Callable[..., Any]] = {
    "比率": lambda part, whole, places=None: fig.rate(part, whole, None if places is None else _places(places)),
    "同比": pass_context(lambda ctx, f, places=2, 措辞=None: fig.compare(_figure(f, "同比"), "同比", _places(places),
                                                                    _words(ctx, 措辞))),
    "环比": pass_context(lambda ctx, f, places=2, 措辞=None: fig.compare(_figure(f, "环比"), "环比", _places(places),
                                                                    _words(ctx, 措辞))),
    "增减": lambda f, kind="同比": fig.difference(_figure(f, "增减"), _kind(kind)),
    "简写": lambda f, places=2, 余=False, 单位=None: fig.abbreviate(f, _places(places), bool(余),
                                                              None if 单位 is None else str(单位)),
    "数值": _value,
    "日期": _date,
    "中文数字": _chinese,
}

_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "合计": lambda *fs: fig.total(*_figures(fs, "合计")),
    "比率": lambda part, whole, places=None: fig.rate(part, whole, None if places is None else _places(places)),
    "同比分别": pass_context(lambda ctx, *fs, places=2, 措辞=None: fig.compare_pair(
        *_figures(fs, "同比分别"), kind="同比", places=_places(places), words=_words(ctx, 措辞))),
    "环比分别": pass_context(lambda ctx, *fs, places=2, 措辞=None: fig.compare_pair(
        *_figures(fs, "环比分别"), kind="环比", places=_places(places), words=_words(ctx, 措辞))),
    "双降": lambda *fs, 名称="": fig.both_down(*_figures(fs, "双降"), kind="同比", label=str(名称)),
}
FILTERS = {name: guarded(name, f) for name, f in _FILTERS.items()}
FUNCTIONS = {name: guarded(name, f) for name, f in _FUNCTIONS.items()}


def lenient(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so a figure that cannot be worded prints 【待填】 instead of failing (--force)."""
    @functools.wraps(function)  # keeps jinja_pass_arg: a filter that reads the context still gets it
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except FigureError:
            return PLACEHOLDER
    return wrapped


def period_context(period: Period | Unreadable | None) -> dict[str, str] | None:
    """``期间`` as templates see it: 代码, 年份, 简称, 全称, 下期, 上期, 起止."""
    if period is None:
        return None
    if isinstance(period, Unreadable):  # every wording of it prints the period as typed, marked
        return dict.fromkeys(("代码", "年份", "简称", "全称", "下期", "上期", "起止"), str(period))
    previous = period.previous()
    return {"代码": period.code, "年份": str(period.year), "简称": period.short, "全称": period.full,
            "下期": period.next_label, "上期": previous.full, "起止": period.months}
