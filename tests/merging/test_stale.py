"""A figure the leader changed in the text while a rate, a 同比 or another use of it was left as printed (issue #27,
point 4): on every example and template form with a computed expression, the figure change merges and each place
left is a 冲突 saying what the leader's text keeps and what the form now computes; reprinted, it is no 冲突."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from drafting.form.roundtrip import dump_round_trip, load_round_trip
from drafting.merging.pairing import built_paragraphs
from drafting.merging.plan import plan_merge
from drafting.merging.texts import EXPRESSION, PLAIN_FIGURE, Printer
from drafting.options import Session
from drafting.pipeline.stages import read_text, run, run_path
from tests.merging.docxedits import opened, replace_in, saved
from tests.merging.test_plan import FORMS, TEMPLATES, edited_text, form_copy, merged, rebuilt_text

FIGURE_NAME = re.compile(r"指标\.([^\s|{}.\[\]()，,=']+)")
LEFT = re.compile(r"修改稿这里仍是“(.*?)”（.*?），按改过的指标（.*?）现在(?:算出|印出)“(.*?)”；请核对指标或这处文字")


class Case:
    """One figure of one form whose printed number the leader changes: where it is printed, and its new value."""

    def __init__(self, name: str, figure: str, before: str, printed: str, changed: str, value: Decimal) -> None:
        self.name, self.figure, self.before, self.printed, self.changed, self.value = \
            name, figure, before, printed, changed, value

    def __repr__(self) -> str:
        """The case's test id: form and figure."""
        return f"{self.name}:{self.figure}"


def cases_of(form: Path, name: str) -> list[Case]:
    """Each figure typed in ``form`` that a computed expression reads and a plain reference prints where the
    leader can change it: the figure's first plain reference, its number changed."""
    from drafting.form.validate import load_form

    loaded = load_form(form, Session())
    text = form.read_text(encoding="utf-8")
    computed = {figure for match in EXPRESSION.finditer(text) if not PLAIN_FIGURE.fullmatch(match.group())
                for figure in FIGURE_NAME.findall(match.group())}
    for figure in list(computed):  # a rate's 分子 and 分母 are read through it
        computed.update(getattr(loaded.figures.get(figure), "parts", None) or ())
    found: dict[str, Case] = {}
    printer = Printer(loaded)
    for match in PLAIN_FIGURE.finditer(text):
        figure = match.group(1)
        held = loaded.figures.get(figure)
        if figure in found or figure not in computed or held is None or held.cell or held.value is None:
            continue
        before = re.split(r"[{}\n:]", text[max(0, match.start() - 6):match.start()])[-1].lstrip(" -")
        printed = printer.render(match.group()) or ""
        number = re.match(r"\d+(\.\d+)?", printed)
        if len(before) < 2 or number is None:
            continue
        typed = str(int(number.group()) + 7) if number.group().isdigit() else format(Decimal(number.group()) + 5, "f")
        value = Decimal(typed)
        changed = typed + printed[number.end():]
        found[figure] = Case(name, figure, before, printed, changed, value)
    return list(found.values())


def _all_cases() -> list[Case]:
    """Every case of every example and template form (each built from a fresh copy)."""
    import tempfile

    cases: list[Case] = []
    for name in FORMS + TEMPLATES:
        with tempfile.TemporaryDirectory() as folder:
            cases.extend(cases_of(form_copy(Path(folder), name), name))
    return cases


CASES = _all_cases()


def test_the_forms_with_a_computed_expression_each_give_cases() -> None:
    """No form with a computed expression on a figure typed in it is left out of the cases below."""
    assert {case.name for case in CASES} >= {"work-briefing.yaml", "half-year-summary.yaml",
                                             "rectification-report.yaml", "工作总结"}


def with_figure(form: Path, figure: str, value: Decimal) -> str:
    """The form's text with ``figure`` changed to ``value`` (through the round-trip writer)."""
    yaml, data = load_round_trip(form.read_text(encoding="utf-8"))
    held = data["指标"][figure]
    number: Any = int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    if isinstance(held, dict):
        held["值"] = number
    else:
        data["指标"][figure] = number if not isinstance(held, str) else f"{value}{held.lstrip('0123456789.-')}"
    return dump_round_trip(yaml, data)


def built(form: Path, text: str) -> list[Any]:
    """The paragraphs (and tables) ``text`` builds, with their origins."""
    session = Session()
    return built_paragraphs(run(read_text(form, text, session), "txt", session, findings=[]).laid)


