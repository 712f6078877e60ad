"""Figures (指标): exact decimal values with units, and how reports word them."""
from __future__ import annotations

import re
from contextlib import AbstractContextManager
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import wraps
from types import MappingProxyType
from typing import Any, Callable, TypeVar

from ..errors import Location
from ..records import NamedTuple

# A number as typed: plain digits, or digits grouped in threes by “,” or “，” (1,500,000), with decimals.
_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:，\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_WITH_UNIT = re.compile(rf"^\s*({_NUMBER})\s*(\S*)\s*$")
_WHOLE_NUMBER = rf"^\s*{_NUMBER}\s*$"  # compiled (by re) when a number has separators
_NUMERIC = re.compile(r"\s*[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|\.?(?:nan|snan|inf|infinity))\s*", re.IGNORECASE)
# The one range a figure may have, from any source (the form, a spreadsheet, a unit's form in a roll-up):
MAX_ADJUSTED = 30         # |value| < 10^31: no report counts beyond that (the sum of many units' 28-digit values fits)
MIN_ADJUSTED = -30        # nor smaller than 10^-30
MAX_DIGITS = 40           # significant digits a figure may carry (12345678.123456789 has 17)
PRECISION = 200           # digits of every figure computation: sums of any number of figures stay exact, and a rate
#                           of the largest by the smallest (10^61) still rounds to 10 places
RANGE_HINT = "数值的绝对值须小于 10³¹、有效数字不超过 40 位，且是有限的数（不是 NaN 或无穷大）"
_T = TypeVar("_T")


def exact() -> AbstractContextManager:
    """A decimal context (this thread only) in which sums of figures are exact and rates round as asked."""
    return localcontext(prec=PRECISION, Emax=999_999, Emin=-999_999)


def absurd(value: Decimal) -> bool:
    """Whether ``value`` is beyond what a report holds (see :func:`in_range`)."""
    return not in_range(value)


class FigureError(ValueError):
    """A figure cannot be worded as asked (no value, no previous value, units differ …), and how to fix it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class Figure(NamedTuple):
    """One figure: this period's value (None: not yet known), its unit, and earlier values."""

    name: str
    value: Decimal | None
    unit: str = ""
    previous: Decimal | None = None      # 上期 (previous period)
    last_year: Decimal | None = None     # 去年同期 (same period last year)
    source: str | None = None
    location: Location | None = None
    parts: tuple[str, str] | None = None  # a rate's numerator and denominator figures (分子, 分母)
    value_location: Location | None = None  # where the value is (a spreadsheet's value cell), when not at ``location``
    cell: str | None = None  # where a spreadsheet holds the value: “工作表!B8” (None: typed in the form)

    @property
    def is_rate(self) -> bool:
        """A rate or share, compared in percentage points."""
        return self.unit in ("%", "％")

    def require(self) -> Decimal:
        """The value, or FigureError saying it is not filled in."""
        if self.value is None:
            raise FigureError(f"指标“{self.name}”还没有填写数值")
        return self.value

    def __str__(self) -> str:
        return format_number(self.require()) + self.unit


def parse_decimal(text: str) -> Decimal | None:
    """An exact Decimal from the text as typed (``1.50`` stays 1.50); None if it is not a number."""
    text = str(text).strip()
    if ("," in text or "，" in text) and not re.match(_WHOLE_NUMBER, text):
        return None  # 1,50,0 or 1:30 is not a number half-read
    if len(text) > 200:  # no figure is written with 200 characters; Decimal() of 5,000 digits is not free
        return None
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    return value if in_range(value) else None


def in_range(value: Decimal) -> bool:
    """Whether ``value`` can be a figure: finite, 10^-30 ≤ |value| < 10^31 (or 0), at most 40 significant digits
    (the one place that says so)."""
    if not value.is_finite():
        return False
    if value == 0:
        return -MAX_DIGITS <= value.as_tuple().exponent <= MAX_ADJUSTED  # 0E-999999 would print a million zeros
    return (MIN_ADJUSTED <= value.adjusted() <= MAX_ADJUSTED and len(value.as_tuple().digits) <= MAX_DIGITS)


def exact_context(function: Callable[..., _T]) -> Callable[..., _T]:
    """``function`` run in a decimal context wide enough that no figure in range overflows or rounds its inputs."""
    @wraps(function)
    def call(*args: Any, **kwargs: Any) -> _T:
        with exact():
            return function(*args, **kwargs)
    return call


