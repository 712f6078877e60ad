"""The help under each field of the form page says what to fill in plain Chinese, never in YAML (#26, point 2)."""
from __future__ import annotations

import re

import pytest

from drafting.form import fields as record_fields
from drafting.form.declarations import TYPES, _builtin_folder, find_spec, template_names
from drafting.form.fields import Field

# What a clerk cannot read: flow mappings and lists, template code, YAML's null, “键: 值” pairs written in the text.
YAML_SPEECH = re.compile(r"[{}\[\]]|\bnull\b|\btrue\b|\bfalse\b|[A-Za-z0-9\u4e00-\u9fff]: ")


def _templates() -> list[str]:
    builtin = _builtin_folder()
    return [name for name, _ in template_names([builtin])]


@pytest.mark.parametrize("template", _templates())
def test_every_declared_fields_help_is_plain_chinese(template):
    builtin = _builtin_folder()
    spec = find_spec(template, [builtin])
    spoken = {f.name: f.doc or TYPES.get(f.type, "") for f in spec.fields}
    assert {name: doc for name, doc in spoken.items() if YAML_SPEECH.search(doc)} == {}


def test_the_type_descriptions_and_record_fields_are_plain_chinese():
    assert {name: doc for name, doc in TYPES.items() if YAML_SPEECH.search(doc)} == {}
    docs = {f"{table}.{f.name}": f.doc for table, value in vars(record_fields).items()
            if isinstance(value, tuple) and value and all(isinstance(v, Field) for v in value) for f in value}
    assert docs and {name: doc for name, doc in docs.items() if YAML_SPEECH.search(doc)} == {}
