"""How draft serve's preview and save grow with a form's size, against ``draft build``; writes bench/SERVE-SCALE-RESULTS.md.

    python bench/serve_scale.py [--rows 1000 2000 4000 8000] [--no-write]

A 工作总结 form with one 表格 item of N rows (tests/serve/test_scale.py writes the same form). For each N, in a
fresh process: open the form as the page does, then one /api/preview and one /api/save of an edited field
(drafting.serve.editing.Editor, what the handlers run on their worker threads), and the process's peak memory;
then ``draft build`` of the same form as a whole process. Forms over MAX_FORM_CHARS are refused (S014): shown as such.

Then, in a real ``draft serve`` process: the home page's worst answer time while the home page's “生成” builds
the largest form (``--pdf`` too with ``--pdf``): the build runs off the event loop, so the page keeps answering.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent


def one(rows: int) -> dict[str, object]:
    """Open, preview and save a form of ``rows`` table rows in this process; seconds and peak memory."""
    import resource

    sys.path.insert(0, str(ROOT))
    from drafting.collector import tune_collector
    from drafting.serve.editing import Editor, TooLarge
    from drafting.serve.workspace import Workspace
    from tests.serve.test_scale import table_form

    tune_collector()  # as draft serve's process does (drafting.entry)
    folder = Path(tempfile.mkdtemp(prefix="serve-scale-"))
    form = folder / "表.yaml"
    form.write_text(table_form(rows), encoding="utf-8")
    editor = Editor(Workspace(folder))
    found: dict[str, object] = {"rows": rows, "chars": len(table_form(rows))}
    try:
        start = time.perf_counter()
        base = editor.open(form.name)
        state = editor.state(base)
        found["open"] = time.perf_counter() - start
        state["正文"][0]["下级"][0]["内容"] += "改"
        start = time.perf_counter()
        shown = editor.preview(base, state)
        found["preview"] = time.perf_counter() - start
        assert shown.html and not shown.errors
        start = time.perf_counter()
        editor.save(base, state)
        found["save"] = time.perf_counter() - start
    except TooLarge:
        found["refused"] = True
    found["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    form.unlink()
    folder.rmdir()
    return found


def build(rows: int) -> float:
    """Seconds for ``draft build`` of the same form, the whole process."""
    sys.path.insert(0, str(ROOT))
    from tests.serve.test_scale import table_form

    with tempfile.TemporaryDirectory(prefix="serve-scale-") as folder:
        form = Path(folder) / "表.yaml"
        form.write_text(table_form(rows), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "drafting", "build", str(form), "-q"], cwd=ROOT, check=True,
                       capture_output=True)
        return time.perf_counter() - start


def home_while_building(rows: int, pdf: bool) -> tuple[float, float, int]:
    """Worst seconds for GET / while a build of ``rows`` rows runs; the build's seconds and its HTTP status."""
    import http.client
    import re
    import threading

    sys.path.insert(0, str(ROOT))

    from tests.serve.test_scale import table_form

    with tempfile.TemporaryDirectory(prefix="serve-scale-") as folder:
        (Path(folder) / "big.yaml").write_text(table_form(rows), encoding="utf-8")
        process = subprocess.Popen([sys.executable, "-m", "drafting", "serve", folder, "--no-browser"], cwd=ROOT,
                                   stdout=subprocess.PIPE, text=True)
        try:
            url = next(line.strip() for line in process.stdout if line.startswith("http://"))
            host, port = url.split("//")[1].rstrip("/").split(":")

            def get(path: str, body: bytes | None = None, token: str = "") -> tuple[int, str]:
                connection = http.client.HTTPConnection(host, int(port), timeout=900)
                headers = {"X-Draft-Token": token, "Origin": url.rstrip("/"), "Content-Type": "application/json"}
                connection.request("POST" if body else "GET", path, body, headers)
                reply = connection.getresponse()
                return reply.status, reply.read().decode("utf-8")

            token = re.search(r'name="draft-token" content="([^"]+)"', get("/")[1]).group(1)
            outcome: list[object] = []

            def build_it() -> None:
                start = time.perf_counter()
                status, _ = get("/api/build", json.dumps({"names": ["big.yaml"], "pdf": pdf}).encode(), token)
                outcome[:] = [time.perf_counter() - start, status]

            builder = threading.Thread(target=build_it)
            builder.start()
            worst = 0.0
            while builder.is_alive():
                start = time.perf_counter()
                get("/")
                worst = max(worst, time.perf_counter() - start)
                time.sleep(0.05)
            builder.join()
            return worst, float(outcome[0]), int(outcome[1])
        finally:
            process.terminate()  # our own server, by its pid
            process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pdf", action="store_true", help="build a PDF too while the home page is timed")
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(one(arguments.one)))
        return
    lines = ["# draft serve: preview and save against the form's size", "",
             f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores (shared: figures vary).",
             "", "| rows | characters | open (s) | preview (s) | save (s) | peak memory (MB) | draft build (s) |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for rows in arguments.rows:
        out = subprocess.run([sys.executable, __file__, "--one", str(rows)], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        found = json.loads(out.strip().splitlines()[-1])
        built = build(rows)
        if found.get("refused"):
            lines.append(f"| {rows} | {found['chars']} | refused (S014) | – | – | {found['peak_mb']:.0f} | {built:.2f} |")
        else:
            lines.append(f"| {rows} | {found['chars']} | {found['open']:.2f} | {found['preview']:.2f} | "
                         f"{found['save']:.2f} | {found['peak_mb']:.0f} | {built:.2f} |")
    rows = max(arguments.rows)
    worst, built, status = home_while_building(rows, arguments.pdf)
    lines += ["", f"While the home page built the {rows}-row form{' with its PDF' if arguments.pdf else ''} "
              f"({built:.2f} s, HTTP {status}), the home page's slowest answer took {worst * 1000:.0f} ms."]
    publish(lines, "SERVE-SCALE-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
