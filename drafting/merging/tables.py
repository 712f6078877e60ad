"""A table of the form against its edited print: a 表格 item's cells rewritten (figures kept as data) and its rows
added or deleted; anything edited in a 指标表, or a table whose columns or header rows changed, is a conflict."""
from __future__ import annotations

import difflib
import re
from typing import Any

from . import ops as edits
from .pairing import Para
from .slots import resolve
from .structure import reworded, short
from .texts import Printer, literal, rewrite

_WHOLE_NUMBER = re.compile(r"0|[1-9]\d{0,14}")


class Tables:
    """The tables of a merge; mixed into the Planner, whose data, printer and change list it uses."""

    data: Any
    printer: Printer

    def add(self, kind: str, path: str, text: str, *ops: edits.Op) -> None:  # pragma: no cover - the Planner's
        """One change in the list."""
        raise NotImplementedError

    def _figure(self, path: str, name: str, was: str, now: str) -> None:  # pragma: no cover - the Planner's
        """A plain figure printed with another number."""
        raise NotImplementedError

    def _left(self, path: str, source: str, leader: str) -> None:  # pragma: no cover - the Planner's
        """A text as it stands after the merge, and what the leader's document prints there."""
        raise NotImplementedError

    def _disagree(self, path: str, expression: str, was: str, now: str, where: str = "") -> None:  # pragma: no cover
        """An expression the leader printed differently: a conflict."""
        raise NotImplementedError

    def _figures_table_edited(self, origin: str, rows: tuple) -> None:  # pragma: no cover - the Planner's
        """The conflict just listed is a 指标表 the leader edited."""
        raise NotImplementedError

    def _table(self, origin: str, built: list[Para], edited: list[Para]) -> None:
        """Each table of a block whose cells or rows changed."""
        slot = resolve(self.data, origin)
        table = slot.value.get("表格") if slot is not None and isinstance(slot.value, dict) else None
        figures_table = slot is not None and isinstance(slot.value, dict) and "指标表" in slot.value
        for old, new in zip(built, edited):
            if old.rows != new.rows:
                self._one_table(origin, table, figures_table, old.rows or (), new.rows or ())
            elif isinstance(table, dict):
                self._cells_left(origin, table, old.rows or ())

    def _one_table(self, origin: str, table: Any, figures_table: bool, old: tuple, new: tuple) -> None:
        """One table whose print changed: cells rewritten, rows added or deleted, or a conflict saying why not."""
        rows = _form_rows(table) if isinstance(table, dict) and not figures_table else None
        what = "指标表" if figures_table else "表格"
        if rows is None or len(rows) != len(old) or any(len(_row(table, path)) != len(b)
                                                         for (path, _), b in zip(rows, old)):
            changed = [(r, c) for r, row in enumerate(new) for c, cell in enumerate(row)
                       if r < len(old) and c < len(old[r]) and old[r][c] != cell]
            where = "、".join(f"第{r + 1}行第{c + 1}列" for r, c in changed[:3]) or "行数或列数"
            self.add("冲突", origin, f"{what}的{where}改过，没有合并"
                     + ("：指标表由指标生成，请改指标" if figures_table else "：行列与表单对不上，请在表单里改"))
            if figures_table:
                self._figures_table_edited(origin, new)
            return
        widths = {len(row) for row in old} | {len(row) for row in new}
        if len(widths) > 1:
            self.add("冲突", origin, f"表格的列数变了（表单的表格是 {len(old[0]) if old else 0} 列，修改稿里有 "
                                     f"{'、'.join(str(w) for w in sorted(widths - {len(old[0]) if old else 0}))} 列的行），没有合并，请在表单里改")
            return
        header = sum(1 for path, _ in rows if path.startswith("表头"))
        paired, added, deleted = _aligned(old, new)
        if any(o < header and o != n for o, n in paired) or any(o < header for o in deleted) \
                or any(n < header for n, _ in added):
            self.add("冲突", origin, "表格的表头行增删或挪动过，没有合并，请在表单里改")
            return
        if (added or deleted) and table.get("合并"):
            self.add("冲突", origin, f"表格{_rows_said(old, new, added, deleted)}，但这张表有合并的单元格"
                                     "（“合并”），增删行没有合并，请在表单里改")
            return
        for o, n in paired:
            for c, (before, after) in enumerate(zip(old[o], new[n])):
                self._cell(origin, table, rows[o][0], n, c, before, after)
        for n, after in added:
            cells = [_cell_value(text) for text in new[n]]
            anchor = f"{origin}/表格/{rows[after][0]}" if after is not None and after >= header else None
            self.add("新增", f"{origin}/表格/行", f"新增表格第{n + 1}行“{short('｜'.join(new[n]))}”",
                     edits.insert_item(f"{origin}/表格/行", anchor, _flow_row(table, cells)))
        for o in deleted:
            self.add("删除", f"{origin}/表格/{rows[o][0]}", f"删除表格第{o + 1}行“{short('｜'.join(old[o]))}”",
                     edits.delete_item(f"{origin}/表格/{rows[o][0]}"))

    def _cell(self, origin: str, table: Any, row_path: str, r: int, c: int, before: str, after: str) -> None:
        """One cell of a 表格 (row ``r`` of the edited table) printed ``before``, now ``after``."""
        cell = resolve(self.data, f"{origin}/表格/{row_path}")
        source = cell.value[c] if cell is not None and c < len(cell.value) else None
        cell_path = f"{origin}/表格/{row_path}/{c}"
        if before == after:
            if source is not None and "{{" in str(source):
                self._left(cell_path, str(source), after)
            return
        written = rewrite(str(source), before, after, self.printer) if source is not None else None
        if written is None:
            self.add("冲突", cell_path, f"表格第{r + 1}行第{c + 1}列" + reworded(before, after) + "，没有合并")
            return
        if written.source != str(source):
            self.add("改写", cell_path, f"表格第{r + 1}行第{c + 1}列" + reworded(before, after),
                     edits.set_text(cell_path, None, written.source) if isinstance(source, str)
                     else edits.set_cell(cell_path, written.source))
        self._left(cell_path, written.source, after)
        for name, was, now in written.figures:
            self._figure(cell_path, name, was, now)
        for expression, was, now in written.conflicts:
            self._disagree(cell_path, expression, was, now, f"表格第{r + 1}行第{c + 1}列")

    def _cells_left(self, origin: str, table: Any, printed: tuple) -> None:
        """A table the leader left as printed: its cells with expressions, for the check of figures changed."""
        rows = _form_rows(table)
        if rows is None or len(rows) != len(printed):
            return
        for (path, _), shown in zip(rows, printed):
            for c, (source, text) in enumerate(zip(_row(table, path), shown)):
                if "{{" in str(source):
                    self._left(f"{origin}/表格/{path}/{c}", str(source), text)


