"""Saving from the page keeps every comment where it was and changes only the edited lines (issue #26 point 6).

Over every example form and every template's ``draft new`` form: saving unchanged gives the same text;
one edit (a value changed, a figure cell cleared, an item added at the end of 正文, an item deleted)
changes only its own lines, and an item added to 正文 lands right after 正文's last item.
"""
from __future__ import annotations

import copy
import difflib
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest

from drafting.authoring.newform import new_form
from drafting.form.declarations import find_spec
from drafting.form.roundtrip import dump_round_trip, load_round_trip
from drafting.form.validate import load_form_text
from drafting.serve.formstate import form_state
from drafting.serve.merge import Merger

from ..conftest import EXAMPLES, ROOT

TEMPLATES = sorted(p.stem for p in (ROOT / "templates").glob("*.yaml") if not p.stem.startswith("_"))
FORMS = [pytest.param(p, id=p.name) for p in sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "rollup").glob("*.yaml"))]
FORMS += [pytest.param(name, id=f"draft-new-{name}") for name in TEMPLATES]
ADDED = "新增的一段。"


def _text(form: Path | str) -> tuple[Path, str]:
    """An example form's text, or the text ``draft new`` writes for a template."""
    if isinstance(form, Path):
        return form, form.read_text(encoding="utf-8")
    return ROOT / f"{form}.yaml", new_form(find_spec(form, [ROOT / "templates"]))


def _saved(form: Path | str, edit: Callable[[dict[str, Any]], None]) -> tuple[str, str]:
    """The form's text, and its text once opened as the page opens it, edited by ``edit`` and saved."""
    path, text = _text(form)
    spec = load_form_text(path, text).spec
    yaml, data = load_round_trip(text)
    state = json.loads(json.dumps(form_state(data, spec), ensure_ascii=False))  # as the page sends it
    edit(state)
    merged = copy.deepcopy(data)
    Merger(merged).merge(spec, state)
    return text, dump_round_trip(yaml, merged)


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def _comment(line: str) -> str | None:
    """The comment a line holds (a whole-line comment or one after the value), None when none."""
    if line.lstrip().startswith("#"):
        return line.strip()
    found = re.search(r"\s#\s.*$", line)
    return found.group(0).strip() if found else None


def _comments_kept(before: str, after: str) -> None:
    removed, added = _changes(before, after)
    lost = [c for c in map(_comment, removed) if c is not None and c not in map(_comment, added)]
    assert not lost, f"comments lost: {lost}"
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in after.splitlines() if line.lstrip().startswith("#")]


@pytest.mark.parametrize("form", FORMS)
def test_an_unchanged_page_saves_the_same_text(form):
    before, after = _saved(form, lambda state: None)
    assert after == before


@pytest.mark.parametrize("form", FORMS)
def test_changing_one_value_changes_its_line_only(form):
    def edit(state):
        lines = (state.get("标题") or "标题").split("\n")
        state["标题"] = "\n".join([lines[0] + "（修改）", *lines[1:]])
    before, after = _saved(form, edit)
    removed, added = _changes(before, after)
    assert len(added) == 1 and added[0].endswith("（修改）") and len(removed) <= 1
    _comments_kept(before, after)


def _last_cell(state: dict[str, Any]) -> tuple[str, str] | None:
    """Clear the last figure's last filled cell (去年同期 first); the figure and the cell cleared."""
    rows = state.get("指标") or []
    for row in reversed(rows):
        for cell in ("去年同期", "上期", "来源", "值"):
            if row.get(cell):
                row[cell] = ""
                return row["名称"], cell
    return None


@pytest.mark.parametrize("form", FORMS)
def test_clearing_one_figure_cell_changes_that_figure_only(form):
    cleared: list[Any] = []
    before, after = _saved(form, lambda state: cleared.append(_last_cell(state)))
    if cleared[0] is None:
        assert after == before
        return
    name, cell = cleared[0]
    removed, added = _changes(before, after)
    assert removed and all(name in line or line.strip().startswith(f"{cell}:") for line in removed), removed
    assert all(name in line for line in added), added
    _comments_kept(before, after)


def _body_end(text: str) -> int | None:
    """The index of 正文's last line that is not blank or a comment."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"正文\s*:", line)), None)
    if start is None:
        return None
    end = next((j for j in range(start + 1, len(lines)) if lines[j][:1] not in ("", " ", "#")), len(lines))
    return max(j for j in range(start, end) if lines[j].strip() and not lines[j].lstrip().startswith("#"))


@pytest.mark.parametrize("form", FORMS)
def test_an_item_added_at_the_end_of_the_body_lands_right_after_its_last_item(form):
    def edit(state):
        state["正文"].append({"内容": ADDED})
    before, after = _saved(form, edit)
    removed, added = _changes(before, after)
    assert not removed
    _comments_kept(before, after)
    last = _body_end(before)
    if last is None:  # the form had no 正文: the field is added with its one item
        assert added[-1].strip() == f"- {ADDED}"
        return
    assert added == [f"  - {ADDED}"]
    lines = after.splitlines()
    assert lines[:last + 1] == before.splitlines()[:last + 1] and lines[last + 1] == added[0]


def _delete_last(items: list[dict[str, Any]]) -> bool:
    """Delete the deepest last item of ``items`` (the last one of the innermost 下级); False when none."""
    if not items:
        return False
    children = items[-1].get("下级")
    if isinstance(children, list) and children and _delete_last(children):
        return True
    items.pop()
    return True


@pytest.mark.parametrize("form", FORMS)
def test_deleting_an_item_removes_its_lines_only(form):
    deleted: list[bool] = []
    before, after = _saved(form, lambda state: deleted.append(_delete_last(state["正文"])))
    removed, added = _changes(before, after)
    if not deleted[0]:
        assert after == before
        return
    assert removed and not added
    assert all(line.strip() and not line.lstrip().startswith("#") for line in removed), removed
    _comments_kept(before, after)


NEW_FORM_TAIL = """\
指标:
  排查纠纷: 2966件
  化解纠纷:
    值: 2869
    单位: 件
    去年同期: 2700

