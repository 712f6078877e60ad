"""draft rollup against hostile units: exact sums, no output over an input, nothing a unit writes becomes YAML or code."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from drafting.form.validate import load_form

from ..conftest import run

BREAKS = {"CR": "\r", "LF": "\n", "U+2028": "\u2028", "U+0085": "\x85", "#": " # "}


def _unit(name: str, figures: str | dict = "案件: 5件", text: str = "开展排查", signature: str | None = None,
          recipient: str = "县委") -> str:
    """A unit's form as YAML text; its fields written through PyYAML (quoted and escaped as needed)."""
    data = {"模板": "工作总结", "标题": f"{name}总结", "期间": "2023H1", "主送": recipient,
            "落款": signature if signature is not None else name, "日期": "2023-07-05"}
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    body = yaml.safe_dump({"正文": [{"标题": "工作开展情况", "内容": text}]}, allow_unicode=True, sort_keys=False)
    block = yaml.safe_dump({"指标": figures}, allow_unicode=True, sort_keys=False) if isinstance(figures, dict) \
        else "指标:\n" + "".join(f"  {line}\n" for line in figures.splitlines())
    return head + block + body


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_ten_units_sum_to_every_digit(folder, capsys):
    for n in range(10):
        (folder / f"{n}镇.yaml").write_text(_unit(f"第{n}镇", "面积: {值: 12345678.123456789, 单位: 亩}\n"
                                                  "大数: {值: 1234567890123456789012345678901, 单位: 件}"),
                                           encoding="utf-8")
    code, _, err = run(["rollup", *(f"{n}镇.yaml" for n in range(10)), "-o", "全县.yaml"], capsys)
    assert code == 1  # 10 × 1.2×10^30 is beyond 10^30: refused with where, not rounded
    assert "0镇.yaml:9:7: 错误[R011]：指标“大数”汇总后超出报告能写的范围" in err
    for n in range(10):
        (folder / f"{n}镇.yaml").write_text(_unit(f"第{n}镇", "面积: {值: 12345678.123456789, 单位: 亩}\n"
                                                  "大数: {值: 123456789012345678901234567891, 单位: 件}"),
                                           encoding="utf-8")
    code, _, err = run(["rollup", *(f"{n}镇.yaml" for n in range(10)), "-o", "全县.yaml"], capsys)
    assert code == 0, err
    text = (folder / "全县.yaml").read_text(encoding="utf-8")
    assert "{值: 123456781.23456789, 单位: 亩," in text  # the decimal as summed, not a float's 17 digits
    assert "{值: 1234567890123456789012345678910, 单位: 件," in text  # 31 digits, not 10^30 rounded
    figures = load_form(folder / "全县.yaml").figures
    assert figures["面积"].value == Decimal("123456781.23456789")
    assert figures["大数"].value == Decimal("1234567890123456789012345678910")
    code, _, err = run(["build", "全县.yaml", "-f", "txt", "-q"], capsys)
    assert code == 0 and "C221" not in err, err  # the 合计 row checked exactly too
    total = next(line for line in (folder / "全县.txt").read_text(encoding="utf-8").splitlines()
                 if line.startswith("合计"))
    assert total.split() == ["合计", "123456781.23456789", "1234567890123456789012345678910"]


def test_rates_with_many_decimals_are_recomputed(folder, capsys):
    for n, (part, whole) in enumerate([(3, 7), (5, 9)]):
        (folder / f"{n}.yaml").write_text(_unit(f"第{n}镇", f"化解率: {{值: 96.123456789012345678901234567, "
                                                f"单位: \"%\", 分子: 化解, 分母: 受理}}\n化解: {part}件\n受理: {whole}件"),
                                          encoding="utf-8")
    code, _, err = run(["rollup", "0.yaml", "1.yaml", "-o", "全县.yaml"], capsys)
    assert code == 0, err  # was an internal error: 27 decimals do not fit the default 28 digits
    assert load_form(folder / "全县.yaml").figures["化解率"].value == Decimal("50.0000000000")  # 8/16, ten places
    assert run(["build", "全县.yaml", "-f", "txt", "-q"], capsys)[0] == 0


