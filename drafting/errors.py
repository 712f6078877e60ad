"""Error objects that know where they happened; only the CLI prints them."""
from __future__ import annotations

from typing import NamedTuple



class Location(NamedTuple):
    """A place in a file: 1-based line and column, either may be unknown."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class Problem(NamedTuple):
    """One finding: what is wrong, where, and how to fix it (all in Chinese)."""

    location: Location
    message: str
    hint: str | None = None
    code: str = "E000"
    severity: str = "错误"
    excerpt: str | None = None


class DraftError(Exception):
    """Base of every error a user can cause; carries one or more problems."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(f"{p.location}: {p.message}" for p in self.problems))


class FormError(DraftError):
    """The form (YAML) cannot be read or does not fit the schema."""


class TemplateError(DraftError):
    """A template has a syntax error, refers to something undefined, or is missing."""


class OutputError(DraftError):
    """The output file cannot be written."""


_last_split: tuple[str, list[str]] = ("", [])  # the last text split and its lines


def lines_of(text: str) -> list[str]:
    """``text.splitlines()``, kept for the last text asked: its findings all quote the same form.

    The cache holds the text itself (compared by identity), so it cannot go stale in a batch.
    """
    global _last_split
    if _last_split[0] is not text:
        _last_split = (text, text.splitlines())
    return _last_split[1]


def excerpt_of(text: str, line: int | None) -> str | None:
    """Return the 1-based ``line`` of ``text`` for quoting under a message."""
    if line is None or line < 1:
        return None
    lines = lines_of(text)
    if line > len(lines):
        return None
    return lines[line - 1]
