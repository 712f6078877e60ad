"""Writing a recognised report as a form: the 工作总结 template where its sections fit, comments where unsure."""
from __future__ import annotations

import yaml

from drafting.importing.recognise import recognise
from drafting.importing.toform import report_to_yaml


def test_a_summary_with_its_sections_becomes_a_work_summary_form():
    report = recognise(["县委政法委2023年上半年工作总结", "", "一、工作开展情况", "（一）坚持高位推动", "正文。",
                        "二、存在问题", "（一）基础薄弱。部分乡镇力量不足。", "三、下半年工作打算", "（一）深化平安建设。巩固提升。"])
    text = report_to_yaml(report, "原稿.docx")
    assert text.startswith("# 由 draft import 从“原稿.docx”导入。")
    form = yaml.safe_load(text)
    assert form["模板"] == "工作总结" and form["期间"] == "2023H1"
    assert form["存在问题"] == [{"标题": "基础薄弱。", "内容": "部分乡镇力量不足。"}]
    assert form["下一步"] == [{"标题": "深化平安建设。", "内容": "巩固提升。"}]


def test_renumbered_headings_carry_a_comment():
    text = report_to_yaml(recognise(["报告", "", "一、甲", "三、乙"]), "x.txt")
    assert "# 导入时不确定：原文编号为“三、”，重建后按顺序编号为第2项" in text
