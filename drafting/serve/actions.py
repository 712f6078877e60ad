"""What the pages' buttons do: the handed services run the commands; their reports become what the page shows."""
from __future__ import annotations

from typing import Any

from ..diagnostics import problem_lines
from ..errors import DraftError, Location, Problem
from ..options import Options
from ..records import NamedTuple
from .services import Services
from .workspace import Workspace, WorkspaceError


class Done(NamedTuple):
    """What an action did: the lines the CLI would print, whether it failed, the files to open or download."""

    lines: list[str]
    failed: bool = False
    opened: str | None = None           # a form to open next
    downloads: tuple[str, ...] = ()     # files in the folder to download


def shown(workspace: Workspace, report: Any) -> Done:
    """A command's report as the page shows it: its lines, and its files as names in the folder."""
    files = tuple(workspace.name(path) for path in report.files)
    opened = workspace.name(report.opened) if report.opened is not None else None
    return Done(workspace.said(report.texts()), report.failed, opened, files)


def new_form(workspace: Workspace, services: Services, template: str, name: str, options: Options) -> Done:
    """``draft new TEMPLATE -o NAME``: a commented form from the template's declaration, never over a file."""
    name = name.strip()
    if not name:
        raise WorkspaceError(Problem(Location("新建表单"), "还没有给新表单起文件名", "填上文件名，如 2023年三季度", "S006"))
    if not name.lower().endswith((".yaml", ".yml")):
        name += ".yaml"
    target = workspace.path(name, must_exist=False)
    if not target.parent.is_dir():
        raise WorkspaceError(Problem(Location(name), f"文件夹“{workspace.name(target.parent)}”不存在", "换一个文件名", "S005"))
    return shown(workspace, services.new_form(template, target, options))


def next_form(workspace: Workspace, services: Services, name: str, options: Options) -> Done:
    """``draft next NAME``: next period's form beside this one."""
    return shown(workspace, services.next_form(workspace.path(name), options))


def build_forms(workspace: Workspace, services: Services, names: list[str], options: Options,
                pdf: bool = False) -> Done:
    """``draft build`` of one or several forms (``--pdf`` too when asked): the CLI's messages, the files made."""
    return shown(workspace, services.build([workspace.path(name) for name in names], options, pdf))


def failure(error: DraftError) -> Done:
    """A refused action, said as the CLI says it."""
    return Done([line for problem in error.problems for line in problem_lines(problem)], failed=True)