@pytest.mark.parametrize("target", ["单位", "文件夹里的", "上期"])
def test_output_naming_an_input_is_refused_even_with_overwrite(folder, capsys, target):
    units = folder / "乡镇"
    units.mkdir()
    (units / "上期.yaml").write_text(_unit("甲镇").replace("2023H1", "2022H2"), encoding="utf-8")
    (units / "甲镇.yaml").write_text(_unit("甲镇") + "上期: 上期.yaml\n", encoding="utf-8")
    (units / "乙镇.yaml").write_text(_unit("乙镇"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in units.iterdir()}
    arguments = {"单位": ["乡镇/甲镇.yaml", "乡镇/乙镇.yaml", "-o", "乡镇/乙镇.yaml"],
                 "文件夹里的": ["乡镇/甲镇.yaml", "乡镇/乙镇.yaml", "-o", "乡镇/乙镇.yaml"],
                 "上期": ["乡镇/甲镇.yaml", "乡镇/乙镇.yaml", "-o", "乡镇/上期.yaml"]}[target]
    if target == "文件夹里的":
        (units / "上期.yaml").unlink()
        (units / "甲镇.yaml").write_text(_unit("甲镇"), encoding="utf-8")
        before = {p.name: p.read_bytes() for p in units.iterdir()}
        arguments = ["乡镇", "-o", "乡镇/甲镇.yaml"]
    code, _, err = run(["rollup", *arguments, "--overwrite"], capsys)
    assert code == 2, err
    assert "是输入文件" in err and err.startswith("命令行: 错误[R012]：-o 给的")
    assert {p.name: p.read_bytes() for p in units.iterdir()} == before  # nothing replaced, no unit dropped


def _county(folder: Path) -> dict:
    return yaml.safe_load((folder / "全县.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_nothing_a_unit_writes_becomes_yaml_structure(folder, capsys, name):
    brk = BREAKS[name]
    injected = f"{brk}标题: 被注入的标题{brk}版头: {{发文机关标志: 注入}}{brk}- 注入"
    (folder / "甲镇.yaml").write_text(_unit("甲镇", {f"案件{injected}": "5件", "案件": "2件"}, f"甲{injected}",
                                            f"恶意镇{injected}", f"县委{injected}"), encoding="utf-8")
    (folder / "乙镇.yaml").write_text(_unit("乙镇", "案件: 7件"), encoding="utf-8")
    code, _, err = run(["rollup", "甲镇.yaml", "乙镇.yaml", "-o", "全县.yaml"], capsys)
    if code == 1:  # a one-line field holding a line break: the unit's own error, located
        assert brk == "\n" and "甲镇.yaml:4:5: 错误[E106]：主送只能写一段" in err and not (folder / "全县.yaml").exists()
        return
    assert code == 0, err
    unit = load_form(folder / "甲镇.yaml")  # what the unit says, as the form reader reads it
    county = _county(folder)
    assert set(county) == {"模板", "期间", "落款", "日期", "指标", "开头", "正文", "附件"}
    assert county["落款"] == str(unit.recipient).rstrip("：") and " ".join(str(unit.unit).split()) in county["开头"]
    assert set(county["指标"]) == set(unit.figures)
    assert county["附件"][0]["内容"][0]["表格"]["表头"][1] == " ".join(f"案件{injected}".split()) + "（件）"
    assert county["正文"][0]["下级"] == [" ".join(str(unit.unit).split()) + f"：{unit.body[0].text}",
                                          "乙镇：开展排查"]
    assert run(["check", "全县.yaml"], capsys)[0] == 0
    assert run(["build", "全县.yaml", "-f", "txt", "-q"], capsys)[0] == 0


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_unit_file_name_never_becomes_yaml_structure(folder, capsys, name):
    brk = BREAKS[name]
    (folder / "甲镇.yaml").write_text(_unit("甲镇"), encoding="utf-8")
    odd = f"乙镇{brk}标题: 文件名注入{brk}版头: {{发文机关标志: 注入}}{brk}- x.yaml"
    (folder / odd).write_text(_unit("乙镇", "案件: 7件", signature=""), encoding="utf-8")  # named by its file
    code, _, err = run(["rollup", "甲镇.yaml", odd, "-o", "全县.yaml"], capsys)
    assert code == 0, err
    county = _county(folder)
    assert set(county) == {"模板", "期间", "落款", "日期", "指标", "开头", "正文", "附件"}
    assert " ".join(odd[:-5].split()) in county["开头"] and county["落款"] == "县委"
    code, _, err = run(["build", "全县.yaml", "-f", "txt", "-q"], capsys)
    assert code == 0, err


def test_a_unit_text_prints_as_written_and_never_runs_again(folder, capsys):
    shown = "{{ '{{' }} range(10**6) }}件，{{ '{{' }} 指标.案件 | 数值 }}件，{{ '{%' }} raw %}"
    (folder / "甲镇.yaml").write_text(_unit("甲镇{{ '{{' }} 7*7 }}", "案件: 5件", shown, recipient="县委{{ '{#' }} x #}"),
                                      encoding="utf-8")
    (folder / "乙镇.yaml").write_text(_unit("乙镇", "案件: 700件"), encoding="utf-8")
    code, _, err = run(["rollup", "甲镇.yaml", "乙镇.yaml", "-o", "全县.yaml"], capsys)
    assert code == 0, err
    code, _, err = run(["build", "全县.yaml", "-f", "txt", "-q"], capsys)
    assert code == 0, err
    text = (folder / "全县.txt").read_text(encoding="utf-8")
    assert "甲镇{{ 7*7 }}：{{ range(10**6) }}件，{{ 指标.案件 | 数值 }}件，{% raw %}" in text
    # The county's total is printed once, by the opening's own expression (#26.10), never by a unit's text run again.
    assert text.split("附件")[0].count("705件") == 1 and "全县共计案件705件。" in text and "49" not in text
    assert "县委{# x #}" in text
