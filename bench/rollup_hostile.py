"""Hostile roll-ups and imports timed, with each process's peak memory; writes bench/ROLLUP-HOSTILE-RESULTS.md.

    python bench/rollup_hostile.py [--units 500] [--no-write]

The tests prove these cases by what is written and refused (tests/security/test_rollup.py, tests/fuzz/test_rollup.py);
this is where the seconds and megabytes are measured: each draft command in a process of its own, best of 3.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = ("import resource, sys\nfrom drafting.cli import main\ncode = 0\ntry:\n    main(sys.argv[1:])\n"
           "except SystemExit as e:\n    code = int(e.code or 0)\n"
           "print(f'PEAK {code} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n")
HOSTILE = "\r标题: 注入\n版头: {发文机关标志: 注入}\u2028- x\x85 # {{ range(10**6) }}{% raw %}"


def draft(argv: list[str], folder: Path) -> tuple[float, float, int]:
    """One draft command in its own process: (seconds, peak MB, exit code), best of 3."""
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", WRAPPER, *argv], cwd=folder, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        elapsed = time.perf_counter() - start
        peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")][-1].split()
        runs.append((elapsed, int(peak[2]) / 1024, int(peak[1])))
    return min(runs)


def unit(index: int, figures: dict, text: str, signature: str) -> str:
    data = {"模板": "工作总结", "标题": f"第{index}镇总结", "期间": "2023H1", "主送": "县委" + signature,
            "落款": f"第{index}镇{signature}", "日期": "2023-07-05", "指标": figures,
            "正文": [{"标题": "工作开展情况", "下级": [{"引语": "排查", "内容": text}]}], "存在问题": [text]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def cases(count: int) -> dict[str, tuple[dict[str, str], list[list[str]]]]:
    """Category → (files to write, commands to time)."""
    exact = {f"u{i:04d}.yaml": unit(i, {"面积": {"值": "12345678.123456789", "单位": "亩"},
                                        "大数": {"值": "1234567890123456789012345678", "单位": "件"},
                                        "细数": {"值": "0.000000000000000000000000001", "单位": "件"}}, "排查", "")
             for i in range(count)}
    rates = {f"u{i:04d}.yaml": unit(i, {"化解率": {"值": "96.123456789012345678901234567", "单位": "%", "分子": "化解",
                                              "分母": "受理"}, "化解": f"{i + 1}件", "受理": f"{2 * i + 3}件"}, "排查", "")
             for i in range(count)}
    hostile = {f"u{i:04d}{HOSTILE.replace('/', '')[:20]}.yaml": unit(
        i, {f"案件{HOSTILE}": "5件", "案件": "7件"}, "{{ '{{' }} range(10**6) }}{{ '{%' }} raw %}" + HOSTILE.replace(
            "{", "（").replace("\n", " "), HOSTILE.replace("\n", " ").replace("{", "（")) for i in range(count)}
    refused = {f"u{i:04d}.yaml": unit(i, {"大数": "9" * 31 + "件"}, "排查", "") for i in range(count)}
    lines = "\n".join(["关于{{ 7*7 }}件的报告", "", "一、总体情况"] + [f"第{i}项{{{{ range(10**6) }}}}{{% raw %}}{{# x #}}"
                                                                   for i in range(count * 20)])
    filters = {"f.yaml": yaml.safe_dump({"模板": "通用", "标题": "测试", "落款": "县委", "指标": {
        "甲": {"值": "1234567890123456789012345678.123456789012", "单位": "件", "去年同期": "0.000000000000000000000000001",
              "上期": "98765432109876543210987654321"}}, "正文": ["{{ 指标.甲 | 同比 }}{{ 指标.甲 | 环比(10) }}"
                                                                 "{{ 指标.甲 | 数值(10) }}{{ 指标.甲 | 增减 }}" * count]},
        allow_unicode=True, sort_keys=False)}
    return {
        "exact sums (28-digit and 17-digit figures)": (exact, [["rollup", ".", "-o", "out/全县.yaml", "--overwrite"],
                                                               ["build", "out/全县.yaml", "-f", "txt", "-q"]]),
        "rates of 27 decimals recomputed": (rates, [["rollup", ".", "-o", "out/全县.yaml", "--overwrite"]]),
        "hostile names, texts, file names (CR, LF, U+2028, U+0085, #, {{ }})": (
            hostile, [["rollup", ".", "-o", "out/全县.yaml", "--overwrite"], ["check", "out/全县.yaml"],
                      ["build", "out/全县.yaml", "-f", "txt", "-q", "--force"]]),
        "sums beyond 10^30 refused (R011)": (refused, [["rollup", ".", "-o", "out/全县.yaml", "--overwrite"]]),
        "-o over a unit refused (R012)": (exact, [["rollup", ".", "-o", "u0000.yaml", "--overwrite"]]),
        "imported template code ({{ }}, {% %}, {# #}) printed as written": (
            {"r.txt": lines}, [["import", "r.txt", "-o", "out/r.yaml", "--overwrite"], ["build", "out/r.yaml", "-f", "txt", "-q"]]),
        "filters on 40-digit figures": (filters, [["build", "f.yaml", "-f", "txt", "-q"]]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    lines = ["# draft rollup and import: hostile input", "",
             f"Run on {datetime.date.today()} by `python bench/rollup_hostile.py --units {args.units}` on "
             f"{platform.node()}: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}. Each command in its own process, best of 3; peak = the process's ru_maxrss.",
             "", "| attack | command | exit | time | peak memory |", "|---|---|---|---|---|"]
    for name, (files, commands) in cases(args.units).items():
        with tempfile.TemporaryDirectory(prefix="draft-bench-") as folder:
            root = Path(folder)
            (root / "out").mkdir()
            for file_name, text in files.items():
                (root / file_name).write_text(text, encoding="utf-8")
            for argv in commands:
                seconds, peak, code = draft(argv, root)
                lines.append(f"| {name} | `draft {argv[0]}` | {code} | {seconds:.2f} s | {peak:.0f} MB |")
    publish(lines, "ROLLUP-HOSTILE-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