# 指标文件：指标所在的表格文件
# 指标文件:

# 上期：上一期的表单文件
# 上期:

# 开头：开头段落
开头: 上半年，全县扎实推进各项工作。

正文:
  - 标题: 工作开展情况
    下级:
      - 引语: 多元化解矛盾纠纷
        内容: 累计排查矛盾纠纷{{ 指标.排查纠纷 }}。

# 结尾：结尾段落
# 结尾:

# 附件：附件名称，每项一个
# 附件:

# 存在问题：存在的问题
存在问题:
  - 标题: 基层基础仍然薄弱。
"""


def _form_saved(edit: Callable[[dict[str, Any]], None]) -> str:
    text = "模板: 工作总结\n期间: 2023H1\n落款: 青山县委政法委\n" + NEW_FORM_TAIL
    path = ROOT / "x.yaml"
    spec = load_form_text(path, text).spec
    yaml, data = load_round_trip(text)
    state = json.loads(json.dumps(form_state(data, spec), ensure_ascii=False))
    edit(state)
    Merger(data).merge(spec, state)
    return dump_round_trip(yaml, data)


def test_clearing_last_year_keeps_the_commented_fields_after_it():
    """The issue's case: clearing 去年同期 of the last figure deleted the 11 comment lines after it."""
    def edit(state):
        state["指标"][-1]["去年同期"] = ""
    after = _form_saved(edit)
    assert after == ("模板: 工作总结\n期间: 2023H1\n落款: 青山县委政法委\n" + NEW_FORM_TAIL).replace("    去年同期: 2700\n", "")


def test_an_item_added_to_the_body_goes_above_the_commented_out_blocks():
    """The issue's case: the new item was saved below the commented-out 结尾 / 附件 / 存在问题 blocks."""
    after = _form_saved(lambda state: state["正文"].append({"内容": ADDED}))
    expected = ("模板: 工作总结\n期间: 2023H1\n落款: 青山县委政法委\n" + NEW_FORM_TAIL).replace(
        "排查纠纷 }}。\n\n# 结尾", f"排查纠纷 }}}}。\n  - {ADDED}\n\n# 结尾")
    assert after == expected


ITEMS = """\
模板: 工作总结
期间: 2023H1
落款: 青山县委政法委
正文:
  # 第一部分
  - 标题: 甲
    内容: 甲的内容   # 甲的注释
  # 第二部分：乙写在这里
  - 标题: 乙
    内容: 乙的内容
  # 第三部分
  - 丙的内容

# 结尾:
"""


def _items_saved(edit: Callable[[list[dict[str, Any]]], None]) -> str:
    path = ROOT / "x.yaml"
    spec = load_form_text(path, ITEMS).spec
    yaml, data = load_round_trip(ITEMS)
    state = json.loads(json.dumps(form_state(data, spec), ensure_ascii=False))
    edit(state["正文"])
    Merger(data).merge(spec, state)
    return dump_round_trip(yaml, data)


def test_deleting_a_middle_item_keeps_the_comments_between_the_items():
    after = _items_saved(lambda items: items.pop(1))
    assert after == ITEMS.replace("  - 标题: 乙\n    内容: 乙的内容\n", "")


def test_a_moved_item_takes_the_comment_before_it_along():
    after = _items_saved(lambda items: items.insert(1, items.pop(2)))
    assert after == ITEMS.replace("  # 第三部分\n  - 丙的内容\n", "").replace(
        "  # 第二部分", "  # 第三部分\n  - 丙的内容\n  # 第二部分")


def test_an_item_moved_to_the_top_keeps_every_comment():
    """Lines before the first item belong to the list, not the item: the moved item's comment stays in order."""
    after = _items_saved(lambda items: items.insert(0, items.pop(2)))
    assert [line for line in after.splitlines() if "#" in line] == [line for line in ITEMS.splitlines() if "#" in line]
    assert after.index("- 丙的内容") < after.index("- 标题: 甲")


FIGURES = """\
模板: 工作总结
期间: 2023H1
落款: 青山县委政法委
指标:
  化解纠纷:
    值: 2869
    单位: 件
    去年同期: 2700
  # 以下是县公安局报的数
  # （7月5日更新）
  电诈发案: 144件
开头: 化解{{ 指标.化解纠纷 }}，电诈{{ 指标.电诈发案 }}。
"""


def test_clearing_the_last_cell_of_a_figure_keeps_the_comments_before_the_next_figure():
    path = ROOT / "x.yaml"
    spec = load_form_text(path, FIGURES).spec
    yaml, data = load_round_trip(FIGURES)
    state = json.loads(json.dumps(form_state(data, spec), ensure_ascii=False))
    state["指标"][0]["去年同期"] = ""
    Merger(data).merge(spec, state)
    assert dump_round_trip(yaml, data) == FIGURES.replace("    去年同期: 2700\n", "")
