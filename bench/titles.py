"""Hostile titles (issue #25.1) timed: line breaking, draft check and a text build; writes bench/TITLES-RESULTS.md.

    python bench/titles.py [--no-write]

tests/security/test_titles.py proves the bounds by counting work (tests/work.py); this is where the seconds and
the peak memory (tracemalloc) are measured, best of 3, the cache of broken titles off.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

from results import measure, publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLES = {
    "80 Latin letters and spaces": ("lorem ipsum dolor sit amet " * 4)[:80],
    "70 Chinese characters": ("青山县委政法委2023年上半年工作总结及下半年工作打算" * 4)[:70],
    "92 Chinese characters": ("青山县委政法委2023年上半年工作总结及下半年工作打算" * 4)[:92],
    "120 Chinese characters (the limit)": ("青山县委政法委2023年上半年工作总结及下半年工作打算" * 5)[:120],
    "120 combining marks": "a" + "\u0301" * 119,
    "5,000 combining marks": "a" + "\u0301" * 5000,
    "100,000 zero-width spaces": "标题" + "\u200b" * 100_000,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    from drafting.cli import main as draft
    from drafting.document import titles

    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="draft-bench-titles-"))
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    titles.break_title("青山县委政法委2023年上半年工作总结及下半年工作打算")  # the segmenter loaded once, as in a server

    def fresh(text: str) -> Callable[[], object]:
        def call() -> object:
            shutil.rmtree(folder / "cache" / "drafting" / "titles", ignore_errors=True)
            titles._tagged.cache_clear()
            return titles.break_title(text)
        return call

    def command(argv: list[str]) -> Callable[[], object]:
        def call() -> object:
            shutil.rmtree(folder / "cache" / "drafting" / "titles", ignore_errors=True)
            titles._tagged.cache_clear()
            said = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # -o - writes to sys.stdout.buffer
            with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
                try:
                    draft(argv)
                except SystemExit as exc:
                    if exc.code not in (0, 1) or "DEBUG" in os.environ:
                        said.flush()
                        print(said.buffer.getvalue().decode("utf-8")[-800:], file=sys.__stderr__)
                    return exc.code
            return 0
        return call

    rows = ["| title | lines | break_title | peak memory | draft check | draft build -f txt |", "|---|---|---|---|---|---|"]
    example = (ROOT / "examples" / "half-year-summary.yaml").read_text(encoding="utf-8")
    shutil.copy(ROOT / "examples" / "half-year-summary-2022.yaml", folder)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        for what, text in TITLES.items():
            form = folder / "表单.yaml"
            form.write_text(example.replace("标题: 青山县委政法委2023年上半年工作总结及下半年工作打算",
                                            f'标题: "{text}"', 1), encoding="utf-8")
            seconds, peak = measure(fresh(text))
            check, _ = measure(command(["check", "表单.yaml"]))
            build, _ = measure(command(["build", "表单.yaml", "-f", "txt", "-o", "-"]))
            codes = (command(["check", "表单.yaml"])(), command(["build", "表单.yaml", "-f", "txt", "-o", "-"])())
            rows.append(f"| {what} | {len(titles.break_title(text))} | {seconds * 1000:.1f} ms | {peak:.1f} MB "
                        f"| {check:.2f} s (exit {codes[0]}) | {build:.2f} s (exit {codes[1]}) |")
    finally:
        os.chdir(cwd)
        shutil.rmtree(folder, ignore_errors=True)
    lines = ["# Hostile titles against the clock", "",
             f"Run on {datetime.date.today()} by `python bench/titles.py` on {platform.node()}: {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} cores (load average {load:.1f} at the start), Python "
             f"{platform.python_version()}. Best of 3, in one process, the segmenter already loaded. Before #25.1 the "
             "exhaustive search took 9.2 s on 92 characters and never finished on the marks and zero-width spaces.", "",
             *rows]
    publish(lines, "TITLES-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
