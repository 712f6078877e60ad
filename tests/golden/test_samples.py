"""Literal transcriptions of real reports rebuild to exactly the report's text, oddities included."""
from __future__ import annotations

import pytest

from drafting.pipeline.stages import render_bytes
from drafting.form.validate import load_form

from ..conftest import FIXTURES

CASES = [("sample-001.yaml", "001_ed93adba235265cd.txt"), ("sample-003.yaml", "003_fd8d4cd5ecd741df.txt")]


def normalised_lines(text: str) -> list[str]:
    """Lines with whitespace at their ends removed and trailing empty lines dropped."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.parametrize("form_name, sample_name", CASES)
def test_transcription_rebuilds_the_sample(form_name, sample_name):
    built = normalised_lines(render_bytes(load_form(FIXTURES / form_name), "txt").decode("utf-8"))
    sample = normalised_lines((FIXTURES / "samples" / sample_name).read_text(encoding="utf-8"))
    if sample[0] != built[0]:  # the sample has no title line: the form adds title and blank line
        built = built[2:]
    assert built == sample


def test_oddities_survive_the_build():
    text = render_bytes(load_form(FIXTURES / "sample-001.yaml"), "txt").decode("utf-8")
    for oddity in ("备案 次", "评估备案\u00a0\u00a0次", "6（？）次", "社会大局*定", "研判\u00a0期"):
        assert oddity in text
    plan = render_bytes(load_form(FIXTURES / "sample-003.yaml"), "txt").decode("utf-8")
    assert "X至X月份" in plan and "X月X日前" in plan
