"""draft rollup: three townships become the county's form — figures summed and traced, items gathered, a table by unit."""
from __future__ import annotations

import shutil

import pytest
import yaml

from drafting.check.checker import check_form
from drafting.pipeline.stages import render_bytes
from drafting.errors import ERROR
from drafting.form.validate import load_form

from ..conftest import EXAMPLES, run

TOWNSHIPS = EXAMPLES / "rollup"


@pytest.fixture
def townships(tmp_path, monkeypatch):
    folder = tmp_path / "乡镇"
    shutil.copytree(TOWNSHIPS, folder)
    monkeypatch.chdir(tmp_path)
    return folder


def test_the_example_rolls_up_checks_clean_and_builds(townships, capsys):
    code, out, err = run(["rollup", "乡镇/白河镇.yaml", "乡镇/青石镇.yaml", "乡镇/柳溪乡.yaml", "-o", "全县.yaml"], capsys)
    assert code == 0, err
    assert out.startswith("已汇总 3 个单位的表单：全县.yaml（指标 5 个）")
    data = yaml.safe_load((townships.parent / "全县.yaml").read_text(encoding="utf-8"))
    figures = data["指标"]
    assert figures["安全隐患排查"] == {"值": 291, "单位": "处", "来源": "白河镇126＋青石镇90＋柳溪乡75"}
    assert figures["矛盾纠纷排查"]["上期"] == 897 and figures["矛盾纠纷排查"]["去年同期"] == 826  # summed too
    assert figures["化解率"]["值"] == 96.4 and figures["化解率"]["来源"] == "由矛盾纠纷化解÷矛盾纠纷排查重算"  # 931/966
    assert data["落款"] == "中共青山县委政法委员会" and str(data["日期"]) == "2023-07-06" and data["期间"] == "2023H1"
    assert data["开头"].startswith("全县共计矛盾纠纷排查{{ 指标.矛盾纠纷排查 }}、")  # the totals stay data
    gathered = data["正文"][0]
    assert gathered["标题"] == "上半年工作开展情况"
    assert [item["引语"] for item in gathered["下级"]][:2] == ["白河镇：矛盾纠纷排查化解扎实有效", "白河镇：安全隐患整治有力推进"]
    assert "排查安全隐患126处" in gathered["下级"][1]["内容"]  # the unit's own number, written out
    assert [item["标题"] for item in data["存在问题"]] == ["白河镇：基层力量仍显不足", "青石镇：基层力量仍显不足",
                                                      "柳溪乡：基层力量仍显不足"]
    table = data["附件"][0]["内容"][0]["表格"]
    assert table["行"][0][:2] == ["白河镇", 412] and table["行"][-1][0] == "合计"
    form = load_form(townships.parent / "全县.yaml")
    assert not [p for p in check_form(form) if p.severity == ERROR]
    text = render_bytes(form, "txt").decode("utf-8")
    assert text.count("白河镇委员会") == 0  # the joint 落款 中共白河镇委员会　白河镇人民政府 is “白河镇” everywhere
    assert "全县共计矛盾纠纷排查966件、矛盾纠纷化解931件、化解率96.4%、安全隐患排查291处、安全隐患整治273处。" in text
    assert "合计           966         931   96.4%         291         273" in text
    assert run(["check", "全县.yaml"], capsys)[0] == 0


def test_order_by_a_figure_and_options_for_the_county(townships, capsys):
    code, _, err = run(["rollup", "乡镇", "-o", "全县.yaml", "--order", "安全隐患排查", "--unit", "青山县人民政府",
                        "--title", "青山县2023年上半年平安建设工作总结", "--date", "2023-07-12"], capsys)
    assert code == 0, err
    data = yaml.safe_load((townships.parent / "全县.yaml").read_text(encoding="utf-8"))
    assert [row[0] for row in data["附件"][0]["内容"][0]["表格"]["行"]] == ["白河镇", "青石镇", "柳溪乡", "合计"]
    assert data["落款"] == "青山县人民政府" and data["标题"] == "青山县2023年上半年平安建设工作总结"
    assert str(data["日期"]) == "2023-07-12"
    assert run(["rollup", "乡镇", "-o", "全县.yaml"], capsys)[0] == 1  # never over a file


def test_mismatched_periods_a_unit_twice_and_measure_words_are_refused_naming_the_forms(townships, capsys):
    (townships / "白河镇.yaml").write_text((townships / "白河镇.yaml").read_text(encoding="utf-8")
                                          .replace("安全隐患排查: 126处", "安全隐患排查: 126个"), encoding="utf-8")
    (townships / "青石镇.yaml").write_text((townships / "青石镇.yaml").read_text(encoding="utf-8")
                                          .replace("期间: 2023H1", "期间: 2023Q3"), encoding="utf-8")
    shutil.copy(townships / "柳溪乡.yaml", townships / "柳溪乡（副本）.yaml")
    code, _, err = run(["rollup", "乡镇", "-o", "全县.yaml"], capsys)
    assert code == 1 and not (townships.parent / "全县.yaml").exists()
    assert "乡镇/青石镇.yaml:4:5: 错误[R002]：青石镇的期间是 2023Q3，与其他单位（2023H1）不一致" in err
    assert "白河镇的期间是" not in err and "柳溪乡的期间是" not in err  # the majority is not the odd one
    assert "“柳溪乡”出现了两次：乡镇/柳溪乡.yaml 和 乡镇/柳溪乡（副本）.yaml" in err
    assert "白河镇的指标“安全隐患排查”单位是“个”" in err and "乡镇/白河镇.yaml:" in err


