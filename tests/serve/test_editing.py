"""A form edited in the browser: previewed with the CLI's findings beside their fields, saved without loss."""
from __future__ import annotations

import json
import shutil

import pytest

from drafting.check.checker import check_form
from drafting.diagnostics import headline
from drafting.form.validate import load_form
from drafting.serve.editing import Editor
from drafting.serve.workspace import Workspace, WorkspaceError

from ..conftest import EXAMPLES


@pytest.fixture
def editor(tmp_path, monkeypatch):
    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    monkeypatch.chdir(root)
    return Editor(Workspace(root))


def _state(editor, base):
    return json.loads(json.dumps(editor.state(base), ensure_ascii=False))


def test_the_preview_prints_the_numbered_document(editor):
    base = editor.open("half-year-summary.yaml")
    shown = editor.preview(base, _state(editor, base))
    assert shown.errors == 0 and shown.findings == []
    assert "一、上半年工作开展情况" in shown.html and "（一）坚决维护社会大局和谐稳定" in shown.html
    assert "13次" in shown.html and "中共青山县委政法委员会" in shown.html and "2023年7月10日" in shown.html
    assert shown.numbers["正文/0"] == "一、" and shown.numbers["正文/0/下级/1"] == "（二）"
    assert "FandolFang" in shown.css and "仿宋_GB2312" in shown.css


def test_reordering_items_renumbers_them(editor):
    base = editor.open("half-year-summary.yaml")
    state = _state(editor, base)
    children = state["正文"][0]["下级"]
    children[0], children[1] = children[1], children[0]
    shown = editor.preview(base, state)
    assert "（一）全力护航经济社会高质量发展" in shown.html and "（二）坚决维护社会大局和谐稳定" in shown.html


def test_findings_are_the_cli_findings_placed_at_their_fields(editor):
    base = editor.open("half-year-summary.yaml")
    state = _state(editor, base)
    state["指标"][0]["值"] = ""                       # 委务会议 left blank
    state["正文"][0]["下级"][0]["下级"][1]["内容"] = "持续巩固成果,研究工作。"  # a half-width comma
    shown = editor.preview(base, state)
    saved_as_cli = editor.workspace.root / "同一份.yaml"
    saved_as_cli.write_text(shown.text, encoding="utf-8")
    cli = [headline(p).replace("同一份.yaml", "half-year-summary.yaml")
           for p in check_form(load_form(saved_as_cli))]
    assert [f["line"] for f in shown.findings] == cli
    by_code = {f["code"]: f for f in shown.findings}
    assert by_code["C103"]["path"] == "指标/0" and by_code["C103"]["severity"] == "错误"
    assert by_code["C203"]["path"] == "正文/0/下级/0/下级/1/内容"
    assert shown.errors == 1 and "【待填】" in shown.html  # the preview still shows the page, the blank marked


def test_a_broken_text_is_a_finding_not_a_failure(editor):
    base = editor.open("work-plan.yaml")
    state = _state(editor, base)
    state["标题"] = "{{ 指标.没有 }}"
    shown = editor.preview(base, state)
    assert any(f["code"] == "F001" and f["path"] == "标题" for f in shown.findings)


def test_saving_writes_the_form_and_a_change_on_disk_is_not_overwritten(editor):
    base = editor.open("work-plan.yaml")
    state = _state(editor, base)
    state["标题"] = "新的标题"
    path, saved = editor.save(base, state)
    assert "新的标题" in path.read_text(encoding="utf-8") and saved.version != base.version
    elsewhere = path.read_text(encoding="utf-8") + "# 在文本编辑器里加的一行\n"
    path.write_text(elsewhere, encoding="utf-8")
    state["标题"] = "页面上的标题"
    with pytest.raises(WorkspaceError) as caught:
        editor.save(saved, state)
    assert caught.value.problems[0].code == "S012"
    assert path.read_text(encoding="utf-8") == elsewhere
    copy_path, _ = editor.save(saved, state, as_copy=True)
    assert copy_path.name == "work-plan（副本）.yaml" and "页面上的标题" in copy_path.read_text(encoding="utf-8")
    assert editor.save(saved, state, as_copy=True)[0].name == "work-plan（副本2）.yaml"


def test_a_form_typed_with_full_width_colons_opens(editor):
    path = editor.workspace.root / "全角.yaml"
    path.write_text("模板：通用\n标题：全角冒号写的表单\n落款：县委\n日期：2023-07-10\n正文：\n  - 第一段\n", encoding="utf-8")
    base = editor.open("全角.yaml")
    state = _state(editor, base)
    assert state["标题"] == "全角冒号写的表单"
    assert "全角冒号写的表单" in editor.preview(base, state).html


def test_a_form_whose_yaml_is_broken_says_so_in_the_clis_words(editor):
    (editor.workspace.root / "坏的.yaml").write_text("标题: [没有配对\n", encoding="utf-8")
    from drafting.errors import FormError

    with pytest.raises(FormError) as caught:
        editor.open("坏的.yaml")
    assert caught.value.problems[0].code == "E010"


def test_a_version_the_page_opened_is_found_again_after_the_file_changed(editor):
    base = editor.open("work-plan.yaml")
    editor.bases.clear()
    assert editor.base("work-plan.yaml", base.version).version == base.version
    (editor.workspace.root / "work-plan.yaml").write_text("标题: 改了\n", encoding="utf-8")
    assert editor.base("work-plan.yaml", base.version) is not None  # still held: a copy can be saved from it
    editor.bases.clear()  # (a server restarted since the page opened)
    with pytest.raises(WorkspaceError) as caught:
        editor.base("work-plan.yaml", base.version)
    assert caught.value.problems[0].code == "S011"


def test_the_page_is_told_which_figure_rows_get_another_name(editor):
    base = editor.open("work-plan.yaml")
    state = _state(editor, base)
    state["指标"] = [{"名称": "甲", "值": "1"}, {"名称": "甲", "值": "2"}, {"名称": "", "值": "3"}]
    found = [(f["code"], f["path"], f["message"]) for f in editor.preview(base, state).findings if f["code"] == "S050"]
    assert found == [("S050", "指标/1/名称", "指标名称“甲”重复，保存时记为“甲（2）”"),
                     ("S050", "指标/2/名称", "这一行指标没有名称，保存时记为“未命名指标1”")]


def test_a_state_the_pages_never_send_is_refused_not_a_crash(editor):
    base = editor.open("work-plan.yaml")
    with pytest.raises(WorkspaceError) as caught:
        editor.preview(base, {"正文": "不是列表", "指标": [1, 2]})
    assert caught.value.problems[0].code == "S021"
