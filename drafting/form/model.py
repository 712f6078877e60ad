"""The validated form: records that know where each part came from."""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Location
from ..records import NamedTuple
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


_FORM_FIELDS = ("path", "name", "template", "unit", "date", "title", "recipient", "period", "opening", "body",
                "problems", "next_steps", "closing", "attachments", "attachment_pages", "sealed", "two_level", "profile",
                "locations", "figures", "texts", "source", "red_header", "extra", "spec", "template_folders", "resolver",
                "notices", "findings", "unread_figures")


class Form:
    """Everything a report is made of, validated.

    Immutable, compared by identity (one reading of one file); a plain class rather than a dataclass, whose
    module and generated methods cost a one-report build about 2 ms at start-up. ``replace`` makes a changed copy.
    """

    FIELDS = _FORM_FIELDS  # the attribute names, in the order __init__ takes them

    path: Path
    name: str
    template: str
    unit: str | None
    date: datetime.date | None
    title: tuple[str, ...]
    recipient: str | None
    period: Period | None
    opening: tuple[str, ...]
    body: tuple[Item, ...]
    problems: Section | None
    next_steps: Section | None
    closing: tuple[str, ...]
    attachments: tuple[str, ...]
    attachment_pages: tuple[Attachment, ...]  # the attachments that have content, in order
    sealed: bool
    two_level: bool
    profile: Profile | None
    locations: dict[str, Location]
    figures: dict[str, Figure]
    texts: tuple[TextRef, ...]
    source: SourceText | None
    red_header: RedHeader | None
    extra: dict[str, Any]
    spec: Any
    template_folders: tuple[str, ...]
    resolver: Resolver | None  # the session's resolver: templates are read through it
    notices: tuple[Any, ...]  # what --fix-text removed while reading, as notices
    findings: tuple[Any, ...]  # what reading mended (a typed heading number), as check warnings
    unread_figures: frozenset[str]  # figures whose value was refused (E124/E168): named, not undefined

    def __init__(self, path: Path, name: str, template: str, unit: str | None = None,  # noqa: PLR0913
                 date: datetime.date | None = None, title: tuple[str, ...] = (), recipient: str | None = None,
                 period: Period | None = None, opening: tuple[str, ...] = (), body: tuple[Item, ...] = (),
                 problems: Section | None = None, next_steps: Section | None = None, closing: tuple[str, ...] = (),
                 attachments: tuple[str, ...] = (), attachment_pages: tuple[Attachment, ...] = (),
                 sealed: bool = True, two_level: bool = False, profile: Profile | None = None,
                 locations: dict[str, Location] | None = None, figures: dict[str, Figure] | None = None,
                 texts: tuple[TextRef, ...] = (), source: SourceText | None = None,
                 red_header: RedHeader | None = None, extra: dict[str, Any] | None = None, spec: Any = None,
                 template_folders: tuple[str, ...] = (), resolver: Resolver | None = None,
                 notices: tuple[Any, ...] = (), findings: tuple[Any, ...] = (),
                 unread_figures: frozenset[str] = frozenset()) -> None:
        """Hold the parts; a dict left out (locations, figures, extra) is a new empty one."""
        self.__dict__.update(
            path=path, name=name, template=template, unit=unit, date=date, title=title, recipient=recipient,
            period=period, opening=opening, body=body, problems=problems, next_steps=next_steps, closing=closing,
            attachments=attachments, attachment_pages=attachment_pages, sealed=sealed, two_level=two_level,
            profile=profile, locations={} if locations is None else locations,
            figures={} if figures is None else figures, texts=texts, source=source, red_header=red_header,
            extra={} if extra is None else extra, spec=spec, template_folders=template_folders, resolver=resolver,
            notices=notices, findings=findings, unread_figures=unread_figures)

    def replace(self, **changes: Any) -> Form:
        """A copy with ``changes`` made (what ``dataclasses.replace`` did); an unknown name is a TypeError."""
        unknown = set(changes) - set(_FORM_FIELDS)
        if unknown:
            raise TypeError(f"Form has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(Form)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy

    def __setattr__(self, name: str, value: Any) -> None:
        """A Form is not changed in place: use ``replace``."""
        raise AttributeError(f"cannot assign to field {name!r}: a Form is immutable, use form.replace()")

    def __delattr__(self, name: str) -> None:
        """A Form's fields are not deleted."""
        raise AttributeError(f"cannot delete field {name!r}: a Form is immutable")

    def __repr__(self) -> str:
        """The form's file and template (a form's whole content is too long to print)."""
        return f"Form(path={self.path!r}, name={self.name!r}, template={self.template!r})"

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
