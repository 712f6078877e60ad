"""``draft import EDITED.docx --into FORM.yaml``: the leader's edits merged into the form, the old text kept beside it."""
from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Collection

from ..atomic import write_atomic, write_new
from ..errors import ERROR, Location, OutputError, Problem, UsageError, display_name, os_reason
from ..form.paths import KEPT_BEFORE_MERGE
from ..merging.plan import Change, MergeError, MergePlan, plan_merge
from ..options import Session
from .report import EXIT_INPUT, EXIT_OK, Line, Report, merged_lines, problem_report

MAX_DOCX_BYTES = 200_000_000
KINDS = ("改写", "新增", "删除", "移动", "指标", "批注", "修订", "冲突")


def merge_edited(report: Path, form: Path, dry_run: bool, reject_revisions: bool, force: bool,
                 session: Session, now: datetime.datetime | None = None) -> Report:
    """Plan the merge of ``report`` into ``form``; unless ``dry_run``, write it (the old text kept beside it)."""
    shown = display_name(report)
    if report.suffix.lower() != ".docx":
        raise UsageError(Problem(Location("命令行"), f"“{shown}”不是 .docx 文件：--into 只合并 Word 修改稿",
                                 "Word 或 WPS 里另存为 .docx 再合并；.txt 报告请不加 --into 导入", "M011"))
    try:
        if os.path.getsize(report) > MAX_DOCX_BYTES:
            raise MergeError(Problem(Location(shown), f"“{shown}”太大，不像一份报告", "确认选的是修改稿", "M004"))
        data = report.read_bytes()
    except OSError as exc:
        raise MergeError(Problem(Location(shown), f"读不了“{shown}”：{os_reason(exc)}",
                                 "确认文件路径写对了", "M001")) from None
    plan = plan_merge(form, data, shown, session, reject_revisions)
    refusals = [p for p in plan.problems if p.severity == ERROR]
    if refusals and (not force or any(p.code == "M008" for p in refusals)):  # a form that would not build: never
        return Report(problem_report(plan.problems) + [Line("没有合并，表单没有改。", True)], EXIT_INPUT)
    lines = change_lines(plan)
    if plan.text() == plan.form_text:
        return Report(problem_report(plan.problems) + lines + [Line("没有要合并的改动，表单没有改。")], EXIT_OK)
    if dry_run:
        return Report(problem_report(plan.problems) + lines + [Line("（--dry-run：只列出改动，表单没有改）")], EXIT_OK)
    text = plan.text()
    refuse_link(form)
    kept = replace_form(form, plan.form_text, text, now or datetime.datetime.now(), session.options.follow_links)
    # a 修订 is already in the text read (the 改写 beside it is the change): counted as the page counts
    closing = merged_lines(form, kept, sum(c.applied and c.kind != "修订" for c in plan.changes), len(plan.conflicts),
                           in_the_way=_beside(report, form))
    return Report(problem_report(plan.problems) + lines + closing, EXIT_OK, files=(form, kept), opened=form)


def _beside(report: Path, form: Path) -> Path | None:
    """``report`` when it is the .docx ``draft build FORM`` writes (which refuses to replace it, O018), else None."""
    try:
        return report if report.resolve() == form.with_suffix(".docx").resolve() else None
    except (OSError, RuntimeError):
        return None


def change_lines(plan: MergePlan, only: Collection[str] | None = None) -> list[Line]:
    """The change list (or the changes of ids ``only``), grouped by kind, each located: ``表单.yaml:23:5 改写 …``."""
    lines = []
    for kind in KINDS:
        for change in plan.changes:
            if change.kind == kind and (only is None or change.id in only):
                lines.append(Line(f"{change.location} {kind} {said(change)}"))
    return lines


def said(change: Change) -> str:
    """What a change does, without its kind's word when the kind is shown beside it (新增/删除)."""
    kind = change.kind
    return change.text[len(kind):] if kind in ("新增", "删除") and change.text.startswith(kind) else change.text


def refuse_link(form: Path) -> None:
    """Refuse, before anything is written, a form that is a symbolic link: the merge writes only the file named.
    Raises OutputError (O010)."""
    if form.is_symlink():
        shown, target = display_name(form), display_name(form.resolve())
        raise OutputError(Problem(Location(shown), f"表单“{shown}”是一个符号链接（指向“{target}”），没有合并",
                                  f"合并进它指向的表单：draft import 修改稿.docx --into {target}", "O010"))


def replace_form(form: Path, before: str, after: str, now: datetime.datetime, follow_links: bool) -> Path:
    """Write ``before`` beside the form (``keep_previous``), then replace the form with ``after`` atomically; when the
    form cannot be replaced (a link, read-only), the copy just written is removed again and the OutputError raised:
    a refused merge leaves nothing behind. The copy's path."""
    kept = keep_previous(form, before, now)
    try:
        write_atomic(form, after.encode("utf-8"), follow_links)
    except OutputError:
        try:
            os.unlink(kept)
        except OSError:
            pass
        raise
    return kept


def keep_previous(form: Path, text: str, now: datetime.datetime) -> Path:
    """Write the form's text before the merge beside it (表单.合并前-20261205-2210.yaml), never over a file."""
    stamp = now.strftime("%Y%m%d-%H%M")
    for n in range(1, 100):
        name = f"{form.stem}{KEPT_BEFORE_MERGE}{stamp}{'' if n == 1 else f'-{n}'}{form.suffix}"
        kept = form.with_name(name)
        if not os.path.lexists(kept):
            write_new(kept, text.encode("utf-8"), False, "换一个时间再合并")
            return kept
    raise MergeError(Problem(Location(display_name(form)), "表单旁边的“合并前”副本太多，没有合并",
                             "删掉或移走一些旧的“合并前”副本", "M012"))
