"""A whole “；三是……” entry deleted in Word merges as the deletion of that 列举 item (issue #27): on every example
and template form with a 列举 of two or more entries, the first, a middle and the last entry deleted, with 修订
(accepted, and rejected), typed (python-docx), without drafting's markers and saved by WPS."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, NamedTuple

import pytest

from drafting.document.numerals import enumeration_label
from drafting.form.roundtrip import load_round_trip
from drafting.merging.enumerations import JOIN_STRIP, deleted_entry, describe, template_word_edits
from drafting.merging.plan import plan_merge
from drafting.merging.slots import resolve
from drafting.merging.structure import short
from drafting.options import Session
from drafting.pipeline.stages import run_path
from tests.editing import Replace, as_wps_saves, edit_with_python_docx, with_tracked_changes
from tests.merging.docxedits import opened, saved
from tests.merging.test_plan import FORMS, TEMPLATES, edited_text, form_copy, rebuilt_text, unmarked


class Listed(NamedTuple):
    """A form's first 列举 printed in one paragraph: its path, its entries as printed, the paragraph's text."""

    path: str
    entries: list[str]
    paragraph: str


def _lists(node: Any, path: str = "") -> list[tuple[str, list[str]]]:
    """Every 列举 of two or more plain entries in the round-trip data, by form path, in order."""
    found: list[tuple[str, list[str]]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            inner = f"{path}/{key}" if path else str(key)
            if key == "列举" and isinstance(value, list) and len(value) >= 2 \
                    and all(isinstance(x, str) and "{" not in x for x in value):
                found.append((inner, [str(x) for x in value]))
            else:
                found.extend(_lists(value, inner))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found.extend(_lists(value, f"{path}/{n}"))
    return found


def same_entry(form_text: str, changed: str, list_path: str, index: int) -> bool:
    """Whether the change's form path names entry ``index`` of the 列举 at ``list_path`` (a data path)."""
    _, data = load_round_trip(form_text)
    node: Any = data
    for step in list_path.split("/"):
        node = node[int(step)] if step.isdigit() else node[step]
    slot = resolve(data, changed)
    return slot is not None and slot.container is node and slot.key == index


def enumerated(whole: list[str]) -> str:
    """The entries as the template prints them in a paragraph: 一是……；二是……。"""
    return "".join(enumeration_label(n + 1) + e + ("。" if n == len(whole) - 1 else "；") for n, e in enumerate(whole))


def first_list(form: Path) -> Listed | None:
    """The form's first 列举 whose entries print in one paragraph (None: it has none)."""
    _, data = load_round_trip(form.read_text(encoding="utf-8"))
    built = edited_text(run_path(form, "docx", Session()).data)
    for path, entries in _lists(data):
        printed = [e.rstrip(JOIN_STRIP) for e in entries]
        paragraph = next((p for p in built if enumerated(printed) in p), None)
        if paragraph is not None:
            return Listed(path, printed, paragraph)
    return None


WHICH = ["first", "middle", "last"]


def _applicable() -> list[tuple[str, str]]:
    """(form, which entry) for every example and template form with a 列举 of two or more entries printed in one
    paragraph, and “middle” only where it has three or more: only the cases that apply are generated."""
    import tempfile

    found = []
    for name in FORMS + TEMPLATES:
        with tempfile.TemporaryDirectory() as folder:
            listed = first_list(form_copy(Path(folder), name))
        if listed is not None:
            found += [(name, which) for which in WHICH if which != "middle" or len(listed.entries) >= 3]
    return found


APPLICABLE = _applicable()
CASES = sorted({name for name, _ in APPLICABLE})


def test_the_forms_with_an_enumeration_are_found() -> None:
    """No example or template form with a 列举 printed in one paragraph is left out of the cases."""
    assert {"work-briefing.yaml", "half-year-summary.yaml", "工作汇报"} <= set(CASES)


