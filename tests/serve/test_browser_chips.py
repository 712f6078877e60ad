"""The web form in a real browser (issue #26 points 1, 4, 7): figures as chips, findings with a link, notices and bars
that cover nothing. Same harness as test_browser.py: the real ``draft serve`` process and headless Chromium."""
from __future__ import annotations

from .test_browser import browser, folder, preview_text, server, shoot, type_into, wait_for  # noqa: F401  (fixtures)

SHOTS = "/tmp/shots"
EXPRESSIONS = ["{{ 指标.群众安全感 }}", "{{ 指标.群众安全感 | 同比 }}"]


def opened(browser, server, name: str) -> None:
    browser.get(server + "form/" + name)
    wait_for(browser, lambda d: d.find_element("id", "preview").text, "the first preview")


def caret_at_end(browser, box) -> None:
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    browser.execute_script("const r = document.createRange(); r.selectNodeContents(arguments[0]); r.collapse(false);"
                           "const s = getSelection(); s.removeAllRanges(); s.addRange(r);", box)


def save(browser) -> None:
    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存" or d.find_element("id", "dialog").is_displayed(),
             "saved or asked")
    if browser.find_element("id", "dialog").is_displayed():
        browser.find_element("css selector", '#dialog button[data-choice="save"]').click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存", "saved")


def keep(browser, name: str) -> None:
    """A screenshot for the lead at /tmp/shots (and with the test)."""
    shot = shoot(browser, name)
    import os
    import shutil
    os.makedirs(SHOTS, exist_ok=True)
    shutil.copy(shot, f"{SHOTS}/{name}.png")


def test_a_figure_is_a_chip_that_moves_and_goes_whole_and_the_form_keeps_the_expression(server, browser, folder):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    opened(browser, server, "work-briefing.yaml")
    box = browser.find_element("name", "开头")
    original = box.get_attribute("value")
    assert all(e in original for e in EXPRESSIONS)
    labels = [c.text for c in box.find_elements("css selector", ".chip .what")]
    assert labels == ["群众安全感", "群众安全感（同比）"]  # the figure's name and what it prints, marked
    wait_for(browser, lambda d: [c.text for c in box.find_elements("css selector", ".chip .printed")]
             == ["96.2%", "同比提高1.4个百分点"], "the printed values from the preview")
    assert "{{" not in box.text and "指标." not in box.text  # no template code on the page

    caret_at_end(browser, box)
    Select(browser.find_element("id", "insert-figure")).select_by_value("群众安全感")
    Select(browser.find_element("id", "insert-form")).select_by_value("{{ 指标.甲 | 环比 }}")
    browser.find_element("id", "insert-button").click()
    wait_for(browser, lambda d: len(box.find_elements("css selector", ".chip")) == 3, "a third chip")
    assert box.get_attribute("value") == original + "{{ 指标.群众安全感 | 环比 }}"
    assert "{{" not in box.text
    wait_for(browser, lambda d: box.find_elements("css selector", ".chip .printed")[-1].text.startswith(("环比", "【")),
             "the new chip labelled with what it prints")
    keep(browser, "chips-inserted")
    save(browser)
    saved = (folder / "work-briefing.yaml").read_text(encoding="utf-8")
    assert "现将有关情况汇报如下：{{ 指标.群众安全感 | 环比 }}\n" in saved

    box = browser.find_element("name", "开头")  # the fields are drawn again after saving
    caret_at_end(browser, box)
    box.send_keys(Keys.BACK_SPACE)  # the caret after the chip: one key takes the whole expression
    wait_for(browser, lambda d: len(box.find_elements("css selector", ".chip")) == 2, "the chip deleted")
    assert box.get_attribute("value") == original

    moved = browser.execute_script("""
        const box = arguments[0], chip = box.querySelector('.chip');
        const data = new DataTransfer();
        chip.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
        const r = box.getBoundingClientRect();
        box.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data,
                                                 clientX: r.left + 8, clientY: r.top + 12}));
        chip.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: data}));
        return box.value;""", box)
    assert moved.startswith(EXPRESSIONS[0] + "近年来")  # dropped at the start, whole
    assert sorted(moved.replace(EXPRESSIONS[0], "", 1).split("{{")) == sorted(original.replace(EXPRESSIONS[0], "", 1).split("{{"))
    assert moved.count("{{") == 2 and len(box.find_elements("css selector", ".chip")) == 2
    wait_for(browser, lambda d: preview_text(d).replace("\n", "").find("近年来") > 0, "the moved figure previewed first")
    save(browser)
    box = browser.find_element("name", "开头")
    assert "开头: '" + moved + "'\n" in (folder / "work-briefing.yaml").read_text(encoding="utf-8")  # quoted: starts with {
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    keep(browser, "chips-moved")


