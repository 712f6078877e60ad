"""Merging the page's tables and attachments into the form's round-trip YAML (part of :class:`merge.Merger`)."""
from __future__ import annotations

from typing import Any

from ..form.schema import ATTACHMENT, FIGURES_TABLE, ITEM, TABLE, typed_keys
from .formstate import ORIGIN, scalar_text


class TableMerging:
    """表格, 指标表 and 附件 entries: only what the page changed is replaced; widths, aligns and merges stay."""

    # Merger provides the rest: text(), mapping(), sequence(), items(), _index_in(), Seq and found.
    Seq: Any
    found: dict[str, Any]

    def _row(self, old: Any, cells: list[Any]) -> Any:
        """One row of cells as a flow list ``[甲, 乙]``, the old row kept when no cell changed."""
        texts = [str(cell if cell is not None else "") for cell in cells]
        if isinstance(old, list) and [scalar_text(c) for c in old] == texts:
            return old
        row = self.Seq([self.text(old[i] if isinstance(old, list) and i < len(old) else None, text)
                        for i, text in enumerate(texts)])
        row.fa.set_flow_style()
        return row


    def table_item(self, old: Any, state: dict[str, Any]) -> Any:
        """A 表格 item: title, header rows, rows and note from the page; 列宽, 对齐, 合并 kept as written."""
        item_keys = typed_keys(old, ITEM.fields) if isinstance(old, dict) else {}
        old_table = old.get(item_keys["表格"]) if "表格" in item_keys else None
        keys = typed_keys(old_table, TABLE.fields) if isinstance(old_table, dict) else {}
        get = lambda name: old_table.get(keys[name]) if name in keys else None  # noqa: E731
        header_rows = [r for r in state.get("表头") or [] if isinstance(r, list)]
        old_header = get("表头")
        if len(header_rows) == 1:
            header: Any = self._row(old_header if not (isinstance(old_header, list) and old_header
                                                        and isinstance(old_header[0], list)) else None, header_rows[0])
        elif header_rows:
            previous = old_header if isinstance(old_header, list) and old_header and isinstance(old_header[0], list) else []
            header = self.Seq([self._row(previous[i] if i < len(previous) else None, r) for i, r in enumerate(header_rows)])
        else:
            header = None
        old_rows = get("行") if isinstance(get("行"), list) else []
        rows = [self._row(old_rows[i] if i < len(old_rows) else None, r)
                for i, r in enumerate(state.get("行") or []) if isinstance(r, list)]
        row_list = self.sequence(old_rows if isinstance(get("行"), self.Seq) else None, rows) if rows else None

        def edited(name: str) -> Any:
            """A key the page edits: 表头, 行, or a text (标题, 注); a key it does not (列宽, 对齐, 合并) stays as written."""
            kind = TABLE.kind(name)
            if kind == "表头":
                return header
            if kind == "行":
                return row_list
            if name not in TABLE.edited():
                return get(name)
            new = str(state.get(name) or "").strip()
            return self.text(get(name), new) if new else None

        table = self.mapping(old_table if isinstance(old_table, dict) else None, TABLE.fields,
                             [(name, edited(name)) for name in TABLE.names()])
        return self.mapping(old if isinstance(old, dict) else None, ITEM.fields, [("表格", table)])


    def figures_table_item(self, old: Any, state: dict[str, Any]) -> Any:
        """A 指标表 item: its title, the figures it lists and its columns from the page."""
        item_keys = typed_keys(old, ITEM.fields) if isinstance(old, dict) else {}
        old_table = old.get(item_keys["指标表"]) if "指标表" in item_keys else None
        keys = typed_keys(old_table, FIGURES_TABLE.fields) if isinstance(old_table, dict) else {}
        get = lambda name: old_table.get(keys[name]) if name in keys else None  # noqa: E731
        title = str(state.get("标题") or "").strip()
        wanted = [("标题", self.text(get("标题"), title) if title else None)]
        for name in FIGURES_TABLE.of_kind("指标名列表", "指标列"):  # 指标, 列
            values = [str(v).strip() for v in state.get(name) or [] if str(v).strip()]
            wanted.append((name, self._row(get(name), values) if values else None))
        if old is not None and old_table is None and all(value is None for _, value in wanted):
            return old  # “- 指标表:” with nothing set, as it was: every figure, the default columns
        table = self.mapping(old_table if isinstance(old_table, dict) else None, FIGURES_TABLE.fields, wanted)
        if not isinstance(old_table, dict):
            table.fa.set_flow_style()  # {标题: …, 列: […]} on one line, as docs/tables.md writes it
        return self.mapping(old if isinstance(old, dict) else None, ITEM.fields, [("指标表", table)])


    def attachments(self, old: Any, entries: list[dict[str, Any]]) -> Any:
        """附件: a name per entry, or {名称, 内容} for one with pages of its own (nothing typed is dropped)."""
        nodes, moved_from = [], []
        for entry in entries:
            name = str(entry.get("名称") or "").strip()
            content = entry.get("内容")
            origin = entry.get(ORIGIN)
            original = self.found.get(origin) if isinstance(origin, str) else None
            if not name and not content:
                continue
            if content is None:
                nodes.append(self.text(original if isinstance(original, str) else None, name))
            else:
                keys = typed_keys(original, ATTACHMENT.fields) if isinstance(original, dict) else {}
                old_items = original.get(keys["内容"]) if "内容" in keys else None
                nodes.append(self.mapping(original if isinstance(original, dict) else None, ATTACHMENT.fields, [
                    ("名称", self.text(original.get(keys["名称"]) if "名称" in keys else None, name) if name else None),
                    ("内容", self.items(old_items, list(content)) if content else None)]))
            moved_from.append(self._index_in(old, origin))
        return self.sequence(old, nodes, moved_from) if nodes else None

