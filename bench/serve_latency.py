"""How fast draft serve's preview follows an edit; prints a table and writes bench/SERVE-RESULTS.md.

    bash bench/run                        # runs this after bench.py
    python bench/serve_latency.py [--edits 40]

The half-year example is opened in a real ``draft serve`` process. Measured:

- in headless Chromium (where chromium and chromedriver are installed): from the keystroke's
  ``input`` event to the preview showing the edit, timed inside the page (the page waits 80 ms
  after the last keystroke before it asks, so that a word typed fast costs one request);
- over HTTP: one /api/preview round trip (merge into the form's YAML, validate, check, render);
- what a user would do instead to see the page: ``draft build`` of the saved form (whole process),
  and ``draft build --pdf`` (LibreOffice) where it is installed.
"""
from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
FORM = "half-year-summary.yaml"
BUDGET_MS = 300


def _draft() -> list[str]:
    venv = ROOT / ".venv" / "bin" / "draft"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "drafting"]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(_draft() + ["serve", str(folder), "--no-browser"], stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("http://"):
            return process, line.strip()
    raise SystemExit("draft serve printed no address")


def page_data(url: str) -> tuple[str, dict]:
    host, port = url.split("//")[1].rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", "/form/" + FORM_QUOTED)
    html = connection.getresponse().read().decode("utf-8")
    token = re.search(r'name="draft-token" content="([^"]+)"', html).group(1)
    data = json.loads(re.search(r'id="page-data">(.*?)</script>', html, re.S).group(1))
    return token, data


FORM_QUOTED = FORM  # ASCII: no quoting needed in the URL


def http_round_trips(url: str, edits: int) -> list[float]:
    token, data = page_data(url)
    host, port = url.split("//")[1].rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    times = []
    state = data["state"]
    for i in range(edits + 3):
        state["正文"][0]["下级"][0]["下级"][0]["内容"] += "改"
        body = json.dumps({"name": data["name"], "version": data["version"], "state": state}, ensure_ascii=False)
        start = time.perf_counter()
        connection.request("POST", "/api/preview", body.encode("utf-8"),
                           {"Content-Type": "application/json", "X-Draft-Token": token, "Origin": url.rstrip("/")})
        reply = json.loads(connection.getresponse().read())
        elapsed = (time.perf_counter() - start) * 1000
        assert "改" * (i + 1) in reply["html"]
        if i >= 3:  # the first requests warm the server's caches, as the page's own first preview does
            times.append(elapsed)
    return times


def browser_latencies(url: str, edits: int) -> list[float] | str:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        return "chromium or chromedriver not installed"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return "selenium not installed (pip install -e '.[test]')"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="draft-bench-chromium-")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1500,1000", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get(url + "form/" + FORM_QUOTED)
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.previewed"))
        driver.execute_script("""
            window.latencies = [];
            const title = document.querySelector('[name="标题"]');
            title.addEventListener('input', () => { window.typedAt = performance.now(); window.wanted = title.value; });
            new MutationObserver(() => {
              const shown = document.getElementById('preview').textContent.replace(/\s/g, '');
              if (window.typedAt && shown.includes(window.wanted.replace(/\s/g, '').slice(-12))) {
                window.latencies.push(performance.now() - window.typedAt); window.typedAt = null;
              }
            }).observe(document.getElementById('preview'), { childList: true, subtree: true });""")
        title = driver.find_element("name", "标题")
        for i in range(edits):
            title.send_keys("改")
            WebDriverWait(driver, 10, poll_frequency=0.01).until(
                lambda d: len(d.execute_script("return window.latencies")) == i + 1)
            time.sleep(0.05)
        return list(driver.execute_script("return window.latencies"))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def command_times(folder: Path, rounds: int, pdf: bool) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(_draft() + ["build", str(folder / FORM), "-q"] + (["--pdf"] if pdf else []), check=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def describe(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered):.0f} ms, 95th percentile {p95:.0f} ms, slowest {ordered[-1]:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/SERVE-RESULTS.md")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="draft-bench-serve-"))
    for path in (ROOT / "examples").glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    process, url = start_server(folder)
    try:
        round_trips = http_round_trips(url, arguments.edits)
        in_browser = browser_latencies(url, arguments.edits)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    build = command_times(folder, 5, pdf=False)
    with_pdf = command_times(folder, 3, pdf=True) if shutil.which("soffice") or shutil.which("libreoffice") else None
    shutil.rmtree(folder, ignore_errors=True)
    lines = ["# draft serve: preview latency", "",
             f"Run on {datetime.date.today()} by `bash bench/run` on {platform.node()}: {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
             f"Form: examples/{FORM} (≈5,000 characters, 30 figures). {arguments.edits} edits each.", "",
             "| what | time |", "|---|---|"]
    if isinstance(in_browser, list):
        lines.append(f"| keystroke → preview shows it (headless Chromium, includes the page's 80 ms pause) "
                     f"| {describe(in_browser)} |")
    lines.append(f"| one /api/preview round trip (merge, validate, check, render) | {describe(round_trips)} |")
    lines.append(f"| instead: `draft build` of the saved form, whole process | {describe(build)} |")
    if with_pdf:
        lines.append(f"| instead: `draft build --pdf` (LibreOffice) to see the pages | {describe(with_pdf)} |")
    lines.append("")
    if isinstance(in_browser, list):
        worst = sorted(in_browser)[min(len(in_browser) - 1, int(round(0.95 * (len(in_browser) - 1))))]
        lines.append(f"Target: the preview updates within {BUDGET_MS} ms of an edit (95th percentile): "
                     f"{worst:.0f} ms — {'met' if worst <= BUDGET_MS else 'NOT met'}.")
    else:
        lines.append(f"Browser latency not measured: {in_browser}.")
    publish(lines, "SERVE-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