def test_a_figure_only_some_units_have_is_listed_and_a_broken_unit_form_speaks_for_itself(townships, capsys):
    path = townships / "柳溪乡.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  安全隐患整治: 71处\n", "")
                    .replace("，已整治{{ 指标.安全隐患整治 }}", ""), encoding="utf-8")
    code, _, err = run(["rollup", "乡镇", "-o", "全县.yaml"], capsys)
    assert code == 0 and "指标“安全隐患整治”只有白河镇、青石镇填了，柳溪乡没有：合计只含填了的单位" in err
    path.write_text(path.read_text(encoding="utf-8").replace("落款:", "落欵:"), encoding="utf-8")
    code, _, err = run(["rollup", "乡镇", "-o", "全县2.yaml"], capsys)
    assert code == 1 and "乡镇/柳溪乡.yaml:6:1: 错误[E101]：表单里没有“落欵”这个字段，您是否想写“落款”？" in err


def test_a_report_in_word_is_imported_and_rolled_up(townships, capsys):
    (townships / "柳溪乡.docx").write_bytes(render_bytes(load_form(townships / "柳溪乡.yaml")))
    (townships / "柳溪乡.yaml").unlink()
    code, out, err = run(["rollup", "乡镇/白河镇.yaml", "乡镇/青石镇.yaml", "乡镇/柳溪乡.docx", "-o", "全县.yaml"], capsys)
    assert code == 0, err
    data = yaml.safe_load((townships.parent / "全县.yaml").read_text(encoding="utf-8"))
    assert any("柳溪乡：" in item.get("引语", "") for item in data["正文"][0]["下级"])


def test_usage_mistakes_are_said_in_chinese(townships, capsys):
    code, _, err = run(["rollup", "乡镇"], capsys)
    assert code == 2 and "缺少选项：-o（--output）" in err
    code, out, _ = run(["rollup", "--help"], capsys)
    assert "[必填]" in out and "[required]" not in out
    code, _, err = run(["rollup", "乡镇", "-o", "全县.yaml", "--order", "没有"], capsys)
    assert code == 1 and "--order 给的指标“没有”各单位都没有" in err


def test_a_tie_between_periods_says_so(townships, capsys):
    (townships / "柳溪乡.yaml").unlink()
    path = townships / "青石镇.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("期间: 2023H1", "期间: 2023Q3"), encoding="utf-8")
    code, _, err = run(["rollup", "乡镇", "-o", "全县.yaml"], capsys)
    assert code == 1 and err.count("2023H1、2023Q3 的表单一样多，看不出哪一期是对的") == 2


def test_a_short_name_the_form_gives_is_used(townships, capsys):
    path = townships / "青石镇.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("落款: 中共青石镇委员会", "落款: 中共青石镇委员会\n简称: 青石"),
                    encoding="utf-8")
    code, _, err = run(["rollup", "乡镇", "-o", "全县.yaml"], capsys)
    assert code == 0, err
    data = yaml.safe_load((townships.parent / "全县.yaml").read_text(encoding="utf-8"))
    assert [row[0] for row in data["附件"][0]["内容"][0]["表格"]["行"]] == ["柳溪乡", "白河镇", "青石", "合计"]
    assert "青石：矛盾纠纷排查化解扎实有效" in [item["引语"] for item in data["正文"][0]["下级"]]


def test_without_a_recipient_the_signature_is_left_empty_for_check_to_ask(townships, capsys):
    for path in townships.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("主送: 中共青山县委政法委员会：\n", ""), encoding="utf-8")
    code, _, err = run(["rollup", "乡镇", "-o", "全县.yaml"], capsys)
    assert code == 0 and "警告[R008]：汇总表单的“落款”空着" in err
    assert yaml.safe_load((townships.parent / "全县.yaml").read_text(encoding="utf-8"))["落款"] == ""
    code, out, _ = run(["check", "全县.yaml"], capsys)
    assert code == 0 and "警告[C303]：“落款”空着" in out


def test_headings_merge_at_every_level_in_the_printed_county_report(townships, capsys):
    for name, first in (("白河镇", "上半年工作开展情况"), ("青石镇", "2023年上半年主要工作。"), ("柳溪乡", "上半年工作开展情况")):
        path = townships / f"{name}.yaml"
        text = path.read_text(encoding="utf-8").replace("  - 标题: 上半年工作开展情况", f"  - 标题: {first}")
        for lead in ("矛盾纠纷排查化解扎实有效", "安全隐患整治有力推进"):  # second-level headings every town shares
            text = text.replace(f"      - 引语: {lead}\n        内容:", f"      - 标题: {lead}\n        下级:\n          - 内容:")
        path.write_text(text, encoding="utf-8")
    code, _, err = run(["rollup", "乡镇", "-o", "全县.yaml"], capsys)
    assert code == 0, err
    assert run(["build", "全县.yaml", "-f", "txt", "-q"], capsys)[0] == 0
    text = (townships.parent / "全县.txt").read_text(encoding="utf-8").split("二、存在问题")[0]
    assert text.count("一、") == 1 and "二、" not in text  # one 一级 section, though 青石镇 titled it differently
    assert "（一）矛盾纠纷排查化解扎实有效\n" in text and "（二）安全隐患整治有力推进\n" in text and "（三）" not in text
    assert text.index("柳溪乡：依托") < text.index("白河镇：依托") < text.index("青石镇：依托") < text.index("（二）")
