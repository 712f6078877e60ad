"""Hostile font names timed: the profile check, the preview's CSS and HTML, the .docx; writes bench/PROFILE-RESULTS.md.

    python bench/profile_names.py [--no-write]

tests/form/test_profile.py, tests/writers/test_html.py and tests/writers/test_docx.py prove what these inputs
do without a clock; here are the seconds (best of 3) and the peak memory (tracemalloc) per attack.
"""
from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Callable

from linear import best_of  # bench/linear.py, beside this script
from results import publish

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INJECTION = "仿宋\"}</style><meta http-equiv=refresh content='0;url=http://example.com/'>"
FORM = "模板: 通用\n标题: 标题\n落款: 县委\n日期: 2024-03-01\n正文:\n  - 内容喆\n版式:\n  角色:\n    正文: {{字体: {font}}}\n"


def _peak(call: Callable[[], object]) -> float:
    """The peak memory ``call`` allocates, in MB."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    from drafting.errors import FormError
    from drafting.form.validate import load_form
    from drafting.pipeline.stages import document as build_document
    from drafting.writers.docx import write_docx
    from drafting.writers.html import style_sheet, write_html

    lines = ["# Hostile font names", "", f"{datetime.date.today()} · Python {platform.python_version()} · "
             f"{platform.machine()} · best of 3", "", "| attack | size | seconds | peak MB | outcome |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "表单.yaml"

        def check() -> str:
            try:
                load_form(path)
            except FormError as error:
                return ", ".join(sorted({p.code for p in error.problems}))
            return "loaded"

        for label, font in (("markup in a font name", INJECTION), ("markup, 1 MB", INJECTION * 12_000),
                            ("a plain name of 1 MB", "仿" * 1_000_000), ("control characters, 100 kB", "\t\u0001" * 50_000)):
            path.write_text(FORM.format(font=json.dumps(font, ensure_ascii=False)), encoding="utf-8")
            seconds, outcome = best_of(check)
            lines.append(f"| profile check: {label} | {len(font):,} chars | {seconds:.3f} | {_peak(check):.1f} | {outcome} |")

        path.write_text(FORM.format(font="仿宋_GB2312"), encoding="utf-8")
        form = load_form(path)
        document = build_document(form)
        for size in (1_000, 100_000):
            name = (INJECTION * (size // len(INJECTION) + 1))[:size]
            roles = {role: style._replace(east_asian=name, western=name) for role, style in form.profile.roles.items()}
            profile = form.profile._replace(roles=roles, fallbacks={"仿宋_GB2312": name, name: name})

            def preview() -> int:
                return len(style_sheet(profile)) + len(write_html(document, profile))

            def package() -> int:
                return len(write_docx(document, profile))

            for label, call in (("preview CSS+HTML", preview), (".docx", package)):
                seconds, produced = best_of(call)
                lines.append(f"| unchecked name through the {label} | {size:,} chars | {seconds:.3f} | "
                             f"{_peak(call):.1f} | {produced:,} bytes |")
    publish(lines, "PROFILE-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
