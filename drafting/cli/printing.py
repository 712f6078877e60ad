"""How diagnostics look on a terminal: ``file:line:col: 错误[C201]：message``, the source line, a caret, the hint."""
from __future__ import annotations

from typing import Sequence

import click

from ..diagnostics import failure_summary, problem_lines
from ..errors import ERROR, WARNING, Problem


def echo_problem(problem: Problem, err: bool = True) -> None:
    """One finding: ``file:line:col: 错误[C201]：message``, its source line and hint."""
    for line in problem_lines(problem):
        click.echo(line, err=err)


def counts(problems: Sequence[Problem]) -> tuple[int, int]:
    """How many errors and warnings (notices are neither)."""
    errors = sum(1 for p in problems if p.severity == ERROR)
    return errors, sum(1 for p in problems if p.severity == WARNING)


def print_problems(problems: Sequence[Problem]) -> None:
    """Print every problem of a failed command, then one line saying nothing was written."""
    for problem in problems:
        echo_problem(problem)
    click.echo(failure_summary(problems), err=True)
