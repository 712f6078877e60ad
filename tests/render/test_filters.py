"""The template language's filters: dates as GB/T 9704 writes them, Chinese numerals."""
import datetime

import pytest

from drafting.render.filters import FILTERS


@pytest.mark.parametrize("value, expected", [
    (datetime.date(2023, 7, 10), "2023年7月10日"),   # no leading zero (7.3.5.2: 月、日不编虚位)
    (datetime.date(2023, 12, 1), "2023年12月1日"),
    (datetime.date(2024, 2, 29), "2024年2月29日"),
])
def test_dates_are_written_in_full_without_leading_zeros(value, expected):
    assert FILTERS["日期"](value) == expected


@pytest.mark.parametrize("number, expected", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五")])
def test_chinese_numerals(number, expected):
    assert FILTERS["中文数字"](number) == expected