def deletion(listed: Listed, which: str) -> tuple[int, str] | None:
    """The entry to delete (0-based) and the words the leader selects: 一是……； for the first, ；二是…… after it."""
    count = len(listed.entries)
    if which == "middle" and count < 3:
        return None
    gone = {"first": 0, "middle": 1, "last": count - 1}[which]
    if gone == 0:
        return gone, enumeration_label(1) + listed.entries[0] + "；"
    return gone, "；" + enumeration_label(gone + 1) + listed.entries[gone]


def expected_after(listed: Listed, gone: int) -> str:
    """The paragraph as the merged form prints it: the entry gone, the rest renumbered by the template."""
    rest = [e for n, e in enumerate(listed.entries) if n != gone]
    return listed.paragraph.replace(enumerated(listed.entries), enumerated(rest))


def word(data: bytes, edit: Replace) -> bytes:
    """Word with 修订 on."""
    return with_tracked_changes(data, [edit])


def typed(data: bytes, edit: Replace) -> bytes:
    """Typed without 修订, the way a python-docx script edits (the paragraph's marker goes with its runs)."""
    return edit_with_python_docx(data, [edit])


def unmarked_copy(data: bytes) -> bytes:
    """``data`` with every drafting marker removed, as a copy into a new file leaves it."""
    document = opened(data)
    unmarked(document)
    return saved(document)


WRITERS: dict[str, Callable[[bytes, Replace], bytes]] = {
    "word": word, "python-docx": typed, "unmarked": lambda data, edit: typed(unmarked_copy(data), edit),
    "wps": lambda data, edit: as_wps_saves(typed(data, edit))}


def _case(name: str, which: str, tmp_path: Path) -> tuple[Path, Listed, int, Replace, bytes]:
    """The form copied and built, and the entry to delete (the cases are generated where they apply)."""
    form = form_copy(tmp_path, name)
    listed = first_list(form)
    assert listed is not None, name
    chosen = deletion(listed, which)
    assert chosen is not None, (name, which)
    gone, words = chosen
    return form, listed, gone, Replace(words, words, ""), run_path(form, "docx", Session()).data


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("name,which", APPLICABLE)
def test_a_deleted_entry_merges_as_its_deletion(name: str, which: str, writer: str, tmp_path: Path) -> None:
    form, listed, gone, edit, data = _case(name, which, tmp_path)
    edited = WRITERS[writer](data, edit)
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    listed_changes = [(c.kind, c.text) for c in plan.changes if c.kind != "修订"]
    assert listed_changes == [("删除", f"删除列举第{gone + 1}项“{short(listed.entries[gone])}”")]
    form_text = form.read_text(encoding="utf-8")
    assert same_entry(form_text, plan.changes[0].path, listed.path, gone)
    _, merged = load_round_trip(plan.text())
    node: Any = merged
    for step in listed.path.split("/"):
        node = node[int(step)] if step.isdigit() else node[step]
    assert [str(x).rstrip(JOIN_STRIP) for x in node] == [e for n, e in enumerate(listed.entries) if n != gone]
    kept = [line for line in form_text.splitlines(keepends=True)
            if line.strip() != f"- {listed.entries[gone]}"]  # only the entry's line goes; comments and all else kept
    assert plan.text() == "".join(kept)
    rebuilt = rebuilt_text(form, plan.text())
    assert expected_after(listed, gone) in rebuilt
    assert rebuilt == [expected_after(listed, gone) if p == listed.paragraph else p
                       for p in rebuilt_text(form, form_text)]
    left = listed.paragraph.replace(edit.old, "", 1)  # the edited text, its numbers as the leader left them
    assert [expected_after(listed, gone) if p == left else p for p in edited_text(edited)] == rebuilt
    if writer == "word":
        assert [c.text for c in plan.changes if c.kind == "修订"] == [
            f"删除“{short(edit.old, 30)}”（张科长，2026-10-09）"]
        rejected = plan_merge(form, edited, "修改稿.docx", Session(), reject_revisions=True)
        assert [c.kind for c in rejected.changes] == ["修订"] and rejected.text() == form_text
    if which == "last":
        assert rebuilt == edited_text(edited)  # nothing left to renumber: the edited text itself


