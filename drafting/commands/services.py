"""The commands draft serve's pages run, as the server is handed them: each returns the CLI's report."""
from __future__ import annotations

from pathlib import Path

from ..errors import DraftError
from ..office.holder import Office
from ..options import Options, Session
from .report import Report, build_report, failure_report, new_form_report, next_form_report


class CommandServices:
    """new, next and build for draft serve, converting with the server's one LibreOffice holder ``office``."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def new_form(self, template: str, target: Path, options: Options) -> Report:
        """``draft new TEMPLATE -o TARGET``: never over a file."""
        from .templates import write_new_form

        try:
            return new_form_report(write_new_form(template, target, Session(options)))
        except DraftError as error:
            return failure_report(error.problems, error.exit_code)

    def next_form(self, form: Path, options: Options) -> Report:
        """``draft next FORM``: the next period's form beside it."""
        from .next import next_form

        try:
            target, period = next_form(form, None, None, None, Session(options))
        except DraftError as error:
            return failure_report(error.problems, error.exit_code)
        return next_form_report(target, period.full)

    def build(self, forms: list[Path], options: Options, pdf: bool) -> Report:
        """``draft build FORMS`` (``--pdf``): the same run, the same words as on the command line."""
        from .buildrun import run_build

        return build_report(run_build(forms, None, "docx", options, pdf=pdf, office=self.office))

    def diff_previous(self, form: Path, options: Options) -> Report:
        """``draft diff FORM --previous -o “FORM（与上期对照）.docx”``: replaces only a 对照稿 draft diff wrote."""
        from .diff import previous_diff

        try:
            return previous_diff(form, Session(options))
        except DraftError as error:
            return failure_report(error.problems, error.exit_code)

    def can_print(self) -> bool:
        """Whether LibreOffice is installed here."""
        return self.office.available()
