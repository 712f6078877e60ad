"""``draft schema``: a JSON Schema of a template's form, for editor completion and validation."""
from __future__ import annotations

from typing import Any

from ..form.declarations import FieldSpec, TemplateSpec
from ..form.fields import (ATTACHMENT_FIELDS, FIGURE_FIELDS, FIGURES_TABLE_FIELDS, ITEM_FIELDS, RED_HEADER_FIELDS,
                           TABLE_FIELDS)
from ..form.tables import ALIGNS, FIGURE_COLUMNS

_TEXT = {"type": "string"}
_PARAGRAPHS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _keys(fields, value_schema: dict[str, Any] | None = None, docs: dict[str, str] | None = None) -> dict[str, Any]:
    """Properties for canonical names and their aliases."""
    props: dict[str, Any] = {}
    for f in fields:
        for name in (f.name,) + tuple(f.aliases):
            entry = dict(value_schema.get(f.name, {}) if value_schema else {})
            if docs and f.name in docs:
                entry["description"] = docs[f.name]
            props[name] = entry
    return props


def _definitions() -> dict[str, Any]:
    item_values = {
        "标题": _TEXT, "引语": _TEXT, "内容": _TEXT, "列举": {"type": "array", "items": _TEXT},
        "分段": {"type": ["boolean", "string"]}, "连续编号": {"type": ["boolean", "string"]},
        "下级层级": {"type": "integer", "minimum": 2, "maximum": 4},
        "下级": {"type": "array", "items": {"$ref": "#/$defs/条目"}},
        "表格": {"$ref": "#/$defs/表格"}, "指标表": {"$ref": "#/$defs/指标表"},
    }
    cells = {"type": "array", "items": {"type": ["string", "number", "null"]}}
    table_values = {"标题": _TEXT, "表头": {"anyOf": [cells, {"type": "array", "items": cells}]},
                    "行": {"type": "array", "items": cells}, "列宽": {"type": "array", "items": {"type": "number"}},
                    "对齐": {"type": "array", "items": {"enum": sorted(ALIGNS)}},
                    "合并": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Za-z]{1,2}\d+:[A-Za-z]{1,2}\d+$"}},
                    "注": _TEXT}
    figures_table_values = {"标题": _TEXT, "指标": {"type": "array", "items": {"type": ["string", "number"]}},
                            "列": {"type": "array", "items": {"enum": list(FIGURE_COLUMNS)}}}
    figure_values = {"值": {"type": ["number", "null"]}, "单位": _TEXT, "上期": {"type": ["number", "null"]},
                     "去年同期": {"type": ["number", "null"]}, "来源": _TEXT,
                     "分子": _TEXT, "分母": _TEXT}
    return {
        "条目": {"anyOf": [
            {"type": "string", "description": "一段文字"},
            {"type": "object", "additionalProperties": False,
             "properties": _keys(ITEM_FIELDS, item_values, {f.name: f.doc for f in ITEM_FIELDS})},
        ]},
        "部分": {"anyOf": [
            {"type": "array", "items": {"$ref": "#/$defs/条目"}},
            {"type": "object", "additionalProperties": False,
             "properties": {"标题": _TEXT, "heading": _TEXT,
                            "下级": {"type": "array", "items": {"$ref": "#/$defs/条目"}},
                            "children": {"type": "array", "items": {"$ref": "#/$defs/条目"}}}},
        ]},
        "表格": {"type": "object", "additionalProperties": False, "properties": _keys(TABLE_FIELDS, table_values)},
        "指标表": {"type": ["object", "null"], "additionalProperties": False,
                   "properties": _keys(FIGURES_TABLE_FIELDS, figures_table_values)},
        "附件": {"anyOf": [_TEXT, {"type": "object", "additionalProperties": False, "properties": _keys(
            ATTACHMENT_FIELDS, {"名称": _TEXT, "内容": {"type": "array", "items": {"$ref": "#/$defs/条目"}}})}]},
        "指标": {"type": "object", "additionalProperties": {"anyOf": [
            {"type": ["number", "string", "null"], "description": "数值，可带单位，如 2966件；未知写 null"},
            {"type": "object", "additionalProperties": False, "properties": _keys(FIGURE_FIELDS, figure_values)},
        ]}},
    }


def _field_schema(field: FieldSpec) -> dict[str, Any]:
    by_type: dict[str, dict[str, Any]] = {
        "文字": _TEXT, "模板": _TEXT, "表单文件": _TEXT, "标题": _PARAGRAPHS, "段落": _PARAGRAPHS,
        "条目": {"type": "array", "items": {"$ref": "#/$defs/条目"}}, "部分": {"$ref": "#/$defs/部分"},
        "日期": {"type": "string", "format": "date"},
        "期间": {"type": ["string", "integer"], "pattern": r"^\d{4}([Hh][12]|[Qq][1-4]|-\d{1,2})?$"},
        "是否": {"anyOf": [{"type": "boolean"}, {"enum": ["是", "否"]}]},
        "指标": {"$ref": "#/$defs/指标"},
        "版式": {"type": ["string", "object"]},
        "沿用": {"type": "array", "items": {"type": "string"}},
        "附件": {"anyOf": [_TEXT, {"type": "array", "items": {"$ref": "#/$defs/附件"}}]},
        "指标文件": {"anyOf": [_TEXT, {"type": "object", "additionalProperties": False,
                                     "properties": {"文件": _TEXT, "file": _TEXT, "表": _TEXT, "sheet": _TEXT}}]},
        "版头": {"type": "object", "additionalProperties": False,
                 "properties": _keys(RED_HEADER_FIELDS, {f.name: _TEXT for f in RED_HEADER_FIELDS})},
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
