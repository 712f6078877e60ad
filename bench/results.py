"""What every benchmark script does with its findings: print them, and keep them in bench/NAME unless told not to."""
from __future__ import annotations

import contextlib
import io
import time
import tracemalloc
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent


def publish(lines: list[str], name: str, write: bool) -> str:
    """The report made of ``lines``, printed, and written to ``bench/name`` when ``write``."""
    report = "\n".join(lines) + "\n"
    print(report)
    if write:
        (BENCH / name).write_text(report, encoding="utf-8")
    return report


def draft_quietly(argv: list[str]) -> int:
    """Run a draft command in this process with its output swallowed; its exit code."""
    from drafting.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(argv)
        except SystemExit as exit_:
            return int(exit_.code or 0)
    return 0


def measure(call: Callable[[], object]) -> tuple[float, float]:
    """Best of 3 seconds, and the peak of memory allocated (MB) in one more run."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 1e6
