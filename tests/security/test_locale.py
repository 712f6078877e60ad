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


LIBRARY = "import sys\nfrom drafting.cli import main\nmain(sys.argv[1:])\n"


@pytest.mark.parametrize("fmt, output", [("txt", "报告.txt"), ("docx", "报告.docx")])
def test_library_use_under_an_ascii_locale_reads_templates_and_names_as_utf8(folder, fmt, output):
    """Without draft's own restart (``from drafting.cli import main`` in a process of the ASCII locale), template
    names are turned into the file names' UTF-8 bytes and listed names decoded from them."""
    scratch = folder.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, **ASCII_LOCALE, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, "-c", LIBRARY, "build", "总结.yaml", "-f", fmt, "-o", output], cwd=folder,
                          env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert (folder / output).stat().st_size > 0 and not list(scratch.iterdir())


def test_a_form_whose_name_is_not_utf8_builds(tmp_path, monkeypatch, capsys):
    """A form named in GBK (copied from a Windows archive): its name is shown with �, never an internal error."""
    from ..conftest import run

    monkeypatch.chdir(tmp_path)
    with open(os.open(b"\xd7\xdc\xbd\xe1.yaml", os.O_WRONLY | os.O_CREAT, 0o644), "wb") as file:
        file.write((EXAMPLES / "work-plan.yaml").read_bytes())
    code, out, err = run(["build", "."], capsys)
    assert code == 0, out + err
    assert os.path.exists(b"\xd7\xdc\xbd\xe1.docx")


def test_template_names_are_listed_as_utf8_and_looked_up_by_their_bytes(monkeypatch):
    """As under an ASCII locale: a name is handed to the system as its UTF-8 bytes and listed names decoded back."""
    from drafting.form.resolver import as_written, on_disk

    monkeypatch.setattr(sys, "getfilesystemencoding", lambda: "ascii")
    listed = on_disk("通用.j2")
    assert listed.encode("ascii", "surrogateescape") == "通用.j2".encode("utf-8")
    assert as_written(listed) == "通用.j2"
    assert as_written(b"\xd7\xdc\xbd\xe1.j2".decode("ascii", "surrogateescape")) is None  # 总结 in GBK: no form can name it
