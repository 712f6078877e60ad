"""The one edit vocabulary of the fixtures: a paragraph is named by a piece of its text (the first holding it)."""
from __future__ import annotations

from typing import NamedTuple, Union

AUTHOR, DATE = "张科长", "2026-10-09T10:00:00Z"  # who made the 修订, and when, unless a fixture is told otherwise


class Replace(NamedTuple):
    """In the paragraph holding ``paragraph``, put ``new`` for the text ``old`` ("" new: a deletion)."""

    paragraph: str
    old: str
    new: str


class Delete(NamedTuple):
    """Delete the whole paragraph holding ``paragraph`` (its mark too)."""

    paragraph: str


class InsertAfter(NamedTuple):
    """A new paragraph of ``text`` after the one holding ``paragraph``, in that paragraph's style."""

    paragraph: str
    text: str


class Move(NamedTuple):
    """Move the paragraph holding ``paragraph`` to just after the one holding ``after``."""

    paragraph: str
    after: str


class Comment(NamedTuple):
    """A 批注 of ``text`` on ``anchor`` (a piece of the paragraph holding ``paragraph``)."""

    paragraph: str
    anchor: str
    text: str
    author: str = "王处长"
    date: str = "2026-10-10T09:00:00Z"


class InsertRow(NamedTuple):
    """A new table row after the row one of whose cells holds ``paragraph``, made like it, holding ``cells``."""

    paragraph: str
    cells: tuple[str, ...]


class DeleteRow(NamedTuple):
    """Delete the table row one of whose cells holds ``paragraph``."""

    paragraph: str


Edit = Union[Replace, Delete, InsertAfter, Move, Comment, InsertRow, DeleteRow]
