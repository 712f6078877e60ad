"""How a problem reads as text, on the terminal and in draft serve alike: ``file:line:col: 错误[C201]：message``."""
from __future__ import annotations

from .chars import terminal_width
from .errors import ERROR, NOTICE, WARNING, Problem

# Codes of the findings --force may pass over: draft check's (C…), the form texts' (F…) and the printed
# page's (L…, draft check --layout). A form that cannot be read as written (E…: a date, a period) it cannot.
FORCEABLE_CODES = ("C", "F", "L")


def headline(problem: Problem) -> str:
    """The first line of a problem: ``file:line:col: 错误[E121]：message`` — every code shown, as in draft serve."""
    code = f"[{problem.code}]" if problem.code else ""
    return f"{problem.location}: {problem.severity}{code}：{problem.message}"


def problem_lines(problem: Problem) -> list[str]:
    """Every line a problem prints: its headline, its source line with a caret, its hint."""
    lines = [headline(problem)]
    if problem.excerpt is not None:
        lines += [f"    {line}" for line in excerpt_lines(problem.excerpt, problem.location.column)]
    if problem.hint:
        lines.append(f"    提示：{problem.hint}")
    return lines


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


def failure_summary(problems: list[Problem] | tuple[Problem, ...], forced: bool = False, page: bool = False) -> str:
    """The line after a failed build's problems: how many, that nothing was written, whether --force would help
    and, when it was given, why it did not (on the ``page``, which has no --force: to fix the form and save)."""
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = sum(1 for p in problems if p.severity == WARNING)
    counted = f"共 {errors} 处错误" + (f"、{warnings} 处警告" if warnings else "")
    # --force helps only when every error is a check's finding (a blank, a placeholder), not a form it cannot read
    unforced = sorted({p.code for p in problems if p.severity == ERROR and not p.code.startswith(FORCEABLE_CODES)})
    checked = any(p.code.startswith("C") for p in problems) and not unforced
    several = sum(1 for p in problems if p.severity != NOTICE) > 1
    why = ""
    if forced and unforced:
        why = (f"（--force 只放过检查发现的问题（代码以 C、F 开头）；{'、'.join(unforced)} 是表单本身读不懂的地方，"
               "不知道该印什么，要先改正）")
    elif checked and not forced:
        why = ("（请按上面各条改好表单，保存后再点；确需先出草稿，请在命令行运行同一命令并加 --force）" if page
               else "（确需先出草稿可加 --force）")
    return (f"{counted}，" if several else "") + "未生成文件。" + why
