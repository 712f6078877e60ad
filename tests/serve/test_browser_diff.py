"""“与上期对照” in a real browser: enabled with a 上期, the 对照稿 downloaded; greyed out and explained without one."""
from __future__ import annotations

import io
import shutil
import time
import zipfile

import pytest

from ..comparing.pairs import changed_copy
from ..conftest import EXAMPLES
from .test_browser import browser, server, shoot, wait_for  # noqa: F401 (fixtures)


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    changed = changed_copy(EXAMPLES / "quarterly-report.yaml", tmp_path)
    (root / "2023Q2.yaml").write_text(changed.read_text(encoding="utf-8") + "上期: quarterly-report.yaml\n",
                                      encoding="utf-8")
    return root


def test_a_reviewer_downloads_the_diff_against_the_previous_quarter(server, browser, folder):
    browser.get(server + "form/2023Q2.yaml")
    button = wait_for(browser, lambda d: d.find_element("id", "diff-previous"), "the button")
    assert button.is_enabled() and "下载 Word 对照稿" in button.get_attribute("title")
    button.click()
    wait_for(browser, lambda d: "已生成对照稿" in d.find_element("id", "messages").text, "the report")
    shoot(browser, "serve-diff-previous")
    target = browser.downloads / "2023Q2（与上期对照）.docx"
    deadline = time.monotonic() + 20
    while not target.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        assert b"<w:del " in archive.read("word/document.xml")
    assert (folder / "2023Q2（与上期对照）.docx").is_file()


def test_without_previous_the_button_is_greyed_out_and_says_why(server, browser):
    browser.get(server + "form/quarterly-report.yaml")
    button = wait_for(browser, lambda d: d.find_element("id", "diff-previous"), "the button")
    assert not button.is_enabled()
    assert "这份表单没有写“上期”" in button.get_attribute("title")
