"""Merging an edited .docx into its form: every example and template form, with a leader's usual edits (issue #27)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from drafting.errors import WARNING
from drafting.merging.pairing import heading_level
from drafting.merging.plan import MergePlan, plan_merge
from drafting.merging.reading import read_edited
from drafting.options import Session
from drafting.pipeline.stages import read_text, run, run_path
from tests.conftest import EXAMPLES, ROOT
from tests.merging.docxedits import body_paragraphs, delete_paragraph, insert_after, opened, saved

FORMS = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
TEMPLATES = sorted(p.stem for p in (ROOT / "templates").glob("*.yaml"))


def form_copy(tmp_path: Path, name: str) -> Path:
    """An example form (with the files it names) or a template's new form, copied into ``tmp_path``."""
    if name.endswith(".yaml"):
        for item in EXAMPLES.iterdir():
            (shutil.copytree if item.is_dir() else shutil.copy)(item, tmp_path / item.name)
        return tmp_path / name
    from drafting.commands.templates import new_form_text

    path = tmp_path / f"{name}.yaml"
    path.write_text(new_form_text(name, Session()), encoding="utf-8")
    return path


def origin_of(paragraph: Any, document: Any) -> str | None:
    """The origin drafting's bookmark gives a python-docx paragraph (None: not marked)."""
    from drafting.ooxml.origins import origin_of as named
    from drafting.ooxml.reader import _origin

    custom = {}
    for part in document.part.package.parts:
        if str(part.partname) == "/docProps/custom.xml":
            from lxml import etree
            root = etree.fromstring(part.blob)
            for node in root:
                custom[node.get("name")] = "".join(node.itertext())
    del named
    return _origin(paragraph._p, custom)


def edited_text(data: bytes) -> list[str]:
    """The edited document's paragraphs with text, the way the merge reads them."""
    paragraphs, _, _ = read_edited(data, "修改稿.docx")
    return [p.text if p.rows is None else "\x1f".join("".join(r) for r in p.rows) for p in paragraphs]


def rebuilt_text(form: Path, text: str) -> list[str]:
    """The merged form's paragraphs with text as built."""
    from drafting.merging.pairing import built_paragraphs

    session = Session()
    laid = run(read_text(form, text, session), "txt", session, findings=[]).laid
    return [p.text if p.rows is None else "\x1f".join("".join(r) for r in p.rows) for p in built_paragraphs(laid)]


def level(text: str) -> int | None:
    """The heading level a paragraph's number says (None for a body paragraph)."""
    return heading_level(text, None)


def rewrite(document: Any) -> bool:
    """A sentence rewritten (words added after its first comma): of the opening or closing, else of any paragraph."""
    paragraphs = [(p, origin_of(p, document) or "") for p in body_paragraphs(document)]
    ordered = [p for p, o in paragraphs if o.startswith(("开头", "结尾"))] + [p for p, o in paragraphs if o]
    for paragraph in ordered:
        run = next((r for r in paragraph.runs if "，" in r.text and r.style.name == "Default Paragraph Font"), None)
        if run is not None:
            run.text = run.text.replace("，", "，切实", 1)
            return True
    return False


def delete_item(document: Any) -> bool:
    """The last item of a list with two or more (its paragraphs and those under it) deleted."""
    marked = [(p, origin_of(p, document)) for p in body_paragraphs(document)]
    for paragraph, origin in reversed(marked):
        found = re.fullmatch(r"(.+)/([1-9]\d*)", origin or "")
        if found:
            for other, o in marked:
                if o and (o == origin or o.startswith(origin + "/")):
                    delete_paragraph(other)
            return True
    return False


