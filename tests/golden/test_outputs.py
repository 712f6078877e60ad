"""Every example and every template's new form builds to the text recorded in tests/golden/expected/.

A change that alters what a report says shows up here as a diff. To accept an intended change, run
``DRAFTING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/golden`` and review the diff in git.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafting.authoring.newform import new_form
from drafting.pipeline.stages import render_bytes
from drafting.form.declarations import find_spec
from drafting.form.validate import load_form
from drafting.options import Options, Session
from drafting.resources import template_folders

from ..conftest import EXAMPLES
from ..helpers import BUILTINS

EXPECTED = Path(__file__).parent / "expected"
UPDATE = os.environ.get("DRAFTING_UPDATE_GOLDEN") == "1"


def _compare(name: str, text: str) -> None:
    path = EXPECTED / f"{name}.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden text for {name}: run with DRAFTING_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("form", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_say_what_they_said(form: Path):
    _compare(form.stem, render_bytes(load_form(form), "txt").decode("utf-8"))


@pytest.mark.parametrize("name", BUILTINS)
def test_new_forms_say_what_they_said(name: str, tmp_path: Path):
    path = tmp_path / f"{name}.yaml"
    path.write_text(new_form(find_spec(name, template_folders(None))), encoding="utf-8")
    session = Session(Options(force=True))
    _compare(f"new-{name}", render_bytes(load_form(path, session), "txt", session).decode("utf-8"))
