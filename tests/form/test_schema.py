"""One form schema: no module re-lists a record's keys, and every reader and writer agrees with the declarations."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from drafting.authoring.jsonschema import json_schema
from drafting.authoring.newform import new_form
from drafting.form.declarations import base_spec, load_spec, template_names
from drafting.form.roundtrip import dump_round_trip, load_round_trip
from drafting.form.schema import (ATTACHMENT, FIGURE, FIGURES_TABLE, ITEM, KINDS, RECORDS, RED_HEADER, SECTION, TABLE,
                                  key_names)
from drafting.resources import templates_dir
from drafting.serve.fieldpaths import field_paths
from drafting.serve.formstate import EDITABLE, ORIGIN, figures_table_state, form_state, item_state, table_state
from drafting.serve.merge import Merger

PACKAGE = Path(__file__).resolve().parents[2] / "drafting"
# The modules that once kept tables of their own (issue: one form schema and one form writer).
READERS = ["serve/formstate.py", "serve/merge.py", "serve/tablemerge.py", "serve/fieldpaths.py", "authoring/rollup.py",
           "importing/toform.py", "authoring/jsonschema.py", "authoring/newform.py"]


def _templates() -> list[str]:
    return [name for name, _ in template_names([templates_dir()])]


def _spec(name: str):
    builtin = templates_dir().resolve()
    return load_spec(name, [builtin], builtin)


def _tables(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Displays (tuples, lists, sets, dict keys) naming two or more keys of one record, with their lines."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            elements = node.elts
            least = 2
        elif isinstance(node, ast.Dict):
            elements = [k for k in node.keys if k is not None]
            least = 3  # a state the page reads may well name two keys ({标题, 下级})
        else:
            continue
        texts = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        for record in RECORDS:
            names = set(key_names(record.fields))
            named = [t for t in texts if t in names]
            if len(named) >= least and len(named) == len(texts):
                found.append((node.lineno, named))
                break
    return found


@pytest.mark.parametrize("module", READERS)
def test_no_module_re_lists_a_records_keys(module):
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    assert _tables(tree) == []


def test_the_scan_finds_a_table():
    assert _tables(ast.parse('KEYS = ("份号", "密级")\nROW = {"值": "", "单位": "", "上期": ""}')) == [
        (1, ["份号", "密级"]), (2, ["值", "单位", "上期"])]


def test_every_key_has_a_known_kind():
    for record in RECORDS:
        assert all(field.kind in KINDS for field in record.fields), record.name
        names = key_names(record.fields)
        assert len(names) == len(set(names)), record.name


@pytest.mark.parametrize("template", _templates())
def test_the_json_schema_names_every_declared_key(template):
    spec = _spec(template)
    schema = json_schema(spec)
    assert list(schema["properties"]) == list(key_names(spec.fields))
    definitions = schema["$defs"]
    objects = {"条目": definitions["条目"]["anyOf"][1], "部分": definitions["部分"]["anyOf"][1],
               "表格": definitions["表格"], "指标表": definitions["指标表"], "附件": definitions["附件"]["anyOf"][1],
               "指标": definitions["指标"]["additionalProperties"]["anyOf"][1]}
    for record in (ITEM, SECTION, TABLE, FIGURES_TABLE, ATTACHMENT, FIGURE):
        assert list(objects[record.name]["properties"]) == list(key_names(record.fields)), record.name
    for field in spec.fields:
        if field.type == "版头":
            assert list(schema["properties"][field.name]["properties"]) == list(key_names(RED_HEADER.fields))


@pytest.mark.parametrize("template", _templates())
def test_the_page_state_holds_every_declared_field_it_edits(template):
    spec = _spec(template)
    state = form_state({}, spec)
    assert list(state) == [f.name for f in spec.fields if f.type in EDITABLE]
    for field in spec.fields:
        if field.type == "版头":
            assert list(state[field.name]) == list(RED_HEADER.names())


@pytest.mark.parametrize("template", _templates())
def test_draft_new_survives_the_page_unchanged(template):
    """The form draft new writes, opened on the page and saved untouched, is the same text."""
    spec = _spec(template)
    text = new_form(spec)
    yaml, data = load_round_trip(text)
    state = form_state(data, spec)
    merged = Merger(data).merge(spec, state)
    assert dump_round_trip(yaml, merged) == text


def test_record_states_hold_the_keys_the_page_edits():
    item = {name: None for name in ITEM.names() if ITEM.kind(name) not in ("表格", "指标表")}
    assert [k for k in item_state(item, "正文/0") if k != ORIGIN] == [
        n for n in ITEM.edited() if n in item]
    assert list(table_state({"行": [["甲"]]})) == list(TABLE.edited())
    assert list(figures_table_state(None)) == list(FIGURES_TABLE.edited())
    row = form_state({"指标": {"甲": 1}}, base_spec())["指标"][0]
    assert set(FIGURE.edited()) <= set(row)


def test_field_paths_name_record_keys_canonically():
    text = ("正文:\n  - heading: 甲\n    children:\n      - text: 乙\n    items: [丙]\n"
            "  - table: {title: 表, rows: [[a]]}\n存在问题:\n  heading: 问题\n  children: [丁]\n")
    paths = field_paths(text, _spec("工作总结")).paths
    assert {"正文/0/标题", "正文/0/下级/0/内容", "正文/0/列举/0", "正文/1/表格/标题", "正文/1/表格/行/0",
            "存在问题/标题", "存在问题/下级/0/内容"} <= set(paths)
