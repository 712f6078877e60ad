"""The leader's 批注 in the browser (issue #27): merged from an edited .docx through 导入修改稿, then shown at the
top of its item's box after the page reloads, and removed with “处理完了，删掉”.
Screenshots go to the test's folder (and to $DRAFTING_SCREENSHOTS when set, for docs/images)."""
from __future__ import annotations

import datetime

from drafting.options import Session
from drafting.pipeline.stages import run_path
from tests.merging.docxedits import opened, saved

from .test_browser import browser, folder, preview_text, server, shoot, type_into, wait_for  # noqa: F401  (fixtures)

FORM = "form/work-briefing.yaml"
SAID = "数据再核实，请附上统计局的来源。"
NOTE = f"批注（张科长，2026-10-09）：{SAID}"
MARKUP = "<b>加粗</b>不该生效"  # a second 批注, on 结尾: the leader's words are set as text, never as markup
MARKUP_NOTE = f"批注（张科长，2026-10-09）：{MARKUP}"


def _commented(form, comments: dict[str, str]) -> bytes:
    """The form's .docx with a 批注 of 张科长 on each paragraph holding a key of ``comments`` (its text the value)."""
    document = opened(run_path(form, "docx", Session()).data)
    for within, said in comments.items():
        paragraph = next(p for p in document.paragraphs if within in p.text)
        comment = document.add_comment(paragraph.runs[0], text=said, author="张科长", initials="张")
        comment._comment_elm.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}date",
                                 datetime.datetime(2026, 10, 9, 9, 30).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return saved(document)


def _notes(driver):
    return driver.find_elements("css selector", "#fields .leader-note")


def test_a_merged_note_shows_at_its_item_after_a_reload_and_is_removed_from_the_page(server, browser, folder, tmp_path):
    edited = tmp_path / "领导修改稿.docx"
    edited.write_bytes(_commented(folder / "work-briefing.yaml", {"在打击违法犯罪方面": SAID, "下一步，我们将": MARKUP}))
    browser.get(server + FORM)
    wait_for(browser, lambda d: "立案612件" in preview_text(d), "the first preview")
    assert not _notes(browser)
    browser.find_element("id", "merge-file").send_keys(str(edited))
    wait_for(browser, lambda d: d.find_element("id", "merge").is_displayed() and
             d.find_elements("css selector", "#merge-list .merge-row"), "the change list")
    browser.find_element("id", "merge-save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已合并修改稿", "merged")
    text = (folder / "work-briefing.yaml").read_text(encoding="utf-8")
    assert f"  # {NOTE}\n  - 标题: 在打击违法犯罪方面" in text
    wait_for(browser, lambda d: len(_notes(d)) == 2, "the notes shown right after the merge")

    browser.refresh()
    wait_for(browser, lambda d: "立案612件" in preview_text(d) and len(_notes(d)) == 2, "the notes after the reload")
    note, markup = _notes(browser)
    assert note.find_element("class name", "leader-note-text").text == NOTE
    assert markup.find_element("class name", "leader-note-text").text == MARKUP_NOTE  # as text, not markup
    assert not browser.find_elements("css selector", ".leader-note b")
    item = browser.find_element("css selector", 'fieldset[name="正文"] > ol.items > li.item[data-path="正文/1"]')
    assert browser.execute_script("return arguments[0].firstElementChild", item) == note  # on top of its item's box
    assert "在打击违法犯罪方面" in item.find_element("css selector", '[data-path="正文/1/标题"]').text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", item)
    shoot(browser, "serve-comment-note")

    type_into(browser.find_element("css selector", 'input[data-path="落款"]'), "青山县委政法委")  # unsaved: saved first
    note.find_element("css selector", '[data-role="remove-note"]').click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已删掉批注" and len(_notes(d)) == 1,
             "the note removed")
    text = (folder / "work-briefing.yaml").read_text(encoding="utf-8")
    assert NOTE not in text and MARKUP_NOTE in text  # only the one removed
    assert "  - 标题: 在打击违法犯罪方面" in text and "落款: 青山县委政法委\n" in text
    browser.refresh()
    wait_for(browser, lambda d: "立案612件" in preview_text(d), "the form reopened")
    assert [n.find_element("class name", "leader-note-text").text for n in _notes(browser)] == [MARKUP_NOTE]
