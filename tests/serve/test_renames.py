"""A figure renamed in the page's 指标 table is renamed wherever the form uses it (issue #26 point 5)."""
from __future__ import annotations

import copy
import json
import textwrap

import pytest

from drafting.form.roundtrip import dump_round_trip, load_round_trip
from drafting.form.validate import load_form_text
from drafting.serve.formstate import form_state
from drafting.serve.merge import Merger

from ..conftest import ROOT

FORM = textwrap.dedent("""\
    模板: 工作总结
    期间: 2023H1
    落款: 青山县委政法委
    指标:
      化解: 121件   # 县司法局
      排查: 126件
      化解率: {值: 96.0, 单位: "%", 分子: 化解, 分母: 排查}
    开头: 上半年化解{{ 指标.化解 }}，化解率{{ 指标.化解 | 比率(指标.排查, 1) }}。
    正文:
      - 标题: 工作开展情况
        内容: 共化解{{ 指标["化解"] }}（{{ 指标.化解率 }}），“指标.化解”这几个字不是引用。
        列举:
          - 化解{{ 指标['化解'] | 同比 }}
      - 指标表: {标题: 主要指标, 指标: [化解, 排查]}
    """)


def _saved(text: str, edit) -> str:
    path = ROOT / "x.yaml"
    spec = load_form_text(path, text).spec
    yaml, data = load_round_trip(text)
    state = json.loads(json.dumps(form_state(data, spec), ensure_ascii=False))
    edit(state)
    merged = copy.deepcopy(data)
    Merger(merged).merge(spec, state)
    return dump_round_trip(yaml, merged)


def _rename(old: str, new: str):
    def edit(state):
        next(row for row in state["指标"] if row["名称"] == old)["名称"] = new
    return edit


def test_renaming_a_figure_renames_every_use_and_nothing_else():
    after = _saved(FORM, _rename("化解", "化解数"))
    assert after == textwrap.dedent("""\
        模板: 工作总结
        期间: 2023H1
        落款: 青山县委政法委
        指标:
          化解数: 121件  # 县司法局
          排查: 126件
          化解率: {值: 96.0, 单位: "%", 分子: 化解数, 分母: 排查}
        开头: 上半年化解{{ 指标.化解数 }}，化解率{{ 指标.化解数 | 比率(指标.排查, 1) }}。
        正文:
          - 标题: 工作开展情况
            内容: 共化解{{ 指标["化解数"] }}（{{ 指标.化解率 }}），“指标.化解”这几个字不是引用。
            列举:
              - 化解{{ 指标['化解数'] | 同比 }}
          - 指标表: {标题: 主要指标, 指标: [化解数, 排查]}
        """)
    path = ROOT / "x.yaml"
    assert not [p for p in load_form_text(path, after).notices if p.code == "F001"]


def test_two_figures_swapping_names_rename_nothing_else():
    def swap(state):
        rows = state["指标"]
        rows[0]["名称"], rows[1]["名称"] = rows[1]["名称"], rows[0]["名称"]
    after = _saved(FORM, swap)
    assert after.split("开头:")[1] == FORM.split("开头:")[1]  # both names still exist: the texts keep them


def test_renaming_the_denominator_renames_the_rate_and_the_ratio_argument():
    after = _saved(FORM, _rename("排查", "排查数"))
    assert "分母: 排查数" in after and "比率(指标.排查数, 1)" in after and "指标: [化解, 排查数]" in after


from .test_editing import editor  # noqa: E402,F401 (the examples' folder, opened by an Editor)


def test_the_preview_after_a_rename_shows_the_document_without_f001(editor):
    base = editor.open("half-year-summary.yaml")
    state = json.loads(json.dumps(editor.state(base), ensure_ascii=False))
    state["指标"][0]["名称"] = "委务会议次数"
    shown = editor.preview(base, state)
    assert not [f for f in shown.findings if f["code"] == "F001"]
    assert "13次" in shown.html and "委务会议次数" in shown.figures
    target, saved = editor.save(base, state)
    assert "{{ 指标.委务会议次数 }}" in target.read_text(encoding="utf-8")
    assert "委务会议次数" in json.dumps(editor.state(saved), ensure_ascii=False)


def _previewed(editor, name: str, edit):
    base = editor.open(name)
    state = json.loads(json.dumps(editor.state(base), ensure_ascii=False))
    edit(state)
    return editor.preview(base, state)


def test_an_unknown_figure_is_marked_in_the_preview_and_the_rest_is_shown(editor):
    def edit(state):
        state["开头"] += "共排查{{ 指标.没有这个 }}，{{ 指标.没有这个 | 同比 }}。"
    shown = _previewed(editor, "half-year-summary.yaml", edit)
    assert {f["path"] for f in shown.findings if f["code"] == "F001"} == {"开头"}
    assert "共排查【待填】，【待填】。" in shown.html and "13次" in shown.html


@pytest.mark.parametrize("field, typed, marked, code", [
    ("日期", "2023-13-45", "【日期有误：2023-13-45】", "E121"),
    ("期间", "2023Q7", "【期间有误：2023Q7】", "E122"),
])
def test_a_bad_date_or_period_is_marked_where_it_prints_and_the_rest_is_shown(editor, field, typed, marked, code):
    def edit(state):
        state[field] = typed
        state["标题"] = ""  # the title is worded from the period
    shown = _previewed(editor, "half-year-summary.yaml", edit)
    assert [f["code"] for f in shown.findings if f["severity"] == "错误"] == [code]
    assert marked in shown.html
    assert "13次" in shown.html and "一、上半年工作开展情况" in shown.html
