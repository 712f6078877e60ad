"""“导入修改稿” over HTTP (issue #27, point 9): an edited .docx planned into a change list grouped by form path, the
ticked changes saved with the page's version check and the old form kept beside it, refusals with their codes."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from drafting.options import Session
from drafting.pipeline.stages import run_path
from drafting.serve.guard import TOKEN_HEADER
from tests.merging.docxedits import opened, replace_in, saved

from .test_app import ORIGIN, TOKEN, _page_data, _post, client, folder, services  # noqa: F401  (fixtures)

FORM = "work-briefing.yaml"


def edited(folder, *replacements: tuple[str, str]) -> bytes:
    """The form's .docx as built, with words replaced as a leader would in Word."""
    document = opened(run_path(folder / FORM, "docx", Session()).data)
    for old, new in replacements:
        assert replace_in(document, old, new), old
    return saved(document)


LEADERS_EDIT = (("努力为全县", "努力为全市"), ("612件", "600件"))  # a sentence rewritten, a figure changed


def _send(client, url: str, raw: bytes, **query):
    given = {"form": FORM, "file": "修改稿.docx", **query}
    return client.post(f"{url}?{urlencode(given)}", content=raw, headers={
        TOKEN_HEADER: TOKEN, "Origin": ORIGIN, "Content-Type": "application/octet-stream"})


def plan(client, raw: bytes, version: str, **query):
    return _send(client, "/api/merge/plan", raw, version=version, **query)


def save(client, raw: bytes, version: str, listed: dict, ids: list[str], **query):
    return _send(client, "/api/merge/save", raw, version=version, fingerprint=listed["fingerprint"],
                 accept=",".join(ids), reject="1" if listed["reject"] else "0", **query)


def opened_version(client) -> str:
    return _page_data(client.get(f"/form/{FORM}").text)["version"]


def changes_of(listed: dict) -> list[dict]:
    return [change for group in listed["groups"] for change in group["changes"]]


def test_the_plan_lists_each_change_grouped_by_form_path_and_writes_nothing(client, folder):
    raw = edited(folder, *LEADERS_EDIT)
    before = sorted(p.name for p in folder.iterdir())
    answer = plan(client, raw, opened_version(client))
    assert answer.status_code == 200, answer.text
    listed = answer.json()
    assert [(g["path"], g["label"]) for g in listed["groups"]] == [
        ("指标/刑事案件", "指标 › 刑事案件"), ("正文/1/内容", "正文 › 第2项“在打击违法犯罪方面，坚持重拳出击…” › 内容"),
        ("结尾", "结尾")]
    figure, conflict, rewrite = changes_of(listed)
    assert (figure["kind"], figure["text"], figure["line"], figure["choosable"]) == \
        ("指标", "指标“刑事案件”612件改为600件", 13, True)
    # the 同比 the leader left as printed no longer fits the changed figure: listed, not choosable
    assert conflict["kind"] == "冲突" and "同比下降14.41%" in conflict["text"] and not conflict["choosable"]
    assert rewrite["kind"] == "改写" and "全市" in rewrite["text"] and rewrite["line"] == 40
    assert listed["choosable"] == 2 and not listed["refused"]
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written: not the form, not the .docx


def test_saving_a_subset_applies_only_the_ticked_changes(client, folder):
    raw = edited(folder, *LEADERS_EDIT)
    version = opened_version(client)
    before = (folder / FORM).read_text(encoding="utf-8")
    listed = plan(client, raw, version).json()
    rewrite = next(c for c in changes_of(listed) if c["kind"] == "改写")
    answer = save(client, raw, version, listed, [rewrite["id"]])
    assert answer.status_code == 200, answer.text
    done = answer.json()
    after = (folder / FORM).read_text(encoding="utf-8")
    assert "努力为全市" in after and "刑事案件: {值: 612," in after  # the ticked change, not the unticked one
    assert "{{ 指标.刑事案件 | 同比 }}" in after and "# 工作汇报示例" in after
    kept = [p for p in folder.iterdir() if p.name.startswith("work-briefing.合并前-")]
    assert len(kept) == 1 and re.fullmatch(r"work-briefing\.合并前-\d{8}-\d{4}\.yaml", kept[0].name)
    assert kept[0].read_text(encoding="utf-8") == before  # the old text beside it, named as the CLI names it
    assert done["merged"] and done["files"] == [FORM, kept[0].name]
    assert f"已合并 1 处改动到 {FORM}；原来的表单保存为 {kept[0].name}" in done["lines"]
    assert "1 处改动没有选中，没有合并" in done["lines"]
    assert any(line.startswith(f"{FORM}:40:1 改写 ") for line in done["lines"])
    assert not any(" 指标 " in line for line in done["lines"])
    assert not any("M009" in line for line in done["lines"])  # the full merge's comparison: not of a subset
    assert done["state"]["结尾"].endswith("努力为全市经济社会高质量发展创造安全稳定的社会环境。")  # the page's fields
    assert done["version"] != version and done["version"] == opened_version(client)
    rebuilt = run_path(folder / FORM, "txt", Session()).data.decode("utf-8")
    assert "努力为全市" in rebuilt and "立案612件" in rebuilt


