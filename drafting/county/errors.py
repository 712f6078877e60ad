"""The county layer's errors: each a DraftError whose problem carries a K code and a Chinese message."""
from __future__ import annotations

from ..errors import DraftError, Location, Problem, UsageError


class CountyError(DraftError):
    """Something the county server refuses: a wrong state, a missing row, a weak password."""


class CountyUsageError(UsageError):
    """The command line asks for something the county server cannot do (exit code 2)."""


class LoginRefused(CountyError):
    """A login was refused; one message whatever the reason (the audit log says which)."""


class VersionConflict(CountyError):
    """The form was saved by someone else since the page read it; the save is refused."""


def problem(where: str, message: str, hint: str, code: str) -> Problem:
    """A county problem located at ``where`` (a data folder, an account, a form)."""
    return Problem(Location(where), message, hint, code)
