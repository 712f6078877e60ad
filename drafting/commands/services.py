"""The commands draft serve's pages run, as the server is handed them: each returns the CLI's report."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Collection

from ..errors import DraftError
from ..office.holder import Office
from ..options import Options, Session
from .report import Report, build_report, failure_report, new_form_report, next_form_report


class CommandServices:
    """new, next, build and the merge of an edited .docx for draft serve, converting with the server's one LibreOffice holder ``office``."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def new_form(self, template: str, target: Path, options: Options) -> Report:
        """``draft new TEMPLATE -o TARGET``: never over a file."""
        from .templates import write_new_form

        try:
            return new_form_report(write_new_form(template, target, Session(options)))
        except DraftError as error:
            return failure_report(error.problems, error.exit_code, page=True)

    def next_form(self, form: Path, options: Options) -> Report:
        """``draft next FORM``: the next period's form beside it."""
        from .next import next_form

        try:
            target, period = next_form(form, None, None, None, Session(options))
        except DraftError as error:
            return failure_report(error.problems, error.exit_code, page=True)
        return next_form_report(target, period.full, page=True)

    def build(self, forms: list[Path], options: Options, pdf: bool) -> Report:
        """``draft build FORMS`` (``--pdf``): the same run, the same words as on the command line."""
        from .build import edited_on_page
        from .buildrun import run_build

        run = run_build(forms, None, "docx", options, pdf=pdf, office=self.office)
        for outcome in run.outcomes:  # an edited .docx in the way: the page's buttons, not the command line's flags
            outcome.errors = [edited_on_page(problem) for problem in outcome.errors]
        return build_report(run, page=True)

    def annotate(self, form: Path, options: Options) -> Report:
        """``draft check FORM --annotate``: “名称（审核稿）.docx” beside the form, replacing an earlier one draft
        wrote and nobody edited, never a file of the user's (S080); the findings are the copy's content, so it never “fails”."""
        from ..errors import Location, Problem, display_name
        from ..ooxml.provenance import copy_replaceable
        from .annotate import annotate, comment_date, default_target
        from .report import annotate_report

        target = default_target(form)
        if not copy_replaceable(target):
            name = display_name(target)
            return failure_report([Problem(Location(name), f"旁边已有“{name}”，它不是 draft 写的审核稿，或生成后"
                                           "文字被改过，没有覆盖",
                                           "把它改名或移走，再生成审核稿；或在命令行用 -o 另起一个名字", "S080")], page=True)
        try:
            target, annotated = annotate(form, target, Session(options._replace(overwrite=True)), comment_date(None))
        except DraftError as error:
            return failure_report(error.problems, error.exit_code, page=True)
        return annotate_report(target, annotated)
    def diff_previous(self, form: Path, options: Options) -> Report:
        """``draft diff FORM --previous -o “FORM（与上期对照）.docx”``: replaces only a 对照稿 draft diff wrote."""
        from .diff import previous_diff

        try:
            return previous_diff(form, Session(options))
        except DraftError as error:
            return failure_report(error.problems, error.exit_code, page=True)

    def can_print(self) -> bool:
        """Whether LibreOffice is installed here."""
        return self.office.available()

    def plan_merge(self, form: Path, data: bytes, name: str, reject_revisions: bool, options: Options) -> Any:
        """The change list the edited .docx ``data`` makes to ``form`` (a ``pagemerge.ChangeList``), as
        ``draft import --into --dry-run`` plans it. Raises DraftError (MergeError) as the CLI would refuse."""
        from .pagemerge import change_list

        return change_list(form, data, name, reject_revisions, Session(options))

    def apply_merge(self, form: Path, data: bytes, name: str, accepted: Collection[str], reject_revisions: bool,
                    shown: str, unchanged: Callable[[bytes], bool], options: Options) -> Any:
        """The ``accepted`` changes written into ``form`` as ``draft import --into`` writes them (a
        ``pagemerge.Merged``), unless the form's bytes are no longer ``unchanged`` or the list not the one ``shown``."""
        from .pagemerge import merge_chosen

        return merge_chosen(form, data, name, accepted, reject_revisions, shown, unchanged, Session(options))
