"""A form's fields as the web page edits them (plain JSON), read from the form's round-trip YAML.

The page holds one value per declared field, by canonical name: a text, lines joined by “\\n”, a
list of items, a section, a figures table or the 版头's fields. Items and figure rows carry in
``@`` where they stood in the form when it was opened, so that saving puts each one back with
its comments however the page moved it.
"""
from __future__ import annotations

import datetime
from typing import Any

from ..form.declarations import TemplateSpec
from ..form.schema import ATTACHMENT, FIGURE, FIGURES_FILE, FIGURES_TABLE, ITEM, RED_HEADER, SECTION, TABLE, spec_fields, typed_keys

ORIGIN = "@"
MAX_DEPTH = 40  # a form's items nest four levels deep; nothing a page edits lies deeper  # an item's or figure row's place in the form as opened
# Field types the page edits; others (版式 given as a mapping, 沿用上期) stay in the file as they are.
EDITABLE = ("文字", "标题", "段落", "条目", "部分", "日期", "期间", "是否", "指标", "版头", "模板", "表单文件", "版式", "附件",
            "指标文件")
KEPT = "原样"  # an item the page shows but does not edit (a table): saved exactly as it was


def editable(spec: TemplateSpec, data: Any) -> list[Any]:
    """The declared fields the page edits (a 版式 written as a mapping of overrides is left to a text editor)."""
    keys = typed_keys(data, spec_fields(spec)) if isinstance(data, dict) else {}
    shown = []
    for field in spec.fields:
        if field.type not in EDITABLE:
            continue
        if field.type == "版式" and field.name in keys and isinstance(data[keys[field.name]], dict):
            continue  # written as a mapping: left to a text editor, kept as it is
        shown.append(field)
    return shown


def scalar_text(value: Any) -> str:
    """A scalar as the page shows it: dates as 2023-07-10, booleans as 是/否, null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return ""
    return str(value)


def _lines(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(scalar_text(v) for v in value if not isinstance(v, (dict, list)))
    return scalar_text(value)


def item_state(node: Any, origin: str) -> dict[str, Any]:
    """One body item as the page edits it: its texts by canonical key, 列举 as a list, 下级 as items."""
    if not isinstance(node, dict):
        return {"内容": _lines(node), ORIGIN: origin}
    keys = typed_keys(node, ITEM.fields)
    state: dict[str, Any] = {ORIGIN: origin}
    if "表格" in keys and isinstance(node[keys["表格"]], dict):
        return {"表格": table_state(node[keys["表格"]]), ORIGIN: origin}
    if "指标表" in keys and (node[keys["指标表"]] is None or isinstance(node[keys["指标表"]], dict)):
        return {"指标表": figures_table_state(node[keys["指标表"]]), ORIGIN: origin}
    if "表格" in keys or "指标表" in keys:
        return {KEPT: _table_summary(node, keys), ORIGIN: origin}
    for name, key in keys.items():
        value, kind = node[key], ITEM.kind(name)
        if kind == "条目":
            state[name] = items_state(value, f"{origin}/{key}")
        elif kind == "文字列表":
            state[name] = [scalar_text(v) for v in (value if isinstance(value, list) else [value]) if v is not None]
        elif kind == "是否":
            state[name] = bool(value) if isinstance(value, bool) else scalar_text(value) == "是"
        elif kind == "层级":
            state[name] = value if isinstance(value, int) and not isinstance(value, bool) else scalar_text(value)
        else:
            state[name] = _lines(value)
    return state


def _cells(row: Any) -> list[str]:
    return [scalar_text(cell) for cell in row] if isinstance(row, list) else [scalar_text(row)]


def table_state(table: Any) -> dict[str, Any]:
    """A 表格 as the page edits it: title, header rows and rows of cell texts, note (列宽, 对齐, 合并 stay in the file)."""
    keys = typed_keys(table, TABLE.fields)
    state: dict[str, Any] = {}
    for name in TABLE.edited():
        value, kind = table.get(keys[name]) if name in keys else None, TABLE.kind(name)
        if kind == "表头":
            state[name] = [_cells(r) for r in value] if isinstance(value, list) and value and \
                all(isinstance(r, list) for r in value) else ([_cells(value)] if value else [])
        elif kind == "行":
            state[name] = [_cells(r) for r in value] if isinstance(value, list) else []
        else:
            state[name] = scalar_text(value)
    return state


def attachments_state(value: Any, origin: str) -> list[dict[str, Any]]:
    """附件 as the page edits it: each entry's name, and the items of those with pages of their own."""
    entries = value if isinstance(value, list) else ([value] if value is not None else [])
    out = []
    for index, entry in enumerate(entries):
        where = f"{origin}/{index}"
        if isinstance(entry, dict):
            keys = typed_keys(entry, ATTACHMENT.fields)
            state: dict[str, Any] = {"名称": scalar_text(entry.get(keys["名称"])) if "名称" in keys else "", ORIGIN: where}
            if "内容" in keys:
                state["内容"] = items_state(entry[keys["内容"]], f"{where}/{keys['内容']}")
            out.append(state)
        else:
            out.extend({"名称": line, ORIGIN: where} for line in _lines(entry).split("\n") if line.strip())
    return out


