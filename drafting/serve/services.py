"""What draft serve is handed to act with (as mkdocs' server is handed its builder): it imports no command itself."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

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
