"""Figures and their wording: exact decimals, half-up rounding, clear errors, never a silent 0%."""
from decimal import Decimal as D

import pytest

from drafting.form.figures import (Figure, FigureError, abbreviate, both_down, compare, compare_pair, difference,
                              format_number, parse_decimal, rate, round_half_up, split_number_unit, total)


def f(value, unit="件", previous=None, last_year=None, name="指标"):
    conv = lambda v: None if v is None else D(str(v))
    return Figure(name, conv(value), unit, conv(previous), conv(last_year))


@pytest.mark.parametrize("value, places, text", [
    (D("0.125"), 2, "0.13"), (D("0.135"), 2, "0.14"), (D("2.5"), 0, "3"), (D("-2.5"), 0, "-3"),
    (D("96.7"), 2, "96.7"), (D("100.00"), 2, "100"), (D("0"), 2, "0"), (D("-0.001"), 2, "0"),
    (D("63666.7755"), None, "63666.7755"), (D("1E+3"), None, "1000"), (D("12345678"), None, "12345678"),
])
def test_format_number_half_up_without_separators_or_exponents(value, places, text):
    assert format_number(value, places) == text


def test_no_float_artefacts():
    assert format_number(D("0.1") + D("0.2")) == "0.3"
    assert parse_decimal("0.30000000000000004") == D("0.30000000000000004")  # as typed, never via float
    assert str(total(f("0.1", "万元"), f("0.2", "万元"))) == "0.3万元"
    assert round_half_up(D("2.675"), 2) == D("2.68")  # float rounding would give 2.67


@pytest.mark.parametrize("text, parsed", [
    ("2966件", (D("2966"), "件")), ("1043.5万元", (D("1043.5"), "万元")), ("93.6%", (D("93.6"), "%")),
    ("-3 人", (D("-3"), "人")), ("12", (D("12"), "")), ("约3件", None), ("", None),
])
def test_split_number_unit(text, parsed):
    assert split_number_unit(text) == parsed


@pytest.mark.parametrize("part, whole, places, text", [
    (2869, 2966, None, "96.73%"), (2869, 2966, 0, "97%"), (1, 8, None, "12.5%"), (1, 200, None, "0.5%"),
    (1, 400, None, "0.25%"), (1, 800, None, "0.13%"), (0, 5, None, "0%"), (5, 5, None, "100%"),
    # decimals asked for are all printed (issue #26 point 17: 121/126 with 1 printed “96%”)
    (121, 126, 1, "96.0%"), (1, 8, 2, "12.50%"), (0, 5, 1, "0.0%"), (5, 5, 2, "100.00%"), (-1, 1000000, 1, "0.0%"),
])
def test_rate(part, whole, places, text):
    assert rate(f(part), f(whole), places) == text


def test_rate_of_zero_whole_is_an_error():
    with pytest.raises(FigureError, match="分母为0"):
        rate(f(1), f(0))


@pytest.mark.parametrize("value, last_year, places, text", [
    (127, 144, 2, "同比下降11.81%"), (1043.5, 1172, 2, "同比下降10.96%"), (110, 100, 2, "同比上升10%"),
    (100, 100, 2, "同比持平"), (0, 50, 2, "同比下降100%"), (-5, 10, 2, "同比下降150%"),
    (1005, 1000, 0, "同比上升1%"), (1015, 1000, 0, "同比上升2%"),  # 1.5 rounds up
    (100001, 100000, 2, "同比持平"),  # 0.001% rounds to 0: worded as level, not 上升0%
])
def test_year_on_year(value, last_year, places, text):
    assert compare(f(value, last_year=last_year), "同比", places) == text


@pytest.mark.parametrize("value, previous, text", [(103.2, 100, "环比上升3.2%"), (90, 100, "环比下降10%")])
def test_against_previous_period(value, previous, text):
    assert compare(f(value, previous=previous), "环比") == text


@pytest.mark.parametrize("value, last_year, text", [
    (93.6, 91.3, "同比提高2.3个百分点"), (88, 90.25, "同比降低2.25个百分点"), (50, 50, "同比持平"),
])
def test_rates_change_in_percentage_points(value, last_year, text):
    assert compare(f(value, "%", last_year=last_year)) == text


