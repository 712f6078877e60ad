"""Shared fixtures: paths to examples and samples, a helper that writes a form, and a tidy run.

Nothing a test does is left outside its temporary folder: the compiled-template cache lives in
the session's temporary folder, and each test's temporary files (internal-error reports, the
PDF converter's scratch space) in its own.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORD_VALIDATOR = Path(__file__).resolve().parent / "ooxml-validator"
WORD_VERSIONS = ("Microsoft365", "Office2010")


def pytest_configure(config: pytest.Config) -> None:
    """Keep drafting's bytecode cache and Hypothesis's database inside this session's temporary folder."""
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="drafting-test-cache-")
    config.add_cleanup(lambda: shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True))
    # Hypothesis keeps its example database and constants in ./.hypothesis unless told otherwise.
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(os.path.join(os.environ["XDG_CACHE_HOME"], "hypothesis"))


@pytest.fixture(autouse=True)
def _private_temporary_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Temporary files a command makes (an internal-error report, say) go into pytest's folder for this test."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("scratch")))


@pytest.fixture
def write_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write YAML text to ``tmp_path/name`` and chdir there, so messages show short names."""
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "表单.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    """Run the draft command in-process: (exit code, stdout, stderr)."""
    from drafting.cli import main

    with pytest.raises(SystemExit) as info:
        main(argv)
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


MINIMAL = """
模板: 通用
标题: 测试报告
落款: 青山县委政法委
日期: 2023-07-10
"""


@pytest.fixture
def forms(tmp_path, monkeypatch):
    """A working folder with 表单/: four good forms (乡镇1–4) and a bad one (坏的)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "表单").mkdir()
    for i in range(1, 5):
        shutil.copy(EXAMPLES / "work-briefing.yaml", tmp_path / "表单" / f"乡镇{i}.yaml")
    (tmp_path / "表单" / "坏的.yaml").write_text("模板: 通用\n落欵: 错\n", encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="session")
def summary():  # type: ignore[no-untyped-def]
    """The half-year example as python-docx reads it."""
    import io

    import docx

    from .helpers import build
    return docx.Document(io.BytesIO(build(EXAMPLES / "half-year-summary.yaml")))


@pytest.fixture(scope="session")
def plan():  # type: ignore[no-untyped-def]
    """The implementation-plan example as python-docx reads it."""
    import io

    import docx

    from .helpers import build
    return docx.Document(io.BytesIO(build(EXAMPLES / "implementation-plan.yaml")))


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A working folder holding the half-year example and last year's form it names, and the quarterly
    example with its spreadsheet."""
    for name in ("half-year-summary.yaml", "half-year-summary-2022.yaml", "quarterly-report.yaml",
                 "quarterly-figures.xlsx"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def require_soffice() -> None:
    """Skip the calling test, with the reason, where LibreOffice is missing; fail instead under .ci/run."""
    from drafting.office.soffice import find_soffice

    if find_soffice() is None:
        if os.environ.get("DRAFTING_REQUIRE_RENDER") == "1":
            pytest.fail("DRAFTING_REQUIRE_RENDER=1 but LibreOffice is not installed")
        pytest.skip("LibreOffice is not installed")


def require_uno() -> str:
    """A Python with LibreOffice's ``uno`` (for the resident converters); skip the calling test, with the reason,
    where there is none (fail instead under .ci/run, which installs python3-uno)."""
    from drafting.office.resident import uno_python

    python = uno_python()
    if python is None:
        if os.environ.get("DRAFTING_REQUIRE_RENDER") == "1":
            pytest.fail("DRAFTING_REQUIRE_RENDER=1 but no Python has LibreOffice's uno (install python3-uno)")
        pytest.skip("no Python with LibreOffice's uno module: install python3-uno, or run .ci/run")
    return python


def require_program(name: str, package: str) -> str:
    """The path of program ``name``; skip the calling test, with the reason, where it is missing
    (fail instead under .ci/run, which installs Debian's ``package``)."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("DRAFTING_REQUIRE_RENDER") == "1":
            pytest.fail(f"DRAFTING_REQUIRE_RENDER=1 but {name} is not installed")
        pytest.skip(f"{name} is not installed: install the {package} package, or run .ci/run")
    return found


class WordValidator:
    """Microsoft's Open XML SDK validation (``@ooxml-tools/validate``, WebAssembly) in one Node process.

    ``tests/ooxml-validator/validate.mjs`` reads a path per line and answers with a line of JSON holding
    the SDK's errors for each of ``WORD_VERSIONS``; started once per session by ``word_validator()``,
    stopped by its pid when the session ends (``_stop_word_validator``).
    """

    def __init__(self, node: str) -> None:
        self.errors = tempfile.TemporaryFile()  # Node's stderr, read back when something goes wrong
        self.process = subprocess.Popen([node, str(WORD_VALIDATOR / "validate.mjs"), *WORD_VERSIONS],
                                        cwd=WORD_VALIDATOR, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.errors, text=True, encoding="utf-8")
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self._next("ready", 120)

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line)
        self.lines.put(None)

    def _next(self, prefix: str, timeout: float) -> str:
        """The next line Node prints that starts with ``prefix`` (the runtime may print others)."""
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                self.stop()
                raise AssertionError(f"the Open XML SDK validator gave no answer in {timeout} s") from None
            if line is None:
                self.errors.seek(0)
                raise AssertionError("the Open XML SDK validator stopped: "
                                     + self.errors.read().decode("utf-8", "replace")[-2000:])
            if line.startswith(prefix):
                return line[len(prefix):]

    def validate(self, path: Path) -> dict[str, list[dict[str, str]]]:
        """Version → the SDK's errors for the .docx at ``path`` (id, description, part, xpath)."""
        assert "\n" not in str(path)
        self.process.stdin.write(f"{path}\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        answer = json.loads(self._next("result ", 300))
        assert answer["path"] == str(path), answer
        if "error" in answer:
            raise AssertionError(f"the Open XML SDK could not open {path.name}: {answer['error']}")
        return answer["results"]

    def stop(self) -> None:
        """End Node: its stdin closed, it leaves; killed by its pid if it has not within 5 s."""
        try:
            self.process.stdin.close()  # type: ignore[union-attr]
        except OSError:  # Node has gone already
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.reader.join(5)  # it has read to the end of Node's output
        self.process.stdout.close()  # type: ignore[union-attr]
        self.errors.close()


_word_validator: list[WordValidator] = []


def word_validator() -> WordValidator:
    """The session's validator, started on first use. Skips the calling test, with the reason, where
    Node or the npm package is missing; fails instead under .ci/run, which installs both."""
    if _word_validator and _word_validator[0].process.poll() is None:
        return _word_validator[0]
    while _word_validator:  # one that stopped (a hang, a crash) is replaced
        _word_validator.pop().stop()
    node = require_program("node", "nodejs")
    if not (WORD_VALIDATOR / "node_modules" / "@ooxml-tools" / "validate" / "package.json").is_file():
        reason = "the Open XML SDK validator is not installed: run npm ci --prefix tests/ooxml-validator, or .ci/run"
        if os.environ.get("DRAFTING_REQUIRE_RENDER") == "1":
            pytest.fail(f"DRAFTING_REQUIRE_RENDER=1 but {reason}")
        pytest.skip(reason)
    _word_validator.append(WordValidator(node))
    return _word_validator[0]


@pytest.fixture(scope="session", autouse=True)
def _stop_word_validator():  # type: ignore[no-untyped-def]
    """Stop the session's Open XML SDK validator, if a test started it."""
    yield
    while _word_validator:
        _word_validator.pop().stop()
