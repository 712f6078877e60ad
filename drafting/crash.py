"""Internal errors (drafting's own defects): the traceback saved to a file for a bug report, never shown."""
from __future__ import annotations

import tempfile
import traceback

from .errors import Location, Problem

INTERNAL = "内部错误：draft 出现了意外问题（这是软件缺陷，不是您的错）。"


def save_traceback() -> str:
    """Write the exception being handled to a temporary file; returns its path."""
    fd, path = tempfile.mkstemp(prefix="draft-internal-error-", suffix=".txt")
    with open(fd, "w", encoding="utf-8") as handle:
        traceback.print_exc(file=handle)
    return path


def internal_problem(where: str) -> Problem:
    """The exception being handled, saved, as a problem located at ``where`` (a batch goes on past it)."""
    path = save_traceback()
    return Problem(Location(where), INTERNAL.rstrip("。") + f"，详细信息已保存到 {path}，请把它发给开发者",
                   None, "X001")
