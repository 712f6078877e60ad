"""How long ``draft rollup`` takes for many unit forms, and how its memory grows; writes bench/ROLLUP-RESULTS.md.

    python bench/rollup_scale.py [--units 500]

Each unit form is the half-year example (27 figures, 36 items) under another 落款, its figures varied.
The whole ``draft rollup`` process is timed (median of 3), with its peak memory, for 100 units and for
the full count; the alternative is a clerk copying and adding by hand, which is days.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 5.0


def _draft() -> list[str]:
    venv = ROOT / ".venv" / "bin" / "draft"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "drafting"]


def make_units(folder: Path, count: int) -> None:
    text = (ROOT / "examples" / "half-year-summary.yaml").read_text(encoding="utf-8")
    (folder / "去年").mkdir()  # last year's form, which each unit's 同比 reads (a subfolder: not rolled up itself)
    shutil.copy(ROOT / "examples" / "half-year-summary-2022.yaml", folder / "去年" / "half-year-summary-2022.yaml")
    text = re.sub(r"^去年同期:.*\n", "去年同期: 去年/half-year-summary-2022.yaml\n", text, flags=re.M)
    for index in range(count):
        unit = f"第{index + 1}乡镇"
        varied = re.sub(r"(\n  [^\s:]+: )(\d+)(次|个|名|件|处|期|人)\n",
                        lambda m: f"{m.group(1)}{int(m.group(2)) + index % 7}{m.group(3)}\n", text)
        varied = varied.replace("落款: 中共青山县委政法委员会", f"落款: {unit}").replace(
            "标题: 青山县委政法委", f"主送: 中共青山县委政法委员会：\n标题: {unit}")
        (folder / f"{index:04d}.yaml").write_text(varied, encoding="utf-8")


def run_once(folder: Path, count: int) -> tuple[float, float]:
    output = folder.parent / f"county-{count}-{time.monotonic_ns()}.yaml"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(_draft() + ["rollup", str(folder), "-o", str(output)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    output.unlink()
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="draft-bench-rollup-"))
    rows = []
    try:
        for count in (100, arguments.units):
            folder = base / f"units-{count}"
            folder.mkdir()
            make_units(folder, count)
            runs = [run_once(folder, count) for _ in range(3)]
            rows.append((count, statistics.median(t for t, _ in runs), max(m for _, m in runs)))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    lines = ["# draft rollup: scale", "",
             f"Run on {datetime.date.today()} by `python bench/rollup_scale.py` on {platform.node()}: {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. Each unit form is the "
             "half-year example (27 figures, 36 items); whole `draft rollup` process, median of 3.", "",
             "| units | time | per unit | peak memory (the process's largest, so far) |", "|---|---|---|---|"]
    for count, seconds, memory in rows:
        lines.append(f"| {count} | {seconds:.2f} s | {1000 * seconds / count:.1f} ms | {memory:.0f} MB |")
    full = rows[-1][1]
    lines += ["", f"Target: {arguments.units} units in under {TARGET_S:g} s: {full:.2f} s — "
                  f"{'met' if full < TARGET_S else 'NOT met'}."]
    publish(lines, "ROLLUP-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
