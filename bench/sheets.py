"""Hostile spreadsheets timed and weighed (issue #25 points 5, 12, 13); writes bench/SHEETS-RESULTS.md.

    python bench/sheets.py [--no-write]

Each case runs in a child process (``--case NAME``) so its peak resident memory is its own: the seconds are the
best of 3 reads of the file through ``read_sheet`` (refusals included), the memory the child's peak above an
empty case's. The tests prove the same bounds by counting (tests/security/test_sheets.py); this is where the clock is.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _book(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _edited(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, body.replace(old, new, 1) if info.filename == part else body)
        if part not in names:
            target.writestr(part, new)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
SMALL = [["指标", "数值", "单位"], ["案件", 12, "件"], ["人数", 5, "人"]]


def shared_strings() -> bytes:
    """5.5 million shared strings (issue: 232 KB, 36 s, 558 MB)."""
    strings = b"<si><t>x</t></si>" * 5_500_000
    data = _edited(_book(SMALL), "xl/sharedStrings.xml", b"", f'<sst xmlns="{MAIN}">'.encode() + strings + b"</sst>")
    return _edited(data, "[Content_Types].xml", b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                   b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


def dimension_xfd() -> bytes:
    """A 5 kB sheet whose dimension claims columns to XFD, with its last figure on row 5,000 (issue: 682 MB)."""
    data = _edited(_book(SMALL), SHEET, b'<dimension ref="A1:C3"', b'<dimension ref="A1:XFD5000"')
    return _edited(data, SHEET, b"</sheetData>", b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>last</t></is></c>'
                   b'<c r="B5000"><v>1</v></c></row></sheetData>')


def cells_at_limit() -> bytes:
    """5,000 rows of 40 columns: the most cells accepted (200,000)."""
    return _book([["指标", "数值"] + [f"列{i}" for i in range(38)]] +
                 [[f"指标{r}", r] + [r] * 38 for r in range(1, 5000)])


def far_cell() -> bytes:
    """One cell in column XFD of the last row (refused at its cell)."""
    return _edited(_book(SMALL), SHEET, b"</sheetData>",
                   b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')


def huge_numbers() -> bytes:
    """A numeric cell of 1E999 and one of 5,000 digits (refused at their cells)."""
    data = _edited(_book(SMALL), SHEET, b"<v>12</v>", b"<v>1E999</v>")
    return _edited(data, SHEET, b"<v>5</v>", b"<v>" + b"9" * 5000 + b"</v>")


def csv_long_field() -> bytes:
    """A CSV field of 140,000 characters (past csv's 131,072)."""
    return ("指标,数值\n" + "长" * 140_000 + ",1\n").encode()


def csv_rows() -> bytes:
    """A CSV of 6,000 rows (refused from row 5,001)."""
    return ("指标,数值\n" + "".join(f"指标{i},{i}\n" for i in range(1, 6000))).encode()


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "empty": ("xlsx", lambda: _book(SMALL)), "shared strings 5.5M": ("xlsx", shared_strings),
    "dimension A1:XFD5000, row 5,000": ("xlsx", dimension_xfd), "200,000 cells": ("xlsx", cells_at_limit),
    "cell XFD1048576": ("xlsx", far_cell), "1E999 and 5,000 digits": ("xlsx", huge_numbers),
    "CSV field 140,000 chars": ("csv", csv_long_field), "CSV 6,000 rows": ("csv", csv_rows),
}


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: its own, where ru_maxrss keeps the parent's across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(path: Path) -> dict[str, object]:
    """In this (child) process: the best of 3 reads of ``path``, its outcome, 20 cached previews and the peak memory."""
    from drafting.form.spreadsheet import SheetError, read_sheet
    from drafting.options import Caches

    import openpyxl  # noqa: F401  (imported before the base, as a server has it)
    from lxml import etree  # noqa: F401

    base = _peak_mb()
    best, outcome = float("inf"), ""
    for _ in range(3):
        start = time.perf_counter()
        try:
            outcome = f"{len(read_sheet(path))} figures"
        except SheetError as error:
            outcome = f"{error.problems[0].code} {error.problems[0].location}"
        best = min(best, time.perf_counter() - start)
    caches = Caches()
    start = time.perf_counter()
    for _ in range(20):  # previews of an unchanged file: one read, 19 answers from the cache
        try:
            read_sheet(path, None, None, caches)
        except SheetError:
            pass
    previews = time.perf_counter() - start
    peak = _peak_mb()
    return {"seconds": best, "previews": previews, "outcome": outcome.replace(str(path.parent) + "/", ""),
            "peak_mb": peak, "growth_mb": peak - base}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--case", type=Path, help="read this file (in the child process)")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    lines = ["# Hostile spreadsheets", "", f"{platform.python_version()}, {platform.machine()}; "
             f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; read_sheet in a child process per case, best of 3; "
             "peak RSS of the child (growth: above the child after imports); 20 previews through one Caches.", "",
             "| case | file | outcome | seconds | 20 previews (s) | peak RSS (MB) | growth (MB) |", "|---|---|---|---|---|---|---|"]
    for name, (suffix, make) in CASES.items():
        with tempfile.TemporaryDirectory(prefix="draft-bench-sheet-") as folder:
            path = Path(folder) / f"指标.{suffix}"
            path.write_bytes(make())
            found = json.loads(subprocess.run([sys.executable, __file__, "--case", str(path)], capture_output=True,
                                              text=True, check=True, cwd=ROOT).stdout)
            size = path.stat().st_size
        lines.append(f"| {name} | {size / 1000:.1f} kB | {found['outcome']} | {found['seconds']:.3f} | "
                     f"{found['previews']:.3f} | {found['peak_mb']:.0f} | {found['growth_mb']:.0f} |")
    publish(lines, "SHEETS-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