def looks_numeric(text: str) -> bool:
    """Whether ``text`` is written as a number (1E999, NaN, 5,000 digits), in range or not."""
    return _NUMERIC.fullmatch(text) is not None


def out_of_range(text: str) -> bool:
    """Whether ``text`` is written as a number that no figure may be: 1E999, NaN, 5,000 digits, or 10^40件."""
    return looks_numeric(text) or _huge_number(text)


def _huge_number(text: str) -> bool:
    """Whether ``text`` is a number as typed (its unit after it) that is refused only for its size or its digits."""
    match = _NUMBER_WITH_UNIT.match(str(text)[:10_000])
    if match is None:
        return False
    try:
        return absurd(Decimal(match.group(1).replace(",", "").replace("，", "")))
    except InvalidOperation:
        return False


def split_number_unit(text: str) -> tuple[Decimal, str] | None:
    """``2966件`` → (2966, 件); None if the text is not a number followed by a unit."""
    match = _NUMBER_WITH_UNIT.match(str(text))
    unit = match.group(2) if match else ""
    if not match or (unit and (unit[0] in ",，.．:：0123456789" or _NUMERIC.fullmatch(match.group(0)))):  # “1,50元” or “1:30” must not become 1 with a unit
        return None
    value = parse_decimal(match.group(1))
    return (value, unit) if value is not None else None


@exact_context
def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round as Chinese reports do: .5 goes up (away from zero)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@exact_context
def format_number(value: Decimal, places: int | None = None, keep: bool = False) -> str:
    """Plain digits, no thousands separators, no exponent; trailing zeros after rounding dropped
    unless ``keep`` (then exactly ``places`` decimals: 96.0)."""
    if places is not None:
        value = round_half_up(value, places)
    text = format(value, "f")
    if "." in text and not (keep and places is not None):
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text  # -0.0 → 0.0


def _number(value: object, what: str) -> Decimal:
    if isinstance(value, Figure):
        return value.require()
    if isinstance(value, bool) or value is None:
        raise FigureError(f"{what}不是数字")
    if isinstance(value, Decimal):
        return value
    parsed = parse_decimal(str(value))
    if parsed is None:
        raise FigureError(f"{what}“{value}”不是数字")
    return parsed


@exact_context
def rate(part: object, whole: object, places: int | None = None) -> str:
    """``part ÷ whole`` as a percentage: 2869 / 2966 → ``96.73%`` (two decimals at most, trailing
    zeros dropped); decimals asked for are all printed: 121 / 126 with 1 → ``96.0%``."""
    denominator = _number(whole, "分母")
    if denominator == 0:
        raise FigureError("分母为0，无法计算比率")
    value = _number(part, "分子") * 100 / denominator
    return format_number(value, 2 if places is None else places, keep=places is not None) + "%"


WORDINGS = MappingProxyType({"上升": ("上升", "下降"), "增长": ("增长", "减少")})


def wording(value: object) -> tuple[str, str]:
    """The words for a rise and a fall: 上升/下降 (None, the default) or 增长/减少."""
    if value is None:
        return WORDINGS["上升"]
    text = str(value).strip()
    found = next((words for first, words in WORDINGS.items() if text in (first, "/".join(words), "、".join(words))), None)
    if found is None:
        raise FigureError(f"增减的措辞应为“上升/下降”或“增长/减少”，实际是“{value}”",
                          "改正表单顶层的“增减措辞”或过滤器里的 措辞=，如 同比(措辞=\"增长\")")
    return found


@exact_context
def total(*figures: Figure) -> Figure:
    """The sum of figures of one unit, as a figure (earlier values summed where all have them)."""
    if not figures:
        raise FigureError("合计至少需要一个指标")
    units = {f.unit for f in figures}
    if len(units) > 1:
        raise FigureError("合计的指标单位不同：" + "、".join(sorted(units)))

    def add(values: list[Decimal | None]) -> Decimal | None:
        return None if any(v is None for v in values) else sum(values, Decimal(0))  # type: ignore[arg-type]

    return Figure("、".join(f.name for f in figures), Decimal(sum((f.require() for f in figures), Decimal(0))),
                  figures[0].unit, add([f.previous for f in figures]), add([f.last_year for f in figures]))


_BASES = {"同比": ("last_year", "去年同期"), "环比": ("previous", "上期")}


