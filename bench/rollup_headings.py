"""How long ``draft rollup`` takes to match the units' headings (every level), for shared and for all-different headings.

    python bench/rollup_headings.py [--units 500] [--no-write]

Shared: every unit has the same 3 top headings with 4 second-level headings each (matched by key, one look-up).
Unlike: every unit's 12 headings differ from every other's (the worst case: likeness is tried, at most against
FUZZY_GROUPS groups per level). Times ``gather_body`` alone, best of 3; writes bench/ROLLUP-HEADINGS-RESULTS.md.
"""
from __future__ import annotations

import argparse
import datetime
import platform
import sys
import time
from pathlib import Path

from results import publish  # bench/results.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drafting.authoring.headings import FUZZY_GROUPS, SIMILAR  # noqa: E402
from drafting.authoring.rollup import Unit, gather_body  # noqa: E402
from drafting.errors import Location  # noqa: E402
from drafting.form.model import Item  # noqa: E402

HERE = Location("bench.yaml", 1, 1)


def _unit(index: int, heading: "callable") -> Unit:
    body = tuple(Item(HERE, heading=heading(index, top), children=tuple(
        Item(HERE, heading=heading(index, 10 * top + sub + 10), children=(Item(HERE, lead="引语", text="内容。"),))
        for sub in range(4))) for top in range(3))
    return Unit(f"第{index}乡镇", f"{index}.yaml", {}, body, (), (), (None, None))


def shared(index: int, slot: int) -> str:
    return f"第{slot}项工作开展情况" if slot < 10 else f"坚决抓好第{slot}项重点任务"


def unlike(index: int, slot: int) -> str:
    start = 0x4E00 + (index * 64 + slot) * 6
    return "".join(chr(start + j) for j in range(6))


def best(units: list[Unit]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        gather_body(units)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    lines = ["# draft rollup: matching headings", "",
             f"Run on {datetime.date.today()} by `python bench/rollup_headings.py` on {platform.node()}, Python "
             f"{platform.python_version()}; `gather_body` alone, best of 3; SIMILAR = {SIMILAR}, "
             f"FUZZY_GROUPS = {FUZZY_GROUPS}.", "", "| units | headings | shared | all different |", "|---|---|---|---|"]
    for count in (100, arguments.units):
        times = [best([_unit(i, kind) for i in range(count)]) for kind in (shared, unlike)]
        lines.append(f"| {count} | {15 * count} | {times[0]:.3f} s | {times[1]:.3f} s |")
    publish(lines, "ROLLUP-HEADINGS-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
