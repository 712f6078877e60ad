"""What noting the template line of each printed line costs a render (issue #24, point 5); writes bench/RENDER-MARKS-RESULTS.md.

    python bench/render_marks.py [--rounds 300] [--renders 10] [--no-write]

For each example form and for a long synthetic one: the template's render alone (``bounded_render``, the form's
texts already expanded), without marks and with them, in alternating short rounds of ``--renders`` renders; the
fastest round of each (on a shared machine the minimum is what the code costs, the rest is other processes), the
whole ``document()`` stage beside it, and what locating the last markup line from the marks costs — the price of a
build whose markup has a mistake, which paid a second render of the whole template before.
"""
from __future__ import annotations

import argparse
import datetime
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.options import Session  # noqa: E402
from drafting.pipeline.stages import document, read  # noqa: E402
from drafting.render.context import form_context  # noqa: E402
from drafting.render.formtexts import expanded_form  # noqa: E402
from drafting.render.sandbox import TEMPLATE_SUFFIX, bounded_render  # noqa: E402
from drafting.render.tables import with_figure_tables  # noqa: E402
from drafting.render.template import _search_path, environment, markup_origin, render_markup  # noqa: E402


def long_form(folder: Path, items: int) -> Path:
    """A form of ``items`` headed items, each with a paragraph (a long report)."""
    body = "".join(f"  - 标题: 第{i}项工作\n    内容: 按计划推进第{i}项工作，完成情况良好。\n" for i in range(items))
    path = folder / f"{items}-items.yaml"
    path.write_text(f"模板: 通用\n标题: 测试报告\n落款: 青山县委政法委\n日期: 2023-07-10\n正文:\n{body}", encoding="utf-8")
    return path


def fastest_ms(call, rounds: int, renders: int) -> float:
    """The fastest of ``rounds`` rounds of ``renders`` calls, in ms per call."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(renders):
            call()
        best = min(best, (time.perf_counter() - start) / renders * 1000)
    return best


def measure(path: Path, rounds: int, renders: int) -> tuple[str, ...]:
    """One table row: chunks, marks, ms per render without and with marks, the same for render_markup (which builds
    the template's context too), document(), a lookup."""
    session = Session()
    read_form = read(path, session)
    form = with_figure_tables(expanded_form(read_form, False, session.caches))
    template = environment(_search_path(form), form.resolver).get_template(form.template + TEMPLATE_SUFFIX)
    context = form_context(form)
    chunks = sum(1 for _ in template.generate(context))
    plain = marked = whole_plain = whole_marked = float("inf")
    for _ in range(rounds):  # alternating, so that a busy moment of the machine falls on both
        plain = min(plain, fastest_ms(lambda: bounded_render(template, context), 1, renders))
        marked = min(marked, fastest_ms(lambda: bounded_render(template, context, marks=[]), 1, renders))
        whole_plain = min(whole_plain, fastest_ms(lambda: render_markup(form), 1, renders))
        whole_marked = min(whole_marked, fastest_ms(lambda: render_markup(form, []), 1, renders))
    stage = fastest_ms(lambda: document(read_form, session), max(3, rounds // 10), renders)
    marks: list = []
    markup = bounded_render(template, context, marks=marks)
    last = markup.rstrip().count("\n") + 1  # the last printed line: the farthest to look up
    lookup = fastest_ms(lambda: markup_origin(form, markup, marks, last), max(3, rounds // 10), renders)
    return (path.name, str(chunks), str(len(marks)), f"{plain:.3f}", f"{marked:.3f}",
            f"{(marked - plain) * 1000:+.1f} µs ({(marked / plain - 1) * 100:+.1f}%)", f"{whole_plain:.3f}",
            f"{(whole_marked / whole_plain - 1) * 100:+.1f}%", f"{stage:.2f}",
            f"{lookup * 1000:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    lines = ["# Marks of a render: which template line printed each line (render/marks.py)", "",
             f"{datetime.date.today()}, Python {platform.python_version()}, {platform.machine()}; "
             f"fastest of {args.rounds} alternating rounds of {args.renders} renders (the form's texts expanded "
             "beforehand); `document()` is the whole stage (form texts, render, markup, numbering).",
             "", "| form | chunks | marks | bounded_render ms, no marks | bounded_render ms, marks | cost of the marks "
             "| render_markup ms, no marks | cost there | document() ms | locating the last line, µs |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as temp:
        forms = sorted((ROOT / "examples").glob("*.yaml")) + [long_form(Path(temp), 2000)]
        for path in forms:
            rounds = args.rounds if "items" not in path.name else max(3, args.rounds // 5)
            lines.append("| " + " | ".join(measure(path, rounds, args.renders)) + " |")
    lines += ["", "A mark is taken only for a chunk that may start the text of a line (one holding a line break, or one "
              "printed while its line is blank so far); its cost is a few attribute reads of the innermost template "
              "frame, the first of them making Python build that generator's frame object (one per block run). The "
              "filters print whole lists in one chunk, so a long report has as few chunks as a short one. A build "
              "whose markup has a mistake used to render the whole template a second time to find the line; it now "
              "pays only the lookup (which reads the template file to quote it)."]
    publish(lines, "RENDER-MARKS-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
