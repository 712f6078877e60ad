"""A round over HTTP: the township saves (each save a version), submits, is returned with a comment, fixes and
resubmits; the county accepts, rolls up, builds its report, exports the round; the audit log tells the story."""
from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

from .conftest import ORIGIN, client_for, clerk, csrf_of, page_data, post_form, post_json, with_numbers

SENTENCE = "白河镇调处矛盾纠纷一百二十件，无一起民转刑案件。"


def _form(client, sid: int, town: str = "白河镇") -> tuple[str, dict]:
    name = f"{town}-2026Q3.yaml"
    page = client.get(f"/s/{sid}/form/{quote(name)}")
    assert page.status_code == 200, page.text[:400]
    return page.text, page_data(page.text)


def _save(client, sid: int, data: dict, sentence: str):
    """Save the page's form with ``sentence`` as the first work item's text (what a roll-up carries to the county)."""
    state = with_numbers(data["state"])
    state["正文"][0]["下级"][0]["下级"][0]["内容"] = sentence
    return post_json(client, f"/s/{sid}/api/save", {"name": data["name"], "version": data["version"], "state": state})


def _item(data: dict) -> str:
    return data["state"]["正文"][0]["下级"][0]["下级"][0]["内容"]


def _versions(data_dir, sid: int) -> list[tuple[int, str, str]]:
    from drafting.county.db import session_scope
    from drafting.county.models import Submission
    from drafting.county.versions import versions

    with session_scope(data_dir.engine(), read_only=True) as db:
        submission = db.get(Submission, sid)
        return [(v.number, v.author.name if v.author else "", v.note) for v in versions(db, submission)]


def _state(data_dir, sid: int) -> str:
    from drafting.county.db import session_scope
    from drafting.county.models import Submission

    with session_scope(data_dir.engine(), read_only=True) as db:
        return db.get(Submission, sid).state


def test_the_whole_round_over_http(app, opened, data_dir):
    town, county = client_for(app, clerk("白河镇")), client_for(app, "县管理员")
    sid, rid = opened["白河镇"], opened["round"]
    html, data = _form(town, sid)
    assert 'id="submit-form"' in html and ">提交<" in html and "状态：未填" in html
    saved = _save(town, sid, data, "第一稿。")
    assert saved.status_code == 200, saved.text
    assert _state(data_dir, sid) == "填写中" and _versions(data_dir, sid)[-1][:2] == (2, clerk("白河镇"))
    stale = _save(town, sid, data, "同一版上的另一次保存。")
    assert stale.status_code == 409 and len(_versions(data_dir, sid)) == 2  # the version check refuses, nothing lost

    assert post_json(town, f"/s/{sid}/submit", {}).json()["state"] == "已提交"
    html, data = _form(town, sid)
    assert "状态：已提交" in html and 'id="submit-form"' not in html and 'id="save" class="primary" disabled' in html
    assert "状态：已提交（只能查看，不能修改）" in html and '<fieldset id="editing" disabled' in html  # no field takes typing
    refused = _save(town, sid, data, "提交以后再改。")
    assert refused.status_code == 409 and refused.json()["code"] == "K032" and len(_versions(data_dir, sid)) == 2

    no_comment = post_form(county, f"/s/{sid}/return", {"comment": "  "})
    assert no_comment.status_code == 409 and "K045" in no_comment.text and _state(data_dir, sid) == "已提交"
    returned = post_form(county, f"/s/{sid}/return", {"comment": "请补充矛盾纠纷调处的数字"})
    assert returned.status_code == 303 and returned.headers["location"] == f"/rounds/{rid}"
    html, data = _form(town, sid)
    assert "状态：退回" in html and "请补充矛盾纠纷调处的数字" in html and 'id="submit-form"' in html
    assert _save(town, sid, data, SENTENCE).status_code == 200 and _state(data_dir, sid) == "填写中"
    assert post_json(town, f"/s/{sid}/submit", {}).status_code == 200

    dashboard = county.get(f"/rounds/{rid}").text
    assert "白河镇" in dashboard and "已提交" in dashboard and 'class="overdue"' not in dashboard.split("白河镇")[1].split("</tr>")[0]
    findings = dashboard.split('data-unit="白河镇"')[1].split('class="findings">')[1].split("<")[0]
    assert findings.isdigit()  # the check's count of the last save
    assert post_form(county, f"/s/{sid}/accept").status_code == 303 and _state(data_dir, sid) == "已采用"
    rolled = post_form(county, f"/rounds/{rid}/rollup")
    assert rolled.status_code == 303 and rolled.headers["location"].startswith("/s/")
    county_form = county.get(rolled.headers["location"])
    assert county_form.status_code == 200 and SENTENCE[:8] in county_form.text
    county_data = page_data(county_form.text)
    county_sid = int(rolled.headers["location"].split("/")[2])
    built = post_json(county, f"/s/{county_sid}/api/build", {"names": [county_data["name"]]})
    assert built.status_code == 200, built.text
    assert built.json()["lines"][0] == f"已生成：{built.json()['downloads'][0]}"  # its name, not the server's path
    docx = county.get(f"/s/{county_sid}/download/{quote(built.json()['downloads'][0])}")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    import docx as python_docx

    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(docx.content)).paragraphs)
    assert "白河镇" in text and "一百二十件" in text

    export = county.get(f"/rounds/{rid}/export")
    assert export.status_code == 200 and export.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(export.content)).namelist()
    assert any(name.endswith("白河镇-2026Q3.yaml") for name in names)

    csv = county.get("/audit.csv")
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "时间,账号,单位,地址,操作,对象,结果"
    actions = [line.split(",")[4] for line in lines[1:]]
    for action in ("登录", "保存", "提交", "退回", "采用", "汇总", "生成 Word 文稿", "导出"):
        assert action in actions, (action, actions)
    assert "审计日志" in county.get("/audit").text


