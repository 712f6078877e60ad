"""Reporting periods and their wording."""
import pytest

from drafting.form.period import Period, parse_period


@pytest.mark.parametrize("code, short, full, next_label", [
    ("2023", "全年", "2023年", "2024年"),
    ("2023H1", "上半年", "2023年上半年", "下半年"),
    ("2023h2", "下半年", "2023年下半年", "2024年上半年"),
    ("2023Q1", "第一季度", "2023年第一季度", "第二季度"),
    ("2023Q3", "第三季度", "2023年第三季度", "第四季度"),
    ("2023Q4", "第四季度", "2023年第四季度", "2024年第一季度"),
    ("2023-07", "7月", "2023年7月", "8月"),
    ("2023-12", "12月", "2023年12月", "2024年1月"),
])
def test_period_wording(code, short, full, next_label):
    period = parse_period(code)
    assert period is not None
    assert (period.short, period.full, period.next_label) == (short, full, next_label)


@pytest.mark.parametrize("value", ["2023H3", "2023Q5", "2023-13", "23Q1", "上半年", "", "2023-00"])
def test_parse_period_rejects(value):
    assert parse_period(value) is None


def test_parse_period_accepts_integer_year():
    assert parse_period(2023) == Period(2023, "year")


def test_code_round_trips():
    for code in ("2023", "2023H1", "2023Q3", "2023-07"):
        assert parse_period(code).code == code


@pytest.mark.parametrize("code, following", [("0001", "0002"), ("0001H1", "0001H2"), ("0012Q4", "0013Q1"),
                                             ("0999-12", "1000-01"), ("0001H2", "0002H1")])
def test_codes_of_small_years_keep_four_digits_and_round_trip(code, following):
    """Issue #25.19: ``0001H1`` went on to ``1H2``, which parse_period refuses."""
    period = parse_period(code)
    assert period.code == code
    assert period.next().code == following and parse_period(following) == period.next()


@pytest.mark.parametrize("code", ["0000", "0000H1", "0000Q2", "0000-01"])
def test_year_zero_is_refused(code):
    """There is no year 0 in the calendar the dates use: first_day() would fail (exit 3 in draft check)."""
    assert parse_period(code) is None


@pytest.mark.parametrize("written, code", [
    ("2026年第三季度", "2026Q3"), ("2026年三季度", "2026Q3"), ("2026年第3季度", "2026Q3"),
    ("2026年上半年", "2026H1"), ("2026年下半年", "2026H2"), ("2026年全年", "2026"), ("2026年度", "2026"),
    ("2026年", "2026"), ("2026年1-6月", "2026H1"), ("2026年1—3月", "2026Q1"), ("2026年7-12月", "2026H2"),
    ("2026年1月-12月", "2026"), ("2026年7月", "2026-07"), ("2026年7月份", "2026-07"),
])
def test_periods_as_people_write_them(written, code):
    """Bug (#26 point 16): 期间: 2026年第三季度 was refused (E122)."""
    period = parse_period(written)
    assert period is not None and period.code == code


@pytest.mark.parametrize("value", ["2026年1-9月", "2026年13月", "2026年第五季度", "0000年", "2026年中"])
def test_written_periods_that_name_no_report_period_are_refused(value):
    assert parse_period(value) is None


def test_days_in_month_agrees_with_the_calendar():
    import calendar

    from drafting.form.period import days_in_month

    for year in (1, 1900, 2000, 2023, 2024, 2100, 9999):
        assert [days_in_month(year, month) for month in range(1, 13)] == \
            [calendar.monthrange(year, month)[1] for month in range(1, 13)]
