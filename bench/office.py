"""PDF conversion: a resident LibreOffice against one-shot ``soffice``; writes bench/OFFICE-RESULTS.md.

    python bench/office.py [--reports 100]

In one run, medians: a single conversion with a warm resident converter against one ``soffice
--convert-to pdf`` per file; a batch of reports converted by one ``soffice`` process (what
``draft build --pdf`` does with -j 1) against two resident converters side by side (-j 2).
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.pipeline.stages import render_bytes  # noqa: E402
from drafting.office.holder import render_pdfs  # noqa: E402
from drafting.office.resident import ResidentConverter, uno_python  # noqa: E402
from drafting.office.soffice import find_soffice  # noqa: E402
from drafting.form.validate import load_form  # noqa: E402
from drafting.resources import fontconfig_file  # noqa: E402


def one_shot(soffice: str, document: Path, folder: Path) -> float:
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file()))
    start = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(document)], env=env, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    soffice, python = find_soffice(), uno_python()
    if soffice is None or python is None:
        raise SystemExit("needs LibreOffice and a Python with its uno module (Debian: python3-uno)")
    base = Path(tempfile.mkdtemp(prefix="draft-bench-office-"))
    try:
        document = base / "report.docx"
        document.write_bytes(render_bytes(load_form(ROOT / "examples" / "half-year-summary.yaml")))
        one_shot(soffice, document, base / "warmup")  # the profile's first start, not counted
        singles = [one_shot(soffice, document, base / "single") for _ in range(5)]
        with ResidentConverter(soffice, python) as converter:
            converter.convert(document, base / "warm.pdf")  # start it: a resident converter is started once
            warm = []
            for index in range(10):
                start = time.perf_counter()
                assert converter.convert(document, base / f"warm{index}.pdf") is None
                warm.append(time.perf_counter() - start)
        batch = [base / f"r{i:03d}.docx" for i in range(arguments.reports)]
        for path in batch:
            shutil.copyfile(document, path)
        times = {}
        for jobs in (1, 2):
            runs = []
            for round_ in range(3):
                scratch = base / f"batch-{jobs}-{round_}"
                scratch.mkdir()
                start = time.perf_counter()
                pdfs, problems = render_pdfs(batch, scratch, jobs=jobs)
                runs.append(time.perf_counter() - start)
                assert not problems and all(pdfs)
            times[jobs] = statistics.median(runs)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    single, resident = statistics.median(singles), statistics.median(warm)
    lines = ["# PDF conversion: resident LibreOffice", "",
             f"Run on {datetime.date.today()} by `python bench/office.py` on {platform.node()}: {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} cores. Report: the half-year example. Medians.", "",
             "| what | time |", "|---|---|",
             f"| one `soffice --convert-to pdf` per file | {1000 * single:.0f} ms |",
             f"| one conversion, resident converter already running | {1000 * resident:.0f} ms |",
             f"| {arguments.reports} reports, one `soffice` process (`-j 1`) | {times[1]:.2f} s |",
             f"| {arguments.reports} reports, two resident converters (`-j 2`) | {times[2]:.2f} s |", "",
             f"- warm single conversion ÷ one-shot: {resident / single:.2f} (target ≤ 0.3: "
             f"{'met' if resident / single <= 0.3 else 'NOT met'})",
             f"- -j 2 batch ÷ one-process batch: {times[2] / times[1]:.2f} (target ≤ 0.6: "
             f"{'met' if times[2] / times[1] <= 0.6 else 'NOT met'})"]
    publish(lines, "OFFICE-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
