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


def test_imported_text_prints_as_written_never_as_code(tmp_path):
    from drafting.form.validate import load_form_text
    from drafting.pipeline.stages import render_bytes

    lines = ["关于{{ 7*7 }}件的报告", "", "一、总体情况", "今年办理{{ 7*7 }}件，{% for i in range(3) %}x{% endfor %}，{# 注 #}。",
             "{{ range(10**6) }}{%- raw %}{{{#}}}"]
    text = report_to_yaml(recognise(lines), "原稿.txt")
    built = render_bytes(load_form_text(tmp_path / "原稿.yaml", text), "txt").decode("utf-8")
    assert "关于{{ 7*7 }}件的报告" in built and "49" not in built  # was “关于49件的报告”
    assert "今年办理{{ 7*7 }}件，{% for i in range(3) %}x{% endfor %}，{# 注 #}。" in built
    assert "{{ range(10**6) }}{%- raw %}{{{#}}}" in built


def test_extracted_figures_stay_references_and_the_rest_prints_as_written(tmp_path):
    from drafting.form.validate import load_form_text
    from drafting.importing.figures import extract_figures
    from drafting.pipeline.stages import render_bytes

    report = recognise(["报告", "", "一、总体情况", "受理案件2966件。", "另有{{ 7*7 }}件。"])
    figures = extract_figures(report)
    text = report_to_yaml(report, "原稿.txt", figures)
    assert "受理案件{{ 指标.受理案件 }}。" in text and "另有{{ '{{' }} 7*7 }}件。" in text
    built = render_bytes(load_form_text(tmp_path / "原稿.yaml", text), "txt").decode("utf-8")
    assert "受理案件2966件。" in built and "另有{{ 7*7 }}件。" in built


def test_a_joint_signature_imports_as_the_units_it_prints(tmp_path):
    """A joint 落款 is printed on several lines (GB/T 9704 7.3.5, issue #26 point 13): importing the built .docx
    gives back every unit, in order, not only the last line."""
    from drafting.form.validate import load_form_text
    from drafting.importing.paragraphs import read_paragraphs
    from drafting.pipeline.stages import render_bytes

    units = "中共白河镇委员会　白河镇人民政府　白河镇平安建设领导小组"
    for sealed in ("", "印章: 否\n"):
        form = f"模板: 通用\n标题: 关于工作情况的报告\n正文:\n  - 今年工作平稳。\n落款: {units}\n日期: 2026-10-08\n{sealed}"
        (tmp_path / "联合.docx").write_bytes(render_bytes(load_form_text(tmp_path / "联合.yaml", form)))
        paragraphs, _ = read_paragraphs(tmp_path / "联合.docx")
        assert yaml.safe_load(report_to_yaml(recognise(paragraphs), "联合.docx"))["落款"] == units, sealed