def test_missing_previous_value_is_a_clear_error_never_zero():
    with pytest.raises(FigureError, match="没有去年同期数，无法计算同比"):
        compare(f(5))
    with pytest.raises(FigureError, match="没有上期数，无法计算环比"):
        compare(f(5), "环比")
    with pytest.raises(FigureError, match="去年同期数为0"):
        compare(f(5, last_year=0))
    with pytest.raises(FigureError, match="还没有填写数值"):
        compare(f(None, last_year=3))


@pytest.mark.parametrize("value, last_year, text", [(135, 120, "增加15件"), (3, 10, "减少7件"), (4, 4, "持平"),
                                                    (0, 0, "持平")])
def test_difference(value, last_year, text):
    assert difference(f(value, last_year=last_year)) == text


def test_paired_comparisons():
    cases, loss = f(127, last_year=144), f(1043.5, "万元", last_year=1172)
    assert compare_pair(cases, loss) == "同比分别下降11.81%、10.96%"
    assert both_down(cases, loss) == "实现“双降”"
    assert both_down(cases, loss, label="案损") == "实现“案损双降”"
    rising = f(150, last_year=144)
    assert compare_pair(rising, loss) == "同比分别上升4.17%、下降10.96%"
    assert both_down(rising, loss) == ""
    assert compare_pair(f(1, last_year=1), f(2, last_year=2)) == "同比均持平"


@pytest.mark.parametrize("value, unit, places, approx, text", [
    (219400, "册", 2, False, "21.94万册"), (45123, "个", 1, True, "4.5万余个"), (45000, "个", 1, True, "4.5万个"),
    (120000000, "元", 1, False, "1.2亿元"), (12000, "万元", 1, False, "1.2亿元"),
    (5800.6, "万元", 0, True, "5800余万元"), (10435123, "元", 1, True, "1043.5万余元"),
    (9999, "人", 2, False, "9999人"), (0, "人", 2, False, "0人"), (-25000, "元", 1, False, "-2.5万元"),
    (155555, "元", 1, False, "15.6万元"),  # 15.5555 rounds half up
    (125000, "元", 0, False, "13万元"),    # exactly .5: half up (banker's rounding would give 12)
    (125000, "元", 1, False, "12.5万元"),
])
def test_abbreviate_large_numbers(value, unit, places, approx, text):
    assert abbreviate(f(value, unit), places, approx) == text


@pytest.mark.parametrize("value, places, text", [("2.5", 0, "3"), ("3.5", 0, "4"), ("0.045", 2, "0.05"), ("-0.5", 0, "-1")])
def test_value_filter_rounds_half_up(value, places, text):
    from drafting.render.filters import FILTERS
    assert FILTERS["数值"](f(value), places) == text


def test_total_of_mixed_units_is_an_error():
    with pytest.raises(FigureError, match="单位不同"):
        total(f(1, "件"), f(2, "人"))
    summed = total(f(1, previous=2), f(3, previous=4))
    assert (str(summed), summed.previous) == ("4件", D(6))


@pytest.mark.parametrize("typed, value, unit", [
    ("1,500,000元", "1500000", "元"), ("1，500，000元", "1500000", "元"), ("2,966件", "2966", "件"),
    ("1,043.5万元", "1043.5", "万元"), ("1500000", "1500000", ""), ("-3件", "-3", "件"),
])
def test_thousands_separators_are_read_as_the_number(typed, value, unit):
    """Bug: 1,500,000元 was read as 1 with the unit “,500,000元”."""
    assert split_number_unit(typed) == (D(value), unit)


@pytest.mark.parametrize("typed", ["1,50,0元", "1:30", "12：30", "1.5.2件", "1,5000元", "1，500,000元"])
def test_numbers_that_cannot_be_read_exactly_are_refused(typed):
    assert split_number_unit(typed) is None


def test_a_half_readable_figure_is_a_located_error(write_form, capsys):
    from ..conftest import run

    write_form("模板: 通用\n标题: 报告\n指标:\n  经费: 1,500,000元\n  时间: 1:30\n开头: 经费{{ 指标.经费 }}。\n")
    code, _, err = run(["build", "表单.yaml", "-f", "txt"], capsys)
    assert code == 1 and "表单.yaml:5:7: 错误[E124]：指标“时间”应为数字（可带单位，如 2966件），实际是“1:30”" in err
    assert "经费" not in err.split("时间")[0].split("表单.yaml")[-1]  # 1,500,000元 itself is fine
