"""Rows a leader adds to or deletes from a 表格 item merge into the form (issue #27, point 4); a changed column
count and a 指标表's rows stay 冲突. Generated on every example and template form with a 表格 item."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import pytest

from drafting.form.roundtrip import load_round_trip
from drafting.merging.plan import plan_merge
from drafting.merging.slots import resolve
from drafting.options import Session
from drafting.pipeline.stages import run_path
from tests.merging.docxedits import opened, saved
from tests.merging.test_plan import FORMS, TEMPLATES, edited_text, form_copy, rebuilt_text, unmarked
from drafting.merging.structure import short
from tests.merging.test_stale import built

TYPED = ["校园安全整治", "县教育局", "1500", "80%", "已完成"]  # what the leader types into a new row


def tables_of(data: Any, path: str = "") -> list[tuple[str, str]]:
    """The items of a form's round-trip data holding a 表格 or a 指标表: (item path, which)."""
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for which in ("表格", "指标表"):
            if isinstance(data.get(which), dict):
                found.append((path, which))
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return found
    for key, value in items:
        found.extend(tables_of(value, f"{path}/{key}" if path else str(key)))
    return found


def _forms_with(which: str) -> list[tuple[str, str]]:
    """(form name, item path) of every example and template form's 表格 (or 指标表) items."""
    import tempfile

    found = []
    for name in FORMS + TEMPLATES:
        with tempfile.TemporaryDirectory() as folder:
            _, data = load_round_trip(form_copy(Path(folder), name).read_text(encoding="utf-8"))
        found.extend((name, path) for path, kind in tables_of(data) if kind == which)
    return found


TABLE_ITEMS = _forms_with("表格")
FIGURE_TABLES = _forms_with("指标表")


def test_the_forms_with_tables_are_found() -> None:
    assert ("quarterly-report.yaml", "正文/0/下级/3") in TABLE_ITEMS
    assert [name for name, _ in FIGURE_TABLES] == ["quarterly-report.yaml"]


def docx_table(document: Any, form: Path, origin: str) -> Any:
    """The python-docx table printed from the item at ``origin``."""
    tables = [p for p in built(form, form.read_text(encoding="utf-8")) if p.rows is not None]
    return document.tables[next(n for n, p in enumerate(tables) if p.origin == origin)]


def typed_row(table: Any, after: int, texts: list[str]) -> None:
    """A new row after row ``after`` (counted from the first header row) holding ``texts``, made like the last row."""
    new = copy.deepcopy(table.rows[-1]._tr)
    table.rows[after]._tr.addnext(new)
    from docx.table import _Row

    for cell, text in zip(_Row(new, table).cells, texts):
        paragraphs = cell.paragraphs
        for extra in paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        runs = paragraphs[0].runs
        for run in runs[1:]:
            run._r.getparent().remove(run._r)
        if runs:
            runs[0].text = text
        else:
            paragraphs[0].add_run(text)


def deleted_row(table: Any, row: int) -> None:
    """Row ``row`` (counted from the first header row) deleted."""
    tr = table.rows[row]._tr
    tr.getparent().remove(tr)


class Rows:
    """A form's 表格 as printed: its header row count, its rows, and its row list in the form."""

    def __init__(self, form: Path, origin: str) -> None:
        _, data = load_round_trip(form.read_text(encoding="utf-8"))
        table = resolve(data, origin).value["表格"]
        header = table.get("表头")
        self.header = len(header) if header and isinstance(header[0], list) else 1
        self.body = [list(row) for row in table["行"]]
        self.width = len(self.body[0])
        self.texts = (TYPED + [f"第{n}列" for n in range(len(TYPED), self.width)])[:self.width]
        self.printed = next(p.rows for p in built(form, form.read_text(encoding="utf-8"))
                            if p.origin == origin and p.rows is not None)
        self.prose = [p.text for p in built(form, form.read_text(encoding="utf-8")) if p.rows is None]

    def typed(self) -> list[Any]:
        """The new row as the form holds it: whole numbers as numbers."""
        return [int(text) if text.isdigit() else text for text in self.texts]


