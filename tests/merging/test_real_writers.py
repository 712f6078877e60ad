"""The merge end to end with real writers' edits (issue #27): every example built, edited as Word (修订, 批注), WPS
and LibreOffice leave it, merged back, and the merged form built again gives the edited text character for
character (the edited document read as ``draft import`` reads it: revisions accepted)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, NamedTuple

import pytest

from drafting.errors import ERROR, WARNING
from drafting.merging.plan import MergePlan, plan_merge
from drafting.merging.slots import item_path
from drafting.ooxml.reader import read_docx
from drafting.options import Session
from drafting.pipeline.stages import run_path
from tests.editing import (AUTHOR, Comment, Delete, Edit, InsertAfter, Replace, as_wps_saves, edit_with_python_docx,
                           edited_in_libreoffice, with_comment, with_tracked_changes)
from tests.merging.test_plan import FORMS, edited_text, form_copy, level, plain_figure, rebuilt_text

NOTE = Comment("", "", "请再核实。", "王处长", "2026-10-10T09:00:00Z")
ADDED = "新增的一段工作。"
LIBREOFFICE_FORMS = ["half-year-summary.yaml", "rectification-report.yaml", "work-briefing.yaml"]


class Expected(NamedTuple):
    """An edit and the change the merge should list for it: its kind and the origin its path must lead to."""

    edit: Edit
    kind: str
    origin: str


def choose_edits(form: Path, data: bytes) -> list[Expected]:
    """A leader's usual edits of the form's built .docx, each on a paragraph of its own: a figure changed, a
    sentence of the opening or closing rewritten, the last item of a list deleted, a paragraph added after a body
    paragraph, and a 批注 on a paragraph the form prints."""
    paragraphs = [p for p in read_docx(data).paragraphs if p.text and p.table is None]
    texts = [p.text for p in paragraphs]
    free = [p for p in paragraphs if p.origin and texts.count(p.text) == 1]
    chosen: list[Expected] = []
    used: set[str] = set()

    def take(paragraph: Any, edit: Edit, kind: str, origin: str) -> None:
        chosen.append(Expected(edit, kind, origin))
        used.add(paragraph.text)

    found = plain_figure(form)
    if found is not None:
        name, before, printed = found
        number = re.match(r"[\d.]+", printed).group()
        changed = str(int(number) + 7) if number.isdigit() else f"{float(number) + 0.5:g}"
        paragraph = next(p for p in paragraphs if before + printed in p.text)
        take(paragraph, Replace(paragraph.text, before + number, before + changed), "指标", f"指标/{name}")
    openings = [p for p in free if p.origin.startswith(("开头", "结尾"))]
    for paragraph in openings + [p for p in free if p.role == "正文" and not p.lead and level(p.text) is None]:
        if "，" in paragraph.text and paragraph.text not in used:
            take(paragraph, Replace(paragraph.text, "，", "，切实"), "改写", paragraph.origin)
            break
    for paragraph in reversed(free):
        item = re.fullmatch(r"(.+/[1-9]\d*)(/内容)?", paragraph.origin)
        if item and paragraph.text not in used and level(paragraph.text) is None \
                and not any((p.origin or "").startswith(item.group(1) + "/") and p is not paragraph for p in paragraphs):
            take(paragraph, Delete(paragraph.text), "删除", item.group(1))
            break
    for paragraph in free:
        after = paragraphs[paragraphs.index(paragraph) + 1:][:1]
        if re.search(r"/\d+(/内容)?$", paragraph.origin) and paragraph.role == "正文" \
                and level(paragraph.text) is None and paragraph.text not in used \
                and not any(p.text in used for p in after):  # see docs/word-roundtrip.md: not before a deleted one
            take(paragraph, InsertAfter(paragraph.text, ADDED), "新增", paragraph.origin)
            break
    for paragraph in free:
        if len(paragraph.text) > 8 and paragraph.text not in used:
            take(paragraph, NOTE._replace(paragraph=paragraph.text, anchor=paragraph.text[2:6]), "批注",
                 paragraph.origin)
            break
    return chosen


def as_word_reviews(data: bytes, edits: list[Edit]) -> bytes:
    """Word with 修订 on: the edits as tracked changes, the 批注 as Word adds one."""
    out = with_tracked_changes(data, [e for e in edits if not isinstance(e, Comment)])
    for note in (e for e in edits if isinstance(e, Comment)):
        out = with_comment(out, note.paragraph, note.anchor, note.text, note.author, note.date)
    return out


def as_wps_edits(data: bytes, edits: list[Edit]) -> bytes:
    """The edits typed in (no 修订), then saved by WPS (its style ids, outline levels, no drafting marks)."""
    return as_wps_saves(edit_with_python_docx(data, edits))


def assert_merged_exactly(form: Path, edited: bytes, expected: list[Expected], warnings: set[str]) -> MergePlan:
    """Merge ``edited`` into ``form``: the change list holds each expected change (kind, and a path its origin
    lies in), 批注 become YAML comments, 修订 are listed with author and date, and the merged form builds to
    the edited text exactly, with no 冲突 and no warning but ``warnings``."""
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    assert not plan.conflicts, [c.text for c in plan.conflicts]
    assert {p.code for p in plan.problems} <= warnings and all(p.severity == WARNING for p in plan.problems), \
        [(p.code, p.message) for p in plan.problems]
    listed = [(c.kind, c.path) for c in plan.changes if c.kind != "修订"]
    for want in expected:
        assert any(kind == want.kind and (want.origin == path or want.origin.startswith(path + "/"))
                   for kind, path in listed), (want, listed)
    assert len(listed) == len(expected), (listed, expected)
    for note in (e.edit for e in expected if isinstance(e.edit, Comment)):
        assert f"# 批注（{note.author}，{note.date[:10]}）：{note.text}" in plan.text()
    assert rebuilt_text(form, plan.text()) == edited_text(edited)
    return plan


def _writer_case(name: str, tmp_path: Path, writer: Callable[[bytes, list[Edit]], bytes]) \
        -> tuple[Path, bytes, list[Expected]]:
    """The example ``name`` copied, built, and edited by ``writer`` with the usual edits."""
    form = form_copy(tmp_path, name)
    data = run_path(form, "docx", Session()).data
    expected = choose_edits(form, data)
    assert len(expected) >= 2, expected  # the 2022 example has one paragraph: a figure and a 批注
    return form, writer(data, [e.edit for e in expected]), expected


@pytest.mark.parametrize("name", FORMS)
def test_word_revisions_and_comments_merge_exactly(name: str, tmp_path: Path) -> None:
    form, edited, expected = _writer_case(name, tmp_path, as_word_reviews)
    plan = assert_merged_exactly(form, edited, expected, set())
    revisions = [c for c in plan.changes if c.kind == "修订"]
    pending = [r for p in read_docx(edited).paragraphs for r in p.revisions]
    assert revisions and len(revisions) == len(pending)
    assert all(c.applied and f"（{AUTHOR}，2026-10-09）" in c.text for c in revisions)
    with_rejected = plan_merge(form, edited, "修改稿.docx", Session(), reject_revisions=True)
    assert {c.kind for c in with_rejected.changes} == {"修订", "批注"}  # rejected: only the reviews are left


@pytest.mark.parametrize("name", FORMS)
def test_wps_saves_with_a_rewrite_merge_exactly(name: str, tmp_path: Path) -> None:
    form, edited, expected = _writer_case(name, tmp_path, as_wps_edits)
    assert not any(p.origin for p in read_docx(edited).paragraphs)  # paired by text alone
    assert_merged_exactly(form, edited, expected, {"M010"})


@pytest.fixture(scope="module")
def libreoffice_edited(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, bool], tuple[Path, bytes, list]]:
    """The example edited in LibreOffice (Record Changes on or off), made once per (example, record)."""
    made: dict[tuple[str, bool], tuple[Path, bytes, list[Expected]]] = {}

    def edited(name: str, record: bool) -> tuple[Path, bytes, list[Expected]]:
        if (name, record) not in made:
            folder = tmp_path_factory.mktemp("lo-merge")
            made[(name, record)] = _writer_case(name, folder, lambda data, edits: edited_in_libreoffice(
                data, edits, folder, record=record))
        return made[(name, record)]
    return edited


@pytest.mark.render
@pytest.mark.parametrize("record", [False, True], ids=["typed", "recorded"])
@pytest.mark.parametrize("name", LIBREOFFICE_FORMS)
def test_libreoffice_edits_merge_exactly(name: str, record: bool, libreoffice_edited: Any) -> None:
    form, edited, expected = libreoffice_edited(name, record)
    plan = assert_merged_exactly(form, edited, expected, set())
    revisions = [c for c in plan.changes if c.kind == "修订"]
    if record:  # LibreOffice writes its 修订 as Word's, with the profile's author and the time of the edit
        assert revisions and all(c.applied and f"（{AUTHOR}，" in c.text for c in revisions)
    else:
        assert not revisions


def _heading_added_in_wps(form: Path, heading: str) -> bytes:
    """The form's .docx with a 二级标题 ``heading`` and a paragraph under it typed after the last （五） of
    half-year-summary, then saved by WPS (the heading: body style with 大纲级别 2)."""
    from docx.text.paragraph import Paragraph

    from tests.merging.docxedits import body_paragraphs, insert_after, opened, saved
    from tests.merging.test_plan import origin_of

    document = opened(run_path(form, "docx", Session()).data)
    paragraphs = body_paragraphs(document)
    last = max(n for n, p in enumerate(paragraphs) if (origin_of(p, document) or "").startswith("正文/0/下级/4"))
    model = next(p for p in paragraphs if p.text.startswith("（五）"))
    added = insert_after(paragraphs[last], heading, like=model)
    insert_after(Paragraph(added, model._parent), "全年培训干部120人次。", like=paragraphs[last])
    return as_wps_saves(saved(document))


@pytest.mark.parametrize("heading", ["（六）加强队伍建设", "加强队伍建设"], ids=["numbered", "unnumbered"])
def test_a_heading_added_in_wps_is_known_by_its_outline_level(heading: str, tmp_path: Path) -> None:
    form = form_copy(tmp_path, "half-year-summary.yaml")
    edited = _heading_added_in_wps(form, heading)
    read = next(p for p in read_docx(edited).paragraphs if p.text == heading)
    assert (read.role, read.outline) == ("正文", 1)  # WPS: the body style, the level only as w:outlineLvl
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    assert [(c.kind, c.path, c.text) for c in plan.changes] == [
        ("新增", "正文/0/下级", "新增二级标题“加强队伍建设”及 1 段内容")]
    assert "      - 标题: 加强队伍建设\n        下级:\n          - 内容: 全年培训干部120人次。\n" in plan.text()
    rebuilt, typed = rebuilt_text(form, plan.text()), edited_text(edited)
    if heading.startswith("（六）"):
        assert rebuilt == typed and [p.code for p in plan.problems] == ["M010"]
    else:  # the template numbers the heading: the one difference, said as a warning, never silent
        assert [a for a, b in zip(rebuilt, typed) if a != b] == ["（六）加强队伍建设"]
        assert [p.code for p in plan.problems] == ["M010", "M009"]


def _another_report(writer: str, folder: Path) -> bytes:
    """The rectification report built and saved by ``writer`` (WPS, or LibreOffice with a sentence rewritten)."""
    from tests.conftest import EXAMPLES

    data = run_path(EXAMPLES / "rectification-report.yaml", "docx", Session()).data
    if writer == "wps":
        return as_wps_saves(data)
    paragraph = next(p.text for p in read_docx(data).paragraphs if p.origin and "，" in p.text)
    return edited_in_libreoffice(data, [Replace(paragraph, "，", "，切实")], folder)


@pytest.mark.parametrize("writer", ["wps", pytest.param("libreoffice", marks=pytest.mark.render)])
def test_another_report_saved_by_wps_or_libreoffice_is_a_located_refusal(writer: str, tmp_path: Path) -> None:
    from drafting.merging.model import MergeError

    form = form_copy(tmp_path, "work-briefing.yaml")
    before = form.read_bytes()
    data = _another_report(writer, tmp_path)
    with pytest.raises(MergeError) as refused:
        plan_merge(form, data, "修改稿.docx", Session(), )
    problem, = refused.value.problems
    assert (problem.code, str(problem.location), problem.severity) == ("M007", "修改稿.docx", ERROR)
    assert "对不上" in problem.message and "另一份报告" in problem.hint
    assert form.read_bytes() == before


@pytest.mark.parametrize("writer", ["wps", pytest.param("libreoffice", marks=pytest.mark.render)])
def test_a_form_that_no_longer_validates_is_refused_untouched(writer: str, tmp_path: Path) -> None:
    from drafting.merging.model import MergeError

    form = form_copy(tmp_path, "work-briefing.yaml")
    data = run_path(form, "docx", Session()).data
    paragraph = next(p.text for p in read_docx(data).paragraphs if (p.origin or "").startswith("开头"))
    edit = [Replace(paragraph, "，", "，切实")]
    edited = as_wps_edits(data, edit) if writer == "wps" else edited_in_libreoffice(data, edit, tmp_path)
    form.write_text(form.read_text(encoding="utf-8").replace("模板: 工作汇报", "模板: 没有这个模板"), encoding="utf-8")
    before = form.read_bytes()
    with pytest.raises(MergeError) as refused:
        plan_merge(form, edited, "修改稿.docx", Session())
    assert refused.value.problems[0].code == "M002" and "不能合并" in refused.value.problems[0].message
    assert form.read_bytes() == before


@pytest.mark.render
def test_libreoffice_recording_a_deletion_after_an_added_paragraph_reads_as_a_rewrite(tmp_path: Path) -> None:
    """LibreOffice deletes a paragraph from the end of the one before: with Record Changes on, the added paragraph
    before it loses its mark and takes the deleted one's place (and drafting's bookmark). Merged exactly, but
    listed as that item rewritten, not as one deleted and one added (docs/word-roundtrip.md)."""
    form = form_copy(tmp_path, "work-briefing.yaml")
    data = run_path(form, "docx", Session()).data
    first, second = [p.text for p in read_docx(data).paragraphs if (p.origin or "").startswith("体会/下级/")][:2]
    edited = edited_in_libreoffice(data, [InsertAfter(first, ADDED), Delete(second)], tmp_path, record=True)
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    assert not plan.conflicts and not plan.problems
    assert {(c.kind, c.path) for c in plan.changes if c.kind != "修订"} == {("改写", "体会/下级/1/引语"),
                                                                           ("改写", "体会/下级/1/内容")}
    assert rebuilt_text(form, plan.text()) == edited_text(edited)


def test_two_paragraphs_typed_after_a_run_in_item_in_wps_become_two_items(tmp_path: Path) -> None:
    """An item of 标题 and 内容 printed as one paragraph takes no second line: two paragraphs typed after it are
    two paragraph items after it (once its 内容 got the lines and the form no longer built)."""
    form = form_copy(tmp_path, "half-year-summary.yaml")
    data = run_path(form, "docx", Session()).data
    last = [p.text for p in read_docx(data).paragraphs if (p.origin or "").startswith("正文/0/下级/4/下级/")][-1]
    edited = as_wps_edits(data, [InsertAfter(last, "全年培训干部120人次。"), InsertAfter(last, "加强队伍建设。")])
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    assert [(c.kind, c.path, c.text) for c in plan.changes] == [
        ("新增", "正文/0/下级/4/下级", "新增段落“加强队伍建设。”等 2 段")]
    assert "          - 内容: 加强队伍建设。\n          - 内容: 全年培训干部120人次。\n" in plan.text()
    assert [p.code for p in plan.problems] == ["M010"]
    assert rebuilt_text(form, plan.text()) == edited_text(edited)


def test_a_plan_with_conflicts_that_would_not_build_is_still_an_error(tmp_path: Path) -> None:
    from drafting.errors import Location
    from drafting.merging import ops
    from drafting.merging.model import Change
    from drafting.merging.plan import verify
    from drafting.merging.reading import read_edited

    form = form_copy(tmp_path, "work-briefing.yaml")
    edited, _, _ = read_edited(run_path(form, "docx", Session()).data, "修改稿.docx")
    changes = [Change("1", "改写", "模板", Location("表单.yaml", 3, 1), "“工作汇报”改为“不存在的模板”", True),
               Change("2", "冲突", "", Location("表单.yaml"), "新增段落“……”找不到在表单里的位置，没有合并", False)]
    plan = MergePlan(form.read_text(encoding="utf-8"), changes, [], {"1": [ops.set_text("模板", None, "不存在的模板")]},
                     edited)
    verify(plan, form, Session())
    assert [(p.code, p.severity) for p in plan.problems] == [("M008", ERROR)]


def side_by_side(data: bytes) -> tuple[Any, Any] | None:
    """Two one-paragraph items of one list, one right after the other, in the .docx ``data`` (None: there are none)."""
    paragraphs = [p for p in read_docx(data).paragraphs if p.text and p.table is None]
    alone = [p for p in paragraphs if p.origin and re.search(r"/\d+$", p.origin) and level(p.text) is None
             and not any((q.origin or "").startswith(p.origin + "/") for q in paragraphs)]
    return next(((a, b) for a, b in zip(paragraphs, paragraphs[1:]) if a in alone and b in alone
                 and b.origin == re.sub(r"\d+$", lambda m: str(int(m.group()) + 1), a.origin)), None)


# The examples with two one-paragraph items side by side (the others have none to move): only these cases are
# generated, so that a skip only ever means a missing system program; the guard test keeps the list true.
MOVABLE_FORMS = ["half-year-summary.yaml", "quarterly-report.yaml", "rectification-report.yaml",
                 "work-briefing.yaml"]


def test_the_forms_with_two_items_side_by_side_are_the_ones_listed(tmp_path: Path) -> None:
    """No example is left out of the move test below because nobody looked."""
    found = []
    for name in FORMS:
        (tmp_path / name).mkdir()
        if side_by_side(run_path(form_copy(tmp_path / name, name), "docx", Session()).data) is not None:
            found.append(name)
    assert found == MOVABLE_FORMS


@pytest.mark.parametrize("name", MOVABLE_FORMS)
def test_a_paragraph_moved_with_word_revisions_merges_as_a_move(name: str, tmp_path: Path) -> None:
    """Word's w:moveFrom/w:moveTo: the first of two one-paragraph items moved after the second (listed as the
    second moved before it), exactly."""
    from tests.editing import Move

    form = form_copy(tmp_path, name)
    data = run_path(form, "docx", Session()).data
    pair = side_by_side(data)
    assert pair is not None
    first, second = pair
    edited = with_tracked_changes(data, [Move(first.text, second.text)])
    plan = plan_merge(form, edited, "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes if c.kind != "修订"] == [("移动", second.origin)]
    assert not plan.problems and rebuilt_text(form, plan.text()) == edited_text(edited)
    assert all(f"（{AUTHOR}，2026-10-09）" in c.text for c in plan.changes if c.kind == "修订")