def test_the_county_reads_a_townships_form_but_cannot_save_it(app, opened, data_dir):
    county = client_for(app, "县管理员")
    sid = opened["青石乡"]
    html, data = _form(county, sid, "青石乡")
    assert 'id="submit-form"' not in html and 'id="save" class="primary" disabled' in html
    refused = _save(county, sid, data, "县里改乡里的表单。")
    assert refused.status_code == 409 and refused.json()["code"] == "K107" and len(_versions(data_dir, sid)) == 1


def test_two_servers_on_one_database_keep_the_version_check(make_app, opened, data_dir):
    first, second = client_for(make_app(), clerk("白河镇")), client_for(make_app(), clerk("白河镇"))
    sid = opened["白河镇"]
    _, seen_first = _form(first, sid)
    _, seen_second = _form(second, sid)
    assert _save(first, sid, seen_first, "第一个进程保存。").status_code == 200
    late = _save(second, sid, seen_second, "第二个进程在旧版上保存。")
    assert late.status_code == 409 and [v[0] for v in _versions(data_dir, sid)] == [1, 2]
    html, data = _form(second, sid)   # the other process's save is what the second one now shows
    assert _item(data) == "第一个进程保存。"


def test_versions_are_listed_shown_and_restored_as_a_new_version(app, opened, data_dir):
    town = client_for(app, clerk("柳林镇"))
    sid = opened["柳林镇"]
    _, data = _form(town, sid, "柳林镇")
    assert _save(town, sid, data, "第二版的开头。").status_code == 200
    listing = town.get(f"/s/{sid}/versions")
    assert listing.status_code == 200 and "第 2 版" in listing.text and "第 1 版" in listing.text
    first = town.get(f"/s/{sid}/versions/1")
    assert first.status_code == 200 and 'id="restore"' in first.text and "第二版的开头" not in first.text
    assert post_form(town, f"/s/{sid}/versions/1/restore").status_code == 303
    assert [v[2] for v in _versions(data_dir, sid)][-1] == "恢复第 1 版"
    _, data = _form(town, sid, "柳林镇")
    assert _item(data) != "第二版的开头。"
    assert town.get(f"/s/{sid}/versions/99").status_code == 404


def test_a_working_copy_changed_behind_the_databases_back_is_rewritten_on_open(app, opened, data_dir):
    """A kill -9 between the file's write and the commit, or another process's save: the database is the truth."""
    town = client_for(app, clerk("白河镇"))
    sid = opened["白河镇"]
    _, data = _form(town, sid)
    copy = data_dir.path / "forms" / str(opened["round"])
    working = next(copy.rglob("白河镇-2026Q3.yaml"))
    working.write_text(working.read_text(encoding="utf-8").replace("多元化解矛盾纠纷", "没有提交的修改"), encoding="utf-8")
    html, data = _form(town, sid)
    assert "没有提交的修改" not in html and "没有提交的修改" not in working.read_text(encoding="utf-8")
    assert _save(town, sid, data, "照常保存。").status_code == 200


