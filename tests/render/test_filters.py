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


def test_wrong_arguments_are_the_users_mistake(write_form, capsys):
    from ..conftest import MINIMAL, run

    write_form(MINIMAL + "指标:\n  化解: 5件\n开头: 化解{{ 指标.化解 | 同比(1, 2, 3) }}，{{ 指标.化解 | 数值(\"两\") }}。\n")
    code, out, _ = run(["check", "表单.yaml"], capsys)
    assert code == 1
    assert "错误[F003]：开头：“同比”的参数写法不对，见 README 的“指标与过滤器”" in out


def test_a_defect_inside_a_filter_is_an_internal_error_not_the_forms(write_form, capsys, monkeypatch):
    """Only user mistakes are user errors: a bug inside a filter must not be blamed on the form."""
    from drafting.form import figures

    from ..conftest import MINIMAL, run

    def broken(*args, **kwargs):
        raise TypeError("unsupported operand")

    monkeypatch.setattr(figures, "rate", broken)
    write_form(MINIMAL + "指标:\n  甲: 1件\n  乙: 2件\n开头: 比率{{ 指标.甲 | 比率(指标.乙) }}。\n")
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 3 and err.startswith("表单.yaml: 错误：内部错误：draft 出现了意外问题")
