"""``draft build``'s output-file rules for one form: where the pipeline's bytes go, and never over the user's file."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..atomic import write_atomic
from ..errors import WARNING, Location, OutputError, Problem, display_name
from ..options import Session
from ..pipeline.result import Built
from ..pipeline.stages import run_path
from ..writers import SUFFIXES


class Written(NamedTuple):
    """One form built and written: the file, what the pipeline made, and the warnings of the writing itself."""

    target: Path
    built: Built
    kept: list[Problem]

    @property
    def warnings(self) -> list[Problem]:
        """The check's findings and the writing's own warnings."""
        return self.built.findings + self.kept


def output_path(form_path: Path, output: Path | None, fmt: str) -> Path:
    """Where a build writes: ``output`` (a file, or a folder to put it in), else beside the form."""
    suffix = SUFFIXES[fmt]
    if output is not None and str(output) == "-":
        return output
    if output is None:
        return form_path.with_suffix(suffix)
    if output.is_dir():
        return output / (form_path.stem + suffix)
    return output


def build(form_path: Path, output: Path | None = None, fmt: str = "docx", session: Session | None = None) -> Written:
    """Build one form through the pipeline and write the file: where, never over a file the user owns, atomically.

    Runs ``draft check`` first and refuses on its errors unless the session's options say ``force`` (then a
    figure without a value prints as 【待填】). Raises FormError, TemplateError or OutputError; on any error
    nothing is written and an existing output is left untouched.
    """
    session = session or Session()
    built = run_path(form_path, fmt, session)
    named = output is not None and not output.is_dir()  # a file name given with -o, not a folder to write into
    target, kept = _not_over_the_users_file(output_path(form_path, output, fmt), named, session)
    write_atomic(target, built.data, session.options.follow_links)
    return Written(target, built, kept)


def _not_over_the_users_file(target: Path, named: bool, session: Session) -> tuple[Path, list[Problem]]:
    """Where to write so that a .docx drafting did not write is never replaced (unless --replace-edited).

    A file the user named with -o is refused; the default beside the form gives way to “NAME（draft）.docx”.
    """
    if target.suffix != ".docx" or session.options.replace_edited or target.is_symlink() or not target.is_file():
        return target, []  # (a link is refused by the atomic write itself)
    from ..ooxml.reader import written_by_drafting  # the XML reader: only when there is a file to look into

    if written_by_drafting(target):
        return target, []
    shown = display_name(target)
    if named:
        raise OutputError(Problem(Location(shown), f"“{shown}”不是 draft 生成的文件（可能是您自己的 Word 文稿），没有覆盖",
                                  "用 -o 换一个文件名；确实要覆盖它就加 --replace-edited", "O014"))
    beside = target.with_name(f"{target.stem}（draft）{target.suffix}")
    if beside.is_file() and not written_by_drafting(beside):
        raise OutputError(Problem(Location(display_name(beside)), f"“{shown}”和“{display_name(beside)}”都不是 draft "
                                  "生成的文件，没有覆盖", "用 -o 指定文件名；确实要覆盖就加 --replace-edited", "O014"))
    return beside, [Problem(Location(shown), f"“{shown}”不是 draft 生成的文件（可能是您自己的 Word 文稿），没有覆盖它，"
                                             f"文稿写到了“{display_name(beside)}”",
                            "确实要覆盖它就加 --replace-edited", "O015", WARNING)]