def test_a_finding_says_message_hint_and_links_to_its_field_without_the_terminal_excerpt(server, browser, folder):
    opened(browser, server, "work-briefing.yaml")
    blank = browser.find_element("css selector", 'input[data-path="指标/0/值"]')
    type_into(blank, "")
    finding = wait_for(browser, lambda d: next((f for f in d.find_elements("class name", "finding")
                                                if "C103" in f.text), None), "a finding for the blank figure")
    assert finding.find_element("css selector", ".hint").text.startswith("提示：")
    link = finding.find_element("css selector", "a.goto")
    assert link.text == "转到此处" and "^" not in finding.text
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    browser.execute_script("arguments[0].focus()", browser.find_element("id", "save"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", finding)
    link.click()
    active = browser.switch_to.active_element
    assert link.get_attribute("data-goto") == "指标/0"
    assert active.get_attribute("data-path") == "指标/0/值"  # the row's empty box: where the figure is missing
    bar = browser.find_element("id", "insert").rect
    label = browser.find_element("css selector", '[data-field="指标"] .field-label').rect
    assert label["y"] >= bar["y"] + bar["height"]  # the field's label is in sight, not under the insert bar
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", finding)
    keep(browser, "chips-finding")

    save(browser)
    browser.find_element("id", "build-docx").click()
    wait_for(browser, lambda d: "C103" in d.find_element("id", "messages").text, "the build's messages")
    said = browser.find_element("id", "messages").text
    assert "提示：" in said and "^" not in said and "work-briefing.yaml 第11行：错误[C103]：" in said and "/tmp/" not in said
    assert not [line for line in said.splitlines() if line.startswith("    ") and "提示：" not in line]  # no YAML excerpt
    keep(browser, "chips-build-messages")


def test_the_restored_notice_goes_once_saved_and_never_covers_the_download_links(server, browser, folder):
    from selenium.webdriver.common.keys import Keys

    opened(browser, server, "work-plan.yaml")
    title = browser.find_element("name", "标题")
    title.click()
    title.send_keys(Keys.CONTROL, Keys.END)
    title.send_keys("（修改）")
    wait_for(browser, lambda d: "（修改）" in preview_text(d), "the edit previewed")
    browser.refresh()
    wait_for(browser, lambda d: "已恢复上次没有保存的修改" in d.find_element("id", "notice").text, "restored")
    save(browser)
    assert not browser.find_element("id", "notice").is_displayed()
    browser.find_element("id", "build-docx").click()
    wait_for(browser, lambda d: d.find_elements("css selector", "#messages a.download"), "the download links")
    for link in browser.find_elements("css selector", "#messages a.download"):
        browser.execute_script("arguments[0].scrollIntoView({block: 'end'})", link)
        top = browser.execute_script("const r = arguments[0].getBoundingClientRect();"
                                     "return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);", link)
        assert top == link  # nothing lies over the link: a click reaches it
    keep(browser, "chips-links")


def test_the_sticky_insert_bar_never_covers_the_label_of_the_field_being_filled(server, browser, folder):
    opened(browser, server, "work-briefing.yaml")
    label = browser.find_element("css selector", '[data-field="开头"] .field-label')
    box = browser.find_element("name", "开头")
    bar = browser.find_element("id", "insert")
    # scroll so the label sits just under the sticky bar, its text box still in sight below
    browser.execute_script("window.scrollBy(0, arguments[0].getBoundingClientRect().top - arguments[1].getBoundingClientRect().top - 4)",
                           label, bar)
    assert label.rect["y"] < bar.rect["y"] + bar.rect["height"]  # covered before the click
    box.click()
    wait_for(browser, lambda d: label.rect["y"] >= bar.rect["y"] + bar.rect["height"], "the label scrolled clear of the bar")
    keep(browser, "chips-label-clear")


def test_a_figure_in_a_table_cell_or_a_heading_is_a_chip_too(server, browser, folder):
    opened(browser, server, "quarterly-report.yaml")
    cell = browser.find_element("css selector", '.rich[data-path="正文/0/下级/3/表格/行/1/2"]')
    assert cell.get_attribute("value") == "{{ 指标.法律援助案件 }}"
    assert [c.text for c in cell.find_elements("css selector", ".chip .what")] == ["法律援助案件"]
    assert "{{" not in cell.text


def test_a_chip_cut_and_pasted_elsewhere_moves_whole(server, browser, folder):
    opened(browser, server, "work-briefing.yaml")
    box = browser.find_element("name", "开头")
    original = box.get_attribute("value")
    cut, pasted = browser.execute_script("""
        const box = arguments[0], chip = box.querySelectorAll('.chip')[1];
        box.focus();
        const range = document.createRange(); range.selectNode(chip);
        getSelection().removeAllRanges(); getSelection().addRange(range);
        const data = new DataTransfer();
        box.dispatchEvent(new ClipboardEvent('cut', {bubbles: true, cancelable: true, clipboardData: data}));
        const cut = box.value;
        const start = document.createRange(); start.setStart(box.firstChild, 0); start.collapse(true);
        getSelection().removeAllRanges(); getSelection().addRange(start);
        box.dispatchEvent(new ClipboardEvent('paste', {bubbles: true, cancelable: true, clipboardData: data}));
        return [cut, box.value];""", box)
    assert cut == original.replace(EXPRESSIONS[1], "")
    assert pasted == EXPRESSIONS[1] + cut
    assert [c.get_attribute("data-expr") for c in box.find_elements("css selector", ".chip")] == [EXPRESSIONS[1], EXPRESSIONS[0]]
    wait_for(browser, lambda d: preview_text(d).replace("\n", "").find("同比提高1.4个百分点近年来") >= 0, "previewed where it went")
