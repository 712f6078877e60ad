"""draft new: a commented form written from a template's declaration, that builds as it is."""
from __future__ import annotations

import pytest
import yaml

from drafting.authoring.newform import new_form
from drafting.check.checker import check_form
from drafting.pipeline.stages import render_bytes
from drafting.form.declarations import find_spec
from drafting.form.validate import load_form
from drafting.resources import template_folders
from ..helpers import BUILTINS


@pytest.mark.parametrize("name", BUILTINS)
def test_new_form_builds_as_it_is(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "新表单.yaml"
    path.write_text(new_form(find_spec(name, template_folders(None))), encoding="utf-8")
    form = load_form(path)
    assert [p.message for p in check_form(form)] == []
    text = render_bytes(form, "txt").decode("utf-8")
    assert "{{" not in text and "【待填】" not in text


def test_new_form_explains_every_field_in_chinese():
    spec = find_spec("整改落实情况报告", template_folders(None))
    text = new_form(spec)
    for field in spec.fields:
        assert f"# {field.name}" in text
    assert "# 检查（必填）：哪次检查" in text
    assert yaml.safe_load(text)["模板"] == "整改落实情况报告"
