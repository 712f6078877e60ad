"""``draft build``'s output-file rules for one form: where the pipeline's bytes go, and never over the user's file."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_atomic
from ..errors import WARNING, Location, OutputError, Problem, display_name
from ..options import Session
from ..pipeline.result import Built
from ..pipeline.stages import run_path
from ..records import NamedTuple
from ..writers import SUFFIXES

if TYPE_CHECKING:
    from ..ooxml.provenance import DocxState


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
    target, kept = _not_over_the_users_file(output_path(form_path, output, fmt), named, form_path, session, built.data)
    write_atomic(target, built.data, session.options.follow_links)
    return Written(target, built, kept)


def _not_over_the_users_file(target: Path, named: bool, form_path: Path, session: Session,
                             data: bytes = b"") -> tuple[Path, list[Problem]]:
    """Where to write so that no .docx a build did not write as it is now is replaced (unless --replace-edited).

    A .docx drafting wrote whose text changed since (its digest is not the one recorded) is refused, beside the
    form or named with -o. A .docx drafting did not write is refused when named with -o; the default beside the
    form gives way to “NAME（draft）.docx”. A file that holds exactly ``data``, the bytes about to be written,
    is replaced without being read as a .docx: writing it again changes nothing (an unchanged form rebuilt).
    """
    if target.suffix != ".docx" or session.options.replace_edited or target.is_symlink() or not target.is_file():
        return target, []  # (a link is refused by the atomic write itself)
    if data and _holds_exactly(target, data):
        return target, []
    from ..ooxml.provenance import docx_state  # the XML reader: only when there is a file to look into

    state = docx_state(target)
    if state.edited:
        raise OutputError(edited_problem(target, state, form_path))
    if state.by_drafting:
        return target, []
    shown = display_name(target)
    if named:
        raise OutputError(Problem(Location(shown), f"“{shown}”不是 draft 生成的文件（可能是您自己的 Word 文稿），没有覆盖",
                                  "用 -o 换一个文件名；确实要覆盖它就加 --replace-edited", "O014"))
    beside = target.with_name(f"{target.stem}（draft）{target.suffix}")
    if beside.is_file():
        beside_state = docx_state(beside)
        if beside_state.edited:
            raise OutputError(edited_problem(beside, beside_state, form_path))
        if not beside_state.by_drafting:
            raise OutputError(Problem(Location(display_name(beside)), f"“{shown}”和“{display_name(beside)}”都不是 "
                                      "draft 生成的文件，没有覆盖", "用 -o 指定文件名；确实要覆盖就加 --replace-edited",
                                      "O014"))
    return beside, [Problem(Location(shown), f"“{shown}”不是 draft 生成的文件（可能是您自己的 Word 文稿），没有覆盖它，"
                                             f"文稿写到了“{display_name(beside)}”",
                            "确实要覆盖它就加 --replace-edited", "O015", WARNING)]


def _holds_exactly(target: Path, data: bytes) -> bool:
    """Whether the file ``target`` holds ``data`` byte for byte (its size checked before it is read)."""
    try:
        if target.stat().st_size != len(data):
            return False
        with target.open("rb") as stream:
            return stream.read(len(data) + 1) == data
    except OSError:
        return False


def edited_problem(target: Path, state: DocxState, form_path: Path) -> Problem:
    """O018: a .docx drafting wrote whose text was changed since, or 批注 added — by whom and when, when its
    properties say."""
    shown = display_name(target)
    who = f"由“{state.modified_by}”" if state.modified_by else ""
    when = f"于 {_when(state.modified)} " if _when(state.modified) else ""
    saved = f"（最后{who}{when}保存）" if who or when else ""
    changes = "、".join(change for change, done in (("文字被改过", state.text_changed), ("加了批注", state.commented))
                        if done)
    return Problem(Location(shown), f"“{shown}”是 draft 生成的，但生成之后{changes}{saved}"
                   + "，没有覆盖它，以免丢掉这些修改",
                   f"先用 draft import {shown} --into {display_name(form_path)} 把修改并回表单；并回之后它仍是领导的修改稿，"
                   f"把“{shown}”改名留底再生成，或加 --replace-edited 覆盖它；也可以用 -o 换一个文件名", "O018")


def edited_on_page(problem: Problem) -> Problem:
    """O018 as draft serve's page says it: the page's buttons, not the command line's import, -o, --replace-edited."""
    if problem.code != "O018":
        return problem
    shown = problem.location.file
    return problem._replace(hint=f"先在表单页点“导入修改稿”选中这份“{shown}”，把修改并回表单；并回之后它仍是领导的修改稿，"
                                 f"在文件夹里把“{shown}”改名留底，再点“生成 Word 文稿”")


def _when(modified: str) -> str:
    """dcterms:modified as a reader says it (local time, to the minute); "" when it is no date and time."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(modified.strip())
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
