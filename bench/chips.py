"""What labelling the web form's chips costs: ``render.printed.printed`` per preview; writes bench/CHIPS-RESULTS.md.

    python bench/chips.py [--runs 20] [--no-write]

For each example form, and for a form of 500 distinct expressions (the most labelled) and one where every
expression fails (each then rendered alone, under the 0.5 s budget): the median time of one call that compiles
the expressions, of one that reads them compiled from the bytecode cache on disk (a new session), and of one that
finds them compiled in its caches (a ``draft serve`` session's next preview of the same expressions), beside the
median time of reading the form.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.form.validate import load_form_text  # noqa: E402
from drafting.options import Caches  # noqa: E402
from drafting.render import formtexts  # noqa: E402
from drafting.render.printed import printed  # noqa: E402


def median_ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic(folder: Path, body: str, name: str) -> Path:
    path = folder / name
    path.write_text(f"模板: 通用\n期间: 2023H1\n指标:\n  排查: 2966件\n  化解: {{值: 2869, 单位: 件, 去年同期: 2580}}\n"
                    f"开头: \"{body}\"\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        forms = sorted((ROOT / "examples").glob("*.yaml"))
        forms.append(synthetic(folder, "".join(f"{{{{ 指标.排查 | 简写({i % 3}) }}}}{{{{ {i} + 1 }}}}" for i in range(250)),
                               "500-expressions.yaml"))
        forms.append(synthetic(folder, "".join(f"{{{{ 指标.排查 | 没有{i} }}}}" for i in range(500)), "500-failing.yaml"))
        lines = ["# Chips: what each {{ … }} prints (render/printed.py)", "",
                 f"Median of {args.runs} calls, ms.", "",
                 "| form | expressions labelled | printed() ms, compiling | from the disk cache | kept in memory "
                 "| load_form_text ms |", "|---|---|---|---|---|---|"]
        for path in forms:
            text = path.read_text(encoding="utf-8")
            form = load_form_text(path, text)
            shown = printed(form)
            caches = Caches()
            on_disk = formtexts.bytecode_cache
            formtexts.bytecode_cache = lambda: None  # type: ignore[assignment]
            compiling = median_ms(lambda: printed(form, Caches()), args.runs)
            formtexts.bytecode_cache = on_disk
            lines.append(f"| {path.name} | {len(shown)} | {compiling:.1f} "
                         f"| {median_ms(lambda: printed(form, Caches()), args.runs):.1f} "
                         f"| {median_ms(lambda: printed(form, caches), args.runs):.1f} "
                         f"| {median_ms(lambda: load_form_text(path, text), args.runs):.1f} |")
    publish(lines, "CHIPS-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
