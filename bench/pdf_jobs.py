"""``draft build --pdf`` for 30 reports at -j 1 and -j 2, whole process; writes bench/PDF-JOBS-RESULTS.md.

    python bench/pdf_jobs.py [--reports 30] [--rounds 3]

The reports are the half-year example and the quarterly one, alternately (the quarterly one has tables, an
attachment page and a 版记, so fitting prints some of them twice). The two settings run alternately within
each round so that machine noise falls on both; medians are reported. Target: -j 2 ≤ 0.6 × -j 1 on two cores.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
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
DRAFT = [sys.executable, "-m", "drafting"]  # run in ROOT: this checkout's drafting, not the one `draft` on PATH imports
EXAMPLES = ("half-year-summary.yaml", "quarterly-report.yaml")
NEEDED = ("half-year-summary-2022.yaml", "quarterly-figures.xlsx")


def prepare(work: Path, reports: int) -> Path:
    """A folder of ``reports`` forms (the examples alternately) with the files they name beside them."""
    forms = work / "forms"
    forms.mkdir()
    for name in NEEDED:
        if (ROOT / "examples" / name).exists():
            shutil.copy(ROOT / "examples" / name, forms / name)
    for index in range(reports):
        source = ROOT / "examples" / EXAMPLES[index % len(EXAMPLES)]
        shutil.copy(source, forms / f"{index:03d}-{source.name}")
    return forms


def run(forms: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Seconds for one whole ``draft build FOLDER -o OUT/ --pdf -j JOBS``: wall clock, and the CPU time of draft and
    of the processes it waited for (its LibreOffice helpers and the LibreOffice they started)."""
    if out.exists():
        shutil.rmtree(out)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(DRAFT + ["build", *sorted(str(p) for p in forms.glob("0*.yaml")), "-o", f"{out}/", "--pdf",
                            "-j", str(jobs), "-q"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    made = len(list(out.glob("*.pdf")))
    if made != len(list(forms.glob("0*.yaml"))):
        raise SystemExit(f"-j {jobs}: {made} PDFs made")
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="draft-bench-pdf-"))
    try:
        forms = prepare(work, arguments.reports)
        run(forms, work / "warm", 1)  # bytecode, fonts, LibreOffice's first start: not counted
        times: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float]] = {1: [], 2: []}
        loads: list[float] = []  # the machine's 1-minute load average before each run: other work skews the ratio
        for round_ in range(arguments.rounds):
            for jobs in ((1, 2) if round_ % 2 == 0 else (2, 1)):
                loads.append(os.getloadavg()[0])
                seconds, cpu = run(forms, work / f"out-{jobs}", jobs)
                times[jobs].append(seconds)
                cpus[jobs].append(cpu)
            print(f"round {round_ + 1}/{arguments.rounds} done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    one, two = statistics.median(times[1]), statistics.median(times[2])
    cpu_one, cpu_two = statistics.median(cpus[1]), statistics.median(cpus[2])
    cores = os.cpu_count() or 1
    floor = cpu_two / min(cores, 2)  # -j 2 cannot finish sooner than its CPU time spread over the cores it can use
    lines = ["# `draft build --pdf`: one LibreOffice or two", "",
             f"Run on {datetime.date.today()} by `python bench/pdf_jobs.py` on {platform.node()}: {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} cores. {arguments.reports} reports (the half-year and quarterly "
             f"examples alternately), whole process, medians of {arguments.rounds} rounds.", "",
             "| setting | time | CPU (draft and the LibreOffice it started) |", "|---|---|---|",
             f"| `--pdf -j 1` | {one:.2f} s | {cpu_one:.2f} s |", f"| `--pdf -j 2` | {two:.2f} s | {cpu_two:.2f} s |", "",
             f"- -j 2 ÷ -j 1: {two / one:.2f} (target ≤ 0.6: {'met' if two / one <= 0.6 else 'NOT met'})",
             f"- the floor for -j 2 on {min(cores, 2)} cores: its CPU ÷ {min(cores, 2)} = {floor:.2f} s, "
             f"{floor / one:.2f} × -j 1 even with perfect packing (the second LibreOffice's start adds "
             f"{cpu_two - cpu_one:.2f} s of CPU)",
             f"- the machine's 1-minute load average before the runs: {min(loads):.1f}–{max(loads):.1f} "
             f"({'quiet' if max(loads) < 0.5 else 'other work was running: the ratio is skewed'})"]
    publish(lines, "PDF-JOBS-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
