"""The merge of an edited .docx as draft serve's form page does it: first the change list to tick, then the ticked
changes written into the form, with the same plan, the same old copy beside it and the same words as
``draft import EDITED.docx --into FORM.yaml``."""
from __future__ import annotations

import datetime
import hashlib
from pathlib import Path
from typing import Any, Callable, Collection

from ..errors import ERROR, Location, Problem, display_name, os_reason
from ..merging.plan import MergeError, MergePlan, plan_merge
from ..options import Session
from ..records import NamedTuple
from .merging import change_lines, replace_form, said
from .report import EXIT_INPUT, EXIT_OK, Line, Report, merged_lines, problem_report

REFUSED = "没有合并，表单没有改。"
NOTHING = "没有要合并的改动，表单没有改。"


class ChangeList(NamedTuple):
    """What the page shows before anything is written: the changes, the merge's warnings (or its refusal) as the
    CLI says them, and a fingerprint of the list that the save must bring back."""

    changes: list[dict[str, Any]]
    report: Report
    fingerprint: str

    @property
    def refused(self) -> bool:
        """Whether the merge is refused (nothing to choose): a .docx built from another form."""
        return self.report.failed


class Merged(NamedTuple):
    """What saving the ticked changes did: the CLI's words, or why nothing was written."""

    report: Report
    stale: bool = False      # the form changed on disk since the page read it: nothing written
    mismatch: bool = False   # the change list is not the one the page showed: nothing written


def change_list(form: Path, data: bytes, name: str, reject_revisions: bool, session: Session) -> ChangeList:
    """The changes the edited ``data`` (shown as ``name``) makes to ``form``, each as the page lists it. Raises
    MergeError for a .docx that cannot be read or is not this form's report; the form is never written."""
    plan = plan_merge(form, data, name, session, reject_revisions)
    changes = [{"id": c.id, "kind": c.kind, "path": c.path, "line": c.location.line, "column": c.location.column,
                "where": str(c.location), "text": said(c), "choosable": choosable(c.kind, c.applied)}
               for c in plan.changes]
    lines = problem_report(plan.problems)
    if _refused(plan):
        return ChangeList([], Report(lines + [Line(REFUSED, True)], EXIT_INPUT), fingerprint(plan, data,
                                                                                            reject_revisions))
    if not any(c["choosable"] for c in changes):
        lines.append(Line(NOTHING))
    return ChangeList(changes, Report(lines, EXIT_OK), fingerprint(plan, data, reject_revisions))


def choosable(kind: str, applied: bool) -> bool:
    """Whether the page offers a change to tick: a 冲突 is never merged, and a 修订 is already in the text read
    (accepted, or rejected with reject_revisions), so ticking it would change nothing."""
    return applied and kind not in ("冲突", "修订")


def merge_chosen(form: Path, data: bytes, name: str, accepted: Collection[str], reject_revisions: bool,
                 shown_fingerprint: str, unchanged: Callable[[bytes], bool], session: Session,
                 now: datetime.datetime | None = None) -> Merged:
    """Write the ``accepted`` changes of the edited ``data`` into ``form``, the old text kept beside it as the CLI
    keeps it. Nothing is written when ``unchanged`` says the form's bytes are no longer those the page read, or the
    change list is not the one the page showed (``shown_fingerprint``). Raises MergeError as change_list does."""
    plan = plan_merge(form, data, name, session, reject_revisions)
    if not unchanged(plan.form_text.encode("utf-8")):
        return Merged(Report([], EXIT_INPUT), stale=True)
    if fingerprint(plan, data, reject_revisions) != shown_fingerprint:
        return Merged(Report([], EXIT_INPUT), mismatch=True)
    if _refused(plan):
        return Merged(Report(problem_report(plan.problems) + [Line(REFUSED, True)], EXIT_INPUT))
    chosen = {c.id for c in plan.changes if c.id in accepted and choosable(c.kind, c.applied)}
    unchosen = sum(1 for c in plan.changes if choosable(c.kind, c.applied) and c.id not in chosen)
    # M009 compares the form with every change merged against the edited text: with some left out it must differ
    lines = problem_report(p for p in plan.problems if not (unchosen and p.code == "M009"))
    text = plan.text(chosen)
    if text == plan.form_text:
        return Merged(Report(lines + [Line(NOTHING)], EXIT_OK))
    if not unchanged(_on_disk(form)):  # changed while the plan was made: the page's version check, just before writing
        return Merged(Report([], EXIT_INPUT), stale=True)
    kept = replace_form(form, plan.form_text, text, now or datetime.datetime.now(), follow_links=True)
    closing = merged_lines(form, kept, len(chosen), len(plan.conflicts), unchosen, page=True)
    said = chosen | {c.id for c in plan.conflicts}  # the closing's “按上面的说明” points at the conflicts' lines
    return Merged(Report(lines + change_lines(plan, said) + closing, EXIT_OK, files=(form, kept), opened=form))


def fingerprint(plan: MergePlan, data: bytes, reject_revisions: bool) -> str:
    """A digest of what the page was shown: the form's text, the edited file, the revisions' choice, the changes."""
    digest = hashlib.sha256()
    for part in (plan.form_text.encode("utf-8"), data, b"reject" if reject_revisions else b"accept",
                 *(f"{c.id}\x1f{c.kind}\x1f{c.path}\x1f{c.text}\x1f{c.applied}".encode("utf-8") for c in plan.changes)):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:32]


def _refused(plan: MergePlan) -> bool:
    """Whether the plan carries an error (a .docx built from another form): the CLI refuses it without --force."""
    return any(p.severity == ERROR for p in plan.problems)


def _on_disk(form: Path) -> bytes:
    """The form's bytes as they are now. Raises MergeError when it is gone."""
    try:
        return form.read_bytes()
    except OSError as exc:
        shown = display_name(form)
        raise MergeError(Problem(Location(shown), f"读不了表单“{shown}”：{os_reason(exc)}",
                                 "确认表单还在原处，重新载入页面后再合并", "M001")) from None
