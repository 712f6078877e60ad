"""One form schema: the records a form's fields hold, their keys and kinds of value, and a template's own fields.

Every reader and writer of forms (the web page's state and its merge, field paths, ``draft schema``,
``draft import``, ``draft rollup``) asks this module which keys a record has, which of them hold
texts, numbers or items, and which the web page edits; the tables themselves are in ``fields.py``,
a template's top-level fields in its declaration (``declarations.py``).
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Iterable

from ..records import NamedTuple
from .declarations import TemplateSpec
from .fields import (ATTACHMENT_FIELDS, FIGURE_FIELDS, FIGURES_FILE_FIELDS, FIGURES_TABLE_FIELDS, ITEM_FIELDS,
                     RED_HEADER_FIELDS, SECTION_FIELDS, TABLE_FIELDS, Field)

# Kinds of value a record's key holds (Field.kind), and whether the web page edits them.
KINDS = MappingProxyType({
    "文字": True, "数值": True, "日期": True, "是否": True, "层级": True, "文字列表": True, "条目": True,
    "表格": True, "指标表": True, "表头": True, "行": True, "指标名列表": True, "指标列": True,
    "列宽": False, "对齐": False, "合并": False, "指标名": False,
})


class Record(NamedTuple):
    """A kind of mapping a form holds (an item, a figure, the 版头…): its name and keys."""

    name: str
    fields: tuple[Field, ...]

    def names(self) -> tuple[str, ...]:
        """The canonical names of its keys, in order."""
        return tuple(f.name for f in self.fields)

    def of_kind(self, *kinds: str) -> tuple[str, ...]:
        """The canonical names of its keys holding a value of one of ``kinds``."""
        return tuple(f.name for f in self.fields if f.kind in kinds)

    def kind(self, name: str) -> str | None:
        """The kind of value key ``name`` (canonical) holds; None if it is not one of its keys."""
        return next((f.kind for f in self.fields if f.name == name), None)

    def edited(self) -> tuple[str, ...]:
        """The canonical names of the keys the web page edits (the others stay in the file as written)."""
        return tuple(f.name for f in self.fields if KINDS[f.kind])


ITEM = Record("条目", ITEM_FIELDS)
SECTION = Record("部分", SECTION_FIELDS)
TABLE = Record("表格", TABLE_FIELDS)
FIGURES_TABLE = Record("指标表", FIGURES_TABLE_FIELDS)
ATTACHMENT = Record("附件", ATTACHMENT_FIELDS)
FIGURE = Record("指标", FIGURE_FIELDS)
RED_HEADER = Record("版头", RED_HEADER_FIELDS)
FIGURES_FILE = Record("指标文件", FIGURES_FILE_FIELDS)
RECORDS = (ITEM, SECTION, TABLE, FIGURES_TABLE, ATTACHMENT, FIGURE, RED_HEADER, FIGURES_FILE)


def canonical_key(key: Any, fields: Iterable[Field]) -> str | None:
    """The canonical name of ``key`` among ``fields`` (by name or alias), None if it is none of them."""
    text = str(key).strip()
    return next((f.name for f in fields if text == f.name or text in f.aliases), None)


def typed_keys(mapping: Any, fields: Iterable[Field]) -> dict[str, Any]:
    """{canonical name: the key as the form writes it} for the keys of ``mapping`` among ``fields``."""
    fields = tuple(fields)
    found: dict[str, Any] = {}
    for key in mapping:
        name = canonical_key(key, fields)
        if name is not None and name not in found:
            found[name] = key
    return found


def spec_fields(spec: TemplateSpec) -> tuple[Field, ...]:
    """The template's declared fields as mapping keys (canonical names and aliases, the declared type as kind)."""
    return tuple(Field(f.name, f.aliases, f.doc, f.type) for f in spec.fields)


def field_types(spec: TemplateSpec) -> dict[str, str]:
    """{canonical name: declared type} of the template's fields."""
    return {f.name: f.type for f in spec.fields}


def key_names(fields: Iterable[Any]) -> tuple[str, ...]:
    """Every name a form may write for ``fields`` (Field or FieldSpec): each canonical name, then its aliases."""
    return tuple(name for f in fields for name in (f.name, *f.aliases))

