"""draft serve in a real browser (Debian's headless Chromium, driven by Selenium through chromedriver).

What a clerk does: open the home page, make a form from a template, fill the title and two body
items, reorder them and see the numbers change, see a finding for a figure left blank, save,
reload, build and download the .docx, which then passes the checks the CLI's output passes.
Screenshots go to the test's folder (and to $DRAFTING_SCREENSHOTS when set, for docs/images).
"""
from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from .test_run import start
from ..browsing import headless_chromium
from ..conftest import EXAMPLES
from ..helpers import verify_downloaded_docx

WAIT = 20  # seconds any one thing may take to appear


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    return root


@pytest.fixture
def server(folder):
    process, lines = start(folder)
    yield lines[-1]
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=20)


@pytest.fixture
def browser(tmp_path):
    with headless_chromium(tmp_path) as driver:
        yield driver


def shoot(driver, name: str) -> Path:
    """A screenshot of the page as it is, kept with the test (and copied to $DRAFTING_SCREENSHOTS)."""
    path = driver.shots / f"{name}.png"
    driver.save_screenshot(str(path))
    wanted = os.environ.get("DRAFTING_SCREENSHOTS")
    if wanted:
        shutil.copy(path, Path(wanted) / path.name)
    return path


def wait_for(driver, condition, what: str):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # the page re-renders its findings and preview after each answer: an element read a moment too early is
    # asked again at the next poll, not a failure
    return WebDriverWait(driver, WAIT, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: condition(d), message=what)


def preview_text(driver) -> str:
    return driver.find_element("id", "preview").text


def type_into(element, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def top_items(driver):
    return driver.find_elements("css selector", 'fieldset[name="正文"] > ol.items > li.item')


def test_a_clerk_fills_a_new_form_and_downloads_the_report(server, browser, folder, tmp_path):
    from selenium.webdriver.support.ui import Select

    browser.get(server)
    assert browser.find_element("tag name", "h1").text == "draft 工作报告表单"
    assert "half-year-summary.yaml" in browser.find_element("id", "forms").text
    shoot(browser, "serve-home")

    Select(browser.find_element("id", "new-template")).select_by_value("通用")
    browser.find_element("id", "new-name").send_keys("网页填写")
    browser.find_element("id", "new-submit").click()
    wait_for(browser, lambda d: "/form/" in d.current_url, "the new form opens")
    wait_for(browser, lambda d: "主要工作" in preview_text(d), "the first preview")
    assert (folder / "网页填写.yaml").is_file()

    title = browser.find_element("name", "标题")
    type_into(title, "青山县网页填写测试工作报告")
    wait_for(browser, lambda d: "青山县网页填写测试工作报告" in preview_text(d), "the title in the preview")

    add = browser.find_elements("css selector", 'fieldset[name="正文"] > .add-row > button.add')[0]
    for heading, text in (("甲项工作", "甲项工作的内容。"), ("乙项工作", "乙项工作的内容。")):
        add.click()
        item = top_items(browser)[-1]
        type_into(item.find_element("css selector", '.rich[data-path$="/标题"]'), heading)
        type_into(item.find_element("css selector", '.rich[data-path$="/内容"]'), text)
        add = browser.find_elements("css selector", 'fieldset[name="正文"] > .add-row > button.add')[0]
    wait_for(browser, lambda d: "二、甲项工作。甲项工作的内容。" in preview_text(d)
             and "三、乙项工作。乙项工作的内容。" in preview_text(d), "two numbered items in the preview")
    numbers = [n.text for n in browser.find_elements("css selector", 'fieldset[name="正文"] > ol > li > .item-head .number')]
    assert numbers == ["一、", "二、", "三、"]

    top_items(browser)[2].find_element("css selector", '[data-role="up"]').click()
    wait_for(browser, lambda d: "二、乙项工作。" in preview_text(d) and "三、甲项工作。" in preview_text(d),
             "the numbers follow the new order")
    wait_for(browser, lambda d: [n.text for n in d.find_elements(
        "css selector", 'fieldset[name="正文"] > ol > li > .item-head .number')] == ["一、", "二、", "三、"], "labels")
    assert "乙项工作" == top_items(browser)[1].find_element("css selector", '.rich[data-path$="/标题"]').get_attribute("value")
    shoot(browser, "serve-form-reordered")

    blank = browser.find_element("css selector", 'input[data-path="指标/0/值"]')
    type_into(blank, "")
    finding = wait_for(browser, lambda d: next((f for f in d.find_elements("class name", "finding")
                                                if "C103" in f.text), None), "a finding for the blank figure")
    assert "指标“排查纠纷”还没有填写数值" in finding.text
    row = finding.find_element("xpath", "ancestor::tr[1]/preceding-sibling::tr[1]")
    assert row.get_attribute("data-path") == "指标/0"  # right under the figure's row
    assert "【待填】" in preview_text(browser)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", finding)
    shoot(browser, "serve-finding")

    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: d.find_element("id", "dialog").is_displayed(), "errors are listed before saving")
    assert "C103" in browser.find_element("id", "dialog").text
    shoot(browser, "serve-save-with-errors")
    browser.find_element("css selector", '#dialog button[data-choice="save"]').click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存", "saved")
    saved = (folder / "网页填写.yaml").read_text(encoding="utf-8")
    assert "标题: 青山县网页填写测试工作报告" in saved and "# 标题：文稿标题" in saved  # its comments kept
    assert saved.index("乙项工作") < saved.index("甲项工作")

    browser.refresh()
    wait_for(browser, lambda d: "二、乙项工作。" in preview_text(d), "the saved form after a reload")
    assert browser.find_element("name", "标题").get_attribute("value") == "青山县网页填写测试工作报告"
    type_into(browser.find_element("css selector", 'input[data-path="指标/0/值"]'), "2966")
    wait_for(browser, lambda d: not [f for f in d.find_elements("class name", "finding") if "C103" in f.text],
             "the finding goes once the figure is filled")

    browser.find_element("id", "build-docx").click()
    target = browser.downloads / "网页填写.docx"
    wait_for(browser, lambda d: target.is_file() and target.stat().st_size > 0
             and not list(browser.downloads.glob("*.crdownload")), "the .docx downloaded")
    assert "已生成：" in browser.find_element("id", "messages").text
    shoot(browser, "serve-built")
    verify_downloaded_docx(target.read_bytes(), folder / "网页填写.yaml", tmp_path)


