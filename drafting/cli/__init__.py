"""The command line: click declarations (app), Chinese help (help), diagnostics on the terminal (printing).

Exit codes: 0 成功; 1 表单、模板或输出有错误; 2 命令行用法错误; 3 内部错误（draft 的缺陷）.
A plain ``draft build`` is read without click (plain) and every other command line by click; heavy modules are
imported inside the commands, so ``draft --help`` and a one-report build start fast.
"""
from __future__ import annotations

import sys

from ..commands.report import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turn errors into Chinese messages and exit codes."""
    from ..errors import DraftError

    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if not _plain_build(args):
            _click_main(args)
    except DraftError as error:
        from .printing import print_problems

        print_problems(error.problems)
        sys.exit(error.exit_code)
    except Exception as exc:  # click's usage errors and its other ends; anything else is a bug
        _said(exc)
    sys.exit(EXIT_OK)


def _plain_build(args: list[str]) -> bool:
    """Run a plain ``draft build`` command line without click; False when click is to read ``args``.

    What click's ``Command.main`` does around a command is done here too: Ctrl-C or end of input becomes a new
    line and Abort (“已取消。”), and a closed pipe (``draft build … -o - | head``) ends quietly with 1.
    """
    if args[:1] != ["build"]:  # any other command: click's, without loading the build's modules first
        return False
    from .building import BuildUsage, build_command
    from .plain import plain_build

    arguments = plain_build(args)
    if arguments is None:
        return False
    try:
        report = build_command(arguments)
        for line in report.lines:
            _echo(line.text, line.err)
    except BuildUsage:  # options that do not go together, found before anything is done: click says so
        return False
    except (EOFError, KeyboardInterrupt) as interrupt:
        import click

        click.echo(file=sys.stderr)
        raise click.exceptions.Abort() from interrupt
    except OSError as error:
        import errno

        if error.errno != errno.EPIPE:
            raise
        from click.utils import _PacifyFlushWrapper

        sys.stdout, sys.stderr = _PacifyFlushWrapper(sys.stdout), _PacifyFlushWrapper(sys.stderr)
        sys.exit(1)
    if report.exit_code:
        sys.exit(report.exit_code)
    return True


def _echo(text: str, err: bool) -> None:
    """Print one line of a report as click.echo would: to a UTF-8 stream as it is (a report has no colours),
    to any other (an ASCII locale, say) through click.echo itself, which mends the stream's encoding."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # started without the stream (draft build … >&-): click says nothing either
        return
    if (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "") != "utf8":
        import click

        click.echo(text, err=err)
        return
    stream.write(text + "\n")
    stream.flush()


def _click_main(args: list[str]) -> None:
    """Run ``args`` through click's ``draft`` group."""
    from . import countycmd, diffcmd, rollupcmd, servecmd  # noqa: F401  (register draft server, diff, rollup, serve)
    from .app import cli

    cli.main(args=args, prog_name="draft", standalone_mode=False)


def _said(exc: Exception) -> None:
    """Say how the command line ended — help, a usage error, cancelled — or save a bug's traceback; then exit."""
    click = sys.modules.get("click")  # a click exception comes only from a command line click has read
    if click is not None:
        from .help import usage_message

        if isinstance(exc, click.exceptions.NoArgsIsHelpError):  # bare `draft`: show help
            click.echo(exc.ctx.get_help() if exc.ctx else "", err=False)
            sys.exit(EXIT_OK)
        if isinstance(exc, click.UsageError):
            hint = f"运行 {exc.ctx.command_path} --help 查看用法" if exc.ctx else "运行 draft --help 查看用法"
            click.echo(f"用法错误：{usage_message(exc)}\n{hint}", err=True)
            sys.exit(EXIT_USAGE)
        if isinstance(exc, click.exceptions.Abort):
            click.echo("已取消。", err=True)
            sys.exit(130)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
    from ..crash import INTERNAL, save_traceback

    _echo(f"{INTERNAL}\n详细信息已保存到 {save_traceback()}，请把它发给开发者。", err=True)
    sys.exit(EXIT_INTERNAL)
