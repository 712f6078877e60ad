"""Caches and long names (issue #25, 17–18) timed; writes bench/CACHES-RESULTS.md.

    python bench/caches.py [--no-write]

tests/security/test_caches.py and test_long_names.py prove the behaviour without a clock; this measures what each
hostile case costs, in one process (draft's commands called as the tests call them): best of 3 seconds, and the
peak of Python allocations (tracemalloc) of the slowest run.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import os
import pickle
import platform
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Callable

from results import draft_quietly, publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORM = "模板: 通用\n标题: 测试报告\n落款: 青山县委政法委\n日期: 2023-07-10\n期间: 2023Q3\n正文: 截至{{ 日期 }}，工作顺利。\n"
LONG = "乙" * 84  # 252 bytes: 257 with .yaml or .docx
FITS = "甲" * 80  # 240 bytes: 245 with .yaml or .docx


def _draft(argv: list[str]) -> int:
    """Run draft in-process with its output swallowed; its exit code."""
    from drafting.render import sandbox, template

    sandbox.bytecode_cache.cache_clear()  # as a new process would: the cache is read from disk again
    template.environment.cache_clear()
    return draft_quietly(argv)


def _cache_files(home: Path) -> list[Path]:
    return [p for p in (home / "drafting").rglob("*") if p.is_file()]


def _planted(home: Path) -> None:
    from jinja2.bccache import bc_magic

    class Planted:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.mkdir, (str(home / "ran"),))

    for file in _cache_files(home):
        file.write_bytes(bc_magic + pickle.dumps(Planted(), 2))


def _truncated(home: Path) -> None:
    for file in _cache_files(home):
        file.write_bytes(file.read_bytes()[:20])


def _open_folder(home: Path) -> None:
    for folder in (home / "drafting").iterdir():
        folder.chmod(0o777)


@contextlib.contextmanager
def _full_disk():  # type: ignore[no-untyped-def]
    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    saved = tempfile.mkstemp, tempfile.NamedTemporaryFile
    tempfile.mkstemp, tempfile.NamedTemporaryFile = full, full  # type: ignore[assignment]
    try:
        yield
    finally:
        tempfile.mkstemp, tempfile.NamedTemporaryFile = saved  # type: ignore[assignment]


def _case(prepare: Callable[[Path], None] | None, argv: list[str], wrap=contextlib.nullcontext):  # type: ignore[no-untyped-def]
    """Best of 3 seconds, peak allocations, exit code of ``argv`` after ``prepare`` spoiled a warm cache."""
    times, peak, code = [], 0, 0
    for _ in range(3):
        with tempfile.TemporaryDirectory(prefix="bench-caches-") as scratch:
            work = Path(scratch)
            home = work / "cache"
            os.environ["XDG_CACHE_HOME"] = str(home)
            os.chdir(work)
            (work / "短.yaml").write_text(FORM, encoding="utf-8")
            (work / "另.yaml").write_text(FORM.replace("青山县委政法委", "青山县公安局"), encoding="utf-8")
            (work / (FITS + ".yaml")).write_text(FORM, encoding="utf-8")
            _draft(["build", "短.yaml"])  # a warm cache, and 短.docx for import
            if prepare:
                prepare(home)
            tracemalloc.start()
            start = time.perf_counter()
            with wrap():
                code = _draft(argv)
            times.append(time.perf_counter() - start)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            assert not (home / "ran").exists(), "a planted cache file ran"
            os.chdir(ROOT)
    return min(times), peak, code


def main() -> None:
    """Time every case and publish the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    saved = os.environ.get("XDG_CACHE_HOME")
    cases = [
        ("build, warm cache", None, ["build", "短.yaml"], contextlib.nullcontext),
        ("build, empty cache", lambda home: [f.unlink() for f in _cache_files(home)], ["build", "短.yaml"],
         contextlib.nullcontext),
        ("build, planted pickle in every cache file", _planted, ["build", "短.yaml"], contextlib.nullcontext),
        ("build, truncated cache files", _truncated, ["build", "短.yaml"], contextlib.nullcontext),
        ("build, cache folder writable by others", _open_folder, ["build", "短.yaml"], contextlib.nullcontext),
        ("build, full cache disk (ENOSPC)", None, ["build", "短.yaml"], _full_disk),
        ("check, full cache disk (ENOSPC)", None, ["check", "短.yaml"], _full_disk),
        ("build of a 245-byte form", None, ["build", FITS + ".yaml"], contextlib.nullcontext),
        ("build -o 257 bytes", None, ["build", "短.yaml", "-o", LONG + ".docx"], contextlib.nullcontext),
        ("import -o 257 bytes", None, ["import", "短.docx", "-o", LONG + ".yaml"], contextlib.nullcontext),
        ("rollup -o 257 bytes", None, ["rollup", "短.yaml", "另.yaml", "--unit", "青山县委", "-o", LONG + ".yaml"],
         contextlib.nullcontext),
        ("next -o 257 bytes", None, ["next", "短.yaml", "-o", LONG + ".yaml"], contextlib.nullcontext),
        ("new -o 257 bytes", None, ["new", "通用", "-o", LONG + ".yaml"], contextlib.nullcontext),
        ("build of a 257-byte input name", None, ["build", LONG + ".yaml"], contextlib.nullcontext),
    ]
    lines = ["# Caches and long names (issue #25, 17–18)", "",
             f"{datetime.date.today()}, Python {platform.python_version()}, {platform.machine()}, "
             "best of 3 in one process; peak = Python allocations (tracemalloc).", "",
             "| case | exit | seconds | peak MB |", "|---|---|---|---|"]
    try:
        for name, prepare, argv, wrap in cases:
            seconds, peak, code = _case(prepare, argv, wrap)
            lines.append(f"| {name} | {code} | {seconds:.3f} | {peak / 1e6:.1f} |")
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
    publish(lines, "CACHES-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
