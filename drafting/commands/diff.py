"""``draft diff OLD NEW``: NEW's document with the change from OLD as tracked changes (修订), or as marked text."""
from __future__ import annotations

from pathlib import Path

from ..atomic import write_atomic, write_new
from ..comparing.diff import compare, marked_lines, revised_docx
from ..comparing.sources import Version, opened, previous_form, revision_date, version
from ..errors import NOTICE, WARNING, Location, Problem, UsageError, display_name
from ..options import Session
from ..records import NamedTuple
from .report import Line, Report, problem_report

DEFAULT_AUTHOR = "draft diff"
SUFFIX = "（对照稿）"
PREVIOUS_SUFFIX = "（与上期对照）"


class DiffRequest(NamedTuple):
    """What draft diff is asked: the versions (OLD None with ``previous``), where to write, in which format, and
    the author and date of the tracked changes."""

    old: Path | None
    new: Path
    output: str | None = None
    fmt: str | None = None
    author: str = DEFAULT_AUTHOR
    date: str | None = None
    previous: bool = False


def diff_request(versions: tuple[Path, ...], previous: bool, output: str | None = None, fmt: str | None = None,
                 author: str = DEFAULT_AUTHOR, date: str | None = None) -> DiffRequest:
    """The request of the files named on the command line: two versions, or one form with ``previous``. Raises
    UsageError (D006 for one file without --previous, D020 for any other count)."""
    if not previous and len(versions) == 1:
        raise _one_file()
    if len(versions) != (1 if previous else 2):
        said = f"加了 --previous 又给了 {len(versions)} 个文件" if previous else f"给了 {len(versions)} 个文件"
        raise UsageError(Problem(Location("命令行"), f"draft diff 只对照两个版本，{said}",
                                 "写成 draft diff 旧版 新版，或 draft diff 本期.yaml --previous（只给一个表单）", "D020"))
    old, new = (None, versions[0]) if previous else (versions[0], versions[1])
    return DiffRequest(old, new, output, fmt, author, date, previous)


def _one_file() -> UsageError:
    """D006: one version given, and no --previous to say which is the other."""
    return UsageError(Problem(Location("命令行"), "只给了一个文件，不知道与什么对照",
                              "给出两个文件（draft diff 旧.yaml 新.yaml），或加 --previous 与表单的上期对照", "D006"))


def default_output(new: Path, fmt: str = "docx", previous: bool = False) -> Path:
    """Where the 对照稿 goes when -o is not given: beside NEW, named after it (“（与上期对照）” against its 上期, as
    the web page names it)."""
    return new.with_name(new.stem + (PREVIOUS_SUFFIX if previous else SUFFIX) + "." + fmt)


def _format(request: DiffRequest) -> str:
    """docx or txt: as -f says, else by -o's extension; UsageError (D010) when they disagree or -o - asks for docx."""
    output = request.output
    by_name = Path(output).suffix.lower().lstrip(".") if output and output != "-" else None
    fmt = request.fmt or (by_name if by_name in ("docx", "txt") else "txt" if output == "-" else "docx")
    if output and output != "-" and by_name != fmt:
        raise UsageError(Problem(Location("命令行"), f"-o 给的“{output}”不是 .{fmt} 文件",
                                 f"对照稿写成 .docx（Word 修订）；--format txt 时写成 .txt 或用 -o - 输出到屏幕", "D010"))
    if output == "-" and fmt == "docx":
        raise UsageError(Problem(Location("命令行"), "Word 对照稿不能输出到屏幕（-o -）",
                                 "用 -o 给一个 .docx 文件名，或加 --format txt 在屏幕上看带【删：】【增：】标记的文字", "D010"))
    return fmt


