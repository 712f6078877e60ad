"""The one place that words what a command did: lines for the terminal and the web page alike, and an exit code.

Both doors render a ``Report``: the CLI echoes each line to its stream and exits with ``exit_code``; draft serve
sends the lines to the page. Neither words an outcome itself, so the two always say the same thing.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..diagnostics import failure_summary, problem_lines
from ..errors import ERROR, NOTICE, Problem, display_name
from ..records import NamedTuple

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class Line(NamedTuple):
    """One line of a report; ``err`` lines go to standard error on the terminal."""

    text: str
    err: bool = False


class Report(NamedTuple):
    """What a command says, its exit code, the files it made and the form to open next (draft serve)."""

    lines: list[Line]
    exit_code: int = EXIT_OK
    files: tuple[Path, ...] = ()
    opened: Path | None = None

    @property
    def failed(self) -> bool:
        """Whether the command failed."""
        return self.exit_code != EXIT_OK

    def texts(self) -> list[str]:
        """The lines' texts, in order."""
        return [line.text for line in self.lines]


def problem_report(problems: Iterable[Problem], err: bool = True, quiet: bool = False) -> list[Line]:
    """Every line of ``problems`` (with ``quiet`` only errors)."""
    return [Line(text, err) for p in problems if not (quiet and p.severity != ERROR)
            for text in problem_lines(p)]


def failure_report(problems: list[Problem], exit_code: int = EXIT_INPUT, page: bool = False) -> Report:
    """A refused command: its problems, then how many and that nothing was written (said for the ``page``)."""
    return Report(problem_report(problems) + [Line(failure_summary(problems, page=page), True)], exit_code)


def is_internal(problems: Iterable[Problem]) -> bool:
    """Whether a problem is drafting's own defect (saved for a bug report)."""
    return any(p.code == "X001" for p in problems)


def build_report(run, quiet: bool = False, forced: bool = False,  # type: ignore[no-untyped-def]
                 page: bool = False) -> Report:
    """What ``draft build`` says of a BuildRun: one form's problems as its own, a batch's summary, the PDFs
    (the refusal worded for the ``page`` when it is the page's build)."""
    outcomes = run.outcomes
    lines: list[Line] = []
    files: list[Path] = []
    for outcome in outcomes:
        lines += problem_report(outcome.notices, quiet=quiet)  # -q: no full-width-colon notices either
    failed = [o for o in outcomes if o.errors]
    internal = [o for o in failed if is_internal(o.errors)]
    if len(outcomes) == 1 and not run.pdf_only:
        outcome = outcomes[0]
        if outcome.errors:
            if internal:
                return Report(lines + problem_report(outcome.errors), EXIT_INTERNAL)
            return Report(lines + problem_report(outcome.errors, quiet=quiet)  # -q: its errors, not its warnings
                          + [Line(failure_summary(outcome.errors, forced, page), True)],
                          EXIT_INPUT)
        if not quiet:
            lines += problem_report(outcome.warnings)
            if outcome.skipped:
                lines.append(Line(f"没有改动，无需重新生成：{display_name(outcome.target)}"))
            elif str(outcome.target) != "-":
                lines.append(Line(f"已生成：{display_name(outcome.target)}"))
    elif run.pdf_only:  # -o 报告.pdf
        outcome = outcomes[0]
        if outcome.errors:
            return Report(lines + problem_report(outcome.errors) + [Line(failure_summary(outcome.errors, forced), True)],
                          EXIT_INTERNAL if internal else EXIT_INPUT)
        lines += problem_report(outcome.warnings, quiet=quiet)
    else:
        for outcome in failed:
            lines += problem_report(outcome.errors)
        if not quiet:
            for outcome in outcomes:
                lines += problem_report(outcome.warnings)
        built = sum(1 for o in outcomes if not o.errors and not o.skipped)
        skipped = sum(1 for o in outcomes if o.skipped)
        summary = f"已生成 {built} 份" + (f"，{len(failed)} 份有错误" if failed else "") + \
            (f"（其中 {len(internal)} 份是 draft 的内部错误）" if internal else "") + \
            (f"，{skipped} 份没有改动未重新生成" if skipped else "")
        if not quiet or failed:
            lines.append(Line(summary, bool(failed)))
    files += [o.target for o in outcomes if o.target is not None and not o.errors and str(o.target) != "-"
              and not run.pdf_only]
    lines += _placeholders(outcomes)
    pdf_failed = False
    if run.pdf:
        problems = run.pdf_problems
        lines += [Line(t, True) for p in problems if not (quiet and p.severity == NOTICE) for t in problem_lines(p)]
        pdf_failed = any(p.severity == ERROR for p in problems)
        if run.pdf_only and pdf_failed:
            lines.append(Line(failure_summary(problems), True))  # -o 报告.pdf: nothing was written
        files += list(run.pdf_files)
        if run.pdf_files and not quiet:
            lines.append(Line(f"已生成：{display_name(run.pdf_files[0])}" if run.pdf_only
                              else f"已生成 PDF {len(run.pdf_files)} 份"))
    code = EXIT_INTERNAL if internal else EXIT_INPUT if failed or pdf_failed else EXIT_OK
    return Report(lines, code, tuple(files))


