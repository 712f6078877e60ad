"""What the browser tests of draft serve and draft server share: a headless Chromium, a server started as a user would."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from .conftest import ROOT, require_program


@contextmanager
def headless_chromium(tmp_path: Path, who: str = "") -> Iterator[Any]:
    """A headless Chromium with a profile and a download folder of its own (``who``: one per person in a journey);
    a script error the page logged fails the test once the block ends."""
    binary = require_program("chromium", "chromium")
    driver_path = require_program("chromedriver", "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    suffix = f"-{who}" if who else ""
    downloads = tmp_path / f"下载{suffix}"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1500,1000", "--lang=zh-CN",
                     f"--user-data-dir={tmp_path / f'chromium-profile{suffix}'}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("unhandledPromptBehavior", "accept")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.downloads = downloads
    driver.shots = tmp_path / "screenshots"
    driver.shots.mkdir(exist_ok=True)
    try:
        yield driver
        errors = [entry["message"] for entry in driver.get_log("browser")  # (a refused save is the server's answer)
                  if entry["level"] == "SEVERE" and entry.get("source") != "network"]
    finally:
        driver.quit()
    assert not errors, f"the page's script failed: {errors}"  # a syntax error in our JavaScript fails every test


def start_printing_address(arguments: list[str], seconds: float = 60) -> tuple[subprocess.Popen, list[str]]:
    """``python -m drafting ARGUMENTS`` as a process, read until it prints its address on a line of its own
    (the last of the lines returned); killed, and the test failed, if it prints none within ``seconds``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "drafting", *arguments],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline() if process.stdout else ""
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("http://"):
            return process, lines
    process.kill()
    process.wait()
    raise AssertionError(f"no address printed: {lines} {process.stderr.read() if process.stderr else ''}")