EDITS: dict[str, Callable[[Any, Rows], tuple[list[tuple[str, str]], Callable[[list], list]]]] = {}


def edit(name: str) -> Callable:
    """Register a row edit: it edits the table and says the changes listed and the rows the form then holds."""
    def register(function: Callable) -> Callable:
        """Keep ``function`` under ``name``."""
        EDITS[name] = function
        return function
    return register


@edit("add-after-first")
def _add_after_first(table: Any, rows: Rows) -> tuple[list[tuple[str, str]], Callable[[list], list]]:
    """A row typed after the first body row."""
    typed_row(table, rows.header, rows.texts)
    return [("新增", f"新增表格第{rows.header + 2}行“{'｜'.join(rows.texts)}”")], \
        lambda body: body[:1] + [rows.typed()] + body[1:]


@edit("add-two-at-end")
def _add_two_at_end(table: Any, rows: Rows) -> tuple[list[tuple[str, str]], Callable[[list], list]]:
    """Two rows typed after the last."""
    last = rows.header + len(rows.body) - 1
    second = [text + "二" for text in rows.texts]
    typed_row(table, last, rows.texts)
    typed_row(table, last + 1, second)
    n = rows.header + len(rows.body)
    return [("新增", f"新增表格第{n + 1}行“{'｜'.join(rows.texts)}”"),
            ("新增", f"新增表格第{n + 2}行“{'｜'.join(second)}”")], \
        lambda body: body + [rows.typed(), second]


@edit("delete-first")
def _delete_first(table: Any, rows: Rows) -> tuple[list[tuple[str, str]], Callable[[list], list]]:
    """The first body row deleted."""
    printed = rows.printed[rows.header]
    deleted_row(table, rows.header)
    return [("删除", f"删除表格第{rows.header + 1}行“{'｜'.join(printed)}”")], lambda body: body[1:]


@edit("delete-last-add-first")
def _delete_last_add_first(table: Any, rows: Rows) -> tuple[list[tuple[str, str]], Callable[[list], list]]:
    """The last row deleted and a row typed before the first body row."""
    last = rows.header + len(rows.body) - 1
    printed = rows.printed[last]
    deleted_row(table, last)
    typed_row(table, rows.header - 1, rows.texts)
    return [("新增", f"新增表格第{rows.header + 1}行“{'｜'.join(rows.texts)}”"),
            ("删除", f"删除表格第{last + 1}行“{'｜'.join(printed)}”")], \
        lambda body: [rows.typed()] + body[:-1]


@pytest.mark.parametrize("name, origin", TABLE_ITEMS)
@pytest.mark.parametrize("change", sorted(EDITS))
@pytest.mark.parametrize("markers", [True, False], ids=["marked", "unmarked"])
def test_rows_added_and_deleted_merge(name: str, origin: str, change: str, markers: bool, tmp_path: Path) -> None:
    form = form_copy(tmp_path, name)
    rows = Rows(form, origin)
    document = opened(run_path(form, "docx", Session()).data)
    listed, expected = EDITS[change](docx_table(document, form, origin), rows)
    if not markers:
        unmarked(document)
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.text) for c in plan.changes] == listed
    assert {c.path for c in plan.changes if c.kind == "新增"} <= {f"{origin}/表格/行"}
    assert all(c.location.line for c in plan.changes)
    _, merged = load_round_trip(plan.text())
    assert [list(row) for row in resolve(merged, origin).value["表格"]["行"]] == expected(rows.body)
    assert not [p for p in plan.problems if p.code != "M010"]
    assert rebuilt_text(form, plan.text()) == edited_text(data)
    before, after = plan.form_text.splitlines(), plan.text().splitlines()
    assert len(after) - len(before) == sum(1 if kind == "新增" else -1 for kind, _ in listed)