def diff(request: DiffRequest, session: Session) -> Report:
    """Compare the two versions and write (or print) the 对照稿. Raises DiffError, UsageError, FormError,
    TemplateError or OutputError with the problems in Chinese."""
    fmt = _format(request)
    date = revision_date(request.date)
    old_path = previous_form(request.new, session) if request.previous else request.old
    if old_path is None:
        raise _one_file()
    target = None if fmt == "txt" and request.output in (None, "-") else \
        Path(request.output) if request.output else default_output(request.new, fmt, request.previous)
    if target is not None:
        _not_an_input(target, [old_path, request.new])
    old, new = version(old_path, session), version(request.new, session)
    compared = compare(opened(old), opened(new))
    lines = problem_report(_accepted(compared.accepted, old, new))
    if compared.counted.total == 0:
        notice = Problem(Location(new.shown), f"“{new.shown}”与“{old.shown}”的文字完全相同，没有写对照稿",
                         "只比较文字；字体、版式的不同不算改动", "D007", NOTICE)
        return Report(lines + problem_report([notice], err=False))
    counted = compared.counted
    said = f"改动 {counted.changed} 处、新增 {counted.inserted} 段（行）、删去 {counted.deleted} 段（行）"
    if fmt == "txt":
        text = ("\n".join(marked_lines(compared)) + "\n").encode("utf-8")
        if target is None:
            write_atomic(Path("-"), text)
            return Report(lines)
        write_new(target, text, session.options.overwrite, "用 -o 换一个文件名，或加 --overwrite")
    else:
        data = _revised(compared, request.author, date, old, new)
        assert target is not None
        write_new(target, data, session.options.overwrite, "用 -o 换一个文件名，或加 --overwrite")
    return Report(lines + [Line(f"已生成对照稿：{display_name(target)}（与“{old.shown}”相比{said}）")], files=(target,))


def _revised(compared, author: str, date: str, old: Version, new: Version) -> bytes:  # type: ignore[no-untyped-def]
    """The 对照稿's bytes; DiffError when a part of NEW's package (a picture, a header) cannot be copied."""
    from ..comparing.sources import DiffError, unreadable_docx
    from ..ooxml.parser import UNREADABLE_DOCX
    from ..ooxml.reader import DocxTooLarge

    try:
        return revised_docx(compared, author, date, old.shown)
    except DocxTooLarge:
        raise DiffError(Problem(Location(new.shown), f"“{new.shown}”里有一个部件解压后过大，不像一份报告（可能是“压缩炸弹”）",
                                "确认文件来源；删去文稿里的大图片后再对照", "D003")) from None
    except UNREADABLE_DOCX:
        raise DiffError(unreadable_docx(new.shown)) from None


def _not_an_input(target: Path, inputs: list[Path]) -> None:
    """Refuse an output that is one of the versions compared (D011)."""
    for path in inputs:
        try:
            same = target.resolve() == path.resolve()
        except (OSError, RuntimeError):
            same = False
        if same:
            raise UsageError(Problem(Location("命令行"), f"-o 给的“{display_name(target)}”是要对照的文件本身，写对照稿会覆盖它",
                                     "用 -o 换一个文件名", "D011"))


def _accepted(count: int, old: Version, new: Version) -> list[Problem]:
    """The warning that the versions' own tracked changes were taken as accepted (D008)."""
    if not count:
        return []
    return [Problem(Location(f"{old.shown}、{new.shown}"), f"要对照的文稿里已有 {count} 处修订，按“全部接受”之后的文字对照",
                    "想保留原有修订的，先在 Word 里接受或拒绝它们，再对照", "D008", WARNING)]



def previous_diff(form: Path, session: Session) -> Report:
    """The page's “与上期对照”: the form against its 上期, written beside it as “FORM（与上期对照）.docx”, over an
    earlier such file drafting wrote whose text nobody changed, never over another (S086); a form without 上期 is
    said so (S085); check findings do not stop it (as --force)."""
    from ..comparing.sources import DiffError
    from ..ooxml.provenance import copy_replaceable

    target = form.with_name(form.stem + PREVIOUS_SUFFIX + ".docx")
    shown = display_name(target)
    if not copy_replaceable(target):
        raise DiffError(Problem(Location(shown), f"“{shown}”已经存在，但不是 draft 写的对照稿，或生成后文字被改过，"
                                "没有覆盖", "把它改个名字或移走，再点“与上期对照”", "S086"))
    try:
        previous = previous_form(form, session)
    except DiffError as error:
        if error.problems and error.problems[0].code == "D005":
            raise DiffError(Problem(Location(display_name(form)), "这份表单没有写“上期”，不能与上期对照",
                                    "在“上期”一栏写上上一期的表单（如 2023Q1.yaml），保存后再点“与上期对照”", "S085")) from None
        raise
    request = DiffRequest(previous, form, str(target), "docx")
    # as 生成审核稿: a form with check findings (a figure not filled in yet, just after 生成下一期表单) is compared
    # with its blanks printed 【待填】 — the page has no --force to ask for it
    return diff(request, Session(session.options._replace(overwrite=True, force=True), session.caches, session.resolver))
