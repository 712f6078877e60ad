"""draft next: the next period's form — period, dates, title and figures move on, comments stay."""
from __future__ import annotations

import re

import pytest
import yaml

from drafting.pipeline.stages import render_bytes
from drafting.check.checker import check_form
from drafting.errors import ERROR
from drafting.form.validate import load_form

from ..conftest import run


def test_next_moves_period_date_title_and_figures(workdir, capsys):
    code, out, _ = run(["next", "half-year-summary.yaml"], capsys)
    assert code == 0 and out.startswith("已生成2023年下半年的表单：")
    text = (workdir / "half-year-summary-2023H2.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["期间"] == "2023H2"
    assert str(data["日期"]) == "2024-01-10"
    assert data["标题"] == "青山县委政法委2023年下半年工作总结及2024年上半年工作打算"
    assert data["指标"]["电诈发案"] == {"值": None, "单位": "件", "上期": 127, "来源": "县公安局反诈中心"}
    assert data["指标"]["电诈损失"] == {"值": None, "单位": "万元", "上期": 1043.5}
    assert data["去年同期"] is None
    # Comments of the original form are kept, and the carried-over texts are listed for review.
    assert "# 指标：文中的数字都从这里来" in text and "# 编号（一、（一）1.（1）" in text
    assert "# 请写上2022年下半年的表单文件名" in text
    assert len(data["沿用上期"]) > 50


def test_check_flags_exactly_the_figures_to_fill_then_it_builds(workdir, capsys):
    run(["next", "half-year-summary.yaml", "--period", "2023H2"], capsys)
    path = workdir / "half-year-summary-2023H2.yaml"
    form = load_form(path)
    errors = [p for p in check_form(form) if p.severity == ERROR]
    body = path.read_text(encoding="utf-8").split("\n沿用上期:")[0]
    needed = set(re.findall(r"指标\.(\w+)", body))
    assert {p.code for p in errors} == {"C103"}
    assert {re.search("指标“(.+?)”", p.message).group(1) for p in errors} == needed
    assert {p.location.line for p in errors} == {form.figures[n].location.line for n in needed}
    # Fill in this period's values (and name last year's form): the form builds, with review warnings only.
    filled = path.read_text(encoding="utf-8")
    filled = re.sub(r"\{值: null, 单位: ([^,}]+), 上期: ([\d.]+)", r"{值: \2, 单位: \1, 上期: \2", filled)
    (workdir / "2022H2.yaml").write_text("指标:\n  执行结案率: {值: 90.1, 单位: '%'}\n  交通违法查处: 140000起\n"
                                         "  电诈发案: 150件\n  电诈损失: {值: 1200, 单位: 万元}\n", encoding="utf-8")
    filled = filled.replace("去年同期:  ", "去年同期: 2022H2.yaml  ", 1)
    path.write_text(filled, encoding="utf-8")
    form = load_form(path)
    findings = check_form(form)
    assert [p for p in findings if p.severity == ERROR] == []
    assert {p.code for p in findings} <= {"C401", "C206"}
    assert "同比分别下降15.33%、13.04%" in render_bytes(form, "txt").decode("utf-8")  # 127/150, 1043.5/1200


def test_edited_or_confirmed_texts_stop_warning(workdir, capsys):
    run(["next", "half-year-summary.yaml", "--period", "2023H2", "-o", "下半年.yaml"], capsys)
    path = workdir / "下半年.yaml"
    before = [p for p in check_form(load_form(path)) if p.code == "C401"]
    text = path.read_text(encoding="utf-8").replace("强化理论学习和理论武装", "深化理论学习和理论武装")
    marks = yaml.safe_load(text)["沿用上期"]
    first_mark = before[0].message.split("编号 ")[1].rstrip("）")
    text = re.sub(rf"\n\s*- {first_mark}[^\n]*", "", text)  # confirm the first one
    path.write_text(text, encoding="utf-8")
    after = [p for p in check_form(load_form(path)) if p.code == "C401"]
    assert len(after) == len(before) - 2 and len(marks) == len(before)


@pytest.mark.parametrize("period, title, date", [
    ("2023Q4", "青山县委政法委2023年第四季度工作总结及2024年第一季度工作打算", "2023-10-10"),
    ("2024", "青山县委政法委2024年工作总结及2025年工作打算", "2024-07-10"),
])
def test_next_to_other_kinds_of_period(write_form, capsys, tmp_path, period, title, date):
    source = {"2023Q4": ("2023Q3", "青山县委政法委2023年第三季度工作总结及第四季度工作打算", "2023-07-10"),
              "2024": ("2023", "青山县委政法委2023年工作总结及2024年工作打算", "2023-07-10")}[period]
    write_form(f"模板: 工作总结\n期间: {source[0]}\n标题: {source[1]}\n日期: {source[2]}\n存在问题: [甲]\n下一步: [乙]\n")
    code, _, _ = run(["next", "表单.yaml", "-o", "新.yaml", "--period", period], capsys)
    data = yaml.safe_load((tmp_path / "新.yaml").read_text(encoding="utf-8"))
    assert (code, data["标题"], str(data["日期"])) == (0, title, date)


def test_a_form_fed_by_a_spreadsheet_asks_for_the_new_sheet_and_takes_its_previous_values_from_this_form(
        workdir, capsys):
    from openpyxl import Workbook

    code, _, _ = run(["next", "quarterly-report.yaml"], capsys)
    assert code == 0
    text = (workdir / "quarterly-report-2023Q2.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["指标文件"] is None and data["上期"] == "quarterly-report.yaml" and "指标" not in data
    assert "指标文件:   # 请写上2023年第二季度的指标文件；上期数从上一期的表单取\n上期: quarterly-report.yaml\n\n开头" in text
    book = Workbook()
    for row in (["指标", "数值", "单位"], ["矛盾纠纷排查", 1500, "件"], ["矛盾纠纷化解", 1460, "件"], ["化解率", 97.3, "%"],
                ["电诈发案", 58, "件"], ["电诈损失", 480, "万元"], ["法律援助案件", 190, "件"], ["安全隐患排查", 99, "处"],
                ["安全隐患整治", 97, "处"]):
        book.active.append(row)
    book.save(workdir / "二季度.xlsx")
    (workdir / "quarterly-report-2023Q2.yaml").write_text(text.replace("指标文件:   #", "指标文件: 二季度.xlsx  #"), encoding="utf-8")
    form = load_form(workdir / "quarterly-report-2023Q2.yaml")
    assert form.figures["矛盾纠纷排查"].value == 1500 and form.figures["矛盾纠纷排查"].previous == 1486  # 环比 from Q1


_QUARTER = """模板: 工作总结
标题: 青山县委政法委2026年第三季度工作总结及第四季度工作打算
期间: 2026Q3
落款: 中共青山县委政法委员会
日期: 2026-10-10
指标:
  排查隐患: {值: 126, 单位: 处}
开头: 三季度，全县政法系统锚定全年目标任务，统筹发展和安全。现将有关情况报告如下：
正文:
  - 标题: 工作开展情况
    内容: 排查隐患{{ 指标.排查隐患 }}。
  - 表格:
      标题: 重点工作推进情况
      表头: [重点工作, 责任单位, 进度]
      行:
        - [风险隐患排查, 县综治中心, 已完成]
        - [法律援助扩面, 县司法局, 推进中]
      注: 数据截至9月30日。
附件:
  - 名称: 青山县2026年第三季度主要指标完成情况表
    内容:
      - 指标表: {指标: [排查隐患], 列: [指标, 单位, 本期, 上期]}
  - 青山县2026年第四季度重点任务分解表
"""


def test_next_moves_attachment_names_on_and_checks_its_own_form_clean(write_form, capsys, tmp_path):
    """Issue #26 point 15: the attachment kept “第三季度”; C206 flagged the title draft next wrote (“2027年”)
    and “锚定全年目标任务”; 沿用上期 listed every table cell."""
    write_form(_QUARTER, "三季度.yaml")
    code, _, err = run(["next", "三季度.yaml", "-o", "四季度.yaml"], capsys)
    assert code == 0, err
    data = yaml.safe_load((tmp_path / "四季度.yaml").read_text(encoding="utf-8"))
    assert data["标题"] == "青山县委政法委2026年第四季度工作总结及2027年第一季度工作打算"
    assert data["附件"][0]["名称"] == "青山县2026年第四季度主要指标完成情况表"
    assert data["附件"][1] == "青山县2027年第一季度重点任务分解表"  # the next plans move on too
    # What a person reviews: the opening, the heading, the text, and the table as one piece.
    assert len(data["沿用上期"]) == 4
    findings = check_form(load_form(tmp_path / "四季度.yaml"))
    # Only the stale word of the opening is flagged: not the title draft next wrote, not “全年目标任务”.
    assert [(p.location.line, p.message) for p in findings if p.code == "C206"] == [
        (9, "“三季度”与表单的期间（2026年第四季度）不符")]  # (draft next wrote 上期: 三季度.yaml as line 4)
    tables = [p for p in findings if p.code == "C401" and "表格" in p.message]
    assert len(tables) == 1 and "重点工作推进情况" in tables[0].message and tables[0].location.line == 14
    assert len([p for p in findings if p.code == "C401"]) == 4


def test_a_table_edited_anywhere_is_reviewed(write_form, capsys, tmp_path):
    """Editing one cell of a carried-over table ends the table's review warning."""
    write_form(_QUARTER, "三季度.yaml")
    run(["next", "三季度.yaml", "-o", "四季度.yaml"], capsys)
    path = tmp_path / "四季度.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("推进中", "已完成"), encoding="utf-8")
    assert not [p for p in check_form(load_form(path)) if p.code == "C401" and "表格" in p.message]


def test_check_flags_an_attachment_name_of_another_period(write_form, capsys):
    """C206 read every text but the attachments' names: a name left on 第三季度 in the fourth quarter's form."""
    from ..conftest import run as run_cli

    write_form(_QUARTER.replace("期间: 2026Q3", "期间: 2026Q4").replace("第三季度工作总结及第四季度工作打算", "第四季度工作总结")
               .replace("开头: 三季度", "开头: 四季度").replace("2026年第四季度重点任务", "2027年第一季度重点任务"))
    code, out, _ = run_cli(["check", "表单.yaml"], capsys)
    c206 = [line for line in out.splitlines() if "C206" in line]
    assert c206 == ["表单.yaml:20:17: 警告[C206]：“第三季度”与表单的期间（2026年第四季度）不符"]


def test_the_carried_list_puts_one_space_before_each_comment(workdir, capsys):
    """Every line of 沿用上期 reads “  - 1ec1760f # 一季度…”: the first one too (ruamel set it two spaces apart)."""
    run(["next", "half-year-summary.yaml", "--period", "2023H2", "-o", "下半年.yaml"], capsys)
    carried = (workdir / "下半年.yaml").read_text(encoding="utf-8").split("\n沿用上期:\n")[1].splitlines()
    items = [line for line in carried if line.lstrip().startswith("- ")]
    uneven = [line for line in items if not re.fullmatch(r"\s*- '?[0-9a-f]{8}'? # \S.*", line)]
    assert len(items) > 5 and not uneven, uneven
_YEAR = """模板: 工作汇报
标题: 青山县平安建设工作情况汇报
落款: 中共青山县委政法委员会
日期: 2023-11-08
期间: 2023

指标:
  刑事案件: {值: 612, 单位: 件, 去年同期: 701}
开头: 全县刑事案件立案{{ 指标.刑事案件 }}，{{ 指标.刑事案件 | 同比 }}。现将有关情况汇报如下：
正文:
  - 标题: 在打击违法犯罪方面，坚持重拳出击。
"""


def test_a_year_on_this_forms_values_are_the_new_forms_last_year_values(write_form, capsys, tmp_path):
    """An annual form's next form (2023 → 2024) had its values only as 上期: its 同比 failed (F003) once filled."""
    write_form(_YEAR, "2023年.yaml")
    code, _, err = run(["next", "2023年.yaml"], capsys)
    assert code == 0, err
    path = tmp_path / "2024年.yaml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["指标"]["刑事案件"] == {
        "值": None, "单位": "件", "上期": 612, "去年同期": 612}
    path.write_text(path.read_text(encoding="utf-8").replace("{值: null", "{值: 560"), encoding="utf-8")
    form = load_form(path)
    assert [p for p in check_form(form) if p.severity == ERROR] == []
    assert "全县刑事案件立案560件，同比下降8.5%。" in render_bytes(form, "txt").decode("utf-8")  # 560 / 612


def test_a_quarter_on_last_years_values_are_still_asked_for(write_form, capsys, tmp_path):
    """2023Q3 → 2023Q4: this form is the 上期 only; the same quarter of last year's form is still to be named."""
    write_form(_YEAR.replace("期间: 2023", "期间: 2023Q3"), "三季度.yaml")
    run(["next", "三季度.yaml"], capsys)
    text = (tmp_path / "四季度.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["指标"]["刑事案件"] == {"值": None, "单位": "件", "上期": 612}


def test_the_next_form_names_this_one_as_its_previous_so_diff_previous_works(write_form, capsys, tmp_path):
    """Right after draft next, draft diff NEW --previous (and the page's 与上期对照) had no 上期 to compare with
    (D005): the next form names this one, beside the values it keeps inline."""
    write_form(_YEAR, "2023年.yaml")
    run(["next", "2023年.yaml"], capsys)
    text = (tmp_path / "2024年.yaml").read_text(encoding="utf-8")
    assert "期间: '2024'\n上期: 2023年.yaml   # 上一期的表单" in text and "\n\n指标:" in text  # the blank line stays
    path = tmp_path / "2024年.yaml"
    path.write_text(text.replace("{值: null", "{值: 560"), encoding="utf-8")
    code, out, err = run(["diff", "2024年.yaml", "--previous", "--format", "txt"], capsys)
    assert code == 0, err
    assert "立案【删：612】【增：560】件" in out


def test_a_next_form_outside_this_forms_folder_does_not_name_it(write_form, capsys, tmp_path):
    """A form may name only forms in its own folder or below: a next form written into a subfolder names none."""
    write_form(_YEAR, "2023年.yaml")
    (tmp_path / "新").mkdir()
    code, _, err = run(["next", "2023年.yaml", "-o", "新/2024年.yaml"], capsys)
    assert code == 0, err
    data = yaml.safe_load((tmp_path / "新" / "2024年.yaml").read_text(encoding="utf-8"))
    assert "上期" not in data and data["指标"]["刑事案件"]["上期"] == 612


@pytest.mark.parametrize(("name", "period", "new_period", "expected"), [
    # The code, the full name, the short name: each written again the same way.
    ("2023Q3.yaml", "2023Q3", "2023Q4", "2023Q4.yaml"),
    ("2023q3汇报.yaml", "2023Q3", "2023Q4", "2023q4汇报.yaml"),
    ("2023H1.yaml", "2023H1", "2023H2", "2023H2.yaml"),
    ("2023.yaml", "2023", "2024", "2024.yaml"),
    ("2023-07.yaml", "2023-07", "2023-08", "2023-08.yaml"),
    ("2023-12月报.yaml", "2023-12", "2024-01", "2024-01月报.yaml"),
    ("2023年第三季度工作总结.yaml", "2023Q3", "2023Q4", "2023年第四季度工作总结.yaml"),
    ("2023年第四季度工作总结.yaml", "2023Q4", "2024Q1", "2024年第一季度工作总结.yaml"),
    ("2023年三季度汇报.yaml", "2023Q3", "2023Q4", "2023年四季度汇报.yaml"),
    ("2023年上半年工作总结.yaml", "2023H1", "2023H2", "2023年下半年工作总结.yaml"),
    ("2023年工作总结.yaml", "2023", "2024", "2024年工作总结.yaml"),
    ("2023年度工作总结.yaml", "2023", "2024", "2024年度工作总结.yaml"),
    ("2023年7月月报.yaml", "2023-07", "2023-08", "2023年8月月报.yaml"),
    ("第三季度汇报.yaml", "2023Q3", "2023Q4", "第四季度汇报.yaml"),
    ("三季度汇报.yaml", "2023Q3", "2023Q4", "四季度汇报.yaml"),
    ("四季度汇报.yaml", "2023Q4", "2024Q1", "一季度汇报.yaml"),  # no year written, none to change
    ("上半年总结.yml", "2023H1", "2023H2", "下半年总结.yml"),
    ("7月汇报.yaml", "2023-07", "2023-08", "8月汇报.yaml"),
    ("Q3汇报.yaml", "2023Q3", "2023Q4", "Q4汇报.yaml"),
    ("县委report2023Q3.yaml", "2023Q3", "2023Q4", "县委report2023Q4.yaml"),
    # The most specific spelling wins (2023 is inside 2023Q3 and 2023年第三季度), replaced once.
    ("2023年第三季度-三季度.yaml", "2023Q3", "2023Q4", "2023年第四季度-三季度.yaml"),
    ("2023Q3-2023.yaml", "2023Q3", "2023Q4", "2023Q4-2023.yaml"),
    # Another period written as --period asks: the new period's own spelling of the same way.
    ("2023Q3.yaml", "2023Q3", "2024", "2024.yaml"),
    ("三季度汇报.yaml", "2023Q3", "2024", "2024年汇报.yaml"),
    # No spelling of this period in the name: the new period's code appended.
    ("平安建设汇报.yaml", "2023", "2024", "平安建设汇报-2024.yaml"),
    ("half-year-summary.yaml", "2023H1", "2023H2", "half-year-summary-2023H2.yaml"),
    ("三季度汇报.yaml", "2023Q4", "2024Q1", "三季度汇报-2024Q1.yaml"),  # another quarter's name
    ("2023.yaml", "2023Q3", "2023Q4", "2023-2023Q4.yaml"),  # the year alone is not this quarter
    ("17月.yaml", "2023-07", "2023-08", "17月-2023-08.yaml"),  # 7月 is not inside 17月
    ("20231汇报.yaml", "2023", "2024", "20231汇报-2024.yaml"),
    ("汇报.yaml", None, "2023Q4", "汇报-2023Q4.yaml"),  # a form without 期间, given --period
])
def test_next_form_name(name, period, new_period, expected):
    from drafting.authoring.nextform import next_form_name
    from drafting.form.period import parse_period

    assert next_form_name(name, parse_period(period) if period else None, parse_period(new_period)) == expected
