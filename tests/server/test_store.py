"""The county's SubmissionStore: a save, its version and its audit line are one transaction."""
from __future__ import annotations

from urllib.parse import quote

from .conftest import client_for, clerk, page_data, post_json


def _audit(data_dir) -> list[tuple[str, str, str, str]]:
    """The audit entries, oldest first: (account, action, object, result)."""
    from drafting.county.audit import entries
    from drafting.county.db import session_scope

    with session_scope(data_dir.engine(), read_only=True) as db:
        return [(e.account, e.action, e.object, e.result) for e in reversed(entries(db))]


def _opened_form(client, sid: int) -> dict:
    page = client.get(f"/s/{sid}/form/{quote('白河镇-2026Q3.yaml')}")
    assert page.status_code == 200, page.text[:400]
    return page_data(page.text)


def test_a_saves_audit_line_is_written_with_its_version(app, opened, data_dir, monkeypatch):
    import drafting.server.units as units

    def second_transaction(*args: object) -> None:
        raise AssertionError("a successful save is audited in its own transaction, not after it")

    monkeypatch.setattr(units, "_logged", second_transaction)
    town, sid = client_for(app, clerk("白河镇")), opened["白河镇"]
    data = _opened_form(town, sid)
    saved = post_json(town, f"/s/{sid}/api/save", {"name": data["name"], "version": data["version"], "state": data["state"]})
    assert saved.status_code == 200, saved.text
    lines = [line for line in _audit(data_dir) if line[1] == "保存"]
    assert lines == [(clerk("白河镇"), "保存", "白河镇 工作总结 2026Q3", "成功：第 2 版")]


def test_a_refused_save_is_audited_after_it(app, opened, data_dir):
    town, sid = client_for(app, clerk("白河镇")), opened["白河镇"]
    data = _opened_form(town, sid)
    for sentence, status in (("第一稿。", 200), ("同一版上的另一次保存。", 409)):  # the second on a stale version
        data["state"]["正文"][0]["下级"][0]["下级"][0]["内容"] = sentence
        body = {"name": data["name"], "version": data["version"], "state": data["state"]}
        assert post_json(town, f"/s/{sid}/api/save", body).status_code == status
    results = [line[3] for line in _audit(data_dir) if line[1] == "保存"]
    assert results == ["成功：第 2 版", "未完成（409）"]


def test_a_copy_is_no_version_and_is_audited_apart(app, opened, data_dir):
    town, sid = client_for(app, clerk("白河镇")), opened["白河镇"]
    data = _opened_form(town, sid)
    saved = post_json(town, f"/s/{sid}/api/save", {"name": data["name"], "version": data["version"],
                                                   "state": data["state"], "copy": True})
    assert saved.status_code == 200, saved.text
    assert [line[3] for line in _audit(data_dir) if line[1] == "保存"] == ["成功"]


def _findings(data_dir, sid: int) -> tuple[int, int | None]:
    """The submission's latest version and the findings count the dashboard shows for it."""
    from drafting.county.db import session_scope
    from drafting.county.models import Submission

    with session_scope(data_dir.engine(), read_only=True) as db:
        found = db.get(Submission, sid)
        return found.version, found.findings


def _saved(client, sid: int, sentence: str) -> None:
    data = _opened_form(client, sid)
    data["state"]["正文"][0]["下级"][0]["下级"][0]["内容"] = sentence
    answer = post_json(client, f"/s/{sid}/api/save", {"name": data["name"], "version": data["version"],
                                                      "state": data["state"]})
    assert answer.status_code == 200, answer.text


def test_a_restored_version_has_its_findings_counted(app, opened, data_dir):
    from .conftest import post_form

    town, sid = client_for(app, clerk("白河镇")), opened["白河镇"]
    _saved(town, sid, "第一稿。")
    assert _findings(data_dir, sid)[1] is not None
    assert post_form(town, f"/s/{sid}/versions/1/restore").status_code == 303
    version, findings = _findings(data_dir, sid)
    assert version == 3 and isinstance(findings, int)
    dashboard = client_for(app, "县管理员").get(f"/rounds/{opened['round']}").text
    assert dashboard.split('data-unit="白河镇"')[1].split('class="findings">')[1].split("<")[0] == str(findings)


def test_a_rolled_up_version_has_its_findings_counted(app, opened, data_dir):
    from .conftest import post_form

    town, county, sid = client_for(app, clerk("白河镇")), client_for(app, "县管理员"), opened["白河镇"]
    _saved(town, sid, "白河镇调处矛盾纠纷一百二十件。")
    assert post_json(town, f"/s/{sid}/submit", {}).status_code == 200
    assert post_form(county, f"/s/{sid}/accept").status_code == 303
    rolled = post_form(county, f"/rounds/{opened['round']}/rollup")
    assert rolled.status_code == 303, rolled.text
    county_sid = int(rolled.headers["location"].split("/")[2])
    version, findings = _findings(data_dir, county_sid)
    assert version == 1 and isinstance(findings, int)


def test_a_read_while_a_save_is_under_way_waits_for_it_and_never_writes_the_version_before(opened, data_dir, clock):
    import threading

    from drafting.county.db import session_scope
    from drafting.county.models import Account, Submission
    from drafting.county.versions import form_name, version_text
    from drafting.options import Options
    from drafting.server.context import Context
    from drafting.server.guard import Identity
    from drafting.server.store import SubmissionStore

    sid = opened["白河镇"]
    with session_scope(data_dir.engine(), read_only=True) as db:
        submission, account = db.get(Submission, sid), db.query(Account).filter_by(name=clerk("白河镇")).one()
        path = data_dir.forms_folder(submission) / form_name(submission)
        identity = Identity(account.id, account.name, account.unit_id, "白河镇", "unit", "csrf", "token")
        saved_text = version_text(db, submission) + "# 这次保存写的\n"
    context = Context(data_dir, data_dir.engine(), None, Options(), None, None, clock, None, None)
    writer = SubmissionStore(context, sid, identity, path.name)
    reader = SubmissionStore(context, sid, identity, path.name)

    def read() -> None:
        with reader.reading(path.name):
            pass

    with writer.writing(path.name, False) as wrote:
        path.write_text(saved_text, encoding="utf-8")  # the form app's write, its version not yet committed
        other = threading.Thread(target=read)
        other.start()
        other.join(timeout=1)  # a reader that does not wait would rewrite the file with version 1 here
        wrote(path)
    other.join()
    with session_scope(data_dir.engine(), read_only=True) as db:
        assert version_text(db, db.get(Submission, sid)) == saved_text
    assert path.read_text(encoding="utf-8") == saved_text
