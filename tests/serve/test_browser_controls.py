"""The form page's controls in a real browser (issue #26, points 2 and 3): a spreadsheet chosen with the file picker
and its sheet from a list, the 版式 chosen by name, and the spreadsheet's figures shown read-only with their cells.
Screenshots go to the test's folder (and to $DRAFTING_SCREENSHOTS when set)."""
from __future__ import annotations

from .test_browser import browser, folder, preview_text, server, shoot, wait_for  # noqa: F401  (fixtures)
from ..conftest import EXAMPLES

FORM = "form/quarterly-report.yaml"


def _two_months(path, february: int = 1999) -> None:
    """The example's figures on two sheets, 一月 and 二月, that differ in 矛盾纠纷排查."""
    from openpyxl import load_workbook

    book = load_workbook(EXAMPLES / "quarterly-figures.xlsx")
    first = book.worksheets[0]
    first.title = "一月"
    second = book.copy_worksheet(first)
    second.title = "二月"
    for sheet, value in ((first, 1111), (second, february)):
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "矛盾纠纷排查":
                row[1].value = value
    book.save(path)


def _sheet_rows(driver):
    return driver.find_elements("css selector", 'tbody[data-role="sheet-figures"] tr.from-sheet')


def test_the_spreadsheets_figures_appear_read_only_with_their_sheet_and_cell(server, browser):
    browser.get(server + FORM)
    wait_for(browser, lambda d: len(_sheet_rows(d)) > 5, "the spreadsheet's figures in the 指标 table")
    row = next(r for r in _sheet_rows(browser) if r.get_attribute("data-figure") == "矛盾纠纷排查")
    assert row.find_element("class name", "cell-mark").text == "一季度!B2"
    assert "1486" in row.text and not row.find_elements("css selector", "input, textarea, select")  # read-only
    marks = [r.find_element("class name", "cell-mark").text for r in _sheet_rows(browser)]
    assert all(m.startswith("一季度!B") for m in marks) and len(set(marks)) == len(marks)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    shoot(browser, "controls-sheet-figures")


def test_a_spreadsheet_chosen_with_the_file_picker_feeds_the_form(server, browser, folder, tmp_path):
    from selenium.webdriver.support.ui import Select

    chosen = tmp_path / "二季度指标.xlsx"
    _two_months(chosen)
    browser.get(server + FORM)
    wait_for(browser, lambda d: "1486" in preview_text(d), "the first preview, from quarterly-figures.xlsx")
    picker = browser.find_element("css selector", 'input[type="file"][name="指标文件-选择"]')
    assert "{" not in browser.find_element("css selector", '[data-field="指标文件"]').text  # no YAML in the help
    picker.send_keys(str(chosen))
    wait_for(browser, lambda d: d.execute_script(
        "const s = document.querySelector('select[data-role=sheet]');"
        "return s && !s.hidden && [...s.options].map((o) => o.text).join('|')") == "一月|二月", "the new file's sheets listed")
    sheet = browser.find_element("css selector", 'select[data-role="sheet"]')
    assert "二季度指标.xlsx" in browser.find_element("css selector", '[data-role="figures-file-name"]').text
    assert (folder / "二季度指标.xlsx").read_bytes() == chosen.read_bytes()
    wait_for(browser, lambda d: "1111" in preview_text(d), "the first sheet's figures in the preview")
    Select(sheet).select_by_visible_text("二月")
    wait_for(browser, lambda d: "1999" in preview_text(d), "the chosen sheet's figures in the preview")
    wait_for(browser, lambda d: "二月!B2" in d.execute_script(
        "return [...document.querySelectorAll('tr.from-sheet .cell-mark')].map((m) => m.textContent)"),
             "the marks name the chosen sheet")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                           browser.find_element("css selector", '[data-field="指标文件"]'))
    shoot(browser, "controls-figures-file")
    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存", "saved")
    saved = (folder / "quarterly-report.yaml").read_text(encoding="utf-8")
    assert "指标文件: {文件: 二季度指标.xlsx, 表: 二月}" in saved
    assert "# 指标从表格读取：第一行是" in saved  # the comment above it kept

    uploaded = (folder / "二季度指标.xlsx").read_bytes()
    other = tmp_path / "另一份" / "二季度指标.xlsx"
    other.parent.mkdir()
    _two_months(other, 2222)
    picker = browser.find_element("css selector", 'input[type="file"][name="指标文件-选择"]')
    picker.send_keys(str(other))  # another file of the same name: the page asks before anything is replaced
    wait_for(browser, lambda d: d.find_element("id", "dialog").is_displayed(), "the page asks before replacing")
    assert "二季度指标.xlsx" in browser.find_element("id", "dialog").text
    shoot(browser, "controls-replace-asked")
    browser.find_element("css selector", '#dialog button[data-choice="cancel"]').click()
    assert (folder / "二季度指标.xlsx").read_bytes() == uploaded


def test_the_profile_is_chosen_by_its_chinese_name(server, browser, folder):
    from selenium.webdriver.support.ui import Select

    (folder / "大字版式.yaml").write_text("名称: 大字版\n基于: gbt9704\n角色:\n  正文: {字号: 四号}\n", encoding="utf-8")
    browser.get(server + FORM)
    wait_for(browser, lambda d: "1486" in preview_text(d), "the first preview")
    choice = Select(browser.find_element("css selector", 'select[name="版式"]'))
    assert [o.text for o in choice.options] == ["（默认）GB/T 9704 党政机关公文格式", "GB/T 9704-2012（内置）",
                                                "大字版（大字版式.yaml）"]
    assert "gbt9704" not in browser.find_element("css selector", '[data-field="版式"]').text
    choice.select_by_visible_text("大字版（大字版式.yaml）")
    wait_for(browser, lambda d: d.find_element("id", "status").text == "有未保存的修改", "the change is noted")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                           browser.find_element("css selector", '[data-field="版式"]'))
    shoot(browser, "controls-profile")
    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存", "saved")
    assert "版式: 大字版式.yaml" in (folder / "quarterly-report.yaml").read_text(encoding="utf-8")
