"""The merge planner: pairs the edited paragraphs with the form's, and words each difference as a change."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import FormError, Location, Problem, TemplateError, display_name
from ..form.figures import parse_decimal
from ..form.roundtrip import load_round_trip
from ..options import Session
from ..pipeline.stages import read, run
from . import ops as edits
from .enumerations import ENTRY_PATH, deleted_entry, describe, template_word_edits
from .model import Change, MergeError, MergePlan
from .pairing import MAX_COMPARED, Para, built_paragraphs, in_order, pair, without_number
from .slots import item_path, location_of, resolve, text_slots
from .stale import Stale
from .structure import Structure, reworded, short
from .tables import Tables, row_home
from .texts import Printer, edited_pieces, located, rewrite

_TRAILING = "。；;，,、 "
PRINTED_WITH = ("开头",)  # fields a template may print inside another field's paragraph (the first line only)
MAX_GROWTH = 10    # an edited document this many times longer than the form's is another document
MIN_ALIGNED = 0.3  # without markers, less than this share of paragraphs paired: another report


_ENUMERATED = re.compile(r"[；;][一二三四五六七八九十]+是")  # “；三是” typed into an 一是……二是 list


def _entry_of(path: str) -> tuple[str, int]:
    """A 列举 entry's path as its list's path and its index (正文/1/列举, 2)."""
    list_path, _, index = path.rpartition("/")
    return list_path, int(index)


class Planner(Structure, Stale, Tables):
    """Works out one merge: the form as it builds now against the edited paragraphs."""

    def __init__(self, form_path: Path, form_text: str, session: Session) -> None:
        """Build the form as it is now (refused with M002 when it cannot be) and read its round-trip data."""
        self.shown = display_name(form_path)
        self.form_text = form_text
        self.form_path, self.session = form_path, session
        try:
            self.form = read(form_path, session)
            built = run(self.form, "txt", session, findings=[])
        except (FormError, TemplateError) as error:
            raise MergeError([Problem(Location(self.shown), f"表单“{self.shown}”现在生成不了文稿，不能合并",
                                      "先按下面的提示改好表单（draft check 能逐条列出），再合并", "M002")]
                             + list(error.problems)) from None
        self.built = built_paragraphs(built.laid)
        _, self.data = load_round_trip(form_text)
        self.printer = Printer(self.form)
        self.changes: list[Change] = []
        self.ops: dict[str, list[edits.Op]] = {}
        self.split_after: dict[str, list[int]] = {}
        self.attached_before: dict[str, list[int]] = {}
        self.problems: list[Problem] = []
        self._start_stale()

    # -- the change list ------------------------------------------------------------------------------------------
    def add(self, kind: str, path: str, text: str, *ops: edits.Op) -> None:
        """One change in the list (a 冲突 carries no edit)."""
        id_ = str(len(self.changes) + 1)
        where = location_of(self.data, path, self.shown)
        if where.line is None and path.startswith("指标/") and isinstance(self.data, dict) and "指标文件" in self.data:
            where = location_of(self.data, "指标文件", self.shown)  # a figure the spreadsheet holds: where it is named
        self.changes.append(Change(id_, kind, path, where, text, kind != "冲突" and (bool(ops) or kind == "修订")))
        if ops and kind != "冲突":
            self.ops[id_] = list(ops)

    def plan(self, edited: list[Para], docx_name: str, trust_markers: bool = True) -> MergePlan:
        """The change list for ``edited``. Raises MergeError when it is not this form's report."""
        self.edited = edited
        if len(edited) > MAX_GROWTH * len(self.built) + 1000:
            raise MergeError(Problem(Location(docx_name), f"“{docx_name}”与表单“{self.shown}”对不上：修改稿有 "
                                     f"{len(edited)} 段，表单生成的只有 {len(self.built)} 段",
                                     "确认这份修改稿是由这份表单生成的；另一份报告请用 draft import 导入成新表单", "M007"))
        pairs = pair(self.built, edited, trust_markers)
        marked = sum(1 for p in edited if p.origin is not None)
        if (not marked or not trust_markers) and len(pairs) < MIN_ALIGNED * max(len(self.built), 1):
            raise MergeError(Problem(Location(docx_name), f"“{docx_name}”与表单“{self.shown}”对不上："
                                     f"表单生成的 {len(self.built)} 段里只有 {len(pairs)} 段能在修改稿里找到",
                                     "确认这份修改稿是由这份表单生成的；另一份报告请用 draft import 导入成新表单", "M007"))
        self.pairs = pairs
        self.back = {i: j for j, i in pairs.items()}
        self.kept = in_order(pairs)
        deleted = self._deletions()
        self._moves(deleted)
        attached = self._additions()
        self._rewrites(deleted, attached)
        self._stale_figures()
        self._reviews()
        return MergePlan(self.form_text, self.changes, self.problems, self.ops, edited)

    # -- 批注 and 修订 ---------------------------------------------------------------------------------------------
    def _reviews(self) -> None:
        """Each 批注 becomes a YAML comment on the item it is anchored in; each 修订 is listed (already in the text)."""
        gone = self._deleted_by_start()
        for j, para in enumerate(self.edited):
            if not para.comments and not para.revisions:
                continue
            path = self._home(j)
            for comment in para.comments:
                at = path
                if para.rows is not None and comment.anchor and j in self.pairs and path is not None:
                    built = self.built[self.pairs[j]]
                    at = row_home(self.data, built.origin or "", built.rows or (), para.rows, comment.anchor) or path
                date = (comment.date or "")[:10]
                who = "，".join(x for x in (comment.author, date) if x) or "审阅人"
                said = " ".join(comment.text.split()) or "（空）"
                if path is None:
                    self.add("冲突", "", f"批注（{who}）“{short(said)}”找不到在表单里的位置，没有写入")
                    continue
                anchor, line = comment.anchor or para.text, f"批注（{who}）：{said}"
                listed = f"（{who}）在“{short(anchor, 20)}”处：{short(said, 60)}"
                if f"# {line}\n" in self.form_text:  # merged before: the same 修改稿 again writes it once
                    self.add("批注", at, listed + "（表单里已有这条批注，不再写入）")
                    continue
                self.add("批注", at, listed, edits.add_comment(at, line))
            for revision, home in zip(para.revisions, self._revision_homes(para.revisions, path, gone)):
                kind = {"insert": "插入", "delete": "删除", "move": "移动", "format": "格式"}.get(revision.kind,
                                                                                            revision.kind)
                who = "，".join(x for x in (revision.author, (revision.date or "")[:10]) if x) or "审阅人"
                if not revision.text and revision.kind in ("insert", "delete"):
                    continue  # no text to read: LibreOffice records the run holding a new 批注 so (listed as 批注)
                what = f"“{short(revision.text.replace(chr(10), '↵'), 30)}”" if revision.text else ""
                self.add("修订", home or "", f"{kind}{what}（{who}）")

    def _deleted_by_start(self) -> dict[str, list[tuple[str, str]]]:
        """The built paragraphs no edited one pairs with (deleted), as (text without number, item path), by their
        first four characters."""
        paired = set(self.pairs.values())
        gone: dict[str, list[tuple[str, str]]] = {}
        for i, built in enumerate(self.built):
            if i not in paired and built.origin:
                text = without_number(built.text)
                gone.setdefault(text[:4], []).append((text, item_path(built.origin) or built.origin))
        return gone

    @staticmethod
    def _revision_homes(revisions: list[Any], path: str | None,
                        gone: dict[str, list[tuple[str, str]]]) -> list[str | None]:
        """Where each 修订 of an edited paragraph is listed: at the paragraph's item, but a whole paragraph deleted
        with its mark (its deleted text then reads as part of the next paragraph) at the item it deleted, and its
        deleted ↵ with it."""
        homes: list[str | None] = []
        for revision in revisions:
            text, home = revision.text.strip("\n"), path
            if revision.kind == "delete" and len(text) >= 4:
                home = next((where for built, where in gone.get(text[:4], ()) if built.startswith(text[:20])), path)
            homes.append(home)
        for n in range(len(revisions) - 2, -1, -1):  # a lone deleted ↵ goes with the deletion beside it
            if revisions[n].kind == revisions[n + 1].kind == "delete" and not revisions[n].text.strip("\n"):
                homes[n] = homes[n + 1]
        return homes

    def _home(self, j: int) -> str | None:
        """The form path an edited paragraph belongs to: its item (or field), else that of the paragraph before it."""
        for k in range(j, -1, -1):
            if k in self.pairs and self.built[self.pairs[k]].origin:
                origin = self.built[self.pairs[k]].origin
                for path in (item_path(origin), origin, origin.split("/")[0]):
                    if path and resolve(self.data, path) is not None:
                        return path
        return None

    # -- texts ----------------------------------------------------------------------------------------------------
    def _rewrites(self, deleted: set[str], attached: dict[str, list[int]]) -> None:
        """Each block whose text changed: the form texts behind it rewritten, figures changed, or a conflict."""
        for origin, members in self._blocks().items():
            if any(origin == d or origin.startswith(d + "/") for d in deleted):
                continue
            tables = [i for i in members if self.built[i].rows is not None]
            if tables:
                pairs = [(self.built[i], self.edited[self.back[i]]) for i in tables if i in self.back]
                self._table(origin, [b for b, _ in pairs], [e for _, e in pairs])
                members = [i for i in members if i not in tables]
            js = self.attached_before.get(origin, []) + sorted(self.back[i] for i in members if i in self.back) \
                + attached.get(origin, [])
            if not js:
                continue
            before = "\n".join(without_number(self.built[i].text) for i in members)
            after = "\n".join(without_number(self.edited[j].text) for j in js)
            if before != after:
                self._rewrite_block(origin, before, after)
            else:
                self._left_as_printed(origin, before)

    def _rewrite_block(self, origin: str, before: str, after: str) -> None:
        """One block's changed text put back into the form texts it was printed from."""
        if len(before) + len(after) > MAX_COMPARED:
            self.add("冲突", origin, f"“{short(before)}”改动的段落太长（{len(after):,} 字），没有逐字比较合并，请在表单里改")
            return
        split = self.split_after.get(origin)
        if split and after.startswith(before + "\n") and after.count("\n") - before.count("\n") == len(split) \
                and self._paragraph_item(origin, after[len(before) + 1:].split("\n")):
            return  # whole paragraphs typed after an item's last (its words untouched): a paragraph item
        slot = resolve(self.data, origin)
        head, _, last = origin.rpartition("/")
        whole = resolve(self.data, head) if slot is None and last.isdigit() else None
        if whole is not None and isinstance(whole.value, str):
            self._rewrite_line(head, int(last), str(whole.value), before, after)
            return
        if slot is None:
            self.add("冲突", origin, reworded(before, after) + "：这段文字不是表单直接写的，没有合并")
            return
        texts, tails = self._printed_texts(origin, slot, before)
        printed_of = dict(texts)
        spans = located(before, texts)
        pieces = edited_pieces(before, after, spans)
        if pieces is None:
            pieces, spans = self._entry_deleted(origin, before, after, texts, spans)
        if not pieces:
            return
        for path, _, _ in spans:  # the texts the leader left as printed
            leaf = resolve(self.data, path)
            if pieces.get(path, printed_of[path]) == printed_of[path] and leaf is not None:
                self._left(path, str(leaf.value), printed_of[path] + tails.get(path, ""))
        split = self.split_after.get(origin)
        for path, new in pieces.items():
            old = printed_of[path]
            if new == old:
                continue
            leaf = resolve(self.data, path)
            source = str(leaf.value) if leaf is not None else ""
            tail = tails.get(path, "")
            written = rewrite(source, old + tail, new + tail, self.printer)
            if written is None:
                self.add("冲突", path, reworded(old, new) + f"：这段文字里有 {{% %}} 等写法，没有合并")
                continue
            entries = _ENUMERATED.split(written.source) if re.fullmatch(r".+/列举/\d+", path) else [written.source]
            if len(entries) > 1 and all(e.strip() for e in entries) and not any("{" in e for e in entries[1:]):
                list_path, _, index = path.rpartition("/")  # “；三是……” typed into a 列举: more entries
                self.add("新增", list_path, f"新增列举“{short(entries[1])}”" + (f"等 {len(entries) - 1} 项" if len(entries) > 2
                                                                              else ""),
                         edits.split_entry(list_path, int(index), entries))
                continue
            if split and "\n" not in source and written.source.count("\n") == len(split):
                first, *rest = written.source.split("\n")  # a paragraph split: its second half, expressions kept
                if self._paragraph_item(origin, after.split("\n")[-len(split):], rest):
                    written, new, split = written._replace(source=first), new.split("\n")[0], None
                else:  # the text keeps one paragraph; the added ones are the 冲突 below
                    written, new = written._replace(source=first), new.split("\n")[0]
            added = new[len(old) + 1:].split("\n") if new.startswith(old + "\n") else []
            if written.source != source and added:  # paragraphs typed after the text's last: more lines of it
                self.add("新增", path, f"新增段落“{short(added[0])}”" + (f"等 {len(added)} 段" if len(added) > 1 else ""),
                         edits.set_text(path, None, written.source))
            elif written.source != source:
                self.add("改写", path, reworded(old, new), edits.set_text(path, None, written.source))
            self._left(path, written.source, new + tail)
            for name, was, now in written.figures:
                self._figure(path, name, was, now)
            for expression, was, now in written.conflicts:
                self._disagree(path, expression, was, now)
        if split:
            self.add("冲突", origin, f"新增段落“{short(self.edited[split[0]].text)}”找不到在表单里的位置，没有合并")

    def _entry_deleted(self, origin: str, before: str, after: str, texts: list[tuple[str, str]],
                       spans: list[tuple[str, int, int]]) -> tuple[dict[str, str] | None, list[tuple[str, int, int]]]:
        """A change touching the template's words: a whole 列举 entry deleted (a change, the other texts' edits
        kept), else a 冲突 saying what was changed, the edits inside the form's texts merged when they stand apart."""
        deletion = deleted_entry(before, after, texts)
        if deletion is not None:
            self.add("删除", deletion.path, f"删除列举第{deletion.number}项“{short(deletion.printed)}”",
                     edits.delete_entry(*_entry_of(deletion.path)))
            return deletion.pieces, [s for s in spans if s[0] != deletion.path]
        changed, kept = template_word_edits(before, after, spans)
        listing = "删列举的一项请连同它的编号和文字一起删，其他" if any(ENTRY_PATH.fullmatch(s[0]) for s in spans) else ""
        self.add("冲突", origin, reworded(before, after) + f"：{describe(changed)}，这是模板生成的文字（编号、固定用语），"
                 f"没有合并；{listing}请在表单或模板里改")
        return edited_pieces(before, kept, spans), spans

    def _printed_texts(self, origin: str, slot: Any, block: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """The texts at ``slot`` (the block ``origin``'s) with what each prints in ``block``, by form path, and the
        。 or ； each printed at its end that the template left off. A field's block may also print another field
        that has no paragraph of its own (整改落实情况报告 prints 检查 and 开头's first line as one paragraph)."""
        texts: list[tuple[str, str]] = []
        tails: dict[str, str] = {}
        leaves = [(f"{origin}/{rel}" if rel else origin, leaf) for rel, leaf in text_slots(slot)]
        if "/" not in origin and isinstance(self.data, dict):
            blocks = self._blocks()
            for key in self.data:
                other = resolve(self.data, str(key)) if key != origin and key in PRINTED_WITH else None
                if other is not None and not any(o == key or o.startswith(f"{key}/0") for o in blocks):
                    leaves += [(f"{key}/{rel}" if rel else str(key), leaf) for rel, leaf in text_slots(other)][:1]
        for path, leaf in leaves:
            printed = self.printer.render(str(leaf.value))
            if printed is None:
                continue
            if (printed not in block or ENTRY_PATH.fullmatch(path)) and printed.rstrip(_TRAILING) in block:
                tails[path] = printed[len(printed.rstrip(_TRAILING)):]
                printed = printed.rstrip(_TRAILING)
            texts.append((path, printed))
        return texts, tails

    def _left_as_printed(self, origin: str, block: str) -> None:
        """A block the leader left as printed: its texts with expressions, for the check of figures changed."""
        slot = resolve(self.data, origin)
        head, _, last = origin.rpartition("/")
        whole = resolve(self.data, head) if slot is None and last.isdigit() else None
        if whole is not None and isinstance(whole.value, str):
            lines = str(whole.value).split("\n")
            if int(last) < len(lines):
                self._left(head, lines[int(last)], block, int(last))
            return
        if slot is None:
            return
        texts, tails = self._printed_texts(origin, slot, block)
        printed_of = dict(texts)
        for path, _, _ in located(block, texts):
            leaf = resolve(self.data, path)
            if leaf is not None:
                self._left(path, str(leaf.value), printed_of[path] + tails.get(path, ""))

    def _rewrite_line(self, path: str, number: int, source: str, before: str, after: str) -> None:
        """Line ``number`` of the several-line text at ``path`` (one paragraph each) printed ``before``, now ``after``."""
        lines = source.split("\n")
        printed = [self.printer.render(line) for line in lines]
        if number >= len(lines) or printed[number] != before:
            self.add("冲突", path, reworded(before, after) + "：找不到表单里对应的一行，没有合并")
            return
        new_lines = after.split("\n")
        written = rewrite(lines[number], before, after, self.printer)  # expressions go to the line that prints them
        if written is None:
            self.add("冲突", path, reworded(before, after) + f"：这段文字里有 {{% %}} 等写法，没有合并")
            return
        changed = lines[:number] + written.source.split("\n") + lines[number + 1:]
        if changed != lines:
            self.add("改写" if len(new_lines) == 1 else "新增", path,
                     reworded(before, after) if len(new_lines) == 1 else
                     f"新增段落“{short(new_lines[-1])}”", edits.set_text(path, None, "\n".join(changed)))
        self._left(path, written.source, after, number)
        for name, was, now in written.figures:
            self._figure(path, name, was, now)
        for expression, was, now in written.conflicts:
            self._disagree(path, expression, was, now, line=number)

    def _figure(self, path: str, name: str, was: str, now: str) -> None:
        """A plain figure printed with another number: the figure's value changes (or a conflict)."""
        figure = self.form.figures.get(name)
        if figure is None:
            self.add("冲突", path, f"指标“{name}”的“{was}”改成了“{now}”，但找不到这个指标")
            return
        if figure.cell:
            self.add("冲突", f"指标/{name}", f"指标“{name}”{was}改为{now}：它来自指标文件的 {figure.cell}，"
                                            "不会改写表格文件，请在指标文件里改")
            return
        number = now[:-len(figure.unit)] if figure.unit and now.endswith(figure.unit) else now
        value = parse_decimal(number)
        if value is None:
            self.add("冲突", path, f"指标“{name}”的“{was}”改成了“{now}”，不是一个数，没有合并")
            return
        if name in self.changed_values:  # printed twice, changed in both places
            if self.changed_values[name] != value:
                self.add("冲突", path, f"指标“{name}”在修改稿里改成了两个不同的数：{format(self.changed_values[name], 'f')}"
                                       f"{figure.unit}和{format(value, 'f')}{figure.unit}，只合并了前一个，请核对")
            return
        self.changed_values[name] = value
        self.changed_figures[name] = edits.set_figure(name, value, figure.unit)
        self.add("指标", f"指标/{name}", f"指标“{name}”{was}改为{format(value, 'f')}{figure.unit}",
                 self.changed_figures[name])
