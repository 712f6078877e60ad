"""draft schema: the JSON Schema accepts every example and refuses what validation refuses."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from drafting.authoring.jsonschema import json_schema
from drafting.form.declarations import find_spec
from drafting.resources import template_folders

from ..conftest import EXAMPLES


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_schema_accepts_every_example(example):
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as the strings editors see
    schema = json_schema(find_spec(data.get("模板", "工作总结"), template_folders(None)))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_unknown_keys_and_wrong_types():
    schema = json_schema(find_spec("工作总结", template_folders(None)))
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors({"期间": "2023H1", "落欵": "县委"}))
    assert list(validator.iter_errors({"期间": "上半年"}))
    assert list(validator.iter_errors({"期间": "2023H1", "正文": [{"标题": "甲", "序号": 1}]}))
    assert not list(validator.iter_errors({"期间": "2023H1", "正文": [{"标题": "甲", "下级": ["乙"]}]}))
