"""What draft serve is handed to act with (as mkdocs' server is handed its builder): it imports no command itself."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Collection, Protocol

from ..options import Options


class Services(Protocol):
    """The commands the pages' buttons run; each returns a report (``commands.report.Report``) to show as it is."""

    def new_form(self, template: str, target: Path, options: Options) -> Any:
        """``draft new TEMPLATE -o TARGET``."""

    def next_form(self, form: Path, options: Options) -> Any:
        """``draft next FORM``."""

    def build(self, forms: list[Path], options: Options, pdf: bool) -> Any:
        """``draft build FORMS`` (``--pdf``), with the server's LibreOffice."""

    def annotate(self, form: Path, options: Options) -> Any:
        """``draft check FORM --annotate``: the 审核稿 beside the form (replacing only draft's own earlier copy)."""
    def diff_previous(self, form: Path, options: Options) -> Any:
        """``draft diff FORM --previous`` written beside the form as “FORM（与上期对照）.docx” (draft's own file only)."""

    def can_print(self) -> bool:
        """Whether PDFs can be made here (LibreOffice found)."""

    def plan_merge(self, form: Path, data: bytes, name: str, reject_revisions: bool, options: Options) -> Any:
        """``draft import NAME --into FORM --dry-run`` of the edited .docx ``data``: its change list, each change a
        dict (id, kind, path, line, column, where, text, choosable), ``report`` of warnings, ``fingerprint``;
        raises DraftError for a file the merge refuses."""

    def apply_merge(self, form: Path, data: bytes, name: str, accepted: Collection[str], reject_revisions: bool,
                    shown: str, unchanged: Callable[[bytes], bool], options: Options) -> Any:
        """The ``accepted`` changes of that list written into ``form``, the old text kept beside it: ``report``, or
        ``stale`` when ``unchanged(form's bytes)`` is false, ``mismatch`` when the list's fingerprint is not ``shown``."""