@pytest.mark.parametrize("case", CASES, ids=repr)
@pytest.mark.parametrize("markers", [True, False, "wps"], ids=["marked", "unmarked", "wps"])
def test_a_figure_changed_with_its_computed_text_left_is_a_conflict(case: Case, markers: bool | str,
                                                                    tmp_path: Path) -> None:
    form = form_copy(tmp_path, case.name)
    result = merged(form, lambda document: replace_in(document, case.before + case.printed,
                                                      case.before + case.changed), markers)
    assert result is not None
    plan, data = result
    assert [p.code for p in plan.problems] == (["M010"] if markers == "wps" else [])
    kinds = [c.kind for c in plan.changes]
    assert kinds[0] == "指标" and plan.changes[0].path == f"指标/{case.figure}" and set(kinds[1:]) <= {"冲突"}
    # the merged form: the figure's value changed, every expression kept
    _, data_merged = load_round_trip(plan.text())
    held = data_merged["指标"][case.figure]
    assert Decimal(re.match(r"-?[\d.]+", str(held["值"] if isinstance(held, dict) else held)).group()) == case.value
    assert plan.text() == with_figure(form, case.figure, case.value)
    # the conflicts say exactly where the leader's text and the rebuilt one differ: each paragraph of the leader's
    # text, with each conflict's number as the form now computes it, is the rebuilt paragraph
    theirs = edited_text(data)
    ours = rebuilt_text(form, plan.text())
    origins = [p.origin or "" for p in built(form, plan.text())]
    assert len(theirs) == len(ours) == len(origins)
    conflicts = [(c.path, LEFT.search(c.text)) for c in plan.conflicts]
    assert all(found is not None for _, found in conflicts), [c.text for c in plan.conflicts]
    assert len(conflicts) >= 1 or theirs == ours
    used = 0
    for edited, rebuilt, origin in zip(theirs, ours, origins):
        for path, found in conflicts:
            if origin and (path == origin or path.startswith(origin + "/") or origin.startswith(path + "/")):
                if found.group(1) in edited:
                    edited = edited.replace(found.group(1), found.group(2), 1)
                    used += 1
        assert edited == rebuilt, origin
    assert used == len(conflicts)


def reprinted(document: Any, old: str, new: str) -> bool:
    """The paragraph printing ``old`` made to print ``new``: the words that differ replaced in the runs holding
    them (the others, and drafting's bookmarks, kept)."""
    start = next(n for n, (a, b) in enumerate(zip(old + "\0", new + "\0")) if a != b)
    tail = 0
    while tail < min(len(old), len(new)) - start and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    paragraphs = [p for p in document.paragraphs] + [p for t in document.tables for row in t.rows
                                                      for cell in row.cells for p in cell.paragraphs]
    for paragraph in paragraphs:
        if paragraph.text != old:
            continue
        offset, pending = 0, new[start:len(new) - tail]
        for run in paragraph.runs:
            text, end = run.text, offset + len(run.text)
            if end > start and offset < len(old) - tail or (pending and end == start and not text):
                cut_from, cut_to = max(start - offset, 0), min(len(old) - tail - offset, len(text))
                run.text = text[:cut_from] + pending + text[cut_to:]
                pending = ""
            offset = end
        return paragraph.text == new
    return False


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_a_figure_changed_with_its_computed_text_reprinted_merges_exactly(case: Case, tmp_path: Path) -> None:
    form = form_copy(tmp_path, case.name)
    before = built(form, form.read_text(encoding="utf-8"))
    after = built(form, with_figure(form, case.figure, case.value))
    document = opened(run_path(form, "docx", Session()).data)
    for old, new in zip(before, after):
        if old.rows is None and old.text != new.text:
            assert reprinted(document, old.text, new.text), old.text
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("指标", f"指标/{case.figure}")]
    assert [p.code for p in plan.problems] == []
    assert plan.text() == with_figure(form, case.figure, case.value)
    assert rebuilt_text(form, plan.text()) == edited_text(data)


FIGURES_ANNEX = """
附件:
  - 名称: 主要指标
    内容:
      - 指标表: {指标: [矛盾纠纷排查, 刑事案件]}
"""


def test_a_figures_table_left_as_printed_is_one_conflict_and_reprinted_none(tmp_path: Path) -> None:
    form = form_copy(tmp_path, "work-briefing.yaml")
    form.write_text(form.read_text(encoding="utf-8") + FIGURES_ANNEX, encoding="utf-8")
    built_docx = run_path(form, "docx", Session()).data
    document = opened(built_docx)
    assert replace_in(document, "612件，同比下降12.7%", "600件，同比下降14.41%")
    plan = plan_merge(form, saved(document), "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("指标", "指标/刑事案件"), ("冲突", "附件/0/内容/0")]
    assert plan.changes[1].text == ("改过的指标与指标表不一致：修改稿的指标表第3行第3列“612”、第3行第5列“-12.7%”没有改，"
                                    "按改过的指标（刑事案件）现在生成“600”、“-14.41%”；请核对指标")
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    for old, new in (("612", "600"), ("-12.7%", "-14.41%")):
        run = next(r for cell in cells if cell.text.strip() == old for r in cell.paragraphs[0].runs if old in r.text)
        run.text = run.text.replace(old, new)
    data = saved(document)
    plan = plan_merge(form, data, "修改稿.docx", Session())
    assert [(c.kind, c.path) for c in plan.changes] == [("指标", "指标/刑事案件")] and not plan.problems
    assert rebuilt_text(form, plan.text()) == edited_text(data)


def test_a_figure_changed_to_two_numbers_merges_the_first_and_the_second_is_a_conflict(tmp_path: Path) -> None:
    form = form_copy(tmp_path, "rectification-report.yaml")
    document = opened(run_path(form, "docx", Session()).data)
    assert replace_in(document, "3个方面12个问题", "3个方面13个问题")
    assert replace_in(document, "巡察反馈的12个问题", "巡察反馈的14个问题")
    plan = plan_merge(form, saved(document), "修改稿.docx", Session())
    assert [(c.kind, c.text) for c in plan.changes if c.kind == "指标" or "两个不同的数" in c.text] == [
        ("指标", "指标“反馈问题”12个改为13个"),
        ("冲突", "指标“反馈问题”在修改稿里改成了两个不同的数：13个和14个，只合并了前一个，请核对")]
    assert "反馈问题: 13个" in plan.text()
