"""``draft build`` behind its command line, without click: its arguments, the run, and the lines it prints.

click parses ``draft build`` for every command line but a plain one (see :mod:`drafting.cli.plain`); both hand
their :class:`BuildArguments` to :func:`build_command`, so a build says the same whichever door it came through.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..options import Options
from ..records import NamedTuple

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from ..commands.report import Report
    from ..office.holder import Office


class BuildArguments(NamedTuple):
    """What a ``draft build`` command line asks for, as click hands it to the command (its defaults included)."""

    forms: tuple[str, ...]
    output_text: str | None = None
    fmt: str | None = None
    pdf: bool = False
    tighten: bool = False
    jobs: int = 1
    changed: bool = False
    quiet: bool = False
    force: bool = False
    follow_links: bool = False
    replace_edited: bool = False
    fix_text: bool = False
    root: Path | None = None
    template_dirs: tuple[Path, ...] = ()


class BuildUsage(Exception):
    """Options that cannot go together (said as a usage error of ``draft build``, exit code 2)."""


def build_command(arguments: BuildArguments) -> Report:
    """Build the forms ``arguments`` name and word the outcome. Raises BuildUsage, or DraftError for a run refused
    as a whole (no form found, an output that cannot be written)."""
    from ..commands.batch import expand_forms
    from ..commands.buildrun import run_build, run_pdf_only
    from ..commands.outputs import check_targets, ensure_output_dir, names_a_folder, plan_output
    from ..commands.report import build_report
    from ..errors import FormError, Location, Problem

    a = arguments
    options = Options(fix_text=a.fix_text, force=a.force, follow_links=a.follow_links,
                      replace_edited=a.replace_edited, template_dirs=a.template_dirs, root=a.root)
    paths = expand_forms(a.forms)
    if not paths:
        raise FormError(Problem(Location("命令行"), "没有找到要生成的表单：" + "、".join(a.forms),
                                "检查文件名、文件夹或通配符是否写对", "E001"))
    many = len(paths) > 1
    if many and a.output_text == "-":
        raise BuildUsage(f"一次生成 {len(paths)} 个表单时不能用 -o - 输出到标准输出；请用 -o 给一个文件夹，或只给一个表单")
    plan = plan_output(a.output_text, many, a.fmt)
    fmt = plan.fmt
    if a.pdf and fmt != "docx":
        raise BuildUsage("--pdf 只能和 docx 格式一起用")
    if a.pdf and a.output_text == "-":
        raise BuildUsage("--pdf 不能和 -o -（输出到屏幕）一起用：PDF 要写成文件，请用 -o 给文件名或文件夹")
    if a.tighten and not (a.pdf or plan.pdf_only):
        raise BuildUsage("--tighten 要和 --pdf 一起用：收紧哪一段，要排出页面才知道")
    with _office_for(a.pdf or plan.pdf_only, a.jobs) as office:  # one holder for the run: PDFs, fitting's 2nd print
        if plan.pdf_only:
            run = run_pdf_only(paths[0], plan.output, options, office, a.tighten)
        else:
            output_dir = ensure_output_dir(plan.output, many or names_a_folder(plan.output, a.output_text))
            check_targets(paths, output_dir, fmt)
            with _progress(len(paths), many and not a.quiet and sys.stderr.isatty()) as bar:
                run = run_build(paths, output_dir, fmt, options, a.changed, a.jobs, a.pdf, a.tighten, office,
                                bar.update)
    return build_report(run, a.quiet, a.force)


def _office_for(printing: bool, jobs: int) -> AbstractContextManager[Office | None]:
    """The run's one LibreOffice holder when it prints PDFs; none (nor its threads and queues loaded) when not."""
    if not printing:
        from contextlib import nullcontext

        return nullcontext(None)
    from ..office.holder import Office

    return Office(jobs)


def _progress(length: int, shown: bool) -> AbstractContextManager[_NoBar]:
    """click's progress bar on a terminal for a batch; otherwise one that draws nothing."""
    if not shown:
        return _NoBar()
    import click

    return click.progressbar(length=length, label="生成文稿", file=sys.stderr, show_pos=True)  # type: ignore[return-value]


class _NoBar:
    """Stands in for click's progress bar when there is no terminal or in quiet mode."""

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        """Nothing to draw."""