def _base(figure: Figure, kind: str) -> Decimal:
    attribute, label = _BASES[kind]
    base = getattr(figure, attribute)
    if base is None:
        raise FigureError(f"指标“{figure.name}”没有{label}数，无法计算{kind}；请在指标里填写“{label}”，"
                          f"或在表单里用“{'去年同期' if kind == '同比' else '上期'}: 表单文件”指明对比的表单")
    return base


@exact_context
def change(figure: Figure, kind: str = "同比", places: int = 2, words: tuple[str, str] = ("上升", "下降")) -> tuple[str, str]:
    """(direction, amount) of the change against last year (同比) or the previous period (环比).

    A rate (unit %) changes in percentage points; anything else in percent of the base.
    Direction is ``words`` (上升/下降 or 增长/减少) or 持平 (提高/降低 for rates); amount is empty when level.
    """
    current, base = figure.require(), _base(figure, kind)
    if figure.is_rate:
        points = round_half_up(current - base, places)
        if points == 0:
            return "持平", ""
        return ("提高" if points > 0 else "降低"), format_number(abs(points)) + "个百分点"
    if base == 0:
        raise FigureError(f"指标“{figure.name}”的{_BASES[kind][1]}数为0，无法计算{kind}增减幅度；可改用“增减”")
    percent = round_half_up((current - base) * 100 / abs(base), places)
    if percent == 0:
        return "持平", ""
    return (words[0] if percent > 0 else words[1]), format_number(abs(percent)) + "%"


def compare(figure: Figure, kind: str = "同比", places: int = 2, words: tuple[str, str] = ("上升", "下降")) -> str:
    """``同比下降11.81%``, ``环比上升3.2%`` (``同比增长3.2%`` with 增长/减少), ``同比持平``, ``同比提高2.3个百分点``."""
    direction, amount = change(figure, kind, places, words)
    return f"{kind}{direction}{amount}"


@exact_context
def difference(figure: Figure, kind: str = "同比") -> str:
    """The absolute change: ``增加15件``, ``减少3人``, ``持平``."""
    delta = figure.require() - _base(figure, kind)
    if delta == 0:
        return "持平"
    return ("增加" if delta > 0 else "减少") + format_number(abs(delta)) + figure.unit


def compare_pair(*figures: Figure, kind: str = "同比", places: int = 2, words: tuple[str, str] = ("上升", "下降")) -> str:
    """``同比分别下降11.81%、10.96%``; mixed directions are each worded."""
    changes = [change(f, kind, places, words) for f in figures]
    directions = {d for d, _ in changes}
    if len(directions) == 1:
        direction = changes[0][0]
        if direction == "持平":
            return f"{kind}均持平"
        return f"{kind}分别{direction}" + "、".join(a for _, a in changes)
    return f"{kind}分别" + "、".join(d + a for d, a in changes)


def both_down(*figures: Figure, kind: str = "同比", label: str = "") -> str:
    """``实现“双降”`` when every figure fell; an empty string otherwise."""
    if all(change(f, kind)[0] in ("下降", "降低") for f in figures):
        return f"实现“{label}双降”" if len(figures) == 2 else f"实现“{label}{len(figures)}降”"
    return ""


_MAGNITUDES = [(Decimal(100_000_000), "亿"), (Decimal(10_000), "万")]


@exact_context
def abbreviate(figure: Figure | object, places: int = 2, approx: bool = False, unit: str | None = None) -> str:
    """Large numbers as reports write them: ``21.94万册``, ``1.2亿元``, ``4.5万余个``, ``5800余万元``.

    Values of 10000 and more are written in 万 (亿 from 100000000); a unit that is already
    万元 turns into 亿元 from 10000万元. With ``approx`` the number is cut (not rounded) and
    余 marks that it is “more than”.
    """
    value = _number(figure, "数值")
    unit = unit if unit is not None else (figure.unit if isinstance(figure, Figure) else "")
    if unit.startswith("万") and abs(value) >= 10000:
        value, unit = value / 10000, "亿" + unit[1:]
    magnitude = ""
    if not unit.startswith(("万", "亿")):
        for threshold, name in _MAGNITUDES:
            if abs(value) >= threshold:
                value, magnitude = value / threshold, name
                break
    if approx:
        cut = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
        more = "余" if cut != value else ""
        if unit.startswith(("万", "亿")) and not magnitude:
            return f"{format_number(cut)}{more}{unit}"
        return f"{format_number(cut)}{magnitude}{more}{unit}"
    return f"{format_number(value, places)}{magnitude}{unit}"
