"""What the pipeline made of one form: the numbered document, its laid-out paragraphs, the bytes and the findings."""
from __future__ import annotations

from ..document.ast import Document
from ..errors import Problem
from ..form.model import Form
from ..records import NamedTuple
from ..writers.layout import Laid


class Built(NamedTuple):
    """One form through the pipeline: ``data`` is the file in format ``fmt``; ``findings`` are the check's (errors
    only with --force), ``notices`` what --fix-text removed, ``placeholders`` the 【待填】 the document still prints."""

    form: Form
    document: Document
    laid: list[Laid]
    data: bytes
    fmt: str
    findings: list[Problem]
    notices: list[Problem]
    placeholders: int = 0
