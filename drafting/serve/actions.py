"""What the pages' buttons do, with the messages the command line prints: new, next, build (one or several), PDF."""
from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from ..diagnostics import failure_summary, problem_lines
from ..errors import ERROR, DraftError, Location, Problem, display_name
from ..options import Options, Session
from .workspace import Workspace, WorkspaceError


class Done(NamedTuple):
    """What an action did: the lines the CLI would print, whether it failed, the files to open or download."""

    lines: list[str]
    failed: bool = False
    opened: str | None = None           # a form to open next
    downloads: tuple[str, ...] = ()     # files in the folder to download


def _lines(problems: list[Problem]) -> list[str]:
    return [line for problem in problems for line in problem_lines(problem)]


def new_form(workspace: Workspace, template: str, name: str, options: Options) -> Done:
    """``draft new TEMPLATE -o NAME``: a commented form from the template's declaration, never over a file."""
    from ..commands.templates import write_new_form

    name = name.strip()
    if not name:
        raise WorkspaceError(Problem(Location("新建表单"), "还没有给新表单起文件名", "填上文件名，如 2023年三季度", "S006"))
    if not name.lower().endswith((".yaml", ".yml")):
        name += ".yaml"
    target = workspace.path(name, must_exist=False)
    if not target.parent.is_dir():
        raise WorkspaceError(Problem(Location(name), f"文件夹“{workspace.name(target.parent)}”不存在", "换一个文件名", "S005"))
    write_new_form(template, target, Session(options))
    shown = display_name(target)
    return Done([f"已生成表单：{shown}（填好后运行 draft build {shown}）"], opened=workspace.name(target))


def next_form(workspace: Workspace, name: str, options: Options) -> Done:
    """``draft next NAME``: next period's form beside this one."""
    from ..commands.next import next_form as write_next

    target, period = write_next(workspace.path(name), None, None, None, Session(options))
    shown = display_name(target)
    return Done([f"已生成{period.full}的表单：{shown}",
                 f"下一步：填写新的指标数值，改写或确认沿用的文字，再运行 draft check {shown}"],
                opened=workspace.name(target))


def build_forms(workspace: Workspace, names: list[str], options: Options, pdf: bool = False,
                resident: Any = None) -> Done:
    """``draft build`` of one or several forms (``--pdf`` too when asked): the CLI's messages, the files made."""
    from ..commands.batch import build_many

    paths = [workspace.path(name) for name in names]
    outcomes = [outcome for share in build_many(paths, None, "docx", options, False) for outcome in share]
    lines: list[str] = []
    built: list[Path] = []
    for outcome in outcomes:
        lines += _lines(outcome.notices)
        if outcome.errors:
            lines += _lines(outcome.errors)
            if len(outcomes) == 1:
                lines.append(failure_summary(outcome.errors))
            continue
        lines += _lines(outcome.warnings)
        if outcome.target is not None:
            built.append(outcome.target)
            if len(outcomes) == 1:
                lines.append(f"已生成：{display_name(outcome.target)}")
    failed = [o for o in outcomes if o.errors]
    if len(outcomes) > 1:
        lines.append(f"已生成 {len(built)} 份" + (f"，{len(failed)} 份有错误" if failed else ""))
    held = sum(o.placeholders for o in outcomes if not o.errors)
    if held:
        lines.append(f"警告：文稿里还有 {held} 处“【待填】”，补齐表单后再生成")
    downloads = [workspace.name(path) for path in built]
    pdf_failed = False
    if pdf and built:
        pdf_lines, pdf_failed = _pdfs(outcomes, built, options, resident)
        lines += pdf_lines
        if not pdf_failed:
            downloads += [workspace.name(path.with_suffix(".pdf")) for path in built]
    return Done(lines, bool(failed) or pdf_failed, downloads=tuple(downloads))


def _pdfs(outcomes: list[Any], built: list[Path], options: Options, resident: Any) -> tuple[list[str], bool]:
    """``--pdf``: converted by the server's resident LibreOffice when it has one, then fitted as the CLI fits them."""
    from ..commands.fitting import fit_pages
    from ..commands.pdf import convert_to_pdf

    problems = convert_to_pdf(built, resident=resident)
    if not problems:
        problems = fit_pages([(o.form, o.target) for o in outcomes if o.target in built], Session(options), False)
    lines = _lines(problems)
    failed = any(p.severity == ERROR for p in problems)
    if not failed:
        lines.append(f"已生成 PDF {len(built)} 份")
    return lines, failed


def has_libreoffice() -> bool:
    """Whether PDFs can be made here (LibreOffice found)."""
    from ..commands.pdf import find_soffice

    return find_soffice() is not None


def failure(error: DraftError) -> Done:
    """A refused action, said as the CLI says it."""
    return Done(_lines(error.problems), failed=True)
