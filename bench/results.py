"""What every benchmark script does with its findings: print them, and keep them in bench/NAME unless told not to."""
from __future__ import annotations

from pathlib import Path

BENCH = Path(__file__).resolve().parent


def publish(lines: list[str], name: str, write: bool) -> str:
    """The report made of ``lines``, printed, and written to ``bench/name`` when ``write``."""
    report = "\n".join(lines) + "\n"
    print(report)
    if write:
        (BENCH / name).write_text(report, encoding="utf-8")
    return report
