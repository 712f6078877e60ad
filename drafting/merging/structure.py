"""The structural side of a merge: items deleted, moved and added, found from the paired paragraphs."""
from __future__ import annotations

from typing import Any

from ..errors import FormError, TemplateError
from ..form.roundtrip import commented, dump_round_trip, load_round_trip
from ..pipeline.stages import read_text, run
from . import ops as edits
from .pairing import built_paragraphs, heading_level, without_number
from .slots import item_path, list_of, resolve


def short(text: str, limit: int = 40) -> str:
    """``text`` on one line, cut with … past ``limit`` characters."""
    text = text.replace("\n", "↵")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def reworded(before: str, after: str, limit: int = 40) -> str:
    """“before”改为“after”, each cut to show where they differ: a long text changed past its first words reads
    “its start……the changed words…”改为“……the new words…” (the same start twice would hide the change)."""
    before, after = before.replace("\n", "↵"), after.replace("\n", "↵")
    same = next((i for i, (b, a) in enumerate(zip(before, after)) if b != a), min(len(before), len(after)))
    if (len(before) <= limit and len(after) <= limit) or same < limit // 2:
        return f"“{short(before, limit)}”改为“{short(after, limit)}”"
    start, head = same - 6, limit // 3

    def window(text: str) -> str:
        """``text`` from a few characters before the change, cut past ``limit // 2``."""
        return short(text[start:], limit // 2 + 1)
    return f"“{before[:head]}……{window(before)}”改为“……{window(after)}”"


class Structure:
    """Items deleted, moved and added; mixed into the Planner, whose pairs, data and change list it uses."""

    built: list[Any]
    edited: list[Any]
    split_after: dict[str, list[int]]
    attached_before: dict[str, list[int]]
    pairs: dict[int, int]
    back: dict[int, int]
    kept: set[int]
    data: Any
    form_text: str
    form_path: Any
    session: Any

    def add(self, kind: str, path: str, text: str, *ops: edits.Op) -> None:  # pragma: no cover - the Planner's
        """One change in the list."""
        raise NotImplementedError

    def _blocks(self) -> dict[str, list[int]]:
        """Each origin's built paragraphs, in order."""
        blocks: dict[str, list[int]] = {}
        for i, para in enumerate(self.built):
            if para.origin is not None:
                blocks.setdefault(para.origin, []).append(i)
        return blocks

    def _subtree(self, path: str) -> list[int]:
        """The built paragraphs printed from ``path`` and everything under it."""
        return [i for i, p in enumerate(self.built) if p.origin is not None
                and (p.origin == path or p.origin.startswith(path + "/"))]

    def _deletions(self) -> set[str]:
        """Items whose every paragraph is gone: deleted (the outermost only)."""
        deleted: set[str] = set()
        candidates = sorted({item_path(p.origin) for p in self.built if p.origin and item_path(p.origin)},
                            key=lambda s: (s.count("/"), s))
        for path in candidates:
            if path is None or any(path.startswith(d + "/") for d in deleted):
                continue
            members = self._subtree(path)
            if members and all(i not in self.back for i in members) and resolve(self.data, path) is not None:
                deleted.add(path)
                first = self.built[members[0]]
                self.add("删除", path, f"删除{self._what(path)}“{short(without_number(first.text) or '表格')}”",
                         edits.delete_item(path))
        for origin, members in self._blocks().items():  # a 内容 whose paragraphs are all gone
            if origin.endswith("/内容") and all(i not in self.back for i in members) \
                    and not any(origin.startswith(d + "/") for d in deleted):
                deleted.add(origin)
                self.add("删除", origin, f"删除段落“{short(self.built[members[0]].text)}”", edits.delete_item(origin))
        for origin, members in self._blocks().items():  # a field the form must print (标题, 日期 …) deleted
            if all(i not in self.back for i in members) and not any(origin == d or origin.startswith(d + "/")
                                                                    for d in deleted):
                deleted.add(origin)
                self.add("冲突", origin, f"删去了“{short(self.built[members[0]].text or '表格')}”，它印的是表单的“{origin}”，"
                                         "没有删除：请在表单里改")
        for i, para in enumerate(self.built):  # words the template prints by itself
            if para.origin is None and i not in self.back:
                self.add("冲突", "", f"删去了模板生成的“{short(para.text or '表格')}”，没有合并：请改模板或表单")
        return deleted

    def _what(self, path: str) -> str:
        """How an item is named in the change list: 一级标题, 二级标题 … or 段落."""
        slot = resolve(self.data, path)
        level = path.count("/下级/") + 1  # 正文/0 is a 一级标题; a section's items (存在问题/下级/0) are 二级
        if slot is not None and isinstance(slot.value, dict) and "标题" in slot.value:
            return f"{'一二三四五'[min(level, 5) - 1]}级标题"
        return "段落"

    def _moves(self, deleted: set[str]) -> set[str]:
        """Items whose paragraphs all moved out of order: moved after the item now before them."""
        moved: set[str] = set()
        out_of_order = {self.pairs[j] for j in self.pairs if j not in self.kept}
        if not out_of_order:
            return moved
        for i in sorted(out_of_order):
            origin = self.built[i].origin
            path = item_path(origin) if origin else None
            if path is None and origin not in moved:
                moved.add(origin or "")
                self.add("冲突", origin or "", f"“{short(self.built[i].text or '表格')}”挪了位置，它不是可以挪动的条目，没有合并")
                continue
            if path is None or path in moved or any(path.startswith(m + "/") for m in moved):
                continue
            members = self._subtree(path)
            if not all(m in out_of_order or m not in self.back for m in members):
                if origin not in moved:  # a paragraph of an item moved away from the rest of it
                    moved.add(origin or "")
                    self.add("冲突", origin or "", f"“{short(self.built[i].text or '表格')}”挪离了它所在的条目，没有合并")
                continue
            placed = list_of(path)
            if placed is None:
                continue
            first_j = min(self.back[m] for m in members if m in self.back)
            before = [j for j in range(first_j - 1, -1, -1) if j in self.pairs
                      and self.pairs[j] not in members]
            anchor_origin = self.built[self.pairs[before[0]]].origin if before else None
            target = self._sibling_anchor(anchor_origin, placed[0])
            if target is None:
                self.add("冲突", path, f"“{short(without_number(self.built[members[0]].text))}”挪到了别的层级，没有合并",
                         )
                moved.add(path)
                continue
            moved.add(path)
            self.add("移动", path, f"{self._what(path)}“{short(without_number(self.built[members[0]].text))}”"
                                   f"移到{('“' + short(without_number(self._first_text(target))) + '”之后') if target != '' else '最前'}",
                     edits.move_item(path, placed[0], target or None))
        return moved

    def _first_text(self, path: str) -> str:
        """The text of the first paragraph printed from ``path``."""
        members = self._subtree(path)
        return self.built[members[0]].text if members else path

    def _sibling_anchor(self, origin: str | None, list_path: str) -> str | None:
        """The item of ``list_path`` that ``origin`` lies in ('' : the list's start, its parent's heading); None."""
        if origin is None:
            return None
        if origin.startswith(list_path + "/"):
            rest = origin[len(list_path) + 1:].split("/")
            return f"{list_path}/{rest[0]}" if rest[0].isdigit() else None
        parent = list_path.rsplit("/", 1)[0] if list_path.endswith("/下级") else None
        if parent is not None and origin in (parent, parent + "/标题"):
            return ""
        return None

    def _additions(self) -> dict[str, list[int]]:
        """New paragraphs: a heading becomes an item, body paragraphs join the text before them. Returns the
        edited paragraphs that joined each block."""
        attached: dict[str, list[int]] = {}
        j = 0
        edited = self.edited
        while j < len(edited):
            if j in self.pairs:
                j += 1
                continue
            run = [j]
            while run[-1] + 1 < len(edited) and run[-1] + 1 not in self.pairs:
                run.append(run[-1] + 1)
            j = run[-1] + 1
            previous = run[0] - 1
            lead = [k for k in run if heading_level(edited[k].text, edited[k].role) is None
                    and edited[k].rows is None]
            body = []
            for k in run:
                if k in lead and not any(heading_level(edited[m].text, edited[m].role) for m in run if m < k):
                    body.append(k)
            following = body[-1] + 1 if body else -1
            if body and following in self.pairs and body[-1] == run[-1] and self.built[self.pairs[following]].origin \
                    and without_number("".join(edited[k].text for k in body) + edited[following].text) \
                    == without_number(self.built[self.pairs[following]].text):
                origin = self.built[self.pairs[following]].origin  # the first half of a split paragraph
                self.attached_before.setdefault(origin, []).extend(body)
                if not self._takes_lines(origin):
                    self.split_after[origin] = body
            elif body:
                origin = self.built[self.pairs[previous]].origin if previous in self.pairs else None
                if origin is not None:  # more lines of its text, or (a split paragraph) a paragraph item after it
                    attached.setdefault(origin, []).extend(body)
                    if not self._takes_lines(origin):
                        self.split_after[origin] = body
                else:
                    for k in body:
                        self.add("冲突", "", f"新增段落“{short(edited[k].text)}”找不到在表单里的位置，没有合并")
            rest = [k for k in run if k not in body]
            self._new_items(rest, run[0] - 1)
        return attached

    def _takes_lines(self, origin: str) -> bool:
        """Whether paragraphs added after ``origin``'s block are more lines of its text (a text-only item, a field)."""
        if origin.endswith("/内容"):
            return True
        slot = resolve(self.data, origin)
        if slot is not None:
            return isinstance(slot.value, str) and isinstance(slot.key, int)  # 开头/1 of a list; not 主送, 标题
        head, _, last = origin.rpartition("/")
        whole = resolve(self.data, head) if last.isdigit() else None
        return whole is not None and isinstance(whole.value, str)

    def _paragraph_item(self, origin: str, lines: list[str], sources: list[str] | None = None) -> bool:
        """Paragraphs added after a heading or an item: a text-only item after it, or first under it, wherever the
        form then prints them as written (``sources``: their form texts, expressions kept); several paragraphs as
        one item of several lines, else (an item's 内容 of one paragraph only) as one item each. Whether added."""
        item = item_path(origin)
        texts = sources if sources is not None else [without_number(line) for line in lines]
        shapes = [[commented({"内容": edits._styled("", "\n".join(texts))})]]
        if len(texts) > 1:
            shapes.append([commented({"内容": text}) for text in texts])
        places: list[tuple[str, str | None, tuple[str, str] | None]] = []
        if origin.endswith("/标题"):
            section = origin[:-len("/标题")]
            places.append((f"{section}/下级", None, (section, "下级")))
        elif item == origin:
            slot = resolve(self.data, item)
            placed = list_of(item)
            after = (placed[0], item, None) if placed else None
            under = (f"{item}/下级", None, (item, "下级"))
            runs_in = isinstance(slot.value, dict) and any(k in slot.value for k in ("内容", "列举", "引语")) \
                if slot is not None else True
            places = [c for c in ((after, under) if runs_in else (under, after)) if c is not None]
        for list_path, anchor, create in places:
            for values in shapes:
                ops = [edits.insert_item(list_path, anchor, value, create) for value in values]
                if self._prints(ops, lines):
                    self.add("新增", list_path, f"新增段落“{short(lines[0])}”"
                             + (f"等 {len(lines)} 段" if len(lines) > 1 else ""), *ops)
                    return True
        return False

    def _prints(self, ops: list[edits.Op], lines: list[str]) -> bool:
        """Whether the form with ``ops`` applied builds and prints each of ``lines`` as a paragraph of its own."""
        yaml, data = load_round_trip(self.form_text)
        if edits.apply(data, ops):
            return False
        try:
            rebuilt = run(read_text(self.form_path, dump_round_trip(yaml, data), self.session), "txt", self.session,
                          findings=[]).laid
        except (FormError, TemplateError):
            return False
        printed = {without_number(p.text) for p in built_paragraphs(rebuilt)}
        return all(without_number(line) in printed for line in lines)

    def _new_items(self, run: list[int], previous: int) -> None:
        """New headings in ``run``, each with the body paragraphs after it as its 内容."""
        edited = self.edited
        groups: list[list[int]] = []
        for k in run:
            if edited[k].rows is not None:
                self.add("冲突", "", "新增的表格没有合并：请在表单里加 表格 条目")
                continue
            if heading_level(edited[k].text, edited[k].role) is not None or not groups:
                groups.append([k])
            else:
                groups[-1].append(k)
        for group in groups:
            head = edited[group[0]]
            level = heading_level(head.text, head.role)
            place = self._place_for(level, previous) if level is not None else None
            if place is None:
                self.add("冲突", "", f"新增的“{short(head.text)}”找不到在表单里的位置（层级不明），没有合并")
                continue
            list_path, anchor, create = place
            title = without_number(head.text)
            item: dict[str, Any] = {}
            lines = [edited[k].text for k in group[1:]]
            sibling = resolve(self.data, anchor).value if anchor else None
            if not lines and isinstance(sibling, dict) and "内容" in sibling and "标题" in sibling and "。" in title[:-1] \
                    and self._run_in(anchor):
                cut = title.index("。") + 1
                title, lines = title[:cut], [title[cut:]]
            item["标题"] = title
            separate = lines and isinstance(sibling, dict) and ("下级" in sibling or not self._run_in(anchor))
            run_in = lines and not separate and isinstance(sibling, dict) and "内容" in sibling and "。" in title[:-1]
            if run_in and self._run_in_with_paragraphs(item, lines, place, head.text):
                lines = [item["内容"]] + lines  # a run-in heading's text, the paragraphs after it under it
            elif lines and separate and not ("内容" in sibling and "下级" not in sibling):
                item["下级"] = [{"内容": line} for line in lines]  # a heading standing alone, paragraphs under it
            elif lines:
                item["内容"] = "\n".join(lines)
            value = commented(item)
            if "\n" in item.get("内容", ""):
                value["内容"] = edits._styled("", item["内容"])
            self.add("新增", list_path, f"新增{'一二三四五'[min(level, 5) - 1] if level else ''}级标题“{short(item['标题'])}”"
                     + (f"及 {len(lines)} 段内容" if lines else ""),
                     edits.insert_item(list_path, anchor, value, create))

    def _run_in_with_paragraphs(self, item: dict[str, Any], lines: list[str], place: Any, heading: str) -> bool:
        """A new heading typed run in with its first sentence, like its siblings, and paragraphs after it: the
        sentence becomes its 内容 and each paragraph an item under it, when the form then prints them so
        (``item`` is filled in). Whether it does."""
        title = item["标题"]
        cut = title.index("。") + 1
        shaped = {"标题": title[:cut], "内容": title[cut:], "下级": [{"内容": line} for line in lines]}
        if not self._prints([edits.insert_item(place[0], place[1], commented(shaped), place[2])], [heading] + lines):
            return False
        item.update(shaped)
        return True

    def _run_in(self, path: str | None) -> bool:
        """Whether the item at ``path`` printed its heading and its text as one paragraph."""
        members = self._blocks().get(path or "", [])
        return len(members) == 1

    def _place_for(self, level: int, previous: int) -> tuple[str, str | None, tuple[str, str] | None] | None:
        """Where a new heading of ``level`` goes: (list path, item after which, (parent, 下级) to create)."""
        for j in range(previous, -1, -1):
            if j not in self.pairs:
                continue
            para = self.built[self.pairs[j]]
            found = heading_level(para.text, para.role) if para.origin else None
            if found is None or para.origin is None:
                continue
            item = item_path(para.origin)
            if found == level and item is not None and para.origin == item:
                placed = list_of(item)
                return (placed[0], item, None) if placed else None
            if found < level:
                parent = para.origin[:-len("/标题")] if para.origin.endswith("/标题") else item
                if parent is None:
                    return None
                return (f"{parent}/下级", None, (parent, "下级"))
            if found == level:
                return None
        return None

