"""Seeded random edits of every example and template form: a merge never fails with anything but a located refusal,
and a merge that says nothing (no 冲突, no M009) rebuilds the edited text exactly."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from drafting.merging.model import MergeError
from drafting.merging.plan import plan_merge
from drafting.options import Session
from drafting.pipeline.stages import run_path
from tests.merging.docxedits import body_paragraphs, delete_paragraph, insert_after, opened, saved
from tests.merging.test_plan import FORMS, TEMPLATES, edited_text, form_copy, rebuilt_text, unmarked

CASES = 24


def scramble(document: Any, rng: random.Random) -> None:
    """One to four of a leader's careless edits: paragraphs deleted, moved, typed into, added, commented, markers lost."""
    for _ in range(rng.randint(1, 4)):
        paragraphs = body_paragraphs(document)
        if not paragraphs:
            return
        paragraph = rng.choice(paragraphs)
        edit = rng.randint(0, 5)
        if edit == 0:
            delete_paragraph(paragraph)
        elif edit == 1 and paragraph.runs and paragraph.runs[0].text:
            run = rng.choice(paragraph.runs)
            if run.text:
                k = rng.randrange(len(run.text))
                run.text = run.text[:k] + rng.choice(["加强", "", "一是", "（三）", "12", "，"]) + run.text[k + 1:]
        elif edit == 2:
            insert_after(paragraph, rng.choice(["（五）新的标题", "新增的一段文字。", "六、新的部分", "三是补充。"]))
        elif edit == 3:
            other = rng.choice(paragraphs)
            if other is not paragraph:
                other._p.addnext(paragraph._p)
        elif edit == 4 and paragraph.runs:
            document.add_comment(paragraph.runs[0], text="请核实", author="张科长", initials="张")
        elif edit == 5:
            unmarked(document)


@pytest.mark.parametrize("seed", range(CASES))
def test_random_edits_merge_or_are_refused_and_a_quiet_merge_is_exact(seed: int, tmp_path: Path) -> None:
    rng = random.Random(2700 + seed)
    form = form_copy(tmp_path, rng.choice(FORMS + TEMPLATES))
    document = opened(run_path(form, "docx", Session()).data)
    scramble(document, rng)
    data = saved(document)
    try:
        plan = plan_merge(form, data, "修改稿.docx", Session())
    except MergeError as refused:
        assert refused.problems[0].code.startswith("M")
        return
    text = plan.text()
    if not plan.conflicts and not any(p.code in ("M008", "M009") for p in plan.problems):
        assert rebuilt_text(form, text) == edited_text(data)