@pytest.mark.parametrize("name", CASES)
def test_the_words_up_to_the_next_label_deleted_leave_it_renumbered(name: str, tmp_path: Path) -> None:
    form, listed, _, _, data = _case(name, "first", tmp_path)
    words = listed.entries[0] + "；" + enumeration_label(2)  # “……；二是” selected: 一是 stays, the rest follows
    edited = word(data, Replace(words, words, ""))
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    assert [c.kind for c in plan.changes if c.kind != "修订"] == ["删除"]
    assert same_entry(form.read_text(encoding="utf-8"), plan.changes[0].path, listed.path, 0)
    rebuilt = rebuilt_text(form, plan.text())
    assert expected_after(listed, 0) in rebuilt
    if len(listed.entries) == 2:  # 一是乙。: the number left is the one the template prints
        assert rebuilt == edited_text(edited)


def test_a_deleted_entry_and_a_figure_changed_in_the_same_paragraph_both_merge(tmp_path: Path) -> None:
    form = form_copy(tmp_path, "work-briefing.yaml")
    data = run_path(form, "docx", Session()).data
    built = rebuilt_text(form, form.read_text(encoding="utf-8"))
    paragraph = next(p for p in built if "三是重拳整治黄赌毒等突出治安问题" in p)
    edits = [Replace("坚持重拳出击", "；二是深入开展电信网络诈骗打击治理", ""),
             Replace("坚持重拳出击", "612件，同比下降12.7%", "598件，同比下降14.69%"),
             Replace("坚持重拳出击", "坚持重拳出击", "坚持重拳出击、依法严惩")]
    edited = with_tracked_changes(data, edits)
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    listed = [(c.kind, c.path, c.text) for c in plan.changes if c.kind != "修订"]
    assert ("删除", "正文/1/列举/1", "删除列举第2项“深入开展电信网络诈骗打击治理”") in listed
    assert ("指标", "指标/刑事案件", "指标“刑事案件”612件改为598件") in listed
    assert any(kind == "改写" and path == "正文/1/标题" for kind, path, _ in listed), listed
    assert not plan.conflicts, [c.text for c in plan.conflicts]
    text = plan.text()
    assert "坚持重拳出击、依法严惩" in text and "深入开展电信网络诈骗打击治理" not in text
    rebuilt = rebuilt_text(form, text)
    want = paragraph.replace("坚持重拳出击", "坚持重拳出击、依法严惩").replace("612件，同比下降12.7%", "598件，同比下降14.69%") \
        .replace("；二是深入开展电信网络诈骗打击治理；三是", "；二是")
    assert want in rebuilt


@pytest.mark.parametrize("deleted", ["三是", "all"])
def test_an_unbalanced_deletion_is_a_conflict_that_says_what_was_deleted(deleted: str, tmp_path: Path) -> None:
    form = form_copy(tmp_path, "work-briefing.yaml")
    data = run_path(form, "docx", Session()).data
    words = "三是" if deleted == "三是" else enumerated(["常态化推进扫黑除恶斗争", "深入开展电信网络诈骗打击治理",
                                                        "重拳整治黄赌毒等突出治安问题"])[:-1]
    edited = with_tracked_changes(data, [Replace("坚持重拳出击", words, ""),
                                         Replace("坚持重拳出击", "在打击违法犯罪方面", "在打击各类违法犯罪方面")])
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    conflicts = [c for c in plan.conflicts]
    assert len(conflicts) == 1 and conflicts[0].path == "正文/1"
    assert f"删去了“{short(words, 20)}”" in conflicts[0].text and "模板生成" in conflicts[0].text
    assert [(c.kind, c.path) for c in plan.changes if c.kind not in ("修订", "冲突")] == [("改写", "正文/1/标题")]
    assert "在打击各类违法犯罪方面" in plan.text() and "重拳整治黄赌毒等突出治安问题" in plan.text()


