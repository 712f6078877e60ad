"""serve's form page mounted under a prefix (as the county's server mounts it, issue #29), in headless Chromium:
the page previews, saves and downloads under /s/7, and its 提交 button saves unsaved edits first, then posts to the
server's own route with the session token, says the answer and reloads."""
from __future__ import annotations

import threading
import time

import pytest

from drafting.serve.run import bind_loopback

from .test_app import services  # noqa: F401  (fixture)
from .test_browser import browser, preview_text, shoot, type_into, wait_for  # noqa: F401  (fixture)
from .test_mount import BASE, EXTRAS, FORM, TOKEN, county_app, folder, store, submitted  # noqa: F401  (fixtures)


@pytest.fixture
def extras():
    """What the county adds to the page (a test parametrises its own)."""
    return EXTRAS


@pytest.fixture
def mounted(folder, services, store, submitted, extras):  # noqa: F811  (fixtures imported above)
    """The parent app served by uvicorn on a thread of this test, on a free loopback port; stopped after it."""
    import uvicorn

    sock = bind_loopback(0)
    app = county_app(folder, services, store, submitted, extras)
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="mounted-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the test server did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(20)
    sock.close()
    assert not thread.is_alive()


def test_the_page_under_a_prefix_previews_saves_downloads_and_submits(mounted, browser, folder, store, submitted):  # noqa: F811
    browser.get(f"{mounted}{BASE}/form/{FORM}")
    wait_for(browser, lambda d: preview_text(d), "the first preview")
    banner = browser.find_element("id", "form-banner")
    assert "状态：退回" in banner.text and "请补充第三季度的数字" in banner.text
    assert browser.find_element("css selector", "a.back").get_attribute("href") == f"{mounted}/"
    assert browser.find_element("id", "versions-link").get_attribute("href") == f"{mounted}{BASE}/versions"
    shoot(browser, "serve-mounted-returned")

    type_into(browser.find_element("name", "标题"), "白河镇2026年第三季度工作汇报")
    wait_for(browser, lambda d: "白河镇2026年第三季度工作汇报" in preview_text(d), "the title previewed under the prefix")
    browser.find_element("id", "save").click()
    wait_for(browser, lambda d: d.find_element("id", "status").text == "已保存", "saved under the prefix")
    assert "标题: 白河镇2026年第三季度工作汇报" in (folder / FORM).read_text(encoding="utf-8")
    assert ("writing", FORM, False) in store.calls and ("wrote", FORM, [FORM]) in store.calls

    browser.find_element("id", "build-docx").click()
    target = browser.downloads / "work-briefing.docx"
    wait_for(browser, lambda d: target.is_file() and target.stat().st_size > 0
             and not list(browser.downloads.glob("*.crdownload")), "the .docx downloaded from under the prefix")
    link = browser.find_element("css selector", "#messages a.download")
    assert link.get_attribute("href").startswith(f"{mounted}{BASE}/download/")

    type_into(browser.find_element("name", "标题"), "白河镇2026年第三季度工作汇报（修改）")
    wait_for(browser, lambda d: d.find_element("id", "status").text == "有未保存的修改", "an unsaved edit")
    store.calls.clear()
    browser.find_element("id", "submit-form").click()
    wait_for(browser, lambda d: submitted, "提交 posted to the server's route")
    assert submitted == [({}, TOKEN)]
    assert "（修改）" in (folder / FORM).read_text(encoding="utf-8")  # saved before it was submitted
    assert store.calls.index(("writing", FORM, False)) < store.calls.index(("submitted",))
    wait_for(browser, lambda d: "已提交，等待县里审核" in d.find_element("id", "messages").text, "the answer said")
    shoot(browser, "serve-mounted-submitted")
    wait_for(browser, lambda d: d.execute_script("return document.body.dataset.submitted") is None
             and preview_text(d), "the page reloaded after the submit")
    assert browser.find_element("name", "标题").get_attribute("value") == "白河镇2026年第三季度工作汇报（修改）"


def test_a_save_the_store_refuses_offers_no_copy_and_submits_nothing(mounted, browser, folder, store, submitted):  # noqa: F811
    browser.get(f"{mounted}{BASE}/form/{FORM}")
    wait_for(browser, lambda d: preview_text(d), "the first preview")
    before = (folder / FORM).read_bytes()
    store.refuse_writing = True
    type_into(browser.find_element("name", "标题"), "已提交后又改的标题")
    wait_for(browser, lambda d: "已提交后又改的标题" in preview_text(d), "the edit previewed")
    browser.find_element("id", "submit-form").click()
    wait_for(browser, lambda d: "这份表单已提交，不能再修改" in d.find_element("id", "dialog").text, "the store's refusal said")
    choices = [b.get_attribute("data-choice") for b in browser.find_elements("css selector", "#dialog-buttons button")]
    assert choices == ["reload", "cancel"]  # a copy beside the form means nothing to the server that keeps it
    shoot(browser, "serve-mounted-refused")
    browser.find_element("css selector", '#dialog button[data-choice="cancel"]').click()
    assert not submitted and (folder / FORM).read_bytes() == before
    assert not browser.find_element("id", "submit-form").get_attribute("disabled")


@pytest.mark.parametrize("extras", [dict(EXTRAS, submit=None, readonly=True)])
def test_a_read_only_page_takes_no_typing(mounted, browser, folder, extras):  # noqa: F811
    """The county viewing a township's form, or a township's submitted one: every field is shown and none is typed
    into (a disabled fieldset for inputs, contenteditable off for the text boxes), so nothing is lost on leaving."""
    browser.get(f"{mounted}{BASE}/form/{FORM}")
    wait_for(browser, lambda d: preview_text(d), "the first preview")
    before, shown = (folder / FORM).read_bytes(), preview_text(browser)
    boxes = browser.find_elements("css selector", "#fields .rich")
    controls = browser.find_elements("css selector", "#fields input, #fields select, #fields textarea, #insert button")
    assert boxes and controls
    assert all(box.get_attribute("contenteditable") == "false" for box in boxes)
    assert not any(control.is_enabled() for control in controls)
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).click(browser.find_element("name", "标题")).send_keys("不该写进去的字").perform()
    assert "不该写进去的字" not in browser.find_element("name", "标题").text
    assert preview_text(browser) == shown and (folder / FORM).read_bytes() == before
    shoot(browser, "serve-mounted-read-only")
