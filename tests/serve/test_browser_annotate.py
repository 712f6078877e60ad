"""“生成审核稿” in a real browser: an unsaved title with a placeholder is saved (after the page asks), then the
copy downloads with that placeholder commented."""
from __future__ import annotations

from drafting.ooxml.comments import read_comments

from .test_browser import browser, folder, preview_text, server, shoot, type_into, wait_for  # noqa: F401 (fixtures)


def test_the_reviewers_copy_downloads_with_the_finding_as_a_comment(server, browser, folder):
    browser.get(server + "form/work-plan.yaml")
    wait_for(browser, lambda d: preview_text(d).strip(), "the first preview")
    type_into(browser.find_element("name", "标题"), "青山县XX工作要点")
    wait_for(browser, lambda d: "青山县XX工作要点" in preview_text(d), "the title in the preview")
    browser.find_element("id", "annotate").click()
    wait_for(browser, lambda d: d.find_elements("css selector", '#dialog button[data-choice="save"]')
             and d.find_element("id", "dialog").is_displayed(), "the page asks before saving a form with errors")
    browser.find_element("css selector", '#dialog button[data-choice="save"]').click()
    target = browser.downloads / "work-plan（审核稿）.docx"
    wait_for(browser, lambda d: target.is_file() and not list(browser.downloads.glob("*.crdownload")),
             "the reviewer's copy downloaded")
    said = browser.find_element("id", "messages").text
    assert "已写出审核稿：" in said and "（批注 1 条）" in said and "下载 work-plan（审核稿）.docx" in said
    shoot(browser, "serve-annotated")
    comments = read_comments(target.read_bytes())
    assert any(c.anchored == "XX" and c.text.startswith("C202 错误：") for c in comments)
    assert "标题: 青山县XX工作要点" in (folder / "work-plan.yaml").read_text(encoding="utf-8")
