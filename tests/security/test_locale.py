"""Issue #25.19: under LC_ALL=POSIX PYTHONUTF8=0 PYTHONCOERCECLOCALE=0 every build exited 3 (KeyError: '通用')."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ..conftest import EXAMPLES, ROOT

ASCII_LOCALE = {"LC_ALL": "POSIX", "LANG": "POSIX", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}


def _draft(folder, *argv: str) -> subprocess.CompletedProcess[bytes]:
    scratch = folder.parent / "scratch"  # an internal-error report stays in the test's folder
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, **ASCII_LOCALE, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    return subprocess.run([sys.executable, "-m", "drafting", *argv], cwd=folder, env=env, capture_output=True,
                          timeout=300)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "总结.yaml").write_bytes((EXAMPLES / "half-year-summary.yaml").read_bytes())
    (tmp_path / "half-year-summary-2022.yaml").write_bytes((EXAMPLES / "half-year-summary-2022.yaml").read_bytes())
    return tmp_path


def test_a_build_under_an_ascii_locale_finds_the_templates_and_writes_chinese_names(folder):
    done = _draft(folder, "build", "总结.yaml", "-f", "txt", "-o", "报告.txt")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert (folder / "报告.txt").read_text(encoding="utf-8").startswith("青山县委政法委")
    assert "已生成：报告.txt" in done.stdout.decode("utf-8") + done.stderr.decode("utf-8")


def test_check_next_and_templates_under_an_ascii_locale(folder):
    """Names the command line gives, templates found by name, names written: all UTF-8 whatever the locale."""
    assert _draft(folder, "check", "总结.yaml").returncode == 0
    done = _draft(folder, "next", "总结.yaml", "-o", "下半年.yaml")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "期间: 2023H2" in (folder / "下半年.yaml").read_text(encoding="utf-8")
    listed = _draft(folder, "templates")
    assert listed.returncode == 0 and "通用" in listed.stdout.decode("utf-8")