@pytest.mark.parametrize("name, origin", TABLE_ITEMS)
def test_a_row_with_another_column_count_is_a_conflict(name: str, origin: str, tmp_path: Path) -> None:
    form = form_copy(tmp_path, name)
    rows = Rows(form, origin)
    document = opened(run_path(form, "docx", Session()).data)
    table = docx_table(document, form, origin)
    typed_row(table, rows.header, rows.texts)
    new = table.rows[rows.header + 1]._tr
    new.append(copy.deepcopy(new.findall(new[-1].tag)[-1]))  # one more cell in the new row
    plan = plan_merge(form, saved(document), "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("冲突", origin)]
    assert "列数变了" in plan.changes[0].text
    assert plan.text() == plan.form_text


@pytest.mark.parametrize("name, origin", FIGURE_TABLES)
def test_a_row_deleted_from_a_figures_table_is_a_conflict(name: str, origin: str, tmp_path: Path) -> None:
    form = form_copy(tmp_path, name)
    document = opened(run_path(form, "docx", Session()).data)
    deleted_row(docx_table(document, form, origin), 1)
    plan = plan_merge(form, saved(document), "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("冲突", origin)]
    assert "指标表" in plan.changes[0].text and plan.text() == plan.form_text


def _row_named(rows: Rows, row: int) -> str:
    """A cell's text of row ``row`` (counted from the first header row) that no paragraph outside a table holds
    (the fixtures find the first paragraph holding it)."""
    return next(cell.strip() for cell in sorted(rows.printed[row], key=len, reverse=True)
                if cell.strip() and not any(cell.strip() in text for text in rows.prose))


@pytest.mark.parametrize("name, origin", TABLE_ITEMS)
@pytest.mark.parametrize("writer, reject", [("word", False), ("word", True), ("python-docx", False)],
                         ids=["word-accepted", "word-rejected", "python-docx"])
def test_rows_added_and_deleted_by_real_writers(name: str, origin: str, writer: str, reject: bool,
                                                tmp_path: Path) -> None:
    """Word with 修订 on (the rows marked w:trPr/w:ins, w:del, and their runs) and a python-docx script."""
    from tests.editing import DeleteRow, InsertRow, edit_with_python_docx, with_tracked_changes

    form = form_copy(tmp_path, name)
    rows = Rows(form, origin)
    last = rows.header + len(rows.body) - 1
    edits = [InsertRow(_row_named(rows, rows.header), tuple(rows.texts)), DeleteRow(_row_named(rows, last))]
    built_docx = run_path(form, "docx", Session()).data
    data = (with_tracked_changes if writer == "word" else edit_with_python_docx)(built_docx, edits)
    plan = plan_merge(form, data, "修改稿.docx", Session(), reject_revisions=reject)
    said = "｜".join(rows.printed[last])
    if reject:
        assert [c.kind for c in plan.changes] == ["修订", "修订"] and plan.text() == plan.form_text
        assert [c.text for c in plan.changes] == [f"插入“{short('｜'.join(rows.texts), 30)}”（张科长，2026-10-09）",
                                                  f"删除“{short(said, 30)}”（张科长，2026-10-09）"]
        return
    assert [(c.kind, c.text) for c in plan.changes if c.kind != "修订"] == [
        ("新增", f"新增表格第{rows.header + 2}行“{'｜'.join(rows.texts)}”"),
        ("删除", f"删除表格第{last + 1}行“{said}”")]
    assert len([c for c in plan.changes if c.kind == "修订"]) == (2 if writer == "word" else 0)  # one a row
    _, merged = load_round_trip(plan.text())
    assert [list(row) for row in resolve(merged, origin).value["表格"]["行"]] == \
        rows.body[:1] + [rows.typed()] + rows.body[1:-1]
    assert rebuilt_text(form, plan.text()) == edited_text(data)


@pytest.mark.parametrize("name, origin", TABLE_ITEMS)
def test_a_comment_on_a_cell_goes_before_its_row_and_on_the_header_before_the_header(name: str, origin: str,
                                                                                     tmp_path: Path) -> None:
    from tests.editing import with_comment

    form = form_copy(tmp_path, name)
    rows = Rows(form, origin)
    cell, heading = _row_named(rows, rows.header + 1), _row_named(rows, 0)
    data = with_comment(run_path(form, "docx", Session()).data, cell, cell, "责任单位再核实")
    data = with_comment(data, heading, heading, "表头改一下", author="李主任")
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert sorted((c.kind, c.path) for c in plan.changes) == [("批注", f"{origin}/表格/行/1"),
                                                              ("批注", f"{origin}/表格/表头")]
    lines = plan.text().splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip() == "# 批注（王处长，2026-10-10）：责任单位再核实")
    assert lines[at + 1].strip().startswith("- [") and _row_named(rows, rows.header + 1) in lines[at + 1]
    at = next(n for n, line in enumerate(lines) if line.strip() == "# 批注（李主任，2026-10-10）：表头改一下")
    assert lines[at + 1].strip().startswith("表头:")
    assert rebuilt_text(form, plan.text()) == edited_text(data)


def test_a_comment_on_a_figures_table_row_goes_on_the_figure(tmp_path: Path) -> None:
    from tests.editing import with_comment
    from tests.merging.test_stale import FIGURES_ANNEX

    form = form_copy(tmp_path, "work-briefing.yaml")
    form.write_text(form.read_text(encoding="utf-8") + FIGURES_ANNEX, encoding="utf-8")
    data = with_comment(run_path(form, "docx", Session()).data, "701", "701", "去年数字再核实")
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.path, c.location.line) for c in plan.changes] == [("批注", "指标/刑事案件", 13)]
    assert "  # 批注（王处长，2026-10-10）：去年数字再核实\n  刑事案件: {值: 612," in plan.text()