def figures_table_state(table: Any) -> dict[str, Any]:
    """A 指标表 as the page edits it: title, the figures it lists (none: all), its columns."""
    keys = typed_keys(table, FIGURES_TABLE.fields) if isinstance(table, dict) else {}
    state: dict[str, Any] = {}
    for name in FIGURES_TABLE.edited():
        value = table[keys[name]] if name in keys else None
        if FIGURES_TABLE.kind(name) == "文字":
            state[name] = scalar_text(value)
        else:
            state[name] = [scalar_text(v) for v in value] if isinstance(value, list) else []
    return state


def _table_summary(node: Any, keys: dict[str, Any]) -> str:
    """How the page names a table item it keeps as it is: “表格：标题（3 列，5 行）”."""
    if "指标表" in keys:
        value = node[keys["指标表"]]
        title = value.get("标题") if isinstance(value, dict) else None
        return f"指标表：{title or '（无标题）'}"
    value = node[keys["表格"]]
    if not isinstance(value, dict):
        return "表格"
    rows = value.get("行") or []
    header = value.get("表头") or []
    width = len(header[0]) if header and isinstance(header[0], list) else len(header)
    return f"表格：{value.get('标题') or '（无标题）'}（{width} 列，{len(rows) if isinstance(rows, list) else 0} 行）"


def items_state(node: Any, origin: str) -> list[dict[str, Any]]:
    """A list of items (a single item counts as a list of one)."""
    if node is None:
        return []
    nodes = node if isinstance(node, list) else [node]
    return [item_state(child, f"{origin}/{i}") for i, child in enumerate(nodes)]


def _figure_rows(node: Any, origin: str) -> list[dict[str, Any]]:
    rows = []
    for key, value in (node.items() if isinstance(node, dict) else ()):
        row = {"名称": str(key).strip(), **dict.fromkeys(FIGURE.edited(), ""), ORIGIN: f"{origin}/{key}"}
        if isinstance(value, dict):
            for name, typed in typed_keys(value, FIGURE.fields).items():
                row[name] = scalar_text(value[typed])
        elif value is not None:
            from ..form.figures import split_number_unit

            text = scalar_text(value)
            parsed = split_number_unit(text)
            row["值"], row["单位"] = (text, "") if parsed is None else (text[:len(text) - len(parsed[1])].strip(), parsed[1])
        rows.append(row)
    return rows


def figures_file_state(value: Any) -> dict[str, str]:
    """指标文件 as the page edits it: the file's name and the sheet (empty: the first sheet)."""
    if isinstance(value, dict):
        keys = typed_keys(value, FIGURES_FILE.fields)
        return {name: scalar_text(value[keys[name]]) if name in keys else "" for name in FIGURES_FILE.names()}
    return {name: scalar_text(value) if index == 0 else "" for index, name in enumerate(FIGURES_FILE.names())}


def field_state(kind: str, value: Any, origin: str) -> Any:
    """One top-level field's value as the page edits it, by the field's declared type."""
    if kind in ("标题", "段落"):
        return _lines(value)
    if kind == "附件":
        return attachments_state(value, origin)
    if kind == "条目":
        return items_state(value, origin)
    if kind == "部分":
        if isinstance(value, dict):
            keys = typed_keys(value, SECTION.fields)
            return {"标题": scalar_text(value.get(keys.get("标题"))) if "标题" in keys else "",
                    "下级": items_state(value.get(keys["下级"]), f"{origin}/{keys['下级']}") if "下级" in keys else []}
        return {"标题": "", "下级": items_state(value, origin)}
    if kind == "指标":
        return _figure_rows(value, origin)
    if kind == "指标文件":
        return figures_file_state(value)
    if kind == "版头":
        keys = typed_keys(value, RED_HEADER.fields) if isinstance(value, dict) else {}
        return {name: scalar_text(value[keys[name]]) if name in keys else "" for name in RED_HEADER.names()}
    return scalar_text(value)


def form_state(data: Any, spec: TemplateSpec) -> dict[str, Any]:
    """Every field the page edits, by canonical name; a field the form leaves out is empty."""
    keys = typed_keys(data, spec_fields(spec)) if isinstance(data, dict) else {}
    state: dict[str, Any] = {}
    for field in editable(spec, data):
        present = field.name in keys
        value = data[keys[field.name]] if present else None
        state[field.name] = field_state(field.type, value, str(keys[field.name]) if present else field.name)
    return state


def originals(data: Any) -> dict[str, Any]:
    """Every node of the form by the ``@`` path ``form_state`` gave it (the same paths for the same text)."""
    found: dict[str, Any] = {}

    def walk(node: Any, path: str, depth: int) -> None:
        found[path] = node
        if depth > MAX_DEPTH:  # an alias that holds itself (&a [*a]) would never end
            return
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}/{key}" if path else str(key), depth + 1)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}", depth + 1)

    walk(data, "", 0)
    return found
