"""Put the page's fields back into the form's round-trip YAML, keeping comments, key order, aliases and quoting.

Only what changed is replaced: an unchanged text keeps its node (its quotes, its ``>-``), an item
keeps its mapping (and the comments inside it) wherever it moved, and a field the page does not
edit is left as it was. A field emptied on the page is removed from the form.
"""
from __future__ import annotations

import datetime
import re
from typing import Any

from ..form.declarations import TemplateSpec
from ..form.fields import Field
from ..form.figures import parse_decimal
from ..form.roundtrip import LINE_BREAKS, new_text, round_trip_yaml
from .tablemerge import TableMerging
from ..form.schema import FIGURE, FIGURES_FILE, ITEM, RED_HEADER, SECTION, canonical_key, spec_fields, typed_keys
from .formstate import KEPT, ORIGIN, editable, originals, scalar_text
from .renames import figure_renames, rename_in_state, rename_parts
from .tails import hang_item_tails, hang_tails, lift_item_tails, lift_tails, put_tail, take_tail

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PASSED_THROUGH = ITEM.of_kind("是否", "层级")  # 分段, 连续编号, 下级层级: as the page sends them


class Merger(TableMerging):
    """Merges one page state into one freshly read form (``data``), finding moved items by their ``@``."""

    def __init__(self, data: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        self.data = data
        self.found = originals(data)
        self.Map, self.Seq = CommentedMap, CommentedSeq

    # -- scalars ------------------------------------------------------------------------------------
    def text(self, old: Any, new: str) -> Any:
        """``new`` in the style of ``old`` (the same node when the text did not change)."""
        from ruamel.yaml.scalarstring import ScalarString

        if isinstance(old, str) and old == new:
            return old
        if isinstance(old, ScalarString) and not any(ch in new for ch in LINE_BREAKS):
            return type(old)(new)
        return new_text(new)

    def number(self, old: Any, new: str) -> Any:
        """A figure's number as typed (1.50 stays 1.50); the old node when the value did not change."""
        if old is not None and not isinstance(old, bool) and str(old) == new:
            return old
        if new == "":
            return None
        value = parse_decimal(new)
        if value is None:
            return new_text(new)  # the reader will say it is not a number (E123), at its line
        return round_trip_yaml().load(new.replace(",", "").replace("，", "")) if re.fullmatch(r"-?[\d.]+", new) \
            else new_text(new)

    def scalar(self, kind: str, old: Any, new: str) -> Any:
        """A top-level scalar field's value, typed as the form would type it."""
        if old is not None and scalar_equal(old, new):
            return old
        if kind == "日期" and _ISO_DATE.match(new):
            try:
                return datetime.date.fromisoformat(new)
            except ValueError:
                return new
        if kind == "期间" and new.isdigit():
            return int(new)
        if kind == "是否" and isinstance(old, bool) and new in ("是", "否"):
            return new == "是"
        return self.text(old, new)

    def lines(self, old: Any, new: str) -> Any:
        """A 标题 or 段落 field: one line stays a scalar, several become (or stay) a list."""
        lines = [line.strip() for line in new.split("\n") if line.strip()]
        if not lines:
            return None
        if isinstance(old, list):
            return self.sequence(old, [self.text(old[i] if i < len(old) else None, line) for i, line in enumerate(lines)])
        if len(lines) == 1:
            return self.text(old, lines[0])
        return self.Seq(lines)

    def sequence(self, old: Any, values: list[Any], moved_from: list[int | None] | None = None) -> Any:
        """``old`` (a list) holding ``values``, its comments following the items they belong to."""
        if not isinstance(old, self.Seq):
            return self.Seq(values)
        comments = dict(old.ca.items)
        old[:] = values
        old.ca.items.clear()
        for new_index, old_index in enumerate(moved_from if moved_from is not None else range(len(values))):
            if old_index is None or old_index not in comments:
                continue
            value = values[new_index]
            if isinstance(value, self.Map) and len(value) and not value.ca.items.get(next(iter(value))):
                # a text item become a mapping: its comment goes to the end of the mapping's first line
                token = comments[old_index][0]
                value.ca.items[next(iter(value))] = [None, None, token, None]
            else:
                old.ca.items[new_index] = comments[old_index]
        return old

    def _index_in(self, old: Any, origin: Any) -> int | None:
        """The index an item had in the list ``old``, when ``origin`` says it came from that very list."""
        if not isinstance(origin, str) or not isinstance(old, list):
            return None
        head, _, tail = origin.rpartition("/")
        return int(tail) if tail.isdigit() and self.found.get(head) is old else None

    # -- mappings -----------------------------------------------------------------------------------
    def mapping(self, old: Any, fields: tuple[Field, ...], wanted: list[tuple[str, Any]]) -> Any:
        """``old`` (a mapping) holding ``wanted`` (canonical name, value; None removes), keys kept as typed.

        Keys the page does not know stay where they are; new keys go after the ones before them.
        """
        target = old if isinstance(old, self.Map) else self.Map()
        keys = typed_keys(target, fields)
        for position, (name, value) in enumerate(wanted):
            key = keys.get(name)
            if value is None:
                if key is not None:
                    del target[key]
                continue
            if key is not None:
                target[key] = value
                continue
            before = [keys[n] for n, _ in wanted[:position] if n in keys and keys[n] in target]
            index = list(target).index(before[-1]) + 1 if before else _first_declared(target, fields)
            target.insert(index, name, value)
            keys[name] = name
        return target

    # -- items --------------------------------------------------------------------------------------
    def items(self, old: Any, states: list[dict[str, Any]]) -> Any:
        """A list of items, each merged into the item it was opened as (found by ``@``)."""
        before, end = lift_item_tails(old)  # the comment lines between items stay before the item they precede
        nodes, moved_from = [], []
        for state in states:
            origin = state.get(ORIGIN)
            original = self.found.get(origin) if isinstance(origin, str) else None
            nodes.append(self.item(original, state))
            moved_from.append(self._index_in(old, origin))
        if not nodes:
            return None
        merged = self.sequence(old, nodes, moved_from)
        hang_item_tails(merged, moved_from, before, end)
        return merged

    def item(self, old: Any, state: dict[str, Any]) -> Any:
        """One item: a plain paragraph stays a plain text, anything else a mapping of its keys."""
        if KEPT in state and old is not None:  # a table the page does not edit: exactly as it was
            return old
        if isinstance(state.get("表格"), dict):
            return self.table_item(old, state["表格"])
        if isinstance(state.get("指标表"), dict):
            return self.figures_table_item(old, state["指标表"])
        named = {k: v for k, v in state.items() if k not in (ORIGIN, KEPT)}
        texts = {k: v for k, v in named.items() if v not in ("", [], None, False)}
        if set(texts) <= {"内容"} and not isinstance(old, dict):
            return self.text(old, str(texts.get("内容", "")))
        old_map = old if isinstance(old, dict) else None
        keys = typed_keys(old_map, ITEM.fields) if old_map is not None else {}
        wanted: list[tuple[str, Any]] = []
        for name in ITEM.of_kind("文字"):  # 标题, 引语, 内容
            value = str(named.get(name) or "").strip()
            wanted.append((name, self.text(old_map.get(keys[name]) if name in keys else None, value) if value else None))
        entries = [str(e).strip() for e in named.get("列举") or [] if str(e).strip()]
        old_list = old_map.get(keys["列举"]) if "列举" in keys else None
        wanted.append(("列举", self.sequence(old_list, [self.text(old_list[i] if isinstance(old_list, list)
                                                                  and i < len(old_list) else None, e)
                                                        for i, e in enumerate(entries)]) if entries else None))
        children = named.get("下级") or []
        old_children = old_map.get(keys["下级"]) if "下级" in keys else None
        wanted.append(("下级", self.items(old_children, children) if children else None))
        for name in _PASSED_THROUGH:
            value = named.get(name)
            old_value = old_map.get(keys[name]) if name in keys else None
            if isinstance(value, bool) and isinstance(old_value, str) and old_value in ("是", "否"):
                value = "是" if value else "否"
            wanted.append((name, value if value not in ("", None, False) else None))
        return self.mapping(old_map, ITEM.fields, wanted)

    def section(self, old: Any, state: dict[str, Any]) -> Any:
        """存在问题 / 下一步: a list of items, or {标题, 下级} when it has a heading of its own."""
        heading = str(state.get("标题") or "").strip()
        children = state.get("下级") or []
        if isinstance(old, dict) or heading:
            keys = typed_keys(old, SECTION.fields) if isinstance(old, dict) else {}
            old_heading = old.get(keys["标题"]) if "标题" in keys else None
            old_items = old.get(keys["下级"]) if "下级" in keys else None
            return self.mapping(old if isinstance(old, dict) else None, SECTION.fields, [
                ("标题", self.text(old_heading, heading) if heading else None),
                ("下级", self.items(old_items, children) if children else None)])
        return self.items(old, children)

    def figures(self, old: Any, rows: list[dict[str, Any]]) -> Any:
        """The 指标 block from the page's table; a row keeps its entry (and comments) through a rename."""
        target = old if isinstance(old, self.Map) else self.Map()
        tails = {key: take_tail(target, key) for key in list(target)}  # the lines after each figure stay after it
        comments = dict(target.ca.items)
        entries: list[tuple[Any, Any, Any]] = []  # (key, value, the key it had)
        for row, (name, _) in zip(rows, figure_names(rows)):
            if name is None:
                continue
            origin = row.get(ORIGIN)
            typed = _key_named(target, origin.rsplit("/", 1)[-1]) if isinstance(origin, str) else None
            entries.append((typed if typed is not None and str(typed).strip() == name else name,
                            self.figure(target.get(typed) if typed is not None else None, row), typed))
        for key in list(target):
            del target[key]
        target.ca.items.clear()
        for key, value, was in entries:
            target[key] = value
            if was is not None and was in comments:
                target.ca.items[key] = comments[was]
        kept = {was: key for key, _, was in entries if was is not None}
        hung: dict[Any, str] = {}
        last = next(iter(target), None)  # lines after a deleted figure go after the figure kept before it
        for was, tail in tails.items():
            last = kept.get(was, last)
            if tail and last is not None:
                hung[last] = hung.get(last, "") + tail
        for key, tail in hung.items():
            put_tail(target, key, tail)
        return target if entries else None

    def figure(self, old: Any, row: dict[str, Any]) -> Any:
        """One figure: “13次” when a value and unit say all, else {值, 单位, 上期, 去年同期, 来源}."""
        typed = {name: str(row.get(name) or "").strip() for name in FIGURE.edited()}  # 值, 单位, 上期, 去年同期, 来源
        value, unit = typed["值"], typed["单位"]
        rest = list(typed.values())[2:]  # 上期, 去年同期, 来源: after 值 and 单位, in the schema's order
        if not isinstance(old, dict) and not any(rest) and (value or not unit):
            if not value:
                return None  # named, not yet known: null
            if old is not None and scalar_equal(old, value + unit):
                return old
            return value + unit if unit else self.number(None, value)
        keys = typed_keys(old, FIGURE.fields) if isinstance(old, dict) else {}

        def kept(name: str, new: str) -> Any:
            previous = old.get(keys[name]) if name in keys else None
            if not new:
                return None
            return self.number(previous, new) if FIGURE.kind(name) == "数值" else self.text(previous, new)

        wanted = [(name, kept(name, new)) for name, new in typed.items()]
        entry = self.mapping(old if isinstance(old, dict) else None, FIGURE.fields, wanted)
        if "值" not in typed_keys(entry, FIGURE.fields):
            entry.insert(0, "值", None)  # “还不知道”: null, as draft next writes it
        if not isinstance(old, dict):
            entry.fa.set_flow_style()
        return entry

    def red_header(self, old: Any, state: dict[str, Any]) -> Any:
        """版头: its fields by name (印发日期 a date)."""
        keys = typed_keys(old, RED_HEADER.fields) if isinstance(old, dict) else {}
        wanted = []
        for field in RED_HEADER.fields:
            new = str(state.get(field.name) or "").strip()
            previous = old.get(keys[field.name]) if field.name in keys else None
            wanted.append((field.name, self.scalar(field.kind, previous, new) if new else None))
        entry = self.mapping(old if isinstance(old, dict) else None, RED_HEADER.fields, wanted)
        return entry if len(entry) else None

    def figures_file(self, old: Any, state: dict[str, Any]) -> Any:
        """指标文件: the file's name alone, or {文件, 表} when a sheet is chosen (None: no file)."""
        file, sheet = (str(state.get(name) or "").strip() for name in FIGURES_FILE.names())
        if not file:
            return None
        if not sheet:
            return self.scalar("文字", old if not isinstance(old, dict) else None, file)
        keys = typed_keys(old, FIGURES_FILE.fields) if isinstance(old, dict) else {}
        wanted = [(name, self.text(old.get(keys[name]) if name in keys else None, value))
                  for name, value in zip(FIGURES_FILE.names(), (file, sheet))]
        entry = self.mapping(old if isinstance(old, dict) else None, FIGURES_FILE.fields, wanted)
        if not isinstance(old, dict):
            entry.fa.set_flow_style()
        return entry

    # -- the form -----------------------------------------------------------------------------------
    def field(self, kind: str, old: Any, new: Any) -> Any:
        """One top-level field's new value (None: remove it)."""
        if kind in ("标题", "段落"):
            return self.lines(old, str(new or ""))
        if kind == "附件":
            return self.attachments(old, list(new or []))
        if kind == "条目":
            return self.items(old, list(new or []))
        if kind == "部分":
            return self.section(old, dict(new or {}))
        if kind == "指标":
            return self.figures(old, list(new or []))
        if kind == "版头":
            return self.red_header(old, dict(new or {}))
        if kind == "指标文件" and isinstance(new, dict):
            return self.figures_file(old, new)
        text = str(new or "").strip()
        return self.scalar(kind, old, text) if text else None

    def merge(self, spec: TemplateSpec, state: dict[str, Any]) -> Any:
        """The form with every field the page edits set from ``state`` (fields it does not send are kept)."""
        fields = spec_fields(spec)
        figure_fields = [f.name for f in editable(spec, self.data) if f.type == "指标"]
        renames = self.renames(state, figure_fields)
        if renames:  # a figure renamed in the 指标 table: its uses in every text follow
            state = {k: v if k in figure_fields else rename_in_state(v, renames) for k, v in state.items()}
        tails = lift_tails(self.data)  # the lines after each field stay after it, whatever its last value becomes
        keys = typed_keys(self.data, fields)
        wanted = []
        for declared in editable(spec, self.data):
            if declared.name not in state:
                wanted.append((declared.name, self.data.get(keys[declared.name]) if declared.name in keys else None))
                continue
            old = self.data.get(keys[declared.name]) if declared.name in keys else None
            wanted.append((declared.name, self.field(declared.type, old, state[declared.name])))
        merged = self.mapping(self.data, fields, wanted)
        hang_tails(merged, tails)
        figure_keys = typed_keys(merged, fields)
        for name in figure_fields:
            if name in figure_keys:
                rename_parts(merged[figure_keys[name]], renames)
        return merged

    @staticmethod
    def renames(state: dict[str, Any], figure_fields: list[str]) -> dict[str, str]:
        """Old name → new name of each figure the page's 指标 table renamed."""
        found: dict[str, str] = {}
        for name in figure_fields:
            rows = state.get(name)
            if isinstance(rows, list) and all(isinstance(row, dict) for row in rows):
                found.update(figure_renames(rows, [saved for saved, _ in figure_names(rows)]))
        return found


def figure_names(rows: list[dict[str, Any]]) -> list[tuple[str | None, str | None]]:
    """The name each figure row is saved under, and why it differs from the name typed (None: as typed).

    Nothing typed is dropped: a row with values but no name is saved as 未命名指标1, a repeated name
    as 名称（2）; an empty row is left out.
    """
    names: list[tuple[str | None, str | None]] = []
    seen: set[str] = set()
    unnamed = 0
    for row in rows:
        name = str(row.get("名称") or "").strip()
        note = None
        if not name:
            if not any(str(row.get(key) or "").strip() for key in FIGURE.edited()):
                names.append((None, None))
                continue
            unnamed += 1
            name, note = f"未命名指标{unnamed}", "这一行指标没有名称"
        if name in seen:
            number = 2
            while f"{name}（{number}）" in seen:
                number += 1
            name, note = f"{name}（{number}）", f"指标名称“{name}”重复"
        seen.add(name)
        names.append((name, f"{note}，保存时记为“{name}”" if note else None))
    return names


def scalar_equal(old: Any, new: str) -> bool:
    """Whether the page's text ``new`` says what the form's scalar ``old`` says."""
    return scalar_text(old) == new


def _first_declared(target: Any, fields: tuple[Field, ...]) -> int:
    """Where a key goes when none before it is present: after the keys that are none of ``fields`` at the top."""
    for index, key in enumerate(target):
        if canonical_key(key, fields) is not None:
            return index
    return len(target)


def _key_named(mapping: Any, text: str) -> Any:
    """The key of ``mapping`` written ``text`` (a figure named 2023 is the number 2023)."""
    return next((key for key in mapping if str(key) == text), None)
