"""``draft schema``: a JSON Schema of a template's form, for editor completion and validation."""
from __future__ import annotations

from typing import Any

from ..form.declarations import FieldSpec, TemplateSpec
from ..form.schema import ATTACHMENT, FIGURE, FIGURES_FILE, FIGURES_TABLE, ITEM, RED_HEADER, SECTION, TABLE, Record
from ..form.tables import ALIGNS, FIGURE_COLUMNS

_TEXT = {"type": "string"}
_PARAGRAPHS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_CELLS = {"type": "array", "items": {"type": ["string", "number", "null"]}}
_ITEMS = {"type": "array", "items": {"$ref": "#/$defs/条目"}}

# What a record's key holds, by its kind (form.schema.KINDS).
_KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "文字": _TEXT, "日期": _TEXT, "指标名": _TEXT, "数值": {"type": ["number", "null"]},
    "是否": {"type": ["boolean", "string"]}, "层级": {"type": "integer", "minimum": 2, "maximum": 4},
    "文字列表": {"type": "array", "items": _TEXT}, "条目": _ITEMS,
    "表格": {"$ref": "#/$defs/表格"}, "指标表": {"$ref": "#/$defs/指标表"},
    "表头": {"anyOf": [_CELLS, {"type": "array", "items": _CELLS}]}, "行": {"type": "array", "items": _CELLS},
    "列宽": {"type": "array", "items": {"type": "number"}},
    "对齐": {"type": "array", "items": {"enum": sorted(ALIGNS)}},
    "合并": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Za-z]{1,2}\d+:[A-Za-z]{1,2}\d+$"}},
    "指标名列表": {"type": "array", "items": {"type": ["string", "number"]}},
    "指标列": {"type": "array", "items": {"enum": list(FIGURE_COLUMNS)}},
}


def _object(record: Record) -> dict[str, Any]:
    """A record as a JSON object: a property for each canonical name and alias, by the key's kind, with its meaning."""
    properties: dict[str, Any] = {}
    for field in record.fields:
        entry = dict(_KIND_SCHEMAS[field.kind])
        if field.doc:
            entry["description"] = field.doc
        for name in (field.name, *field.aliases):
            properties[name] = entry
    return {"type": "object", "additionalProperties": False, "properties": properties}


def _definitions() -> dict[str, Any]:
    figures_table = _object(FIGURES_TABLE)
    figures_table["type"] = ["object", "null"]
    return {
        "条目": {"anyOf": [{"type": "string", "description": "一段文字"}, _object(ITEM)]},
        "部分": {"anyOf": [_ITEMS, _object(SECTION)]},
        "表格": _object(TABLE),
        "指标表": figures_table,
        "附件": {"anyOf": [_TEXT, _object(ATTACHMENT)]},
        "指标": {"type": "object", "additionalProperties": {"anyOf": [
            {"type": ["number", "string", "null"], "description": "数值，可带单位，如 2966件；未知写 null"},
            _object(FIGURE),
        ]}},
    }


def _field_schema(field: FieldSpec) -> dict[str, Any]:
    by_type: dict[str, dict[str, Any]] = {
        "文字": _TEXT, "模板": _TEXT, "表单文件": _TEXT, "标题": _PARAGRAPHS, "段落": _PARAGRAPHS,
        "条目": _ITEMS, "部分": {"$ref": "#/$defs/部分"},
        "日期": {"type": "string", "format": "date"},
        "期间": {"type": ["string", "integer"], "pattern": r"^\d{4}([Hh][12]|[Qq][1-4]|-\d{1,2})?$"},
        "是否": {"anyOf": [{"type": "boolean"}, {"enum": ["是", "否"]}]},
        "指标": {"$ref": "#/$defs/指标"},
        "版式": {"type": ["string", "object"]},
        "沿用": {"type": "array", "items": {"type": "string"}},
        "附件": {"anyOf": [_TEXT, {"type": "array", "items": {"$ref": "#/$defs/附件"}}]},
        "指标文件": {"anyOf": [_TEXT, _object(FIGURES_FILE)]},
        "版头": _object(RED_HEADER),
    }
    schema = dict(by_type[field.type])
    if field.doc:
        schema["description"] = field.doc
    if field.example is not None and field.type in ("文字", "期间", "模板"):
        schema["examples"] = [str(field.example)]
    return schema


def json_schema(spec: TemplateSpec) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of forms for template ``spec``."""
    properties: dict[str, Any] = {}
    for field in spec.fields:
        for name in (field.name,) + field.aliases:
            properties[name] = _field_schema(field)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"drafting 表单：{spec.name}",
        "description": spec.description,
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in spec.fields if f.required],
        "properties": properties,
        "$defs": _definitions(),
    }
