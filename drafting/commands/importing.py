"""``draft import``: an existing report (.docx or .txt) becomes a form that rebuilds it."""
from __future__ import annotations

from pathlib import Path

from ..atomic import write_new
from ..errors import Location, Problem, UsageError, display_name
from ..importing.figures import extract_figures
from ..importing.paragraphs import read_paragraphs
from ..importing.recognise import check_is_report, recognise
from ..importing.toform import report_to_yaml
from ..options import Session
from ..records import NamedTuple


class Imported(NamedTuple):
    """What an import gave: the form written, what was left out, the headings found, the figures extracted."""

    target: Path
    warnings: list[Problem]
    heading_counts: dict[int, int]
    figures: int | None


def import_report(report: Path, output: Path | None, encoding: str | None, figures: bool,
                  session: Session) -> Imported:
    """Recognise ``report`` and write its form (never over an existing file unless --overwrite, never over ``report``)."""
    target = output or report.with_suffix(".yaml")
    if _same_file(target, report):  # a form given as the report, or -o naming the report: never over the input
        raise UsageError(Problem(Location("命令行"), f"输出“{display_name(target)}”是输入文件本身，导入会覆盖它",
                                 "用 -o 换一个文件名；要导入的是 .docx 或 .txt 报告，不是表单", "O013"))
    paragraphs, warnings = read_paragraphs(report, encoding)
    recognised = recognise(paragraphs)
    if not session.options.force:
        check_is_report(recognised, display_name(report))
    extracted = extract_figures(recognised) if figures else None
    text = report_to_yaml(recognised, display_name(report), extracted)
    write_new(target, text.encode("utf-8"), session.options.overwrite, "用 -o 换一个文件名，或加 --overwrite")
    return Imported(target, warnings, recognised.heading_counts(), len(extracted) if extracted is not None else None)


def _same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file (the same path, or links to it)."""
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError):
        return False
