"""Chinese help and usage errors for drafting's commands only: other click programs in the process are untouched."""
from __future__ import annotations

import re

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


def test_every_kind_of_click_usage_error_is_chinese(write_form, capsys, tmp_path):
    write_form("模板: 通用\n标题: 报告\n")
    (tmp_path / "文件").write_text("x", encoding="utf-8")
    cases = [
        (["build", "表单.yaml", "-j", "abc"], "用法错误：参数 '-j' / '--jobs' 的值“abc”不是整数"),
        (["build", "表单.yaml", "-j", "100"], "用法错误：参数 '-j' / '--jobs' 的值 100 超出了范围 1<=x<=64"),
        (["build", "表单.yaml", "-f", "pdf"], "用法错误：参数 '-f' / '--format' 的值“pdf”无效，可选：'docx', 'txt'"),
        (["build", "表单.yaml", "-t", "没有"], "用法错误：参数 '-t' / '--template-dir'：“没有”不存在"),
        (["build", "表单.yaml", "-t", "文件"], "用法错误：参数 '-t' / '--template-dir'：“文件”是文件，这里要一个文件夹"),
        (["build", "表单.yaml", "--quiet=1"], "用法错误：选项 --quiet 后面不能带值"),
        (["next", str(tmp_path)], "用法错误：参数 '表单.yaml'：“" + str(tmp_path) + "”是文件夹，这里要一个文件"),
        (["build"], "用法错误：缺少参数：'表单.yaml|文件夹|通配符...'"),
    ]
    for argv, message in cases:
        code, _, err = run(argv, capsys)
        assert code == 2 and err.startswith(message), (argv, err)
        assert not re.search(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}", err.split("\n")[0]), err  # no English sentence
