"""draft serve on a long form: preview and save cost what a build costs (linear in the rows), and past a stated
size the page says the form is too large for the browser."""
from __future__ import annotations

import pytest

from drafting.serve.editing import Editor
from drafting.serve.workspace import Workspace

from ..work import grows_linearly, work


def table_form(rows: int) -> str:
    """A 工作总结 form whose one 表格 item has ``rows`` rows."""
    lines = "\n".join(f"            - [工作{i}, 单位{i}, 已完成, {i % 100}%]" for i in range(rows))
    return ("模板: 工作总结\n标题: 青山县委政法委2023年第一季度工作总结\n期间: 2023Q1\n落款: 中共青山县委政法委员会\n"
            "日期: 2023-04-10\n开头: 现将有关情况报告如下：\n正文:\n  - 标题: 一季度工作开展情况\n    下级:\n"
            "      - 引语: 矛盾纠纷多元化解有力有效\n        内容: 全县共排查矛盾纠纷。\n      - 表格:\n"
            "          标题: 重点工作推进情况\n          表头: [重点工作, 责任单位, 进度, 完成率]\n          行:\n"
            f"{lines}\n          注: 完成率按年度任务计算。\n")


def _edited(tmp_path, rows: int) -> tuple[Editor, object, dict]:
    folder = tmp_path / str(rows)
    folder.mkdir()
    (folder / "表.yaml").write_text(table_form(rows), encoding="utf-8")
    editor = Editor(Workspace(folder))
    base = editor.open("表.yaml")
    state = editor.state(base)
    state["正文"][0]["下级"][0]["内容"] += "改"
    return editor, base, state


@pytest.mark.parametrize("step", ["text_for", "preview"])
def test_preview_and_save_grow_linearly_with_a_tables_rows(tmp_path, monkeypatch, step):
    """Every Python line counted, ruamel's and copy's included: merging the page's fields (what preview and save
    both do) once deep-copied the form, which ruamel does in the square of a table's rows."""
    editor, base, state = _edited(tmp_path, 30)
    getattr(editor, step)(base, state)  # the modules a first call imports are not the rows' cost
    costs = []
    for rows in (60, 120, 240):
        editor, base, state = _edited(tmp_path, rows)
        call = getattr(editor, step)
        costs.append(work(lambda: call(base, state), monkeypatch, within="").total)
    assert grows_linearly(costs), costs


def test_past_the_stated_size_the_page_and_the_api_point_to_the_command_line(tmp_path, monkeypatch):
    """A form over MAX_FORM_CHARS is not opened; a page whose edits grow it past that is not previewed nor saved."""
    import json

    from starlette.testclient import TestClient

    from drafting.serve import editing
    from drafting.serve.app import create_app
    from drafting.serve.guard import TOKEN_HEADER

    from .test_jobs import ORIGIN, PORT, TOKEN, SlowServices

    (tmp_path / "小.yaml").write_text(table_form(10), encoding="utf-8")
    (tmp_path / "大.yaml").write_text(table_form(200), encoding="utf-8")
    monkeypatch.setattr(editing, "MAX_FORM_CHARS", len(table_form(100)))
    client = TestClient(create_app(tmp_path, PORT, TOKEN, SlowServices()), base_url=ORIGIN)

    page = client.get("/form/大.yaml")
    assert page.status_code == 413 and "超过网页编辑的上限" in page.text and "draft build" in page.text

    opened = client.get("/form/小.yaml")
    data = json.loads(opened.text.split('id="page-data">', 1)[1].split("</script>", 1)[0])
    table = data["state"]["正文"][0]["下级"][1]["表格"]
    table["行"] = table["行"] * 20
    for url in ("/api/preview", "/api/save"):
        answer = client.post(url, content=json.dumps({"name": data["name"], "version": data["version"],
                                                      "state": data["state"]}, ensure_ascii=False).encode("utf-8"),
                             headers={TOKEN_HEADER: TOKEN, "Origin": ORIGIN})
        said = answer.json()
        assert answer.status_code == 413 and said["code"] == "S014", said
        assert "超过网页编辑的上限" in said["error"] and "draft build" in said["hint"]
    assert (tmp_path / "小.yaml").read_text(encoding="utf-8") == table_form(10)  # nothing saved


def test_the_stated_size_holds_a_long_table():
    """The limit is stated in characters; a 4,000-row table (bench/serve_scale.py times it) is within it."""
    from drafting.serve.editing import MAX_FORM_CHARS

    assert len(table_form(4000)) < MAX_FORM_CHARS < len(table_form(10000))
