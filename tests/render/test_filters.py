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
    assert "错误[F003]：开头：“同比”的参数写法不对，见 docs/figures.md 的“指标与过滤器”" in out


def test_a_defect_inside_a_filter_is_an_internal_error_not_the_forms(write_form, capsys, monkeypatch):
    """Only user mistakes are user errors: a bug inside a filter must not be blamed on the form."""
    from drafting.form import figures

    from ..conftest import MINIMAL, run

    def broken(*args, **kwargs):
        raise TypeError("unsupported operand")

    monkeypatch.setattr(figures, "rate", broken)
    write_form(MINIMAL + "指标:\n  甲: 1件\n  乙: 2件\n开头: 比率{{ 指标.甲 | 比率(指标.乙) }}。\n")
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 3 and err.startswith("表单.yaml: 错误[X001]：内部错误：draft 出现了意外问题")


def test_figures_of_28_to_40_digits_are_worded_exactly(write_form, capsys):
    from ..conftest import MINIMAL, run

    write_form(MINIMAL + "指标:\n  甲: {值: 123456789012345678901234567890, 单位: 件, 去年同期: 1234567890123456789012345678.9,"
               " 上期: 0.0000000000000000000000000001}\n  率: {值: 96.123456789012345678901234567, 单位: \"%\", "
               "去年同期: 1.000000000000000000000000001}\n"
               "开头: \"{{ 指标.甲 | 同比 }}；{{ 指标.甲 | 数值(2) }}；{{ 指标.率 | 同比 }}；{{ 合计(指标.甲, 指标.甲) }}；"
               "{{ 指标.甲 | 增减 }}；{{ 指标.甲 | 环比 }}\"\n")
    code, out, err = run(["build", "表单.yaml", "-f", "txt", "-o", "-"], capsys)
    assert code == 0, err  # was exit 3: the default 28-digit context cannot quantize them
    assert ("同比上升9900%；123456789012345678901234567890；同比提高95.12个百分点；246913578024691357802469135780件；"
            "增加122222221122222222112222222211.1件；环比上升123456789012345678901234567889999999999999999999999999999900%"
            ) in out


def test_a_figure_of_more_than_40_digits_is_refused_where_it_is_typed(write_form, capsys):
    from ..conftest import MINIMAL, run

    write_form(MINIMAL + "指标:\n  甲: {值: 1." + "1" * 45 + ", 单位: 件}\n  乙: " + "9" * 32 + "件\n")
    code, out, _ = run(["check", "表单.yaml"], capsys)
    assert code == 1
    assert "表单.yaml:6:10: 错误[E168]：指标“甲”的值“1.111" in out and "”超出了指标数值的范围" in out
    assert "表单.yaml:7:6: 错误[E168]：指标“乙”的数值“999" in out and "超出了指标数值的范围" in out


_RISE_FALL = "指标:\n  排查: 126件\n  化解: {值: 121, 单位: 件, 去年同期: 100}\n  发案: {值: 90, 单位: 件, 去年同期: 100}\n"


def test_a_rate_keeps_the_decimals_asked_for(write_form, capsys):
    """Issue #26 point 17: 比率(…, 1) printed “96%” for 121/126; the asked-for decimal is kept (96.0%)."""
    from ..conftest import MINIMAL, run

    write_form(MINIMAL + _RISE_FALL + "开头: 甲{{ 指标.化解 | 比率(指标.排查, 1) }}，乙{{ 比率(指标.化解, 指标.排查, 3) }}，"
               "丙{{ 比率(指标.化解, 指标.排查) }}，丁{{ 比率(指标.排查, 指标.排查, 2) }}，戊{{ 比率(指标.排查, 指标.排查) }}。\n")
    code, _, err = run(["build", "表单.yaml", "-f", "txt"], capsys)
    assert code == 0, err
    from pathlib import Path
    text = Path("表单.txt").read_text(encoding="utf-8")
    assert "甲96.0%，乙96.032%，丙96.03%，丁100.00%，戊100%。" in text


def test_rises_and_falls_may_be_worded_as_growth_per_filter_and_per_form(write_form, capsys):
    """Issue #26 point 17: 同比 offered only 上升/下降; 措辞="增长" on the filter, 增减措辞 for the whole form."""
    from pathlib import Path

    from ..conftest import MINIMAL, run

    texts = ("开头: 化解{{ 指标.化解 | 同比 }}，发案{{ 指标.发案 | 同比(措辞=\"增长\") }}，"
             "{{ 指标.发案 | 同比(1, 措辞=\"上升/下降\") }}，{{ 同比分别(指标.化解, 指标.发案) }}。\n")
    write_form(MINIMAL + _RISE_FALL + texts)
    assert run(["build", "表单.yaml", "-f", "txt"], capsys)[0] == 0
    assert "化解同比上升21%，发案同比减少10%，同比下降10%，同比分别上升21%、下降10%。" in Path("表单.txt").read_text(encoding="utf-8")
    write_form(MINIMAL + "增减措辞: 增长/减少\n" + _RISE_FALL + texts)
    assert run(["build", "表单.yaml", "-f", "txt"], capsys)[0] == 0
    assert "化解同比增长21%，发案同比减少10%，同比下降10%，同比分别增长21%、减少10%。" in Path("表单.txt").read_text(encoding="utf-8")


def test_an_unknown_wording_is_a_located_error(write_form, capsys):
    """A 增减措辞 other than 上升/下降 or 增长/减少 is the form's mistake, reported at the text that uses it."""
    from ..conftest import MINIMAL, run

    write_form(MINIMAL + "增减措辞: 多少\n" + _RISE_FALL + "开头: 化解{{ 指标.化解 | 同比 }}。\n")
    code, out, _ = run(["check", "表单.yaml"], capsys)
    assert code == 1
    assert "增减的措辞应为“上升/下降”或“增长/减少”，实际是“多少”" in out
    assert "提示：改正表单顶层的“增减措辞”或过滤器里的 措辞=" in out
