"""Hostile inputs timed against their budgets, and the checker timed on doubled texts; writes bench/LINEAR-RESULTS.md.

    python bench/linear.py [--no-write]

The tests prove the same bounds without a clock (tests/work.py counts lines run and characters given to
regexes), so a loaded machine cannot fail them; this is where the seconds are measured, in one process
(draft's commands called as the tests call them), best of 3.
"""
from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

from results import draft_quietly, publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CHECKER_TEXTS = {"unpaired brackets": "（", "unpaired quotes": "“", "unclosed template code": "{{ ",
                 "years of other sentences": "2022年", "typed rates": "受理1件，化解1件，化解率50%，",
                 "period words": "上半年", "placeholders": "XX名", "blanks": "开展 次", "half-width": "中,文",
                 "outside GB2312": "䶮", "invisible": "甲\u200b"}
FORM_TEXTS = {"9**(9**9)": "{{ 9**(9**9) }}", "a string of 3×10⁹": "{{ \"x\" * 3 * 10**9 }}",
              "a list of 10⁸": "{{ [1] * 10**8 }}",
              "nested loops of 10¹⁰": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
              "a macro calling itself": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"}
BILLION_LAUGHS = "\n".join(["模板: 通用", "a: &a [\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\"]"] +
                           [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
                            for i in range(8)] + ["正文: *i"])


def best_of(call: Callable[[], object], rounds: int = 3) -> tuple[float, object]:
    """The shortest of ``rounds`` runs of ``call`` in seconds (garbage collection off, as timeit does), and
    what the last run returned."""
    best, result = float("inf"), None
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = call()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best, result


def draft(argv: list[str]) -> int:
    """Run a draft command in this process, quietly; its exit code."""
    return draft_quietly(argv)


def fresh(argv: list[str], output: Path) -> Callable[[], int]:
    """A draft command writing ``output``, removed first so that every round does the whole work."""
    def command() -> int:
        output.unlink(missing_ok=True)
        return draft([*argv, "-o", str(output)])
    return command


def docx(path: Path, document: str | bytes, numbering: str | None = None) -> Path:
    """A .docx holding ``document`` (and ``numbering``) as its parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
        if numbering is not None:
            archive.writestr("word/numbering.xml", numbering)
    return path


def paragraphs(n: int, text: str, numbered: bool = False) -> str:
    num = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ""
    return f"<w:document {W}><w:body>" + f"<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>" * n + "</w:body></w:document>"


def checker_rows(folder: Path) -> list[str]:
    """The checker on each hostile text at 40,000, 80,000 and 300,000 characters."""
    from drafting.check.checker import check_form
    from drafting.form.validate import load_form

    rows = ["| text | 40,000 chars | 80,000 chars | ratio (target: 80,000 < 3 × 40,000 + 0.05 s) | 300,000 chars (target < 2 s) |",
            "|---|---|---|---|---|"]
    for name, pattern in CHECKER_TEXTS.items():
        seconds = []
        for size in (40_000, 80_000, 300_000):
            text = (pattern * (size // len(pattern) + 1))[:size]
            path = folder / "检查.yaml"
            path.write_text("模板: 通用\n期间: 2023Q3\n开头: '" + text.replace("'", "''") + "'\n", encoding="utf-8")
            form = load_form(path)
            seconds.append(best_of(lambda: check_form(form))[0])
        ratio = seconds[1] / max(seconds[0], 1e-6)
        rows.append(f"| {name} | {seconds[0]:.3f} s | {seconds[1]:.3f} s | {ratio:.2f} "
                    f"{'met' if seconds[1] < 3 * seconds[0] + 0.05 else 'NOT met'} | {seconds[2]:.2f} s "
                    f"{'met' if seconds[2] < 2 else 'NOT met'} |")
    return rows


def budget_cases(folder: Path) -> list[tuple[str, float, Callable[[], int]]]:
    """(what, budget in seconds, the command) for each hostile input the tests once timed (each is refused
    with exit 1, but the figures and numbering imports, which succeed)."""
    cases: list[tuple[str, float, Callable[[], int]]] = []
    bomb = docx(folder / "炸弹.docx", f"<w:document {W}><w:body>".encode() + b" " * 60_000_000)
    cases.append(("import: a zip bomb (60 MB of spaces)", 2.0, fresh(["import", str(bomb)], folder / "炸弹.yaml")))
    many = docx(folder / "段落.docx", paragraphs(200_001, "甲"))
    cases.append(("import: 200,001 paragraphs", 2.0, fresh(["import", str(many)], folder / "段落.yaml")))
    for label, level in (("w:ilvl 2000000000", '<w:lvl w:ilvl="2000000000">'), ("a w:lvl without w:ilvl", "<w:lvl>")):
        numbering = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">{level}<w:numFmt w:val="chineseCounting"/>'
                     f'<w:lvlText w:val="{"%1" * 100_000}、"/></w:lvl></w:abstractNum>'
                     '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
        path = docx(folder / f"编号{len(cases)}.docx", paragraphs(50, "工作", numbered=True), numbering)
        cases.append((f"import: {label}, lvlText of 100,000 %1", 2.0,
                      fresh(["import", str(path), "--force"], path.with_suffix(".yaml"))))
    text = "受理执行案件2343件，" * 3000 + "完毕。"
    figures = docx(folder / "指标.docx", paragraphs(1, "关于执行工作的报告").replace(
        "</w:body>", f"<w:p><w:r><w:t>一、工作</w:t></w:r></w:p><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>"))
    cases.append(("import --figures: 3,000 figures of one name", 2.0,
                  fresh(["import", str(figures), "--figures", "--force"], folder / "指标.yaml")))
    for label, code in FORM_TEXTS.items():
        form = folder / f"模板{len(cases)}.yaml"
        form.write_text(f"模板: 通用\n标题: 报告\n落款: 县委\n日期: 2023-07-10\n开头: '{code}'\n", encoding="utf-8")
        cases.append((f"build: {label} in a form text", 2.0,
                      fresh(["build", str(form)], form.with_suffix(".docx"))))
    laughs = folder / "别名.yaml"
    laughs.write_text(BILLION_LAUGHS, encoding="utf-8")
    cases.append(("build: an alias bomb (9⁹ items)", 3.0, fresh(["build", str(laughs), "-q"], folder / "别名.docx")))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    load = os.getloadavg()[0]  # other processes' share of the cores while this ran
    folder = Path(tempfile.mkdtemp(prefix="draft-bench-linear-"))
    try:
        checker = checker_rows(folder)
        budgets = ["| input | exit code | time | budget |", "|---|---|---|---|"]
        for what, budget, command in budget_cases(folder):
            seconds, code = best_of(command)
            budgets.append(f"| {what} | {code} | {seconds:.2f} s | < {budget:g} s "
                           f"{'met' if seconds < budget else 'NOT met'} |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines = ["# Hostile inputs against the clock", "",
             f"Run on {datetime.date.today()} by `python bench/linear.py` on {platform.node()}: {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} cores (load average {load:.1f} at the start), Python "
             f"{platform.python_version()}. Best of 3 with garbage collection off, in one process. The tests prove these bounds by counting work (tests/work.py), not by these seconds.", "",
             "## The checker on doubled hostile texts", "", *checker, "",
             "## Hostile inputs within their time budgets", "", *budgets]
    publish(lines, "LINEAR-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
