"""The one walker over a form's texts: where every text slot is, for reading, rendering, checking and draft next.

The reader makes each text a :class:`Text` that knows its place in the file; the table below
says which attributes of which records hold texts. Rendering rewrites exactly those slots,
checking reads exactly those, and ``draft next`` fingerprints exactly those.
"""
from __future__ import annotations

import hashlib
from typing import Any, Callable, Iterator

from ..errors import Location
from ..styles import Profile, RoleStyle
from .model import Attachment, FiguresTable, Form, Item, RedHeader, Section, Table, TextRef


class Text(str):
    """A text as typed in a form, with where it stands (start, last line) and the name of its slot."""

    location: Location
    end_line: int
    label: str

    def __new__(cls, value: str, location: Location, end_line: int, label: str) -> Text:
        text = super().__new__(cls, value)
        text.location, text.end_line, text.label = location, end_line, label
        return text

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Text, (str(self), self.location, self.end_line, self.label))


PROSE, SETTING = "prose", "setting"

# Record type → the attributes that hold texts (or records holding texts), and what the texts are:
# prose is rendered (``{{ }}``) and checked; settings (font names, colours) are neither.
TEXT_SLOTS: dict[type, tuple[tuple[str, ...], str]] = {
    Item: (("heading", "lead", "text", "enumeration", "children", "table"), PROSE),
    Table: (("title", "header", "rows", "note"), PROSE),
    FiguresTable: (("title",), PROSE),
    Attachment: (("items",), PROSE),  # its name is one of the form's 附件, walked there
    Section: (("heading", "items"), PROSE),
    RedHeader: (("issuer_mark", "copy_number", "secrecy", "secrecy_term", "urgency", "document_number",
                 "signer", "copy_to", "printer"), PROSE),
    Profile: (("roles", "fallbacks"), SETTING),
    RoleStyle: (("east_asian", "western", "color"), SETTING),
}
# The form's own attributes that hold texts, with the field name a reader of the form knows them by.
FORM_SLOTS = (("title", "标题"), ("recipient", "主送"), ("unit", "落款"), ("opening", "开头"),
              ("body", "正文"), ("problems", "存在问题"), ("next_steps", "下一步"), ("closing", "结尾"),
              ("attachments", "附件"), ("attachment_pages", "附件"), ("red_header", "版头"), ("profile", "版式"))
SECTION_TYPES = ("标题", "段落", "条目", "部分", "附件")  # declared types whose texts are parts of the report


def _walk(value: Any, kind: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield value, kind
        return
    slots = TEXT_SLOTS.get(type(value))
    if slots is not None:
        attributes, own_kind = slots
        for attribute in attributes:
            yield from _walk(getattr(value, attribute), own_kind if kind == PROSE else kind)
    elif isinstance(value, tuple):
        for entry in value:
            yield from _walk(entry, kind)
    elif isinstance(value, dict):
        for entry in value.values():
            yield from _walk(entry, kind)


def _map(value: Any, rewrite: Callable[[str], str], kind: str) -> Any:
    if isinstance(value, str):
        return rewrite(value) if kind == PROSE else value
    slots = TEXT_SLOTS.get(type(value))
    if slots is not None:
        attributes, own_kind = slots
        if own_kind != PROSE:
            return value
        return value._replace(**{a: _map(getattr(value, a), rewrite, own_kind) for a in attributes})
    if type(value) is tuple:
        return tuple(_map(entry, rewrite, kind) for entry in value)
    return value


def _sections(form: Form) -> Iterator[tuple[str, Any, str]]:
    """(field name, value, section name) of every part of the form that may hold texts."""
    declared = {f.name: f.type for f in form.spec.fields} if form.spec is not None else {}
    for attribute, name in FORM_SLOTS:
        if attribute == "attachment_pages":  # an attachment's pages are content, reviewed as the body is
            yield name, form.attachment_pages, "附件内容"
            continue
        yield name, getattr(form, attribute), name if declared.get(name) in SECTION_TYPES else ""
    for name, value in form.extra.items():
        yield name, value, name if declared.get(name) in SECTION_TYPES else ""


def prose_texts(form: Form) -> Iterator[tuple[str, str]]:
    """Every prose text of ``form`` with the section it belongs to, in the order of the form's parts."""
    for _, value, section in _sections(form):
        for text, kind in _walk(value, PROSE):
            if kind == PROSE:
                yield text, section


def text_refs(form: Form) -> tuple[TextRef, ...]:
    """Every prose text of ``form`` as a located reference, in file order."""
    refs = []
    seen: set[int] = set()
    for text, section in prose_texts(form):
        if not isinstance(text, Text) or id(text) in seen:
            continue
        seen.add(id(text))
        refs.append(TextRef(text.label, text, text.location, text.end_line, section))
    refs.sort(key=lambda ref: (ref.location.line or 0, ref.location.column or 0))
    return tuple(refs)


def map_texts(form: Form, rewrite: Callable[[str], str]) -> Form:
    """A copy of ``form`` with every prose text passed through ``rewrite`` (settings are left alone)."""
    changes = {attribute: _map(getattr(form, attribute), rewrite, PROSE) for attribute, _ in FORM_SLOTS}
    extra = {name: _map(value, rewrite, PROSE) for name, value in form.extra.items()}
    return form.replace(extra=extra, **changes)


_NOT_REVIEWED = {"标题", "", "附件"}


def text_fingerprint(text: str) -> str:
    """A short, stable fingerprint of a text (8 hex digits)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def reviewable(ref: TextRef) -> bool:
    """Texts that carry the substance of a report (not the title, attachments or single fields)."""
    return ref.section not in _NOT_REVIEWED


def locate(form: Form, ref: TextRef, offset: int, snippet: str) -> Location:
    """The file:line:col of ``snippet`` found at ``offset`` of ``ref``'s text, in the form's source as typed."""
    occurrence = ref.text[:offset].count(snippet) if snippet else 0
    lines = form.source_lines
    seen = 0
    start = (ref.location.line or 1) - 1
    for index in range(start, min(ref.end_line, len(lines))):
        line = lines[index]
        column = line.find(snippet, ref.location.column - 1 if index == start and ref.location.column else 0)
        while column >= 0:
            if seen == occurrence:
                return Location(ref.location.file, index + 1, column + 1)
            seen += 1
            column = line.find(snippet, column + 1)
    return ref.location


def _tables(value: Any) -> Iterator[Table]:
    if isinstance(value, Table):
        yield value
        return
    if type(value) is tuple:
        for entry in value:
            yield from _tables(entry)
    elif type(value) in TEXT_SLOTS and TEXT_SLOTS[type(value)][1] == PROSE:
        for attribute in TEXT_SLOTS[type(value)][0]:
            yield from _tables(getattr(value, attribute))


def form_tables(form: Form) -> Iterator[tuple[Table, str]]:
    """Every table of ``form`` (title, header, rows, note) with the section it belongs to, in the order of the form's parts."""
    for _, value, section in _sections(form):
        for table in _tables(value):
            yield table, section


def table_texts(table: Table) -> tuple[str, ...]:
    """A table's texts: title, header cells, row cells, note."""
    return tuple(text for text, kind in _walk(table, PROSE) if kind == PROSE)


def table_fingerprint(table: Table) -> str:
    """One fingerprint for a whole table: a person reviews a table as one piece, not cell by cell."""
    return text_fingerprint("\x1f".join(table_texts(table)))
