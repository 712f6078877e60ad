"""“导入修改稿” in a real browser (issue #27, point 9): the leader's edited .docx chosen with the file picker, the
change list with ticks, one change unticked, the rest saved, the field showing the merged text.
Screenshots go to the test's folder (and to $DRAFTING_SCREENSHOTS when set, for docs/images)."""
from __future__ import annotations

import re

from drafting.options import Session
from drafting.pipeline.stages import run_path
from tests.merging.docxedits import opened, replace_in, saved

from .test_browser import browser, folder, preview_text, server, shoot, wait_for  # noqa: F401  (fixtures)

FORM = "form/work-briefing.yaml"


def _rows(driver):
    return driver.find_elements("css selector", "#merge-list .merge-row")


def test_a_clerk_imports_the_leaders_edits_and_keeps_all_but_one(server, browser, folder, tmp_path):
    document = opened(run_path(folder / "work-briefing.yaml", "docx", Session()).data)
    # the figure changed with its 同比 as the changed figure computes it (a 同比 left as printed would be a 冲突)
    for old, new in (("努力为全县", "努力为全市"), ("612件，同比下降12.7%", "600件，同比下降14.41%"),
                     ("1.2万余人", "1.3万余人")):
        assert replace_in(document, old, new), old
    edited = tmp_path / "领导修改稿.docx"
    edited.write_bytes(saved(document))

    browser.get(server + FORM)
    wait_for(browser, lambda d: "立案612件" in preview_text(d), "the first preview")
    browser.find_element("id", "merge-file").send_keys(str(edited))
    wait_for(browser, lambda d: d.find_element("id", "merge").is_displayed() and len(_rows(d)) == 3, "the change list")
    assert "领导修改稿.docx" in browser.find_element("id", "merge-title").text
    kinds = [row.find_element("class name", "kind").text for row in _rows(browser)]
    assert kinds == ["指标", "改写", "改写"]  # in the form's order: 指标 (line 13), 体会 (line 37), 结尾 (line 40)
    groups = [g.find_element("tag name", "h3").text for g in browser.find_elements("css selector", ".merge-group")]
    assert groups[0].startswith("指标 › 刑事案件") and "体会 › 第2项" in groups[1] and groups[2].startswith("结尾")
    boxes = browser.find_elements("css selector", '#merge-list input[type="checkbox"]')
    assert len(boxes) == 3 and all(box.is_selected() for box in boxes)  # ticked by default
    assert browser.find_element("id", "merge-count").text == "已选 3 / 3 处"

    figure = next(row for row in _rows(browser) if "刑事案件" in row.text)
    figure.find_element("css selector", 'input[type="checkbox"]').click()  # the figure stays as it was
    wait_for(browser, lambda d: d.find_element("id", "merge-count").text == "已选 2 / 3 处", "the count follows")
    assert "unticked" in figure.get_attribute("class")
    shoot(browser, "serve-merge")

    browser.find_element("id", "merge-save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已合并修改稿", "merged")
    assert not browser.find_element("id", "merge").is_displayed()
    ending = browser.find_element("css selector", '[data-field="结尾"] .rich')
    wait_for(browser, lambda d: "努力为全市" in ending.text, "the 结尾 field shows the merged text")
    wait_for(browser, lambda d: "努力为全市" in preview_text(d) and "立案612件" in preview_text(d),
             "the preview: the ticked rewrite, not the unticked figure")
    said = browser.find_element("id", "messages").text
    assert re.search(r"已合并 2 处改动到 \S*work-briefing\.yaml；原来的表单保存为 \S*work-briefing\.合并前-\d{8}-\d{4}\.yaml", said)
    assert "1 处改动没有选中，没有合并" in said
    text = (folder / "work-briefing.yaml").read_text(encoding="utf-8")
    assert "努力为全市" in text and "1.3万余人" in text and "刑事案件: {值: 612," in text
    assert len(list(folder.glob("work-briefing.合并前-*.yaml"))) == 1
    shoot(browser, "serve-merge-done")

    browser.refresh()  # the page's version is the merged form's: a save works, nothing is offered to restore
    wait_for(browser, lambda d: "努力为全市" in preview_text(d), "the merged form reopened")
    assert browser.find_element("id", "notice").get_attribute("hidden") is not None


def test_a_form_changed_elsewhere_is_not_merged_and_the_page_offers_to_reload(server, browser, folder, tmp_path):
    document = opened(run_path(folder / "work-briefing.yaml", "docx", Session()).data)
    assert replace_in(document, "努力为全县", "努力为全市")
    edited = tmp_path / "修改稿.docx"
    edited.write_bytes(saved(document))
    browser.get(server + FORM)
    wait_for(browser, lambda d: "立案612件" in preview_text(d), "the first preview")
    browser.find_element("id", "merge-file").send_keys(str(edited))
    wait_for(browser, lambda d: len(_rows(d)) == 1, "the change list")
    form = folder / "work-briefing.yaml"
    elsewhere = form.read_text(encoding="utf-8").replace("青山县平安建设工作情况汇报", "青山县平安建设工作情况汇报（别处改）")
    form.write_text(elsewhere, encoding="utf-8")
    browser.find_element("id", "merge-save").click()
    wait_for(browser, lambda d: d.find_element("id", "dialog").is_displayed(), "the page says why and offers to reload")
    assert "被别的程序改过" in browser.find_element("id", "dialog-text").text
    assert form.read_text(encoding="utf-8") == elsewhere and not list(folder.glob("*合并前*"))
    shoot(browser, "serve-merge-stale")
    browser.find_element("css selector", '#dialog button[data-choice="reload"]').click()
    wait_for(browser, lambda d: "（别处改）" in preview_text(d), "the form as it is on disk now")