def test_no_page_changes_the_audit_log(app, opened, data_dir):
    county = client_for(app, "县管理员")
    before = county.get("/audit.csv").content
    token = csrf_of(county.get("/").text)
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for url in ("/audit", "/audit.csv"):
            answer = county.request(method, url, headers={"x-draft-token": token, "Origin": ORIGIN})
            assert answer.status_code == 405 and answer.json()["code"] == "K105"
    after = county.get("/audit.csv").content.decode("utf-8-sig").splitlines()
    assert after[1:] == before.decode("utf-8-sig").splitlines()[1:]


def test_no_file_is_uploaded_beside_a_form_the_account_cannot_change(app, opened, data_dir):
    county = client_for(app, "县管理员")
    sid = opened["青石乡"]
    name = quote("青石乡-2026Q3.yaml")
    answer = county.post(f"/s/{sid}/api/upload?form={name}&file=x.csv", content=b"\xe6\x8c\x87\xe6\xa0\x87,\xe6\x95\xb0\xe5\x80\xbc\n",
                         headers={"x-draft-token": csrf_of(county.get("/").text), "Origin": ORIGIN})
    assert answer.status_code == 409 and answer.json()["code"] == "K107"
    assert not list((data_dir.path / "forms" / str(opened["round"])).rglob("x.csv"))


def test_the_county_cannot_submit_a_townships_form(app, opened, data_dir):
    county = client_for(app, "县管理员")
    answer = post_json(county, f"/s/{opened['白河镇']}/submit", {})
    assert answer.status_code == 409 and answer.json()["code"] == "K044" and _state(data_dir, opened["白河镇"]) == "未填"


def test_the_countys_home_counts_submitted_and_accepted_forms_apart(app, opened):
    town, county = client_for(app, clerk("白河镇")), client_for(app, "县管理员")

    def progress() -> str:
        return county.get("/").text.split('class="progress">')[1].split("<")[0]

    assert progress() == "已提交 0、已采用 0（共 3 个单位）"
    assert _save(town, opened["白河镇"], _form(town, opened["白河镇"])[1], SENTENCE).status_code == 200
    assert post_json(town, f"/s/{opened['白河镇']}/submit", {}).status_code == 200
    assert progress() == "已提交 1、已采用 0（共 3 个单位）"  # not “3 / 3” read as three submitted, three accepted
    assert post_form(county, f"/s/{opened['白河镇']}/accept").status_code == 303
    assert progress() == "已提交 0、已采用 1（共 3 个单位）"


class WordForPdf:
    """The real services, building Word where the page asked for PDF (the audit's wording is tested, not LibreOffice)."""

    def __init__(self, services) -> None:
        self.services, self.asked = services, []

    def __getattr__(self, name):
        return getattr(self.services, name)

    def build(self, forms, options, pdf):
        self.asked.append(pdf)
        return self.services.build(forms, options, False)


def test_the_audit_log_tells_a_word_build_from_a_pdf_build(data_dir, services, clock, opened):
    from drafting.server.app import create_county_app

    from .conftest import PORT

    wrapped = WordForPdf(services)
    app = create_county_app(data_dir, wrapped, port=PORT, clock=clock)
    clerk_client = client_for(app, clerk("白河镇"))
    sid = opened["白河镇"]
    name = page_data(clerk_client.get(f"/s/{sid}/").text)["name"]
    for pdf in (False, True):
        assert post_json(clerk_client, f"/s/{sid}/api/build", {"names": [name], "pdf": pdf, "force": True}).status_code == 200
    assert wrapped.asked == [False, True]
    county = client_for(app, "县管理员")
    lines = county.get("/audit.csv").content.decode("utf-8-sig").splitlines()
    actions = [line.split(",")[4] for line in lines[1:]]
    assert actions.count("生成 Word 文稿") == 1 and actions.count("生成 PDF") == 1, actions
