"""Chinese help and usage errors for drafting's commands only: other click programs in the process are untouched."""
from __future__ import annotations

import click
from click.testing import CliRunner

import drafting.cli  # noqa: F401 - importing it must not change click itself

from ..conftest import run


def test_importing_the_cli_does_not_change_other_click_programs():
    """Bug: importing drafting.cli replaced click.Context.formatter_class for every program in the process."""
    @click.command()
    @click.option("--name")
    def other(name: str) -> None:
        """Another program."""

    assert click.Context.formatter_class is click.HelpFormatter
    result = CliRunner().invoke(other, ["--help"])
    assert result.output.startswith("Usage: other [OPTIONS]") and "Options:" in result.output


def test_drafting_help_is_chinese_for_the_group_and_every_command(capsys):
    for argv in (["--help"], ["build", "--help"], ["check", "-h"], ["import", "--help"]):
        code, out, _ = run(argv, capsys)
        assert code == 0 and out.startswith("用法：draft") and "选项：" in out and "Options" not in out, argv


def test_usage_errors_are_chinese_with_a_suggestion(capsys):
    code, _, err = run(["build", "x.yaml", "--forse"], capsys)
    assert code == 2 and err.startswith("用法错误：没有这个选项：--forse，您是否想写 --force、--format 或 --jobs？")
    code, _, err = run(["biuld"], capsys)
    assert code == 2 and "没有这个命令" in err and "build" in err
