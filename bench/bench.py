"""Benchmark drafting against what users would pick instead; prints a table and writes bench/RESULTS.md.

    bash bench/run            # installs docxtpl and pandoc if missing, then runs this
    python bench/bench.py [--rounds 5]

Every tool writes the same ≈5,000-character report (examples/half-year-summary.yaml) with the
same styles and numbering. Whole-process wall time is measured for 1 document and for 100
documents (medians of the rounds; the tools run alternately within each round so machine noise
falls on all of them), plus peak memory, start-up time, and scaling to 10,000 paragraphs.
Competitors get the final texts (numbers already typed): they do less work than drafting,
which also validates the form, computes the figures and runs the checks.
"""
from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.styles import CHARACTER_STYLES, PARAGRAPH_STYLES  # noqa: E402
from drafting.pipeline.stages import document as build_document  # noqa: E402
from drafting.form.validate import load_form  # noqa: E402
from drafting.writers.layout import layout  # noqa: E402

# Every tool runs as on a user's machine, where Python writes and reuses bytecode (.pyc);
# a shell with PYTHONDONTWRITEBYTECODE=1 would recompile drafting's modules on every run.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

EXAMPLE = ROOT / "examples" / "half-year-summary.yaml"
PREVIOUS = ROOT / "examples" / "half-year-summary-2022.yaml"
DRAFT = [shutil.which("draft")] if shutil.which("draft") else [sys.executable, "-m", "drafting"]
COMPETITORS = ROOT / "bench" / "competitors.py"
ONE_DOCUMENT_REPEATS = 4  # one-document runs per round and tool: ~0.1 s each, and noisy on a shared machine


def _escape_md(text: str) -> str:
    for char in "\\*_`[]#<>$":
        text = text.replace(char, "\\" + char)
    if text[:1].isdigit():
        head, sep, rest = text.partition(".")
        if sep and head.isdigit():
            text = head + "\\." + rest
    return text


