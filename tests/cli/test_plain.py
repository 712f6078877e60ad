"""A plain ``draft build`` read without click: the same arguments click would give, and the same outcome."""
from __future__ import annotations

from pathlib import Path

import pytest

from drafting.cli.building import BuildArguments
from drafting.cli.plain import plain_build

from ..conftest import MINIMAL, run

# Command lines read without click (whatever the folder holds, click reads them the same way).
PLAIN = [
    ["build", "a.yaml"],
    ["build", "a.yaml", "b.yaml", "-", "文件夹"],
    ["build", "a.yaml", "-o", "out.docx", "-q"],
    ["build", "-q", "a.yaml", "--output", "输出/", "--root", "目录"],
    ["build", "--output=x.txt", "a.yaml", "-f", "txt", "--format", "docx"],
    ["build", "a.yaml", "-o", "-", "-f", "txt"],
    ["build", "a.yaml", "--output="],
    ["build", "a.yaml", "--pdf", "--tighten", "-j", "2", "--jobs", "064", "--changed", "--quiet", "--force",
     "--follow-links", "--replace-edited", "--fix-text"],
    ["build", "a.yaml", "-t", "目录", "--template-dir", ".", "--template-dir=目录", "--root=."],
    ["build", "--", "-a.yaml", "--pdf"],
    ["build", "a.yaml", "--pdf", "--pdf"],
]
# Command lines left to click: help, unknown or misspelt options, run-together short options, values click
# refuses or reads its own way, and everything that is not `draft build`.
FOR_CLICK = [
    [], ["--help"], ["-V"], ["check", "a.yaml"], ["biuld", "a.yaml"], ["build"], ["build", "-q"],
    ["build", "a.yaml", "-h"], ["build", "a.yaml", "--help"], ["build", "a.yaml", "--no-such-option"],
    ["build", "a.yaml", "-qf", "txt"], ["build", "a.yaml", "-ftxt"], ["build", "a.yaml", "-o=x.docx"],
    ["build", "a.yaml", "--pdf=yes"], ["build", "a.yaml", "-o"], ["build", "a.yaml", "-f", "pdf"],
    ["build", "a.yaml", "-f", "DOCX"], ["build", "a.yaml", "-j", "0"], ["build", "a.yaml", "-j", "65"],
    ["build", "a.yaml", "-j", "二"], ["build", "a.yaml", "-j", "+2"], ["build", "a.yaml", "-j", " 2"],
    ["build", "a.yaml", "--root", "没有的目录"], ["build", "a.yaml", "--root", "a.yaml"],
    ["build", "a.yaml", "--root", ""], ["build", "a.yaml", "-t", "没有的目录"], ["build", "a.yaml", "-o", "-q"],
    ["build", "a.yaml", "--outpu", "x.docx"], ["build", "a.yaml", "--version"],
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a form a.yaml and a folder 目录."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "目录").mkdir()
    return tmp_path


def _clicks_reading(args: list[str]) -> BuildArguments:
    """What click hands ``draft build``'s command for ``args`` (the words after ``build``)."""
    from drafting.cli.app import build_command, cli

    parent = cli.make_context("draft", ["build"], resilient_parsing=True)
    context = build_command.make_context("build", list(args), parent=parent)
    return BuildArguments(**context.params)


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_command_line_reads_as_click_reads_it(folder: Path, args: list[str]) -> None:
    plain = plain_build(args, environ={})
    assert plain is not None
    assert plain == _clicks_reading(args[1:])


@pytest.mark.parametrize("args", FOR_CLICK, ids=" ".join)
def test_anything_else_is_left_to_click(folder: Path, args: list[str]) -> None:
    assert plain_build(args, environ={}) is None


def test_shell_completion_is_left_to_click(folder: Path) -> None:
    assert plain_build(["build", "a.yaml"], environ={"_DRAFT_COMPLETE": "bash_complete"}) is None


@pytest.mark.parametrize("args", [
    ["build", "a.yaml"],                                  # success: 已生成
    ["build", "a.yaml", "-q"],                            # quiet: nothing
    ["build", "a.yaml", "-o", "-", "-f", "txt"],          # the text on standard output
    ["build", "a.yaml", "b.yaml"],                        # many: the batch's summary
    ["build", "bad.yaml"],                                # a refused form: its problems, exit 1
    ["build", "没有.yaml"],                               # no such form
    ["build", "a.yaml", "--tighten"],                     # a usage error found by the command: click words it
    ["build", "a.yaml", "b.yaml", "-o", "-"],
    ["build", "a.yaml", "-o", "out.pdf", "-f", "txt"],    # -f against the extension
    ["build", "a.yaml", "-o", "目录/", "-f", "txt"],
], ids=" ".join)
def test_the_plain_door_says_what_click_says(folder: Path, args: list[str], capsys: pytest.CaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "bad.yaml").write_text("模板: 通用\n标题: [未闭合\n", encoding="utf-8")
    (folder / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    plain = run(args, capsys)
    written = sorted(p.name for p in folder.rglob("*") if p.is_file())
    for path in folder.rglob("*.txt"):
        path.unlink()
    for path in folder.rglob("*.docx"):
        path.unlink()
    monkeypatch.setattr("drafting.cli.plain.plain_build", lambda args, environ=None: None)
    assert run(args, capsys) == plain
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == written


def test_an_internal_error_on_the_plain_door_is_saved_not_shown(folder: Path, capsys: pytest.CaptureFixture,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("drafting.commands.outputs.check_targets", boom)
    code, _, err = run(["build", "a.yaml"], capsys)
    assert code == 3
    assert err.startswith("内部错误：draft 出现了意外问题") and "Traceback" not in err
