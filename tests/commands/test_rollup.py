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
    assert "合计                   966                 931   96.4%                 291                 273" in text
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
    assert "乡镇/青石镇.yaml:4:5: 错误[R002]：青石镇的期间是 2023Q3，各单位的期间不一致" in err
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