def row_home(data: Any, origin: str, old: tuple, new: tuple, anchor: str) -> str | None:
    """The form path of the 表格 row (in the form at ``origin``) a 批注 anchored on ``anchor`` in the edited table
    ``new`` sits in; None when no row of the form holds it (a 指标表, a row the leader added)."""
    slot = resolve(data, origin)
    table = slot.value.get("表格") if slot is not None and isinstance(slot.value, dict) else None
    rows = _form_rows(table) if isinstance(table, dict) else None
    hit = next((n for n, row in enumerate(new) if any(anchor.strip() and anchor.strip() in cell for cell in row)), None)
    figures = data.get("指标") if isinstance(data, dict) else None
    if hit is not None and isinstance(slot.value, dict) and "指标表" in slot.value and new[hit] \
            and isinstance(figures, dict) and new[hit][0] in figures:
        return f"指标/{new[hit][0]}"  # a 指标表's row: the figure it shows, where the form writes it
    if rows is None or hit is None or len(rows) != len(old):
        return None
    paired, _, _ = _aligned(old, new)
    return next((f"{origin}/表格/{rows[o][0]}" for o, n in paired if n == hit), None)


def _aligned(old: tuple, new: tuple) -> tuple[list[tuple[int, int]], list[tuple[int, int | None]], list[int]]:
    """The rows of two prints of a table: (old, new) pairs of one row (kept or edited), the added rows (new index,
    the old row they follow or None), and the deleted rows (old index). In a changed stretch, a row pairs with the
    first one left that still has half its cells."""
    matcher = difflib.SequenceMatcher(None, [tuple(r) for r in old], [tuple(r) for r in new], autojunk=False)
    paired: list[tuple[int, int]] = []
    added: list[tuple[int, int | None]] = []
    deleted: list[int] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            paired.extend(zip(range(a1, a2), range(b1, b2)))
            continue
        start = a1
        for n in range(b1, b2):
            match = next((o for o in range(start, a2) if _alike(old[o], new[n])), None)
            if match is None:
                added.append((n, start - 1 if start > 0 else None))
                continue
            deleted.extend(range(start, match))
            paired.append((match, n))
            start = match + 1
        deleted.extend(range(start, a2))
    return paired, added, deleted


def _alike(one: tuple, other: tuple) -> bool:
    """Whether two rows are one row edited: at least half their cells unchanged."""
    return sum(a == b for a, b in zip(one, other)) * 2 >= max(len(one), 1)


def _rows_said(old: tuple, new: tuple, added: list, deleted: list) -> str:
    """The rows added and deleted, in a few words."""
    said = [f"新增第{n + 1}行" for n, _ in added[:2]] + [f"删除第{o + 1}行" for o in deleted[:2]]
    return "、".join(said)


def _cell_value(text: str) -> Any:
    """A typed cell as the form holds it: a whole number as a number, other text as written (a ``{{`` typed so
    that it prints)."""
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else literal(text)


def _flow_row(table: Any, cells: list[Any]) -> Any:
    """A new row, written on one line like the table's other rows (block style when they are)."""
    from ruamel.yaml.comments import CommentedSeq

    row = CommentedSeq(cells)
    body = table.get("行")
    model = next((r for r in body if hasattr(r, "fa")), None) if isinstance(body, list) else None
    if model is None or model.fa.flow_style():
        row.fa.set_flow_style()
    return row


def _row(table: Any, path: str) -> list[Any]:
    """The row of a 表格 at ``path`` (表头, 表头/1, 行/2)."""
    node = table
    for step in path.split("/"):
        node = node[int(step)] if step.isascii() and step.isdigit() else node[step]
    return node if isinstance(node, list) else []


def _form_rows(table: Any) -> list[tuple[str, int]] | None:
    """A 表格's rows as the document prints them, header rows first: (path in the 表格, row number)."""
    header = table.get("表头")
    rows: list[tuple[str, int]] = []
    if isinstance(header, list) and header and all(isinstance(h, list) for h in header):
        rows.extend((f"表头/{n}", n) for n in range(len(header)))
    elif isinstance(header, list) and header:
        rows.append(("表头", 0))
    body = table.get("行")
    if not isinstance(body, list) or not all(isinstance(row, list) for row in body):
        return None
    rows.extend((f"行/{n}", n) for n in range(len(body)))
    return rows
