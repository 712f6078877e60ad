"""How draft serve's preview and save grow with a form's size, against ``draft build``; writes bench/SERVE-SCALE-RESULTS.md.

    python bench/serve_scale.py [--rows 1000 2000 4000 8000] [--no-write]

A 工作总结 form with one 表格 item of N rows (tests/serve/test_scale.py writes the same form). For each N, in a
fresh process: open the form as the page does, then one /api/preview and one /api/save of an edited field
(drafting.serve.editing.Editor, what the handlers run on their worker threads), and the process's peak memory;
then ``draft build`` of the same form as a whole process. Forms over MAX_FORM_CHARS are refused (S014): shown as such.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
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
    publish(lines, "SERVE-SCALE-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
