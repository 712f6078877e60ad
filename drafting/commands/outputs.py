"""Where a build writes: -o planned before anything is built — its suffix decides the format, a folder for
several forms, no two forms onto one file, no output over an input."""
from __future__ import annotations

import os
from pathlib import Path

from ..atomic import check_name
from ..errors import Location, OutputError, Problem, UsageError, display_name
from ..records import NamedTuple
from .batch import named_files

SUFFIX_FORMATS = {".docx": "docx", ".txt": "txt", ".pdf": "pdf"}


class OutputPlan(NamedTuple):
    """What -o asks for: where (a file, a folder or None), in which format, and whether only a PDF is wanted."""

    output: Path | None
    fmt: str
    pdf_only: bool = False


def plan_output(output_text: str | None, many: bool, fmt: str | None) -> OutputPlan:
    """Read -o as the user wrote it. Raises UsageError for a file name that cannot hold what is asked."""
    output = Path(output_text) if output_text else None
    if output is not None and output_text != "-":
        check_name(output)
    if output is None or output_text == "-" or names_a_folder(output, output_text) or output.is_dir():
        return OutputPlan(output, fmt or "docx")
    suffix = output.suffix.lower()
    if many:
        if suffix in SUFFIX_FORMATS or output.exists():
            raise UsageError(Problem(Location("命令行"), f"一次生成多个表单时 -o 要给一个文件夹，“{output_text}”是一个文件名",
                                     "改为一个文件夹名，如 -o 输出/", "O008"))
        return OutputPlan(output, fmt or "docx")
    wanted = SUFFIX_FORMATS.get(suffix)
    if wanted is None:
        raise UsageError(Problem(Location("命令行"), f"输出文件“{output_text}”的扩展名应是 .docx、.txt 或 .pdf",
                                 "写成 -o 报告.docx（或 .txt、.pdf）；要写到文件夹里，请以 / 结尾，如 -o 输出/", "O016"))
    if fmt is not None and fmt != ("docx" if wanted == "pdf" else wanted):
        raise UsageError(Problem(Location("命令行"), f"-f {fmt} 和输出文件“{output_text}”的扩展名不一致",
                                 "去掉 -f，扩展名就决定了格式", "O016"))
    return OutputPlan(output, "docx" if wanted == "pdf" else wanted, wanted == "pdf")


def names_a_folder(output: Path | None, text: str | None = None) -> bool:
    """Whether -o was written as a folder (``输出/``): a trailing slash means a folder, even for one form."""
    return output is not None and text is not None and text.endswith(("/", os.sep))


def check_targets(forms: list[Path], output_dir: Path | None, fmt: str) -> None:
    """Refuse, before anything is written, two forms that would write one file, or an output that is an input.

    Raises UsageError naming both forms, or the input an output would replace.
    """
    from .build import output_path

    if output_dir is not None and str(output_dir) == "-":
        return
    inputs: dict[Path, Path] = {}
    for form in forms:
        inputs[_resolved(form)] = form
        if os.path.isfile(form):  # False for a name the system refuses: reading the form says why
            for named in named_files(form):
                inputs.setdefault(_resolved(named), named)
    written: dict[Path, Path] = {}
    for form in forms:
        target = output_path(form, output_dir, fmt)
        key = _resolved(target)
        if key in written:
            raise UsageError(Problem(Location("命令行"), f"“{display_name(written[key])}”和“{display_name(form)}”"
                                     f"都会写成“{display_name(target)}”，后一份会覆盖前一份",
                                     "分开两次生成（用不同的 -o），或给其中一个表单改名", "O012"))
        if key in inputs:
            raise UsageError(Problem(Location("命令行"), f"输出“{display_name(target)}”是输入文件"
                                     f"“{display_name(inputs[key])}”本身，不能覆盖它",
                                     "用 -o 换一个文件名或文件夹", "O013"))
        written[key] = form


def _resolved(path: Path) -> Path:
    """``path`` with its links followed; a link loop (RuntimeError in Python 3.11) stays as named, refused when written."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def ensure_output_dir(output: Path | None, many: bool) -> Path | None:
    """With several forms (or ``-o 文件夹/``), -o names a folder: create it when missing. Raises OutputError."""
    if output is None or not many:
        return output
    if output.exists() and not output.is_dir():
        raise OutputError(Problem(Location(str(output)), f"生成多份文稿时 -o 要给一个文件夹，“{output}”是文件",
                                  "改为一个文件夹名，如 -o 输出/", "O008"))
    output.mkdir(parents=True, exist_ok=True)
    return output
