"""The command line: click declarations (app), Chinese help (help), diagnostics on the terminal (printing).

Exit codes: 0 成功; 1 表单、模板或输出有错误; 2 命令行用法错误; 3 内部错误（draft 的缺陷）.
Heavy modules are imported inside the commands so ``draft --help`` starts fast.
"""
from __future__ import annotations

import sys

import click

from .app import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, cli
from . import diffcmd, rollupcmd, servecmd  # noqa: F401  (register draft diff, draft rollup, draft serve)
from .help import usage_message
from .printing import print_problems


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turn errors into Chinese messages and exit codes."""
    from ..errors import DraftError

    try:
        cli.main(args=argv, prog_name="draft", standalone_mode=False)
    except DraftError as error:
        print_problems(error.problems)
        sys.exit(error.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `draft`: show help
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=False)
        sys.exit(EXIT_OK)
    except click.UsageError as exc:
        hint = f"运行 {exc.ctx.command_path} --help 查看用法" if exc.ctx else "运行 draft --help 查看用法"
        click.echo(f"用法错误：{usage_message(exc)}\n{hint}", err=True)
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception:  # a bug: never show a traceback to the user, keep it in a file
        from ..crash import INTERNAL, save_traceback

        click.echo(f"{INTERNAL}\n详细信息已保存到 {save_traceback()}，请把它发给开发者。", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)