def prepare(work: Path) -> None:
    """Write every tool's input: forms, report.json, template.docx, reference.docx, report.md, parts.json."""
    form = load_form(EXAMPLE)
    from drafting.pipeline.stages import render_bytes
    (work / "reference.docx").write_bytes(render_bytes(form, "docx"))
    paragraphs = layout(build_document(form))
    report = {"paragraphs": [  # styles by name for python-docx and pandoc, by id for docxtpl
        {"style": PARAGRAPH_STYLES[p.role].name, "style_id": PARAGRAPH_STYLES[p.role].style_id,
         "runs": [{"text": r.text, "style": r.role and CHARACTER_STYLES[r.role].name,
                   "style_id": r.role and CHARACTER_STYLES[r.role].style_id} for r in p.runs]}
        for p in paragraphs]}
    (work / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    # docxtpl: one paragraph per style inside a loop over the paragraphs, runs as RichText.
    styles = sorted({p["style_id"] for p in report["paragraphs"]})
    body = ['<w:p><w:r><w:t>{%p for para in paragraphs %}</w:t></w:r></w:p>']
    for i, style in enumerate(styles):
        keyword = "if" if i == 0 else "elif"
        body.append(f'<w:p><w:r><w:t xml:space="preserve">{{%p {keyword} para.style_id == "{style}" %}}</w:t></w:r></w:p>')
        body.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{{{{r para.rich }}}}</w:t></w:r></w:p>')
    body.append('<w:p><w:r><w:t>{%p endif %}</w:t></w:r></w:p><w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>')
    with zipfile.ZipFile(work / "reference.docx") as source:
        entries = {name: source.read(name) for name in source.namelist()}
    document = entries["word/document.xml"].decode("utf-8")
    head, _, rest = document.partition("<w:body>")
    tail = rest[rest.index("<w:sectPr>"):]
    with zipfile.ZipFile(work / "template.docx", "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, head + "<w:body>" + "".join(body) + tail if name == "word/document.xml" else data)
    # join: the same document.xml cut into paragraphs.
    inner = rest[: rest.index("<w:sectPr>")]
    pieces = [piece + "</w:p>" for piece in inner.split("</w:p>") if piece]
    other = {name: data.decode("utf-8") for name, data in entries.items() if name != "word/document.xml"}
    (work / "parts.json").write_text(json.dumps({"head": head + "<w:body>", "paragraphs": pieces, "tail": tail,
                                                 "other": other}, ensure_ascii=False), encoding="utf-8")
    # pandoc: markdown with the same custom styles.
    lines = []
    for para in report["paragraphs"]:
        text = "".join(f"[{_escape_md(r['text'])}]{{custom-style=\"{r['style']}\"}}" if r["style"]
                       else _escape_md(r["text"]) for r in para["runs"]) or "\\ "
        lines += [f'::: {{custom-style="{para["style"]}"}}', text, ":::", ""]
    (work / "report.md").write_text("\n".join(lines), encoding="utf-8")
    # drafting: 1 form, and 100 copies (the last-year form beside them, not among them).
    (work / "prev").mkdir()
    shutil.copy(PREVIOUS, work / "prev" / PREVIOUS.name)
    text = EXAMPLE.read_text(encoding="utf-8").replace(f"去年同期: {PREVIOUS.name}", f"去年同期: ../prev/{PREVIOUS.name}")
    for folder, count in (("forms1", 1), ("forms100", 100)):
        (work / folder).mkdir()
        for i in range(count):
            (work / folder / f"{i:03d}.yaml").write_text(text, encoding="utf-8")


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_kb(command: list[str], cwd: Path) -> int:
    """Peak resident memory of one child process (KB)."""
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
               "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", wrapper] + command, cwd=cwd, capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args()
    have_pandoc = shutil.which("pandoc") is not None
    have_docxtpl = importlib.util.find_spec("docxtpl") is not None
    work = Path(tempfile.mkdtemp(prefix="draft-bench-"))
    prepare(work)
    one = {
        "drafting": DRAFT + ["build", "forms1/000.yaml", "-o", "out-one.docx", "-q", "--root", "."],
        "python-docx": [sys.executable, str(COMPETITORS), "python-docx", "1", str(work)],
        "join": [sys.executable, str(COMPETITORS), "join", "1", str(work)],
    }
    hundred = {
        "drafting": DRAFT + ["build", "forms100", "-o", "out-drafting", "-q", "--root", "."],
        "python-docx": [sys.executable, str(COMPETITORS), "python-docx", "100", str(work)],
        "join": [sys.executable, str(COMPETITORS), "join", "100", str(work)],
    }
    if have_docxtpl:
        one["docxtpl"] = [sys.executable, str(COMPETITORS), "docxtpl", "1", str(work)]
        hundred["docxtpl"] = [sys.executable, str(COMPETITORS), "docxtpl", "100", str(work)]
    pandoc = ["pandoc", "report.md", "-o", "out-pandoc.docx", "--reference-doc", "reference.docx"]
    if have_pandoc:
        one["pandoc"] = pandoc
    for command in list(one.values()) + list(hundred.values()):  # warm-up: caches, bytecode
        timed(command, work)
    t1: dict[str, list[float]] = {k: [] for k in one}
    t100: dict[str, list[float]] = {k: [] for k in hundred}
    if have_pandoc:
        t100["pandoc"] = []
    for round_number in range(args.rounds):
        for repeat in range(ONE_DOCUMENT_REPEATS):  # a one-document run is short: sample it more often
            order = list(one) if (round_number + repeat) % 2 == 0 else list(reversed(list(one)))
            for tool in order:
                t1[tool].append(timed(one[tool], work))
        order = list(hundred) if round_number % 2 == 0 else list(reversed(list(hundred)))
        for tool in order:
            t100[tool].append(timed(hundred[tool], work))
        if have_pandoc:  # pandoc has no batch mode: a user runs it 100 times
            t100["pandoc"].append(sum(timed(pandoc, work) for _ in range(100)))
        print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    peaks = {tool: peak_kb(command, work) for tool, command in hundred.items()}
    if have_pandoc:
        peaks["pandoc"] = peak_kb(pandoc, work)
    startup = {flag: statistics.median(timed(DRAFT + [flag], work) for _ in range(10))
               for flag in ("--help", "--version")}
    scaling = _scaling(work)
    stages = _stages(work)
    bare = statistics.median(timed([sys.executable, "-c", "pass"], work) for _ in range(10))
    median1 = {k: statistics.median(v) for k, v in t1.items()}
    median100 = {k: statistics.median(v) for k, v in t100.items()}
    report = _report(median1, median100, peaks, startup, scaling, args.rounds, have_docxtpl, have_pandoc)
    report += _where_time_goes(stages, bare, median1["drafting"])
    if "docxtpl" in median100:
        report += _batch_budget(median1, median100)
    print(report)
    if not args.no_write:
        (ROOT / "bench" / "RESULTS.md").write_text(report, encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


_STAGES = """
import gc, json, os, sys, time
from pathlib import Path
t0 = time.perf_counter()
gc.disable()
import jinja2, jinja2.sandbox, yaml  # a plain draft build does not load click
t1 = time.perf_counter()
import drafting.commands.build as b, drafting.pipeline.stages as s, drafting.cli, drafting.cli.building
from drafting.collector import tune_collector
tune_collector(); gc.enable()
t2 = time.perf_counter()
spent = {}
def timed(name, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
    return wrapper
s.load_form = timed("read and validate the form", s.load_form)
s.check_form = timed("checks (draft check)", s.check_form)
s.document = timed("render the template, number", s.document)
s.WRITERS["docx"] = timed("write document.xml and zip", s.WRITERS["docx"])
b.write_atomic = timed("write the file (fsync, rename)", b.write_atomic)
forms = sorted(Path(sys.argv[1]).glob("*.yaml"))
from drafting.options import Options, Session
session = Session(Options(root=Path.cwd()))  # the earlier form sits in ../prev, inside the work folder
b.build(forms[0], Path(sys.argv[2]), session=session)
first = dict(spent); spent.clear()
t3 = time.perf_counter()
for form in forms[1:]:
    b.build(form, Path(sys.argv[2]), session=session)
t4 = time.perf_counter()
print(json.dumps({"third_party_imports": t1 - t0, "own_imports": t2 - t1, "first": first,
                  "per_document": {k: v / (len(forms) - 1) for k, v in spent.items()},
                  "per_document_total": (t4 - t3) / (len(forms) - 1)}))
"""


def _stages(work: Path) -> dict:
    """Where drafting's time goes, measured in one process: imports, then each stage per document."""
    out = work / "out-stages"
    out.mkdir(exist_ok=True)
    runs = [json.loads(subprocess.run([sys.executable, "-c", _STAGES, str(work / "forms100"), str(out)],
                                      capture_output=True, text=True, check=True, cwd=work).stdout)
            for _ in range(3)]
    return min(runs, key=lambda r: r["per_document_total"])


def _scaling(work: Path) -> dict[str, float]:
    """Build time in one process at 100 and 10,000 paragraphs, and the whole process at 10,000."""
    code = ("import sys, time; from pathlib import Path; from drafting.pipeline.stages import render_bytes; "
            "from drafting.form.validate import load_form; from drafting.collector import tune_collector; tune_collector(); f = load_form(Path(sys.argv[1])); render_bytes(f, 'docx'); "
            "t = time.perf_counter(); render_bytes(load_form(Path(sys.argv[1])), 'docx'); print(time.perf_counter() - t)")
    result = {}
    for n in (100, 10000):
        items = "".join(f"      - 引语: 第{i}项工作\n        内容: 扎实推进各项工作，累计排查矛盾纠纷{i}件，化解{i}件。\n"
                        for i in range(n))
        path = work / f"long{n}.yaml"
        path.write_text(f"模板: 通用\n标题: 长文稿\n正文:\n  - 标题: 工作情况\n    下级:\n{items}", encoding="utf-8")
        seconds = float(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                                       check=True, cwd=ROOT).stdout)
        result[f"in_process_{n}"] = seconds
    result["whole_10000"] = timed(DRAFT + ["build", "long10000.yaml", "-o", "long10000.docx", "-q"], work)
    return result


def _report(m1, m100, peaks, startup, scaling, rounds, have_docxtpl, have_pandoc) -> str:
    def ms(s: float) -> str:
        return f"{s * 1000:.0f} ms"

    lines = [
        "# Benchmark results", "",
        f"Run on {datetime.date.today().isoformat()} by `bash bench/run` on {platform.node() or 'this machine'}: "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        f"{', pandoc ' + subprocess.run(['pandoc', '--version'], capture_output=True, text=True).stdout.split()[1] if have_pandoc else ''}"
        f"{', docxtpl ' + __import__('docxtpl').__version__ if have_docxtpl else ''}. "
        f"Medians of {rounds} rounds ({rounds * ONE_DOCUMENT_REPEATS} runs for one document); "
        "tools alternate within each round.", "",
        "| tool | 1 document (whole process) | 100 documents | per document in a batch | peak memory, 100 documents |",
        "|---|---|---|---|---|",
    ]
    for tool in m1 if "pandoc" not in m100 else list(dict.fromkeys(list(m1) + list(m100))):
        one = ms(m1[tool]) if tool in m1 else "—"
        hundred = m100.get(tool)
        lines.append(f"| {tool} | {one} | {f'{hundred:.2f} s' if hundred else '—'} | "
                     f"{ms(hundred / 100) if hundred else '—'} | {peaks.get(tool, 0) / 1024:.0f} MB |")
    lines += ["", "Ratios (drafting ÷ competitor; below 1 means drafting is faster):", ""]
    for tool in [t for t in m1 if t != "drafting"]:
        r1 = m1["drafting"] / m1[tool]
        r100 = m100["drafting"] / m100[tool] if tool in m100 else float("nan")
        lines.append(f"- {tool}: 1 document {r1:.2f}, 100 documents {r100:.2f}")
    lines += ["", "Targets:", ""]
    targets = []
    if "docxtpl" in m1:
        targets.append(("one report ≤ 0.8 × docxtpl", m1["drafting"] / m1["docxtpl"], 0.8))
        targets.append(("100 reports ≤ 0.25 × docxtpl", m100["drafting"] / m100["docxtpl"], 0.25))
    for name, seconds in startup.items():
        targets.append((f"`draft {name}` ≤ 0.12 s", seconds, 0.12))
    targets.append(("10,000 paragraphs ≤ 10 s (whole process)", scaling["whole_10000"], 10.0))
    per100 = scaling["in_process_100"] / 100
    per10k = scaling["in_process_10000"] / 10000
    targets.append(("time per paragraph at 10,000 ≤ 1.5 × at 100", per10k / per100, 1.5))
    targets.append(("peak memory, 100 reports ≤ 120 MB", peaks["drafting"] / 1024, 120))
    for name, value, limit in targets:
        lines.append(f"- {name}: {value:.3g} — {'met' if value <= limit else 'NOT met'}")
    lines += ["", f"Scaling in one process: {ms(scaling['in_process_100'])} for 100 paragraphs "
                  f"({per100 * 1e6:.0f} µs each), {scaling['in_process_10000']:.2f} s for 10,000 ({per10k * 1e6:.0f} µs each).", ""]
    return "\n".join(lines)


def _where_time_goes(stages: dict, bare: float, one: float) -> str:
    """The measured breakdown of drafting's time, for RESULTS.md."""
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms"

    first = sum(stages["first"].values())
    lines = ["", "## Where drafting's time goes (measured by this run)", "",
             f"One report, whole process ({ms(one)}):", "",
             f"- Python starting: {ms(bare)}",
             f"- importing Jinja2 and PyYAML: {ms(stages['third_party_imports'])}",
             f"- importing drafting's own modules: {ms(stages['own_imports'])}",
             f"- building the first report (first use loads templates, declarations, the profile): {ms(first)}",
             "", "Each further report in a batch (mean of 99, in one process):", ""]
    for name, seconds in stages["per_document"].items():
        lines.append(f"- {name}: {ms(seconds)}")
    lines += [f"- total per report: {ms(stages['per_document_total'])}", ""]
    return "\n".join(lines)


def _batch_budget(m1: dict[str, float], m100: dict[str, float]) -> str:
    """What “100 reports ≤ 0.25 × docxtpl” leaves per report, against drafting now and the lower bound."""
    budget = 0.25 * m100["docxtpl"]
    per_report = (budget - m1["drafting"]) / 99
    now = (m100["drafting"] - m1["drafting"]) / 99
    bound = (m100["join"] - m1["join"]) / 99
    return "\n".join([
        "", "## What “100 reports ≤ 0.25 × docxtpl” would take", "",
        f"0.25 × docxtpl's {m100['docxtpl']:.2f} s is {budget * 1000:.0f} ms for the whole process. After drafting's "
        f"start and first report ({m1['drafting'] * 1000:.0f} ms) that leaves {per_report * 1000:.1f} ms for each of the "
        f"other 99 reports; drafting takes {now * 1000:.1f} ms each now, and the string-join lower bound, which only "
        f"joins the finished document.xml and zips it, takes {bound * 1000:.1f} ms.", ""])


if __name__ == "__main__":
    main()