def test_deleted_entry_finds_the_entry_whatever_labels_the_leader_left() -> None:
    texts = [("a/内容", "开头的话。"), ("a/列举/0", "甲事"), ("a/列举/1", "乙事"), ("a/列举/2", "丙事")]
    block = "开头的话。一是甲事；二是乙事；三是丙事。"
    for edited in ("开头的话。一是甲事；三是丙事。", "开头的话。一是甲事；二是丙事。"):
        found = deleted_entry(block, edited, texts)
        assert found is not None and (found.path, found.number, found.printed) == ("a/列举/1", 2, "乙事")
    assert deleted_entry(block, "开头的话。一是甲事；二是乙事；丙事。", texts) is None  # its words kept
    assert deleted_entry(block, "开头的话。。", texts) is None
    changed, _ = template_word_edits(block, "开头的话。一是甲事；二是乙事；丙事。",
                                     [("a/内容", 0, 5), ("a/列举/0", 7, 9), ("a/列举/1", 12, 14), ("a/列举/2", 17, 19)])
    assert describe(changed) == "删去了“三是”"


@pytest.mark.parametrize("writer", ["word", "python-docx"])
@pytest.mark.parametrize("gone", [0, 1, 2])
def test_an_entry_printed_as_its_own_paragraph_deleted_merges_as_its_deletion(gone: int, writer: str,
                                                                               tmp_path: Path) -> None:
    from tests.editing import Delete

    form = form_copy(tmp_path, "work-briefing.yaml")
    text = form.read_text(encoding="utf-8").replace("    列举:\n      - 常态化", "    分段: true\n    列举:\n      - 常态化")
    form.write_text(text, encoding="utf-8")
    entries = ["常态化推进扫黑除恶斗争", "深入开展电信网络诈骗打击治理", "重拳整治黄赌毒等突出治安问题"]
    data = run_path(form, "docx", Session()).data
    edit = Delete(entries[gone])
    edited = with_tracked_changes(data, [edit]) if writer == "word" else edit_with_python_docx(data, [edit])
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    assert [(c.kind, c.path, c.text) for c in plan.changes if c.kind != "修订"] == [
        ("删除", f"正文/1/列举/{gone}", f"删除列举第{gone + 1}项“{entries[gone]}”")]
    assert plan.text() == text.replace(f"      - {entries[gone]}\n", "")
    before = rebuilt_text(form, text)
    first = before.index(f"{enumeration_label(1)}{entries[0]}。")
    rest = [f"{enumeration_label(n + 1)}{e}。" for n, e in enumerate(e for n, e in enumerate(entries) if n != gone)]
    assert rebuilt_text(form, plan.text()) == before[:first] + rest + before[first + 3:]


def test_a_block_whose_entries_are_all_gone_is_not_tried_entry_by_entry(monkeypatch) -> None:
    """A hostile edit (the paragraph's characters shuffled) leaves every entry's words gone: no entry is tried, since
    each try compares the whole block (30 entries × 3 numberings took 3.6 s before this bound); work counted, not timed."""
    import random

    from drafting.merging import enumerations

    tried = []
    real = enumerations.edited_pieces
    monkeypatch.setattr(enumerations, "edited_pieces", lambda *args: tried.append(1) or real(*args))
    rng = random.Random(7)
    entries = ["".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(300)) for _ in range(30)]
    block = "前言。" + enumerated(entries)
    shuffled = list(block)
    rng.shuffle(shuffled)
    texts = [(f"正文/0/列举/{n}", entry) for n, entry in enumerate(entries)]
    assert deleted_entry(block, "".join(shuffled), texts) is None and not tried
    gone = block.replace(enumeration_label(2) + entries[1] + "；", "", 1)  # one entry deleted: still found
    found = deleted_entry(block, gone, texts)
    assert found is not None and found.number == 2 and len(tried) <= enumerations.MAX_MISSING * 3