def _placeholders(outcomes) -> list[Line]:  # type: ignore[no-untyped-def]
    """With --force, one warning line for the 【待填】 the documents still print (quiet or not)."""
    held = sum(o.placeholders for o in outcomes if not o.errors)
    return [Line(f"警告：文稿里还有 {held} 处“【待填】”，补齐表单后去掉 --force 再生成", True)] if held else []


def new_form_report(target: Path) -> Report:
    """``draft new -o``: where the form is and what to do next."""
    shown = display_name(target)
    return Report([Line(f"已生成表单：{shown}（填好后运行 draft build {shown}）")], files=(target,), opened=target)


def next_form_report(target: Path, period_name: str, page: bool = False) -> Report:
    """``draft next``: the new period's form and what to do next (on the ``page``: open it, where the findings show)."""
    shown = display_name(target)
    step = (f"下一步：点“打开 {target.name}”，填写新的指标数值，改写或确认沿用的文字（表单页上逐条提醒）" if page
            else f"下一步：填写新的指标数值，改写或确认沿用的文字，再运行 draft check {shown}")
    return Report([Line(f"已生成{period_name}的表单：{shown}"), Line(step)], files=(target,), opened=target)


def annotate_report(target: Path, annotated) -> Report:  # type: ignore[no-untyped-def]
    """draft serve's “生成审核稿”: the one line that says what the copy holds, and the copy to download."""
    return Report([Line(annotate_line(target, annotated))], EXIT_OK, (target,))


def annotate_line(target: Path, annotated) -> str:  # type: ignore[no-untyped-def]
    """What ``draft check --annotate`` says of the copy it wrote: how many comments, and the ones it already had."""
    kept = f"（原有批注 {annotated.kept} 条保留）" if annotated.kept else ""
    if not annotated.findings:
        return f"没有发现问题，审核稿里没有批注：{display_name(target)}{kept}"
    placed = len(annotated.findings)
    loose = placed - annotated.exact
    where = f"，其中 {loose} 条标在所在段落或标题上：整段的提醒，或原文里找不到它说的那几个字" if loose else ""
    return f"已写出审核稿：{display_name(target)}（批注 {placed} 条{where}）{kept}"


def printed_line(pdf: Path) -> str:
    """What ``draft check --annotate --pdf`` says of the PDF it wrote."""
    return f"已印出审核稿的 PDF（批注在页边）：{display_name(pdf)}"


def merged_lines(form: Path, kept: Path, applied: int, conflicts: int, unchosen: int = 0,
                 page: bool = False, in_the_way: Path | None = None) -> list[Line]:
    """What a merge of an edited .docx says once the form is written (``draft import --into`` and the page alike):
    how many changes, where the old text is kept, what was left out, what to do next (a button on the ``page``;
    first renaming the merged .docx when it is ``in_the_way`` of the build, which never replaces it)."""
    lines = [Line(f"已合并 {applied} 处改动到 {display_name(form)}；原来的表单保存为 {display_name(kept)}")]
    if unchosen:
        lines.append(Line(f"{unchosen} 处改动没有选中，没有合并"))
    if conflicts:
        lines.append(Line(f"{conflicts} 处冲突没有合并，请按上面的说明在表单里核对"))
    if in_the_way is not None:
        shown = display_name(in_the_way)
        lines.append(Line(f"下一步：“{shown}”是领导的修改稿，draft build 不会覆盖它：先把它改名留底"
                          f"（如 {in_the_way.stem}.修改稿.docx），再 draft build {display_name(form)} 重新生成，与修改稿对照"))
    else:
        lines.append(Line("下一步：点“生成 Word 文稿”重新生成，与修改稿对照" if page
                          else f"下一步：draft build {display_name(form)} 重新生成，与修改稿对照"))
    return lines
