"""Patterns an earlier run compiled, handed back to ``re``: the very same compiled code, or nothing at all.

Each case runs in a fresh interpreter: ``re``'s cache is the process's, and this one's is full already.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from drafting.patterns import FILE

from .conftest import EXAMPLES, ROOT

_PATTERNS = ["a(?P<名>b+)c|d", r"(\d+)[%％](以上)?", "(?i)[\u4e00-\u9fff]{2,}", r"^\s*-\s+(.*)$"]

_REMEMBER = """
import re, sys
from drafting.patterns import remember
for text in json.loads(sys.argv[2]):
    re.compile(text, re.M)
re.compile(b"[\\\\x00-\\\\x08]+")
remember(frozenset(), sys.argv[1])
"""

_SEED = """
import json, re, sys
from re import _compiler
from drafting.patterns import seed
seeded = seed(sys.argv[1])
same = all(re._cache[key] == _compiler.compile(key[1], key[2]) for key in seeded)
seeded = [key for key in seeded if key in re._cache]
taken = all(re.compile(text, re.M) is re._cache[(str, text, re.M)] for text in json.loads(sys.argv[2])
            if (str, text, re.M) in seeded)
print(json.dumps({"seeded": sorted(repr(key[1]) for key in seeded), "same": same, "taken": taken,
                  "match": re.compile(json.loads(sys.argv[2])[0], re.M).match("abbc").group("名")}))
"""


def _python(code: str, *args: str) -> str:
    return subprocess.run([sys.executable, "-c", "import json\n" + code, *args], capture_output=True, text=True,
                          check=True, cwd=ROOT).stdout


def test_a_pattern_kept_by_one_run_is_the_same_compiled_pattern_in_the_next(tmp_path: Path) -> None:
    _python(_REMEMBER, str(tmp_path), json.dumps(_PATTERNS))
    assert (tmp_path / FILE).is_file()
    report = json.loads(_python(_SEED, str(tmp_path), json.dumps(_PATTERNS)))
    assert {repr(text) for text in _PATTERNS} | {repr(b"[\\x00-\\x08]+")} <= set(report["seeded"])
    assert report["same"] and report["taken"] and report["match"] == "bb"


def test_a_damaged_or_foreign_file_seeds_nothing(tmp_path: Path) -> None:
    _python(_REMEMBER, str(tmp_path), json.dumps(_PATTERNS))
    data = (tmp_path / FILE).read_bytes()
    for damaged in (data[:-1] + bytes([data[-1] ^ 1]), data[: len(data) // 2], b"drafting-patterns 0" + data[19:],
                    b""):
        (tmp_path / FILE).write_bytes(damaged)
        assert json.loads(_python(_SEED, str(tmp_path), json.dumps(_PATTERNS)))["seeded"] == []
    (tmp_path / FILE).write_bytes(data)
    os.chmod(tmp_path / FILE, 0o666)  # a file others may write is not read
    assert json.loads(_python(_SEED, str(tmp_path), json.dumps(_PATTERNS)))["seeded"] == []


def test_draft_keeps_its_patterns_once_and_reads_them_after(tmp_path: Path) -> None:
    """The first build writes the cache file; a second build finds every pattern in it and writes nothing."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    kept = tmp_path / "cache" / "drafting" / "patterns" / FILE
    command = [sys.executable, "-m", "drafting", "build", str(EXAMPLES / "half-year-summary.yaml"), "-o", f"{tmp_path}/"]
    subprocess.run(command, check=True, capture_output=True, env=environment, cwd=ROOT)
    first = kept.stat()
    subprocess.run(command, check=True, capture_output=True, env=environment, cwd=ROOT)
    assert kept.stat().st_mtime_ns == first.st_mtime_ns and kept.stat().st_ino == first.st_ino
