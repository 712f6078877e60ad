"""The document model: a flat list of blocks that writers read, knowing nothing of Word."""
from __future__ import annotations

from ..records import NamedTuple


class Span(NamedTuple):
    """Where a block came from: the template file and the line of its rendered markup."""

    source: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line}"


class Enumeration(NamedTuple):
    """A 一是……二是…… list; ``labels`` are filled in by numbering."""

    items: tuple[str, ...]
    separate: bool = False
    labels: tuple[str, ...] = ()


class Title(NamedTuple):
    """The document title, one or more centred lines."""

    lines: tuple[str, ...]
    span: Span
    origin: str | None = None  # the form path it came from (正文/0/下级/1), None when unknown (docs/origin-markers.md)


class Recipient(NamedTuple):
    """The 主送机关 line, flush left, ending in ‘：’."""

    text: str
    span: Span
    origin: str | None = None


class Heading(NamedTuple):
    """A numbered heading of ``level`` 1–4; with ``text`` or an enumeration it runs into its paragraph."""

    level: int
    title: str
    span: Span
    text: str | None = None
    enumeration: Enumeration | None = None
    continuous: bool = False
    number: str = ""
    origin: str | None = None

    @property
    def runs_in(self) -> bool:
        """True when the heading opens a paragraph rather than standing alone."""
        return self.text is not None or self.enumeration is not None


class Paragraph(NamedTuple):
    """A body paragraph, optionally opening with an unnumbered lead sentence or ending in a list."""

    text: str
    span: Span
    lead: str | None = None
    enumeration: Enumeration | None = None
    origin: str | None = None


class Attachments(NamedTuple):
    """The 附件说明: names of attachments; ``labels`` (1. 2.) are filled in by numbering."""

    items: tuple[str, ...]
    span: Span
    labels: tuple[str, ...] = ()
    origin: str | None = None


class Signature(NamedTuple):
    """落款 and 成文日期, laid out for a sealed or unsealed document."""

    unit: str
    date: str
    span: Span
    sealed: bool = True
    origin: str | None = None
    date_origin: str | None = None  # the 成文日期's own (日期), when the template names it


class Masthead(NamedTuple):
    """版头 of a red-header document: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人."""

    issuer_mark: str
    span: Span
    copy_number: str | None = None
    secrecy: str | None = None
    urgency: str | None = None
    document_number: str | None = None
    signer: str | None = None
    origin: str | None = None


class Imprint(NamedTuple):
    """版记 at the foot of the last page: 抄送, 印发机关 and 印发日期 between rules."""

    span: Span
    copy_to: str | None = None
    printer: str | None = None
    print_date: str | None = None
    origin: str | None = None


class Table(NamedTuple):
    """A table: its rows of cell texts (header rows first), its title and note, how its columns are set."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int
    span: Span
    title: str | None = None
    widths: tuple[float, ...] = ()   # relative; empty: by the cells' content
    aligns: tuple[str, ...] = ()     # "left" | "center" | "right"; empty: by the column's content
    merges: tuple[tuple[int, int, int, int], ...] = ()  # (row, column, rows, columns)
    note: str | None = None
    origin: str | None = None

    @property
    def columns(self) -> int:
        """How many columns the table has."""
        return len(self.rows[0]) if self.rows else 0


class Annex(NamedTuple):
    """The start of an attachment's pages (GB/T 9704 7.3.7): a new page, “附件N”, its title; ``label`` by numbering."""

    title: str
    span: Span
    number: int
    count: int
    label: str = ""
    origin: str | None = None


Block = Title | Recipient | Heading | Paragraph | Attachments | Signature | Masthead | Imprint | Table | Annex


class Document(NamedTuple):
    """A whole report: its blocks in reading order and document-wide settings.

    ``numbered`` is set by numbering: writers number a document that is not, so that no
    heading, list item or attachment is ever written without its number.
    """

    blocks: tuple[Block, ...]
    two_level: bool = False
    meta: dict[str, str] | None = None  # core properties (creator, created), the form (form, form_sha256)
    numbered: bool = False
