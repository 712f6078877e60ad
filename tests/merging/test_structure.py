"""How a 改写 names the change (the changed words show even far into a long paragraph), and a new heading with
paragraphs after it merged on every form with room for it."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from drafting.merging.structure import reworded


def test_a_short_text_reads_whole() -> None:
    """Short texts are quoted whole."""
    assert reworded("工作汇报", "工作总结") == "“工作汇报”改为“工作总结”"


def test_a_change_far_into_a_long_paragraph_shows_the_changed_words() -> None:
    """Cut at the start both texts would read the same; the change is shown after the paragraph's first words."""
    head = "深入学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神，始终在思想上同党中央保持高度一致，"
    said = reworded(head + "不断提高舆论引导的质量和水平。", head + "切实提高舆论引导的质量和水平。")
    before, after = said.split("改为")
    assert before.startswith("“深入学习") and "不断提高" in before and "切实提高" not in before
    assert after.startswith("“……") and "切实提高" in after
    assert len(before) < 50 and len(after) < 50


def test_a_change_near_the_start_is_cut_at_the_end() -> None:
    """A change among the first words shows with the usual cut."""
    tail = "，" + "全面落实中央决策部署" * 6
    said = reworded("上半年" + tail, "今年上半年" + tail)
    assert said.startswith("“上半年，") and "”改为“今年上半年，" in said and said.count("…") == 2


# --- a new heading with paragraphs after it, on every example and template form with room for it ----------------

NUMERALS = "一二三四五六七八九十"


def first_level_heading(document: Any) -> bool:
    """A new 一、 heading after the body's last, with two paragraphs (its first sentence run in when its siblings'
    is), and the headings after it renumbered as a leader renumbers them."""
    from docx.text.paragraph import Paragraph

    from tests.merging.docxedits import body_paragraphs, insert_after
    from tests.merging.test_plan import level, origin_of

    paragraphs = body_paragraphs(document)
    headings = [(n, p) for n, p in enumerate(paragraphs)
                if level(p.text) == 1 and (origin_of(p, document) or "").startswith("正文/")]
    if not headings:
        return False
    n, heading = headings[-1]
    end = n
    while end + 1 < len(paragraphs) and (origin_of(paragraphs[end + 1], document) or "-").startswith(
            origin_of(heading, document) or ""):
        end += 1
    found = re.match(r"([一二三四五六七八九])、", heading.text)
    if found is None:
        return False
    label = NUMERALS[NUMERALS.index(found.group(1)) + 1] + "、"
    body = next((p for p in paragraphs if level(p.text) is None
                 and (origin_of(p, document) or "").startswith("正文/")), paragraphs[end])
    if len(heading.runs) > 1 and "。" in heading.text[:-1]:  # run in with its first sentence
        last = insert_after(paragraphs[end], f"{label}在加强队伍建设方面，坚持从严治警。全年培训干警300人次。",
                            like=heading)
    else:
        last = insert_after(paragraphs[end], f"{label}加强队伍建设", like=heading)
        last = insert_after(Paragraph(last, heading._parent), "全年培训干警300人次。", like=body)
    insert_after(Paragraph(last, heading._parent), "选派12名年轻干部到信访一线锻炼。", like=body)
    for later in paragraphs[end + 1:]:
        number = re.match(r"([一二三四五六七八九])、", later.text)
        if number and later.runs and later.runs[0].text.startswith(number.group(0)):
            later.runs[0].text = NUMERALS[NUMERALS.index(number.group(1)) + 1] + "、" + later.runs[0].text[2:]
    return True


def _with_room() -> list[str]:
    """The example and template forms whose body has 一、 headings to add one after."""
    import tempfile

    from drafting.options import Session
    from drafting.pipeline.stages import run_path
    from tests.merging.docxedits import opened
    from tests.merging.test_plan import FORMS, TEMPLATES, form_copy

    found = []
    for name in FORMS + TEMPLATES:
        with tempfile.TemporaryDirectory() as folder:
            if first_level_heading(opened(run_path(form_copy(Path(folder), name), "docx", Session()).data)):
                found.append(name)
    return found


WITH_ROOM = _with_room()


def test_the_forms_with_first_level_headings_are_found() -> None:
    assert {"work-briefing.yaml", "工作汇报", "通用", "工作总结"} <= set(WITH_ROOM)


@pytest.mark.parametrize("name", WITH_ROOM)
@pytest.mark.parametrize("markers", [True, False, "wps"], ids=["marked", "unmarked", "wps"])
def test_a_new_heading_with_paragraphs_after_it_merges_exactly(name: str, markers: bool | str,
                                                                tmp_path: Path) -> None:
    from drafting.errors import WARNING
    from tests.merging.test_plan import edited_text, form_copy, merged, rebuilt_text

    form = form_copy(tmp_path, name)
    result = merged(form, first_level_heading, markers)
    assert result is not None
    plan, data = result
    assert [c.kind for c in plan.changes] == ["新增"] and plan.changes[0].path == "正文"
    assert plan.changes[0].text.startswith("新增一级标题") and plan.changes[0].text.endswith("及 2 段内容")
    assert [p for p in plan.problems if p.severity != WARNING or p.code == "M009"] == []
    assert rebuilt_text(form, plan.text()) == edited_text(data)