def test_a_form_changed_on_disk_is_refused_and_left_as_it_is(client, folder):
    raw = edited(folder, *LEADERS_EDIT)
    version = opened_version(client)
    listed = plan(client, raw, version).json()
    elsewhere = (folder / FORM).read_text(encoding="utf-8").replace("青山县平安建设", "青山县平安建设（别处改的）")
    (folder / FORM).write_text(elsewhere, encoding="utf-8")
    answer = save(client, raw, version, listed, [c["id"] for c in changes_of(listed)])
    assert answer.status_code == 409 and answer.json()["code"] == "S092", answer.text
    assert "被别的程序改过" in answer.json()["error"] and "重新载入" in answer.json()["hint"]
    assert (folder / FORM).read_text(encoding="utf-8") == elsewhere
    assert not [p for p in folder.iterdir() if "合并前" in p.name]
    again = plan(client, raw, version)  # the page's version is stale for a new plan too
    assert again.status_code == 409 and again.json()["code"] == "S092"


def test_a_change_list_that_is_not_the_one_shown_is_refused(client, folder):
    raw = edited(folder, *LEADERS_EDIT)
    version = opened_version(client)
    listed = plan(client, raw, version).json()
    other = edited(folder, ("努力为全县", "努力为全省"))
    answer = save(client, other, version, listed, ["1"])
    assert answer.status_code == 409 and answer.json()["code"] == "S093", answer.text
    flipped = save(client, raw, version, dict(listed, reject=True), ["1"])  # planned without 拒绝修订, saved with it
    assert flipped.status_code == 409 and flipped.json()["code"] == "S093"
    assert "全县" in (folder / FORM).read_text(encoding="utf-8")


def test_nothing_ticked_writes_nothing(client, folder):
    raw = edited(folder, *LEADERS_EDIT)
    version = opened_version(client)
    before = (folder / FORM).read_bytes()
    answer = save(client, raw, version, plan(client, raw, version).json(), [])
    assert answer.status_code == 200 and not answer.json()["merged"]
    assert answer.json()["lines"][-1] == "没有要合并的改动，表单没有改。"
    assert (folder / FORM).read_bytes() == before and not [p for p in folder.iterdir() if "合并前" in p.name]


@pytest.mark.parametrize("file, raw, status, code", [
    ("修改稿.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 400, "S090"),  # not a .docx by its name: never read
    ("指标.xlsx", b"PK\x03\x04", 400, "S090"),
    ("修改稿.docx", b"not a zip at all", 422, "M004"),             # damaged: the merge's own located message
    ("修改稿.docx", b"PK\x03\x04" + b"\x00" * 64, 422, "M004"),
    ("修改稿.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, 422, "M003"),  # encrypted or an old .doc
])
def test_a_file_that_is_not_a_readable_docx_is_refused_with_its_code(client, folder, file, raw, status, code):
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    answer = plan(client, raw, opened_version(client), file=file)
    assert answer.status_code == status and answer.json()["code"] == code, answer.text
    assert answer.json()["error"] and answer.json()["hint"] and file.split(".")[0] in answer.json()["error"]
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_an_upload_past_the_limit_is_refused_before_it_is_read_whole(client, folder):
    from drafting.serve.uploads import MAX_UPLOAD

    answer = plan(client, b"\0" * (MAX_UPLOAD + 1), opened_version(client), file="大.docx")
    assert answer.status_code == 413 and answer.json()["code"] == "S091" and "大.docx" in answer.json()["error"]


def test_a_docx_of_another_form_is_refused_as_the_cli_refuses_it(client, folder):
    other = opened(run_path(folder / "work-plan.yaml", "docx", Session()).data)
    answer = plan(client, saved(other), opened_version(client))
    assert answer.status_code == 422
    said = answer.json()
    assert any("M005" in line or "M007" in line for line in said.get("lines", [])) or said.get("code") in ("M005", "M007")


def test_ticked_ids_the_page_never_sends_are_refused(client, folder):
    raw = edited(folder, *LEADERS_EDIT)
    answer = _send(client, "/api/merge/save", raw, version=opened_version(client), fingerprint="x", accept="1,<b>")
    assert answer.status_code == 400 and answer.json()["code"] == "S021"


def test_reject_revisions_plans_again_with_the_text_before_the_revisions(client, folder):
    from tests.merging.test_reviews import tracked

    raw = tracked(folder / FORM, "下一步", "努力为全县", "努力为全市")
    version = opened_version(client)
    accepted = plan(client, raw, version).json()
    kinds = [(c["kind"], c["choosable"]) for c in changes_of(accepted)]
    assert kinds == [("改写", True), ("修订", False), ("修订", False)]  # the deletion and the insertion: not tickable
    assert all("王处长" in c["text"] for c in changes_of(accepted)[1:])
    rejected = plan(client, raw, version, reject="1").json()
    assert rejected["reject"] and {c["kind"] for c in changes_of(rejected)} == {"修订"}  # the text as before: no 改写
    assert rejected["choosable"] == 0 and rejected["fingerprint"] != accepted["fingerprint"]
    done = save(client, raw, version, rejected, [c["id"] for c in changes_of(rejected)]).json()
    assert not done["merged"] and "全县" in (folder / FORM).read_text(encoding="utf-8")


def test_a_zip_bomb_gets_the_merges_located_message_and_the_form_is_untouched(client, folder):
    import io
    import zipfile

    built = io.BytesIO(run_path(folder / FORM, "docx", Session()).data)
    bomb = io.BytesIO()
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":  # 40 MB of blanks inside the body: a thousand to one
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * 40_000_000, 1)
            target.writestr(info.filename, data)
    before = (folder / FORM).read_bytes()
    answer = plan(client, bomb.getvalue(), opened_version(client))
    assert answer.status_code == 422 and answer.json()["code"] == "M004", answer.text
    assert "修改稿.docx" in answer.json()["lines"][0] and "太大" in answer.json()["error"]
    assert (folder / FORM).read_bytes() == before