def add_heading(document: Any, paragraphs_under: int = 1) -> bool:
    """A new （N+1） heading with a paragraph (or ``paragraphs_under``) after the last （N） of a list (its first
    sentence run in, as its siblings are)."""
    paragraphs = body_paragraphs(document)
    for n, paragraph in enumerate(paragraphs):
        if level(paragraph.text) != 2:
            continue
        end = n
        while end + 1 < len(paragraphs) and (level(paragraphs[end + 1].text) or 9) > 2 \
                and origin_of(paragraphs[end + 1], document) is not None \
                and origin_of(paragraphs[end + 1], document).startswith(origin_of(paragraph, document) or "-"):
            end += 1
        following = paragraphs[end + 1].text if end + 1 < len(paragraphs) else ""
        number = re.match(r"（(.+?)）", paragraph.text).group(1)
        digits = "一二三四五六七八九十"
        if number not in digits[:-1] or level(following) == 2:
            continue
        label = f"（{digits[digits.index(number) + 1]}）"
        run_in = len(paragraph.runs) > 1 and paragraph.runs[0].text.startswith(f"（{number}）")
        from docx.text.paragraph import Paragraph

        body = next((p for p in paragraphs if level(p.text) is None and p.style.name == paragraphs[end].style.name),
                    paragraphs[end])
        if run_in:
            last = insert_after(paragraphs[end], f"{label}加强队伍建设。全年培训干部120人次。", like=paragraph)
        else:
            heading = insert_after(paragraphs[end], f"{label}加强队伍建设", like=paragraph)
            last = insert_after(Paragraph(heading, paragraph._parent), "全年培训干部120人次。", like=body)
        for n in range(1, paragraphs_under):
            last = insert_after(Paragraph(last, paragraph._parent), f"选派{n + 11}名年轻干部到信访一线锻炼。", like=body)
        return True
    return False


def move_item(document: Any) -> bool:
    """The second of two one-paragraph items of a list moved before the first."""
    marked = [(p, origin_of(p, document)) for p in body_paragraphs(document)]
    for (first, one), (second, two) in zip(marked, marked[1:]):
        a = re.fullmatch(r"(.+/下级|正文)/(\d+)", one or "")
        b = re.fullmatch(r"(.+/下级|正文)/(\d+)", two or "")
        if a and b and a.group(1) == b.group(1) and int(b.group(2)) == int(a.group(2)) + 1 \
                and level(first.text) is None and not any(o and o.startswith(two + "/") for _, o in marked):
            first._p.addprevious(second._p)
            return True
    return False


def split(document: Any) -> bool:
    """A paragraph split in two after its first comma (Enter pressed in Word), both halves in its style."""
    for paragraph in body_paragraphs(document):
        origin = origin_of(paragraph, document) or ""
        run = paragraph.runs[-1] if paragraph.runs else None
        if origin and level(paragraph.text) is None and run is not None and run.style.name == "Default Paragraph Font" \
                and "，" in run.text[:-2] and run.text.endswith("。"):
            text = run.text
            cut = text.index("，") + 1
            run.text = text[:cut]
            insert_after(paragraph, text[cut:])
            return True
    return False


def all_edits(document: Any) -> bool:
    """Every edit above that the document has room for, one after another."""
    done = [edit(document) for edit in (move_item, rewrite, add_heading, delete_item)]
    return sum(done) >= 2


EDITS: dict[str, Callable[[Any], bool]] = {"rewrite": rewrite, "delete": delete_item, "add": add_heading,
                                           "add-three": lambda document: add_heading(document, 3),
                                           "move": move_item, "split": split, "all": all_edits}