@pytest.mark.render
@pytest.mark.parametrize("name, origin", TABLE_ITEMS)
@pytest.mark.parametrize("record", [False, True], ids=["plain", "recording"])
def test_rows_added_and_deleted_in_libreoffice(name: str, origin: str, record: bool, tmp_path: Path) -> None:
    """LibreOffice (real, through UNO: the table's rows insertByIndex and removeByIndex, saved as Word). With Record
    Changes on, LibreOffice 7.4 records the row inserted, not the one deleted through its API: measured, asserted."""
    from tests.editing import DeleteRow, InsertRow, edited_in_libreoffice

    form = form_copy(tmp_path, name)
    rows = Rows(form, origin)
    last = rows.header + len(rows.body) - 1
    edits = [InsertRow(_row_named(rows, rows.header), tuple(rows.texts)), DeleteRow(_row_named(rows, last))]
    data = edited_in_libreoffice(run_path(form, "docx", Session()).data, edits, tmp_path, record=record)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.text) for c in plan.changes if c.kind != "修订"] == [
        ("新增", f"新增表格第{rows.header + 2}行“{'｜'.join(rows.texts)}”"),
        ("删除", f"删除表格第{last + 1}行“{'｜'.join(rows.printed[last])}”")]
    assert [c.text[:3] for c in plan.changes if c.kind == "修订"] == (["插入“"] if record else [])
    _, merged = load_round_trip(plan.text())
    assert [list(row) for row in resolve(merged, origin).value["表格"]["行"]] == \
        rows.body[:1] + [rows.typed()] + rows.body[1:-1]
    assert rebuilt_text(form, plan.text()) == edited_text(data)


def test_braces_typed_into_a_new_row_stay_words(tmp_path: Path) -> None:
    name, origin = TABLE_ITEMS[0]
    form = form_copy(tmp_path, name)
    rows = Rows(form, origin)
    document = opened(run_path(form, "docx", Session()).data)
    typed = ["{{ 指标.X }}"] + rows.texts[1:]
    typed_row(docx_table(document, form, origin), rows.header, typed)
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [c.kind for c in plan.changes] == ["新增"]
    _, merged = load_round_trip(plan.text())
    assert list(resolve(merged, origin).value["表格"]["行"][1])[0] == "{{ '{{' }} 指标.X }}"
    assert rebuilt_text(form, plan.text()) == edited_text(data)