def test_unsaved_text_survives_a_reload_and_a_file_changed_elsewhere_is_not_overwritten(server, browser, folder):
    browser.get(server + "form/work-plan.yaml")
    wait_for(browser, lambda d: d.find_element("id", "preview").text, "the first preview")
    title = browser.find_element("name", "标题")
    type_into(title, "还没保存的标题")
    wait_for(browser, lambda d: "还没保存的标题" in preview_text(d), "the edit previewed")
    # the page asks before it is closed: its beforeunload handler cancels the event
    assert browser.execute_script("return !window.dispatchEvent(new Event('beforeunload', {cancelable: true}))")
    browser.refresh()  # the beforeunload warning is accepted by the driver
    wait_for(browser, lambda d: "已恢复上次没有保存的修改" in d.find_element("id", "notice").text, "restored")
    assert browser.find_element("name", "标题").get_attribute("value") == "还没保存的标题"
    shoot(browser, "serve-restored")

    path = folder / "work-plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 在文本编辑器里加的\n", encoding="utf-8")
    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: "被别的程序改过" in d.find_element("id", "dialog").text, "the conflict is said")
    shoot(browser, "serve-conflict")
    browser.find_element("css selector", '#dialog button[data-choice="copy"]').click()
    wait_for(browser, lambda d: "work-plan（副本）.yaml" in d.current_url or "%EF%BC%88" in d.current_url, "the copy")
    assert "还没保存的标题" in (folder / "work-plan（副本）.yaml").read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").endswith("# 在文本编辑器里加的\n")
    assert "还没保存的标题" not in path.read_text(encoding="utf-8")


