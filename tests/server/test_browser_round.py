"""The county's round in headless Chromium, two browser sessions side by side: the county and 白河镇's clerk.

The county opens a round (through the county API, as `draft server round open` does); the clerk logs in, fills
and saves, submits; the county returns it with a comment; the clerk sees the comment, fixes, resubmits; the
county accepts, rolls up and builds the county report, whose text carries the clerk's sentence. Screenshots of the
dashboard and of the returned form go to the test's folder (and to $DRAFTING_SCREENSHOTS, for docs/images).
"""
from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from ..browsing import headless_chromium, start_printing_address
from ..serve.test_browser import preview_text, shoot, type_into, wait_for
from .conftest import COUNTY_ADMIN, COUNTY_PASSWORD, UNIT_PASSWORD, clerk, open_test_round

FIRST = "今年以来，白河镇排查矛盾纠纷三百件。"
SENTENCE = "白河镇调处矛盾纠纷一百二十件，无一起民转刑案件。"
COMMENT = "请补充矛盾纠纷调处的具体数字"
ITEM = '.rich[data-path="正文/0/下级/0/下级/0/内容"]'  # the first work item's text: what a roll-up carries


def start_server(data_path: Path) -> tuple[subprocess.Popen, str]:
    """``draft server run DATA_DIR --port 0`` as a process; the address it prints on its own line."""
    process, lines = start_printing_address(["server", "run", str(data_path), "--port", "0"])
    return process, lines[-1].strip()


def chromium(tmp_path: Path, who: str):
    """A headless Chromium of its own profile and download folder (one per person in the journey)."""
    return headless_chromium(tmp_path, who)


def log_in(driver, server: str, name: str, password: str) -> None:
    driver.get(server + "login")
    driver.find_element("name", "username").send_keys(name)
    driver.find_element("name", "password").send_keys(password)
    driver.find_element("id", "login-submit").click()
    wait_for(driver, lambda d: d.find_elements("id", "logout"), f"{name} logged in")


def write_opening(driver, text: str) -> None:
    """Type the first work item's text and wait for the preview to show it, then save."""
    type_into(driver.find_element("css selector", ITEM), text)
    wait_for(driver, lambda d: text[:10] in preview_text(d), "the opening previewed")
    driver.find_element("id", "save").click()
    wait_for(driver, lambda d: d.find_element("id", "status").text == "已保存", "saved")


def type_numbers(driver) -> None:
    """Type this quarter's numbers into the figures table (a round's blank form has only their names and units)."""
    for path, number in (("指标/0/值", "2966"), ("指标/1/值", "2869"), ("指标/1/去年同期", "2700")):
        type_into(driver.find_element("css selector", f'input[data-path="{path}"]'), number)
    wait_for(driver, lambda d: "2966件" in preview_text(d), "the numbers previewed")


def submit(driver) -> None:
    driver.find_element("id", "submit-form").click()
    wait_for(driver, lambda d: "状态：已提交" in d.find_element("id", "form-banner").text, "submitted, the page reloaded")


def save_elsewhere(data_dir, submission_id: int, author: str) -> None:
    """A save of another township's form, through the county API (as its own browser would)."""
    from datetime import datetime, timezone

    from sqlalchemy import select

    from drafting.county.db import session_scope
    from drafting.county.models import Account, Submission
    from drafting.county.versions import save_version, version_text

    with session_scope(data_dir.engine()) as db:
        submission = db.get(Submission, submission_id)
        account = db.scalars(select(Account).where(Account.name == author)).one()
        text = version_text(db, submission).replace("多元化解矛盾纠纷", "网格化服务管理")
        save_version(db, submission, text, account, submission.version, "网页保存", datetime.now(timezone.utc))


def unit_row(driver, unit: str):
    return driver.find_element("css selector", f'tr[data-unit="{unit}"]')


@pytest.fixture
def server(data_dir):
    process, url = start_server(data_dir.path)
    yield url
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)


def test_a_round_from_the_first_save_to_the_county_report(data_dir, server, tmp_path):
    from datetime import datetime, timezone

    opened = open_test_round(data_dir, datetime.now(timezone.utc))
    rid = opened["round"]
    with chromium(tmp_path, "county") as county, chromium(tmp_path, "town") as town:
        log_in(county, server, COUNTY_ADMIN, COUNTY_PASSWORD)
        county.get(f"{server}rounds/{rid}")
        assert "overdue" in unit_row(county, "白河镇").get_attribute("class")  # the due date is past: red

        log_in(town, server, clerk("白河镇"), UNIT_PASSWORD)
        links = town.find_elements("css selector", "a.form-link")
        assert [link.text for link in links] == ["白河镇-2026Q3.yaml"]
        links[0].click()
        wait_for(town, lambda d: "【待填】" in preview_text(d), "the first preview, its numbers still to fill")
        type_numbers(town)
        write_opening(town, FIRST)
        submit(town)

        county.refresh()
        assert unit_row(county, "白河镇").find_element("class name", "state").text == "已提交"
        unit_row(county, "白河镇").find_element("css selector", "input.comment-input").send_keys(COMMENT)
        unit_row(county, "白河镇").find_element("css selector", "button.return").click()
        wait_for(county, lambda d: unit_row(d, "白河镇").find_element("class name", "state").text == "退回", "returned")

        town.refresh()
        banner = wait_for(town, lambda d: d.find_element("id", "form-banner"), "the banner")
        assert "状态：退回" in banner.text and COMMENT in banner.text
        wait_for(town, lambda d: preview_text(d), "the preview")
        town.execute_script("window.scrollTo(0, 0); document.getElementById('preview-scroll').scrollTo(0, 0)")
        shoot(town, "county-returned")
        write_opening(town, SENTENCE)
        submit(town)

        save_elsewhere(data_dir, opened["青石乡"], clerk("青石乡"))  # another township is at work meanwhile
        county.refresh()
        assert unit_row(county, "青石乡").find_element("class name", "state").text == "填写中"
        shoot(county, "county-dashboard")
        unit_row(county, "白河镇").find_element("css selector", "button.accept").click()
        wait_for(county, lambda d: unit_row(d, "白河镇").find_element("class name", "state").text == "已采用", "accepted")
        county.find_element("id", "rollup").click()
        wait_for(county, lambda d: "/form/" in d.current_url and "一百二十件" in preview_text(d), "the county's form")
        county.find_element("id", "build-docx").click()
        wait_for(county, lambda d: list(county.downloads.glob("*.docx"))
                 and not list(county.downloads.glob("*.crdownload")), "the county report downloaded")

    import docx

    report = next(county.downloads.glob("*.docx"))
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "一百二十件" in text and "白河镇" in text
    built = list((data_dir.path / "forms" / str(rid)).rglob("*.docx"))
    assert built, "the report is kept in the county's working folder"
