"""How diagnostics look on a terminal: ``file:line:col: 错误[C201]：message``, the source line, a caret, the hint."""
from __future__ import annotations

from typing import Sequence

import click

from ..chars import terminal_width
from ..errors import ERROR, NOTICE, WARNING, Problem

# Codes of the findings the README documents by code: draft check's (C…), the form texts' (F…) and the
# printed page's (L…, draft check --layout).
_SHOWN_CODES = ("C", "F", "L")


def echo_problem(problem: Problem, err: bool = True) -> None:
    """One finding: ``file:line:col: 错误[C201]：message``, its source line and hint."""
    code = f"[{problem.code}]" if problem.code.startswith(_SHOWN_CODES) else ""
    click.echo(f"{problem.location}: {problem.severity}{code}：{problem.message}", err=err)
    if problem.excerpt is not None:
        for line in excerpt_lines(problem.excerpt, problem.location.column):
            click.echo(f"    {line}", err=err)
    if problem.hint:
        click.echo(f"    提示：{problem.hint}", err=err)


def excerpt_lines(excerpt: str, column: int | None, before: int = 16, after: int = 24) -> list[str]:
    """The source line, cut to a window around ``column``, with a caret under it when known."""
    line = excerpt.rstrip()
    indent = len(line) - len(line.lstrip())
    index = max(indent, (column or 1) - 1)
    start = max(indent, index - before)
    end = min(len(line), index + after)
    head = "..." if start > indent else ""
    shown = head + line[start:end] + ("..." if end < len(line) else "")
    if column is None:
        return [shown]
    return [shown, " " * terminal_width(head + line[start:index]) + "^"]


def counts(problems: Sequence[Problem]) -> tuple[int, int]:
    """How many errors and warnings (notices are neither)."""
    errors = sum(1 for p in problems if p.severity == ERROR)
    return errors, sum(1 for p in problems if p.severity == WARNING)


def print_problems(problems: Sequence[Problem]) -> None:
    """Print every problem of a failed command, then one line saying nothing was written."""
    for problem in problems:
        echo_problem(problem)
    errors, warnings = counts(problems)
    counted = f"共 {errors} 处错误" + (f"、{warnings} 处警告" if warnings else "")
    # --force helps only when every error is a check's finding (a blank, a placeholder), not a form it cannot read
    checked = any(p.code.startswith("C") for p in problems) and not any(
        p.severity == ERROR and not p.code.startswith(_SHOWN_CODES) for p in problems)
    several = sum(1 for p in problems if p.severity != NOTICE) > 1
    click.echo((f"{counted}，" if several else "") + "未生成文件。"
               + ("（确需先出草稿可加 --force）" if checked else ""), err=True)