def test_items_change_kind_indent_and_take_figures_from_the_menu(server, browser, folder):
    from selenium.webdriver.support.ui import Select

    browser.get(server + "form/work-briefing.yaml")
    wait_for(browser, lambda d: d.find_element("id", "preview").text, "the first preview")
    add = browser.find_elements("css selector", 'fieldset[name="正文"] > .add-row > button.add')[0]
    add.click()
    last = top_items(browser)[-1]
    type_into(last.find_element("css selector", '.rich[data-path$="/标题"]'), "新加的一条")
    text = last.find_element("css selector", '.rich[data-path$="/内容"]')
    type_into(text, "本期共")
    figure = Select(browser.find_element("id", "insert-figure")).options[0].get_attribute("value")
    browser.find_element("id", "insert-button").click()
    assert text.get_attribute("value") == f"本期共{{{{ 指标.{figure} }}}}"
    chip = [c.text for c in text.find_elements("css selector", ".chip")]  # shown as a chip, not as code
    assert len(chip) == 1 and chip[0].startswith(figure) and "{{" not in chip[0]  # (its printed value may follow)
    count = len(top_items(browser))
    last.find_element("css selector", '[data-role="indent"]').click()

    def nested(d):
        inputs = top_items(d)[-1].find_elements("css selector", ".children .rich[data-path$='/标题']")
        return next((i for i in inputs if i.get_attribute("value") == "新加的一条"), None)

    moved = wait_for(browser, nested, "indented under the item before it")
    assert len(top_items(browser)) == count - 1
    path = moved.get_attribute("data-path")
    wait_for(browser, lambda d: d.find_element("css selector", f'[data-number-for="{path[:-3]}"]').text, "its number")
    kind = browser.find_element("css selector", f'li[data-path="{path[:-3]}"] select.kind')
    Select(kind).select_by_value("列举")
    wait_for(browser, lambda d: "一是" in d.find_element("css selector", f'li[data-path="{path[:-3]}"]').text,
             "the list kind shows 一是")
    entry = browser.find_element("css selector", f'.rich[data-path="{path[:-3]}/列举/0"]')
    type_into(entry, "第一项")
    wait_for(browser, lambda d: "一是第一项。" in preview_text(d), "the list in the preview")
    assert "新加的一条。本期共" in preview_text(browser)  # the heading's text moved into the paragraph, not lost
    shoot(browser, "serve-items")


def test_pinyin_being_composed_is_not_previewed_only_the_characters_chosen(server, browser):
    """A Chinese input method shows the pinyin in the box while it is composed; the page waits for the characters."""
    browser.get(server + "form/work-plan.yaml")
    wait_for(browser, lambda d: d.find_element("id", "preview").text, "the first preview")
    title = browser.find_element("name", "标题")
    title.click()
    browser.execute_script("const r = document.createRange(); r.selectNodeContents(arguments[0]); r.collapse(false);"
                           "getSelection().removeAllRanges(); getSelection().addRange(r);", title)
    browser.execute_cdp_cmd("Input.imeSetComposition", {"text": "gongzuo", "selectionStart": 7, "selectionEnd": 7})
    time.sleep(0.4)  # longer than the page's pause before it asks for a preview
    assert "gongzuo" in title.get_attribute("value") and "gongzuo" not in preview_text(browser)
    browser.execute_cdp_cmd("Input.insertText", {"text": "工作"})
    wait_for(browser, lambda d: "青山县2023年平安建设工作方案工作" in preview_text(d).replace("\n", ""),
             "the chosen characters previewed")
    assert "gongzuo" not in preview_text(browser)


def test_the_home_page_makes_next_periods_form_and_builds_several(server, browser, folder):
    browser.get(server)
    browser.find_element("css selector", 'button.next[data-name="half-year-summary.yaml"]').click()
    wait_for(browser, lambda d: "已生成2023年下半年的表单" in d.find_element("id", "messages").text, "next period's form")
    assert (folder / "half-year-summary-2023H2.yaml").is_file()
    for name in ("work-plan.yaml", "work-briefing.yaml"):
        browser.find_element("css selector", f'input.pick[value="{name}"]').click()
    browser.find_element("id", "build-picked").click()
    wait_for(browser, lambda d: "已生成 2 份" in d.find_element("id", "messages").text, "two documents built")
    links = [a.text for a in browser.find_elements("css selector", "#messages a.download")]
    assert sorted(links) == ["下载 work-briefing.docx", "下载 work-plan.docx"]  # in the table's order
    assert (folder / "work-plan.docx").is_file() and (folder / "work-briefing.docx").is_file()


