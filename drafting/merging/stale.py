"""Figures a merge changes, against the computed texts the leader left: a rate, a 同比, a sum or another use of a
changed figure whose print the leader left as it was is a conflict (the figure change still merges); a number the
leader reprinted as the changed figures now compute it is no conflict at all."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import FormError, TemplateError
from ..form.roundtrip import dump_round_trip, load_round_trip
from ..pipeline.stages import read_text, run
from . import ops as edits
from .model import Change
from .pairing import Para, built_paragraphs
from .slots import resolve
from .structure import short
from .texts import PLAIN_FIGURE, Part, Printer, parts_of, prints_around_prose

Key = tuple[str, int | None]  # a text's form path, and its line when the field prints one paragraph a line


class Stale:
    """The figures a merge changes, checked against every computed text; mixed into the Planner."""

    data: Any
    form_text: str
    form_path: Path
    session: Any
    printer: Printer
    built: list[Para]
    edited: list[Para]
    back: dict[int, int]
    changes: list[Change]
    ops: dict[str, list[edits.Op]]

    def add(self, kind: str, path: str, text: str, *ops: edits.Op) -> None:  # pragma: no cover - the Planner's
        """One change in the list."""
        raise NotImplementedError

    def _start_stale(self) -> None:
        """Nothing recorded yet: no figure changed, no text left, no disagreement."""
        self.changed_figures: dict[str, edits.Op] = {}
        self.changed_values: dict[str, Decimal] = {}
        self.left: dict[Key, tuple[str, str]] = {}
        self.disagreements: list[tuple[str, Key, str, str]] = []  # (change id, text, expression, leader's print)
        self.table_conflicts: list[tuple[str, str, tuple]] = []   # (change id, 指标表 origin, leader's rows)

    def _left(self, path: str, source: str, leader: str, line: int | None = None) -> None:
        """A text as it stands after the merge (``source``) and what the leader's document prints there."""
        if "{{" in source:
            self.left[(path, line)] = (source, leader)

    def _disagree(self, path: str, expression: str, was: str, now: str, where: str = "",
                  line: int | None = None) -> None:
        """An expression the leader printed differently: a conflict, unless the figures this merge changes make
        the expression print what the leader wrote (decided in ``_stale_figures``)."""
        self.add("冲突", path, f"{where}文字与指标不一致：{expression.strip('{} ')} 算出“{was}”，修改稿写的是“{now}”；"
                               "表达式保留，请核对指标")
        self.disagreements.append((self.changes[-1].id, (path, line), expression, now))

    def _figures_table_edited(self, origin: str, rows: tuple) -> None:
        """The conflict just listed is a 指标表 the leader edited (``rows``): none if the changed figures print it."""
        self.table_conflicts.append((self.changes[-1].id, origin, rows))

    def _stale_figures(self) -> None:
        """With the figures this merge changes: texts the leader left that now print otherwise are conflicts,
        the leader's numbers they now print are not."""
        if not self.changed_figures:
            return
        after = self._with_changed_figures()
        if after is None:
            return  # the merged form will not build: the check after the merge says so (M008)
        printer, tables = after
        settled: set[str] = set()
        for (path, line), (source, leader) in self.left.items():
            settled |= self._stale_text(path, line, source, leader, printer)
        for id_, origin, rows in self.table_conflicts:
            if tables.get(origin) == [rows]:
                settled.add(id_)
        self._stale_tables(tables)
        if settled:
            self._drop(settled)

    def _stale_text(self, path: str, line: int | None, source: str, leader: str, printer: Printer) -> set[str]:
        """One text against the changed figures: conflicts for the numbers left; the disagreements it settles."""
        before, now = parts_of(source, self.printer), parts_of(source, printer)
        if before is None or now is None or len(before) != len(now):
            return set()
        wrote = _written(before, leader)
        if wrote is None:
            return set()
        settled: set[str] = set()
        for old, new, written in zip(before, now, wrote):
            if not old.expression or new.printed == old.printed:
                continue
            if written == new.printed:
                settled |= {id_ for id_, key, expression, said in self.disagreements
                            if key == (path, line) and expression == old.source and said == written}
            elif written != old.printed:  # a disagreement listed: say what the changed figures compute
                for n, change in enumerate(self.changes):
                    if any(id_ == change.id and key == (path, line) and expression == old.source and said == written
                           for id_, key, expression, said in self.disagreements):
                        self.changes[n] = change._replace(text=change.text.replace(
                            f"算出“{old.printed}”", f"按改过的指标算出“{new.printed}”"))
            else:
                names = "、".join(self._inputs(old.source)) or "、".join(self.changed_figures)
                said = "印出" if PLAIN_FIGURE.fullmatch(old.source) else "算出"  # the figure itself, used again
                self.add("冲突", path, f"改过的指标与文字不一致：修改稿这里仍是“{old.printed}”"
                                       f"（{short(old.source.strip('{} '), 30)}），按改过的指标（{names}）"
                                       f"现在{said}“{new.printed}”；请核对指标或这处文字")
        return settled

    def _stale_tables(self, tables: dict[str, list[tuple]]) -> None:
        """Each 指标表 the leader left as printed whose cells the changed figures print otherwise: a conflict."""
        seen: dict[str, int] = {}
        for i, para in enumerate(self.built):
            if para.rows is None or para.origin is None or i not in self.back:
                continue
            n = seen[para.origin] = seen.get(para.origin, -1) + 1
            slot = resolve(self.data, para.origin)
            if slot is None or not isinstance(slot.value, dict) or "指标表" not in slot.value:
                continue
            now = tables.get(para.origin, [])
            if n >= len(now) or self.edited[self.back[i]].rows != para.rows:
                continue
            cells = [(r, c, old, new) for r, (a, b) in enumerate(zip(para.rows, now[n]))
                     for c, (old, new) in enumerate(zip(a, b)) if old != new]
            if cells:
                listed = "、".join(f"第{r + 1}行第{c + 1}列“{old}”" for r, c, old, _ in cells[:3])
                shown = "、".join(f"“{new}”" for _, _, _, new in cells[:3])
                more = f"等 {len(cells)} 处" if len(cells) > 3 else ""
                self.add("冲突", para.origin, f"改过的指标与指标表不一致：修改稿的指标表{listed}{more}没有改，"
                                              f"按改过的指标（{'、'.join(self.changed_figures)}）现在生成{shown}；"
                                              "请核对指标")

    def _with_changed_figures(self) -> tuple[Printer, dict[str, list[tuple]]] | None:
        """The form with only this merge's figure changes: its printer, and its tables' rows by origin."""
        yaml, data = load_round_trip(self.form_text)
        edits.apply(data, list(self.changed_figures.values()))
        try:
            form = read_text(self.form_path, dump_round_trip(yaml, data), self.session)
            laid = run(form, "txt", self.session, findings=[]).laid
        except (FormError, TemplateError):
            return None
        tables: dict[str, list[tuple]] = {}
        for para in built_paragraphs(laid):
            if para.rows is not None and para.origin is not None:
                tables.setdefault(para.origin, []).append(para.rows)
        return Printer(form), tables

    def _inputs(self, expression: str) -> list[str]:
        """The changed figures an expression reads, itself or through a rate's 分子 and 分母."""
        named = set(re.findall(r"指标\.([^\s|{}.\[\]()，,]+)", expression))
        figures = self.printer.form.figures
        for name in list(named):
            parts = getattr(figures.get(name), "parts", None)
            named.update(parts or ())
        return [name for name in self.changed_figures if name in named]

    def _drop(self, ids: set[str]) -> None:
        """The changes ``ids`` taken off the list; the others numbered again in order."""
        kept = [c for c in self.changes if c.id not in ids]
        ops = {}
        for n, change in enumerate(kept, 1):
            if change.id in self.ops:
                ops[str(n)] = self.ops[change.id]
            kept[n - 1] = change._replace(id=str(n))
        self.changes[:] = kept
        self.ops.clear()
        self.ops.update(ops)


def _written(parts: list[Part], leader: str) -> list[str] | None:
    """What the leader's text prints for each part of a text whose prose is the leader's; None when unclear."""
    if "".join(p.printed for p in parts) == leader:
        return [p.printed for p in parts]
    return prints_around_prose(parts, leader)
