"""The leader's 批注 in a form (issue #27): found at the field they sit above, sent with the page and a save, and
deleted one line at a time through the page's save path with its version check."""
from __future__ import annotations

from drafting.options import Session
from drafting.pipeline.stages import read_text
from drafting.serve.notes import MAX_NOTES, leader_notes, without_note

from ..conftest import EXAMPLES
from .test_app import _page_data, _post, client, folder, services  # noqa: F401  (fixtures)

NOTE = "# 批注（张科长，2026-10-09）：数据再核实"
HOSTILE = '批注（李局长）：</script><img src=x onerror="alert(1)">&amp;'


def _noted(text: str) -> str:
    """The work-briefing example with two 批注 (an item's and the 结尾's), an ordinary comment and a 批注-like line
    inside a block text."""
    text = text.replace("  - 标题: 在打击违法犯罪方面", f"  # 说明：这是普通注释\n  {NOTE}\n  - 标题: 在打击违法犯罪方面")
    text = text.replace("结尾:", f"# {HOSTILE}\n# 另一条普通注释\n结尾:")
    return text.replace("开头: 近年来，", "开头: |\n  # 批注（不是）：这是正文的一行\n  近年来，")


def test_two_notes_are_found_at_their_fields_and_ordinary_comments_are_not():
    original = (EXAMPLES / "work-briefing.yaml").read_text(encoding="utf-8")
    text = _noted(original)
    spec = read_text(EXAMPLES / "work-briefing.yaml", original, Session()).spec
    notes = leader_notes(text, spec)
    assert [(n["path"], n["text"]) for n in notes] == [("正文/1/标题", NOTE[2:]), ("结尾", HOSTILE)]
    lines = text.splitlines()
    assert [lines[n["line"] - 1].strip() for n in notes] == [NOTE, "# " + HOSTILE]
    assert leader_notes(original, spec) == []


def test_a_form_of_notes_only_gives_the_first_ones_at_the_field_after_them():
    original = (EXAMPLES / "work-briefing.yaml").read_text(encoding="utf-8")
    spec = read_text(EXAMPLES / "work-briefing.yaml", original, Session()).spec
    notes = leader_notes("# 批注（王）：改\n" * 20_000 + "标题: 甲\n", spec)
    assert len(notes) == MAX_NOTES and {n["path"] for n in notes} == {"标题"} and notes[-1]["line"] == MAX_NOTES
    assert leader_notes("# 批注（王）：改\n", spec) == [{"text": "批注（王）：改", "line": 1, "path": ""}]


def test_a_note_is_deleted_only_when_its_line_still_holds_it():
    text = "标题: 甲\n# 批注（王）：改\n结尾: 乙\n"
    assert without_note(text, 2, "批注（王）：改") == "标题: 甲\n结尾: 乙\n"
    assert without_note(text, 2, "批注（王）：别的") is None
    assert without_note(text, 1, "批注（王）：改") is None and without_note(text, 9, "批注（王）：改") is None


def test_the_page_and_a_save_carry_the_notes_escaped_and_a_note_is_removed_through_the_save_path(client, folder):
    form = folder / "work-briefing.yaml"
    form.write_text(_noted(form.read_text(encoding="utf-8")), encoding="utf-8")
    page = client.get("/form/work-briefing.yaml")
    assert "<img src=x" not in page.text and "</script><img" not in page.text  # inert inside the page's JSON
    data = _page_data(page.text)
    assert [(n["path"], n["text"]) for n in data["notes"]] == [("正文/1/标题", NOTE[2:]), ("结尾", HOSTILE)]

    state = data["state"]
    state["标题"] = "改过的标题"
    saved = _post(client, "/api/save", {"name": "work-briefing.yaml", "version": data["version"], "state": state})
    assert saved.status_code == 200
    assert [(n["path"], n["text"]) for n in saved.json()["notes"]] == [("正文/1/标题", NOTE[2:]), ("结尾", HOSTILE)]

    stale = _post(client, "/api/note/remove", {"name": "work-briefing.yaml", "version": data["version"],
                                               "line": data["notes"][0]["line"], "text": NOTE[2:]})
    assert stale.status_code == 409 and stale.json()["code"] == "S012"  # the file changed since that version
    version, first = saved.json()["version"], saved.json()["notes"][0]
    wrong = _post(client, "/api/note/remove", {"name": "work-briefing.yaml", "version": version,
                                               "line": first["line"] + 1, "text": NOTE[2:]})
    assert wrong.status_code == 409 and wrong.json()["code"] == "S100"
    before = form.read_text(encoding="utf-8")
    removed = _post(client, "/api/note/remove", {"name": "work-briefing.yaml", "version": version,
                                                 "line": first["line"], "text": NOTE[2:]})
    assert removed.status_code == 200, removed.text
    assert [n["text"] for n in removed.json()["notes"]] == [HOSTILE]
    after = form.read_text(encoding="utf-8")
    assert NOTE not in after and "# 说明：这是普通注释" in after and "改过的标题" in after
    assert after.splitlines() == [line for line in before.splitlines() if line.strip() != NOTE]
    assert removed.json()["version"] != version
    outside = _post(client, "/api/note/remove", {"name": "../x.yaml", "version": "x", "line": 1, "text": "批注（王）：改"})
    assert outside.status_code == 400
    unsaid = _post(client, "/api/note/remove", {"name": "work-briefing.yaml", "version": "x", "line": "1", "text": "x"})
    assert unsaid.status_code == 400 and unsaid.json()["code"] == "S021"