def test_a_table_is_edited_in_the_page_and_saved_as_rows(server, browser, folder):
    browser.get(server + "form/quarterly-report.yaml")
    wait_for(browser, lambda d: "一季度重点工作推进情况" in preview_text(d), "the table in the preview")
    offered = lambda d: [o.get_attribute("value") for o in d.find_elements("css selector", "#insert-figure option")]  # noqa: E731
    wait_for(browser, lambda d: "矛盾纠纷排查" in offered(d), "the spreadsheet's figures in the insert menu")
    cell = browser.find_element("css selector", '.rich[data-path="正文/0/下级/3/表格/行/0/2"]')
    type_into(cell, "已完成并验收")
    browser.find_element("css selector", '.table-editor [data-role="add-row"]').click()
    new_cell = browser.find_element("css selector", '.rich[data-path="正文/0/下级/3/表格/行/3/0"]')
    type_into(new_cell, "新增事项")
    wait_for(browser, lambda d: "已完成并验收" in preview_text(d) and "新增事项" in preview_text(d), "the edits previewed")
    finding = wait_for(browser, lambda d: next((f for f in d.find_elements("class name", "finding") if "C220" in f.text),
                                               None), "the new row's empty cells are found")
    assert "表格第4行第2列（B5）是空的" in finding.text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", finding)
    shoot(browser, "serve-table")
    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存", "saved (warnings do not ask)")
    saved = (folder / "quarterly-report.yaml").read_text(encoding="utf-8")
    assert "- [风险隐患排查, 县综治中心, 已完成并验收, 100%]" in saved and "- [新增事项, '', '', '']" in saved


def test_an_attachments_figures_table_gains_a_column_and_a_new_attachment_gets_pages(server, browser, folder):
    browser.get(server + "form/quarterly-report.yaml")
    wait_for(browser, lambda d: "政法工作主要指标完成情况表" in preview_text(d).replace("\n", ""), "the attachment page")
    assert browser.find_element("css selector", 'input[data-path="附件/0/名称"]').get_attribute("value") == \
        "青山县2023年第一季度政法工作主要指标完成情况表"
    box = browser.find_element("css selector", '[data-path="附件/0/内容/0/指标表"] [data-role="columns"]')
    box.find_element("css selector", 'input[value="增减"]').click()
    wait_for(browser, lambda d: "比上期增减" in preview_text(d), "the new column in the preview")
    browser.find_element("css selector", '[data-role="add-attachment"]').click()
    type_into(browser.find_element("css selector", 'input[data-path="附件/2/名称"]'), "重点工作任务分解表")
    browser.find_element("css selector", '[data-path="附件/2"] [data-role="add-content"]').click()
    wait_for(browser, lambda d: "附件3" in preview_text(d) and "附件：1.青山县" in preview_text(d).replace("\n", ""),
             "a third attachment with pages of its own")
    shoot(browser, "serve-attachments")
    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存", "saved")
    saved = (folder / "quarterly-report.yaml").read_text(encoding="utf-8")
    assert "列: [指标, 单位, 本期, 上期, 增减, 环比, 去年同期, 同比]" in saved
    assert "  - 名称: 重点工作任务分解表\n    内容:\n      - 指标表: {}\n" in saved


def test_renaming_a_figure_renames_its_uses_and_a_bad_date_keeps_the_preview(server, browser, folder):
    """Issue #26 point 5: the preview never goes blank for F001 or a bad 日期; a rename follows into the texts."""
    browser.get(server + "form/half-year-summary.yaml")
    wait_for(browser, lambda d: "13次" in preview_text(d), "the preview")
    name = browser.find_element("css selector", 'input[data-path="指标/0/名称"]')
    assert name.get_attribute("value") == "委务会议"
    previewed = lambda d: d.execute_script("return document.body.dataset.previewed")  # noqa: E731
    before = previewed(browser)
    type_into(name, "委务会议次数")
    findings = lambda d: " ".join(f.text for f in d.find_elements("class name", "finding"))  # noqa: E731
    wait_for(browser, lambda d: previewed(d) != before and d.find_element("id", "preview-status").text != "更新中…",
             "the renamed figure previewed")
    assert "13次" in preview_text(browser) and "F001" not in findings(browser)
    date = browser.find_element("css selector", 'input[data-path="日期"]')
    type_into(date, "2023-13-45")
    wait_for(browser, lambda d: "【日期有误：2023-13-45】" in preview_text(d), "the bad date marked in the preview")
    assert "13次" in preview_text(browser) and "E121" in findings(browser)
    shoot(browser, "serve-bad-date-marked")
    type_into(date, "2023-07-10")
    wait_for(browser, lambda d: "2023年7月10日" in preview_text(d), "the date fixed")
    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存", "saved")
    saved = (folder / "half-year-summary.yaml").read_text(encoding="utf-8")
    assert "委务会议次数: 13次" in saved and "{{ 指标.委务会议次数 }}" in saved and "指标.委务会议 " not in saved
