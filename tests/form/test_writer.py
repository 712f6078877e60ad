"""The one form writer: whatever a value holds, draft new, import, rollup and the page's merge write it so that it
reads back as the same value, and no key is added."""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import yaml

from drafting.authoring.newform import new_form
from drafting.authoring.rollup import county_yaml
from drafting.form.declarations import FieldSpec, TemplateSpec, base_spec
from drafting.form.literal import literal
from drafting.form.roundtrip import (comment_lines, dump_new, dump_round_trip, flow_list, flow_map, load_round_trip,
                                     round_trip_yaml)
from drafting.form.schema import key_names
from drafting.importing.recognise import recognise
from drafting.importing.toform import report_to_yaml
from drafting.serve.merge import Merger

HOSTILE = ["a\rb", "a\nb", "a\r\nb", "a\u2028b", "a\u2029b", "a\x85b", "a # b", "#a", "a: b", "a:", "{{ 指标.x }}",
           "{% if x %}", "乙\x85恶意: 1\u2028# 注\r\n- 丙: {x}", "yes", "on", "1:30", "null", "~", "2023-07-01", "1_000",
           "- x", "[x]", "{x: y}", "'q'", '"q"', " lead", "trail ", "&a", "*a", "!t", "%p", "@x", "`x", "? x", "|", ">", "...", "--- x", "a\tb", "\ufeffx", "x\u00a0"]


def _read(text: str) -> Any:
    """``text`` read by the form reader's YAML (PyYAML, 1.1) and by ruamel (1.2); they must agree."""
    first = yaml.safe_load(text)
    second = round_trip_yaml().load(text)
    assert _plain(second) == first
    return first


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, str) else value


@pytest.mark.parametrize("value", HOSTILE)
def test_a_new_form_reads_back_as_written(value):
    data = {"标题": value, "开头": [value, value], "指标": {value: flow_map({"值": None, "单位": value})},
            "行": flow_list([value, 1, None]), value: value}
    assert _read(dump_new(data)) == _plain(data)


@pytest.mark.parametrize("value", HOSTILE)
def test_comments_stay_comments(value):
    lines = comment_lines(f"甲{value}乙\n丙")
    assert all(line.startswith("#") for line in "\n".join(lines).splitlines())
    assert yaml.safe_load("\n".join(lines) + "\nk: 1\n") == {"k": 1}


@pytest.mark.parametrize("value", HOSTILE)
def test_draft_new_writes_examples_and_comments_safely(value):
    spec = TemplateSpec("模板" + value, "说明" + value, "内置", None, (
        FieldSpec("标题", "文字", doc=f"说明{value}第二行", example=value),
        FieldSpec("正文", "条目", doc=value, example=[{"内容": value, "列举": [value]}, value]),
        FieldSpec("落款", "文字", doc=value)))
    assert _read(new_form(spec)) == {"标题": value, "正文": [{"内容": value, "列举": [value]}, value]}


@pytest.mark.parametrize("value", HOSTILE)
def test_the_rollup_writes_every_value_and_unit_name_safely(value):
    data = {"模板": "工作总结", "落款": value,
            "指标": {value: flow_map({"值": 1, "单位": value, "来源": value}), "乙": flow_map({"值": None})},
            "开头": value,
            "正文": [{"标题": value, "下级": [{"引语": value, "内容": value}, value, {"列举": [value]}]}, value,
                   {"标题": "丁"}],
            "存在问题": {"标题": value, "下级": [value]},
            "附件": [{"名称": value, "内容": [{"表格": {"表头": flow_list([value, "x"]), "行": [flow_list([value, 1])]}}]}]}
    text = "".join(county_yaml(data, [value, "乙"]))
    assert _read(text) == _plain(data)
    header = text[:text.index("模板:")]
    assert text[len(header):] == dump_new(data)  # written a piece at a time, the same as at once
    assert all(line.startswith("#") for line in header.splitlines())


def _report_texts(nodes: list[Any]) -> list[str]:
    texts = []
    for node in nodes:
        texts += [t for t in (node.title, node.lead, node.text) if t] + list(node.items)
        texts += _report_texts(node.children)
    return texts


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("value", HOSTILE)
def test_an_imported_report_keeps_its_texts(value):
    report = recognise(["关于工作的报告", "", f"一、{value}", value, f"二、甲{value}", f"乙{value}丙"])
    data = _read(report_to_yaml(report, f"报告{value}.txt"))
    assert set(data) <= set(key_names(base_spec().fields))
    # the texts as written, their template openings escaped so that they print as written (#25, 11)
    assert Counter(_leaves(data["正文"])) == Counter(literal(text) for text in _report_texts(report.body))


@pytest.mark.parametrize("value", HOSTILE)
def test_the_page_merge_writes_a_typed_value_safely(value):
    spec = base_spec()
    _, data = load_round_trip("标题: 旧\n落款: 旧\n正文:\n  - 旧\n")
    merged = Merger(data).merge(spec, {"落款": value.strip() or "x", "正文": [{"内容": value, "@": "正文/0"}]})
    read = _read(dump_round_trip(round_trip_yaml(), merged))
    assert set(read) == {"标题", "落款", "正文"}
    assert read["落款"] == (value.strip() or "x") and read["正文"] == [value]
