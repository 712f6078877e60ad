"""The validated form: records that know where each part came from."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import Location
from ..styles import Profile
from .figures import Figure
from .period import Period

if TYPE_CHECKING:
    from .resolver import Resolver
    from .source import SourceText


class TextRef(NamedTuple):
    """One text of the form as typed, where it stands, and which part of the report it feeds."""

    field: str
    text: str
    location: Location
    end_line: int
    section: str = ""


class Merge(NamedTuple):
    """Cells joined into one: the top-left cell (0-based row over header and body rows, column) and its span."""

    row: int
    column: int
    rows: int = 1
    columns: int = 1


class Table(NamedTuple):
    """A table item: header rows, body rows (texts, figures allowed), and how it is laid out."""

    location: Location
    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    widths: tuple[float, ...] = ()
    aligns: tuple[str, ...] = ()  # "left" | "center" | "right" per column; empty: by the column's content
    merges: tuple[Merge, ...] = ()
    note: str | None = None
    row_locations: tuple[Location, ...] = ()

    @property
    def columns(self) -> int:
        """How many columns the table has (its first header row's cells, else its first row's)."""
        first = self.header[0] if self.header else self.rows[0] if self.rows else ()
        return len(first)


class FiguresTable(NamedTuple):
    """A 指标表 item: figures of the 指标 block as a table, columns computed as the filters compute them."""

    location: Location
    names: tuple[str, ...]
    columns: tuple[str, ...]
    title: str | None = None
    name_locations: tuple[Location, ...] = ()


class Item(NamedTuple):
    """One body item: a numbered heading, a lead-sentence paragraph or a plain paragraph.

    ``heading`` set: a numbered heading; it runs into its paragraph when ``text`` or
    ``enumeration`` is given, and stands alone otherwise. ``lead`` set: an unnumbered
    lead sentence that opens the paragraph. Neither: a plain paragraph (its lines in ``text``).
    """

    location: Location
    heading: str | None = None
    lead: str | None = None
    text: str | None = None
    enumeration: tuple[str, ...] = ()
    separate: bool = False
    children: tuple[Item, ...] = ()
    continuous: bool = False
    children_level: int | None = None
    table: Table | FiguresTable | None = None
    origin: str | None = None  # its form path (正文/0/下级/1), set when rendering (render/origins.py)


class Section(NamedTuple):
    """A named part of the skeleton (存在问题, 下一步工作打算) with an optional own heading."""

    location: Location
    items: tuple[Item, ...]
    heading: str | None = None


class Attachment(NamedTuple):
    """An attachment with pages of its own: its number among all attachments, its name, its items."""

    number: int
    name: str
    items: tuple[Item, ...]
    location: Location


class RedHeader(NamedTuple):
    """版头 and 版记 of a red-header document (GB/T 9704 §7.2, §7.4)."""

    issuer_mark: str
    copy_number: str | None = None
    secrecy: str | None = None
    secrecy_term: str | None = None
    urgency: str | None = None
    document_number: str | None = None
    signer: str | None = None
    copy_to: str | None = None
    printer: str | None = None
    print_date: datetime.date | None = None


@dataclass(frozen=True, eq=False)  # one reading of one file, compared by identity (and cheaper to define)
class Form:
    """Everything a report is made of, validated."""

    path: Path
    name: str
    template: str
    unit: str | None = None
    date: datetime.date | None = None
    title: tuple[str, ...] = ()
    recipient: str | None = None
    period: Period | None = None
    opening: tuple[str, ...] = ()
    body: tuple[Item, ...] = ()
    problems: Section | None = None
    next_steps: Section | None = None
    closing: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    attachment_pages: tuple[Attachment, ...] = ()  # the attachments that have content, in order
    sealed: bool = True
    two_level: bool = False
    profile: Profile | None = None
    locations: dict[str, Location] = field(default_factory=dict, compare=False)
    figures: dict[str, Figure] = field(default_factory=dict)
    texts: tuple[TextRef, ...] = ()
    source: SourceText | None = field(default=None, compare=False, repr=False)
    red_header: RedHeader | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    spec: Any = field(default=None, compare=False, repr=False)
    template_folders: tuple[str, ...] = ()
    resolver: Resolver | None = field(default=None, compare=False, repr=False)  # the session's resolver: templates are read through it
    notices: tuple[Any, ...] = ()  # what --fix-text removed while reading, as notices
    findings: tuple[Any, ...] = ()  # what reading mended (a typed heading number), as check warnings
    unread_figures: frozenset[str] = frozenset()  # figures whose value was refused (E124/E168): named, not undefined

    @property
    def source_text(self) -> str:
        """The form file's text as read."""
        return self.source.text if self.source is not None else ""

    @property
    def source_lines(self) -> list[str]:
        """The form file's lines, as YAML counts them."""
        return self.source.lines if self.source is not None else []

    def excerpt(self, line: int | None) -> str | None:
        """The form's source line ``line``, for quoting under a message."""
        return self.source.excerpt(line) if self.source is not None else None
