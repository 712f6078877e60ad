"""draft import --into timed (issue #27): a merge of each example with a leader's edits, and hostile edited files;
writes bench/MERGE-RESULTS.md.

    python bench/merge.py [--no-write]

The tests (tests/merging, tests/commands/test_merging.py) prove what is merged; this is where the seconds and the
peak memory (tracemalloc) of planning a merge (two builds of the form, the pairing, the rebuilt check) are measured.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

from results import measure, publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Time the merges and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    import docx

    from drafting.errors import DraftError
    from drafting.merging.plan import plan_merge
    from drafting.options import Session
    from drafting.pipeline.stages import run_path
    from tests.merging.docxedits import opened, replace_in, saved
    from tests.merging.test_plan import all_edits, form_copy, unmarked

    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="draft-bench-merge-"))
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")

    def planned(form: Path, data: bytes) -> Callable[[], object]:
        """A call that plans the merge of ``data`` into ``form`` and writes its text."""
        def call() -> object:
            try:
                plan = plan_merge(form, data, "修改稿.docx", Session())
                return len(plan.changes), plan.text()
            except DraftError as error:
                return error.problems[0].code
        return call

    rows = ["| case | paragraphs | outcome | seconds | peak memory |", "|---|---|---|---|---|"]
    try:
        for name in sorted(p.name for p in (ROOT / "examples").glob("*.yaml")):
            for markers in (True, False):
                (folder / f"{name}-{markers}").mkdir()
                form = form_copy(folder / f"{name}-{markers}", name)
                document = opened(run_path(form, "docx", Session()).data)
                all_edits(document)
                if not markers:
                    unmarked(document)
                data = saved(document)
                outcome = planned(form, data)()
                seconds, peak = measure(planned(form, data))
                count = len([p for p in document.paragraphs if p.text.strip()])
                rows.append(f"| {name}, every edit{'' if markers else ', markers removed'} | {count} "
                            f"| {f'{outcome[0]} in the change list' if isinstance(outcome, tuple) else outcome} | {seconds:.2f} s "
                            f"| {peak:.1f} MB |")
        (folder / "hostile").mkdir()
        form = form_copy(folder / "hostile", "work-briefing.yaml")
        stranger = docx.Document()
        for n in range(3000):
            stranger.add_paragraph(f"第{n}段：毫不相干的文字，" + "重复的内容" * (n % 7))
        long_one = opened(run_path(form, "docx", Session()).data)
        replace_in(long_one, "努力为全县", "努力为全县" + "很长的文字" * 60_000)
        near = docx.Document()
        for n in range(200):
            near.add_paragraph(f"第{n}段：毫不相干的文字，" + "重复的内容" * (n % 7))
        for what, data, count in (("a stranger file of 3,000 paragraphs", saved(stranger), 3000),
                                  ("a stranger file of 200 paragraphs", saved(near), 200),
                                  ("one paragraph grown to 300,000 characters", saved(long_one), 13)):
            outcome = planned(form, data)()
            seconds, peak = measure(planned(form, data))
            rows.append(f"| {what} | {count} | {outcome if isinstance(outcome, str) else f'{outcome[0]} in the change list'} "
                        f"| {seconds:.2f} s | {peak:.1f} MB |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines = ["# draft import --into against the clock", "",
             f"Run on {datetime.date.today()} by `python bench/merge.py` on {platform.node()}: {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} cores (load average {load:.1f} at the start), Python "
             f"{platform.python_version()}. Best of 3 of `plan_merge` and `MergePlan.text()` in one process: the form "
             "built once to compare with, once more with the changes to check the merge is exact. “Every edit”: "
             "an item moved, a sentence rewritten, a （N） heading with a paragraph added, an item deleted "
             "(those the example has room for; tests/merging/test_plan.py).", "", *rows]
    publish(lines, "MERGE-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