def unmarked(document: Any) -> None:
    """drafting's bookmarks removed, as a copy into a new file or some editors leave it."""
    from docx.oxml.ns import qn

    body = document.element.body
    for mark in list(body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
        mark.getparent().remove(mark)


def merged(form: Path, edit: Callable[[Any], bool], markers: bool | str = True) -> tuple[MergePlan, bytes] | None:
    """The plan of merging the form's .docx, with ``edit`` made, back into the form (``markers`` False: drafting's
    bookmarks removed; "wps": then saved as WPS saves, tests/editing/wps.py)."""
    from tests.editing import as_wps_saves

    document = opened(run_path(form, "docx", Session()).data)
    if not edit(document):
        return None
    if not markers:
        unmarked(document)
    data = saved(document) if markers != "wps" else as_wps_saves(saved(document))
    return plan_merge(form, data, "修改稿.docx", Session()), data


# The edits that find no room in a form's document (the edit function returns False there): these cases are not
# generated, so that a skip only ever means a missing system program. test_the_edits_left_out_are_exactly_those_a_form_has_no_room_for keeps this table true.
NO_ROOM: dict[str, frozenset[str]] = {
    "half-year-summary-2022.yaml": frozenset({"add", "add-three", "all", "delete", "move"}),
    "implementation-plan.yaml": frozenset({"move"}),
    "work-briefing.yaml": frozenset({"add", "add-three"}),
    "work-plan.yaml": frozenset({"move"}),
    "实施意见": frozenset({"move"}),
    "工作总结": frozenset({"delete", "move"}),
    "工作方案": frozenset({"move"}),
    "工作汇报": frozenset({"add", "add-three", "all", "delete", "move"}),
    "整改落实情况报告": frozenset({"delete", "move"}),
    "通用": frozenset({"add", "add-three", "all", "delete", "move"}),
}
MERGE_CASES = [(name, edit) for name in FORMS + TEMPLATES for edit in sorted(EDITS)
               if edit not in NO_ROOM.get(name, frozenset())]


def test_the_edits_left_out_are_exactly_those_a_form_has_no_room_for(tmp_path: Path) -> None:
    """Each form's document, built once: an edit is left out of test_merge_is_exact exactly when it finds no room."""
    for name in FORMS + TEMPLATES:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        data = run_path(form_copy(folder, name), "docx", Session()).data
        no_room = {edit for edit in EDITS if not EDITS[edit](opened(data))}
        assert no_room == NO_ROOM.get(name, set()), name


@pytest.mark.parametrize("name, edit", MERGE_CASES)
@pytest.mark.parametrize("markers", [True, False, "wps"], ids=["marked", "unmarked", "wps"])
def test_merge_is_exact(name: str, edit: str, markers: bool | str, tmp_path: Path) -> None:
    form = form_copy(tmp_path, name)
    result = merged(form, EDITS[edit], markers)
    assert result is not None, f"{name} has no room for {edit}: add it to NO_ROOM"
    plan, data = result
    assert not plan.conflicts, plan.conflicts
    assert [p for p in plan.problems if p.severity != WARNING or p.code == "M009"] == []
    assert any(c.applied for c in plan.changes)
    assert rebuilt_text(form, plan.text()) == edited_text(data)
    if edit == "rewrite":  # the rest of the form is written back as it was: comments, quoting, order, links
        before, after = plan.form_text.splitlines(), plan.text().splitlines()
        assert len(before) == len(after) and sum(a != b for a, b in zip(before, after)) == 1


def test_table_cells_are_merged_and_a_figure_in_a_cell_stays_data(tmp_path: Path) -> None:
    form = form_copy(tmp_path, "quarterly-report.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    cells = {cell.text: cell for table in document.tables for row in table.rows for cell in row.cells}
    cells["县交警大队"].paragraphs[0].runs[0].text = "县公安局交警大队"
    cells["已完成"].paragraphs[0].runs[0].text = "基本完成"
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("改写", "正文/0/下级/3/表格/行/0/2"),
                                                        ("改写", "正文/0/下级/3/表格/行/2/1")]
    text = plan.text()
    assert "[道路隐患整治, 县公安局交警大队, \"{{ 指标.安全隐患整治 }}\", 94.8%]" in text
    assert rebuilt_text(form, text) == edited_text(data)


def test_an_edited_cell_of_a_figures_table_is_a_conflict(tmp_path: Path) -> None:
    form = form_copy(tmp_path, "quarterly-report.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    cell = document.tables[-1].rows[1].cells[2]
    cell.paragraphs[0].runs[0].text = "1500"
    plan = plan_merge(form, saved(document), "修改稿.docx", Session())
    assert [c.kind for c in plan.changes] == ["冲突"] and "指标表" in plan.changes[0].text


@pytest.mark.parametrize("markers", [True, False], ids=["marked", "unmarked"])
def test_a_san_shi_typed_into_a_list_is_a_new_entry(markers: bool, tmp_path: Path) -> None:
    from tests.merging.docxedits import replace_in

    form = form_copy(tmp_path, "work-briefing.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    assert replace_in(document, "重拳整治黄赌毒等突出治安问题。", "重拳整治黄赌毒等突出治安问题；四是加强重点人员管控。")
    if not markers:
        unmarked(document)
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("新增", "正文/1/列举")]
    assert "      - 加强重点人员管控\n" in plan.text()
    assert rebuilt_text(form, plan.text()) == edited_text(data)


def test_two_changes_in_one_paragraph_each_go_to_their_text(tmp_path: Path) -> None:
    from tests.merging.docxedits import replace_in

    form = form_copy(tmp_path, "work-briefing.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    assert replace_in(document, "全县刑事案件立案", "全县共立刑事案件")
    assert replace_in(document, "重拳整治黄赌毒等突出治安问题。", "重拳整治黄赌毒等突出治安问题；四是加强重点人员管控。")
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("改写", "正文/1/内容"), ("新增", "正文/1/列举")]
    assert "全县共立刑事案件{{ 指标.刑事案件 }}，{{ 指标.刑事案件 | 同比 }}" in plan.text()
    assert rebuilt_text(form, plan.text()) == edited_text(data)


def test_a_changed_figure_whose_rate_the_leader_left_is_a_conflict(tmp_path: Path) -> None:
    from tests.merging.docxedits import replace_in

    form = form_copy(tmp_path, "work-briefing.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    assert replace_in(document, "612件", "600件")
    plan = plan_merge(form, saved(document), "修改稿.docx", Session())
    assert [(c.kind, c.path, c.text) for c in plan.changes] == [
        ("指标", "指标/刑事案件", "指标“刑事案件”612件改为600件"),
        ("冲突", "正文/1/内容", "改过的指标与文字不一致：修改稿这里仍是“同比下降12.7%”（指标.刑事案件 | 同比），"
                              "按改过的指标（刑事案件）现在算出“同比下降14.41%”；请核对指标或这处文字")]
    assert "刑事案件: {值: 600," in plan.text() and "{{ 指标.刑事案件 | 同比 }}" in plan.text()


def test_only_the_accepted_changes_are_applied(tmp_path: Path) -> None:
    from tests.merging.docxedits import replace_in

    form = form_copy(tmp_path, "work-briefing.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    assert replace_in(document, "努力为全县", "努力为全市") and replace_in(document, "612件", "600件")
    plan = plan_merge(form, saved(document), "修改稿.docx", Session())
    ids = {c.kind: c.id for c in plan.changes}
    assert set(ids) == {"改写", "指标", "冲突"} and [c.id for c in plan.changes] == ["1", "2", "3"]  # 冲突: the 同比 left
    only_text = plan.text([ids["改写"]])
    assert "努力为全市" in only_text and "刑事案件: {值: 612," in only_text
    only_figure = plan.text({ids["指标"]})
    assert "努力为全县" in only_figure and "刑事案件: {值: 600," in only_figure
    assert plan.text([]) == plan.form_text


def test_a_new_first_level_heading_typed_in_runs_in_like_its_siblings(tmp_path: Path) -> None:
    from tests.merging.docxedits import replace_in

    form = form_copy(tmp_path, "work-briefing.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    third = next(p for p in document.paragraphs if p.text.startswith("三、"))
    insert_after(third, "四、在加强队伍建设方面，坚持从严治警、从优待警。全年培训干警300人次。")
    assert replace_in(document, "四、几点体会", "五、几点体会")
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("新增", "正文")]
    assert "  - 标题: 在加强队伍建设方面，坚持从严治警、从优待警。\n    内容: 全年培训干警300人次。\n" in plan.text()
    assert rebuilt_text(form, plan.text()) == edited_text(data)


def plain_figure(form: Path) -> tuple[str, str, str] | None:
    """A figure the form's texts use only as a plain reference (no rate, no sum, no table): (name, the words
    before it, what it prints)."""
    from drafting.form.validate import load_form
    from drafting.merging.texts import PLAIN_FIGURE, Printer

    loaded = load_form(form, Session())
    text = form.read_text(encoding="utf-8")
    for match in PLAIN_FIGURE.finditer(text):
        name = match.group(1)
        figure = loaded.figures.get(name)
        if figure is None or figure.cell or figure.value is None or "指标表" in text \
                or text.count(f"指标.{name}") != len([m for m in PLAIN_FIGURE.finditer(text) if m.group(1) == name]):
            continue
        printed = Printer(loaded).render(match.group())
        before = text[max(0, match.start() - 6):match.start()]
        if printed and printed[0].isdigit() and not any(c in before for c in "{}\n:"):
            return name, before, printed
    return None


# The forms with a figure their texts use only as a plain reference; the guard test below keeps this list true.
PLAIN_FIGURE_FORMS = ["half-year-summary-2022.yaml", "half-year-summary.yaml", "rectification-report.yaml"]


def test_the_forms_with_a_plain_figure_are_the_ones_listed(tmp_path: Path) -> None:
    """No form is left out of the figure test below because nobody looked; none is in it without such a figure."""
    found = []
    for name in FORMS + TEMPLATES:
        folder = tmp_path / str(len(found)) / name
        folder.mkdir(parents=True)
        if plain_figure(form_copy(folder, name)) is not None:
            found.append(name)
    assert found == PLAIN_FIGURE_FORMS


@pytest.mark.parametrize("name", PLAIN_FIGURE_FORMS)
def test_a_figure_changed_in_the_text_changes_the_figure_exactly(name: str, tmp_path: Path) -> None:
    from tests.merging.docxedits import replace_in

    form = form_copy(tmp_path, name)
    found = plain_figure(form)
    assert found is not None
    figure, before, printed = found
    number = re.match(r"[\d.]+", printed).group()
    changed = str(int(number) + 7) if number.isdigit() else f"{float(number) + 0.5:g}"
    document = opened(run_path(form, "docx", Session()).data)
    assert replace_in(document, before + printed, before + changed + printed[len(number):])
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("指标", f"指标/{figure}")]
    assert not plan.problems or all(p.code == "M010" for p in plan.problems)
    assert rebuilt_text(form, plan.text()) == edited_text(data)


def test_an_item_added_at_the_end_of_a_list_comes_before_the_blank_line(tmp_path: Path) -> None:
    form = form_copy(tmp_path, "half-year-summary.yaml")
    plan, _ = merged(form, add_heading)
    lines = plan.text().splitlines()
    at = lines.index("      - 标题: 加强队伍建设")
    assert lines[at - 1].strip() and lines[at + 3] == "" and lines[at + 4] == "存在问题:"
    assert len(lines) == len(plan.form_text.splitlines()) + 3


def test_a_merged_form_that_would_not_build_is_an_error(tmp_path: Path) -> None:
    from drafting.errors import ERROR, Location
    from drafting.merging import ops
    from drafting.merging.model import Change
    from drafting.merging.plan import verify
    from drafting.merging.reading import read_edited

    form = form_copy(tmp_path, "work-briefing.yaml")
    edited, _, _ = read_edited(run_path(form, "docx", Session()).data, "修改稿.docx")
    change = Change("1", "改写", "模板", Location("表单.yaml", 3, 1), "“工作汇报”改为“不存在的模板”", True)
    plan = MergePlan(form.read_text(encoding="utf-8"), [change], [], {"1": [ops.set_text("模板", None, "不存在的模板")]},
                     edited)
    verify(plan, form, Session())
    assert [(p.code, p.severity) for p in plan.problems] == [("M008", ERROR)]


def test_two_headings_added_one_after_the_other_keep_their_order(tmp_path: Path) -> None:
    from docx.text.paragraph import Paragraph

    form = form_copy(tmp_path, "half-year-summary.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    paragraphs = body_paragraphs(document)
    last = max(n for n, p in enumerate(paragraphs) if (origin_of(p, document) or "").startswith("正文/0/下级/4"))
    model = next(p for p in paragraphs if p.text.startswith("（五）"))
    first = insert_after(paragraphs[last], "（六）加强队伍建设", like=model)
    body = insert_after(Paragraph(first, model._parent), "全年培训干部120人次。", like=paragraphs[last])
    insert_after(Paragraph(body, model._parent), "（七）加强宣传引导", like=model)
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [c.text for c in plan.changes] == ["新增二级标题“加强队伍建设”及 1 段内容", "新增二级标题“加强宣传引导”"]
    assert rebuilt_text(form, plan.text()) == edited_text(data)
