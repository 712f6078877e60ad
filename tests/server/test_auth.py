"""Logging in to the county server: one answer for every refusal, lockout, idle timeout, CSRF, Host and Origin, sessions in the database."""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from .conftest import (COUNTY_ADMIN, COUNTY_PASSWORD, ORIGIN, PORT, UNIT_PASSWORD, client_for, clerk, csrf_of, login,
                       post_form)


def _audit(data_dir) -> list[tuple[str, str, str]]:
    from drafting.county.audit import entries
    from drafting.county.db import session_scope

    with session_scope(data_dir.engine(), read_only=True) as db:
        return [(e.account, e.action, e.result) for e in reversed(entries(db))]


def test_the_login_page_is_a_form_of_username_and_password(app):
    page = TestClient(app, base_url=ORIGIN).get("/login")
    assert page.status_code == 200
    assert 'name="username"' in page.text and 'name="password"' in page.text and 'action="/login"' in page.text
    assert "draft_login=" in page.headers["set-cookie"] and "HttpOnly" in page.headers["set-cookie"]


def test_a_good_login_sets_a_strict_http_only_session_cookie_and_lists_the_forms(app, opened):
    client = TestClient(app, base_url=ORIGIN)
    answer = login(client, clerk("白河镇"), UNIT_PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = [c for c in answer.headers.get_list("set-cookie") if c.startswith("draft_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict") and "Path=/" in cookie
    assert "Secure" not in cookie
    home = client.get("/")
    assert home.status_code == 200 and 'class="form-link"' in home.text and "白河镇-2026Q3.yaml" in home.text
    assert "青石乡" not in home.text and "/rounds/" not in home.text


def test_the_cookie_is_secure_behind_an_https_public_origin(make_app, opened):
    app = make_app(public_origin="https://county.example.cn")
    client = TestClient(app, base_url="https://county.example.cn")
    answer = login(client, clerk("白河镇"), UNIT_PASSWORD)
    assert answer.status_code == 303
    assert "Secure" in [c for c in answer.headers.get_list("set-cookie") if c.startswith("draft_session=")][0]


def test_unknown_user_wrong_password_and_a_missing_one_get_the_same_page(app, data_dir):
    answers = [login(TestClient(app, base_url=ORIGIN), name, password)
               for name, password in (("没有这个人", "whatever-pass-1"), (clerk("白河镇"), "wrong-pass-2026"))]
    assert {a.status_code for a in answers} == {200}
    messages = [a.text.split('id="login-message">')[1].split("<")[0] for a in answers]
    assert messages[0] == messages[1] and "K020" in messages[0] and "用户名或密码不对" in messages[0]
    assert not any("draft_session=" in c for a in answers for c in a.headers.get_list("set-cookie"))


def test_five_failures_lock_the_account_for_fifteen_minutes(app, data_dir, clock):
    client = TestClient(app, base_url=ORIGIN)
    for _ in range(5):
        assert login(client, clerk("青石乡"), "wrong-pass-2026").status_code == 200
    locked = login(client, clerk("青石乡"), UNIT_PASSWORD)
    assert locked.status_code == 200 and "K020" in locked.text  # the right password, still refused: locked
    assert "到时自动解锁，或请县里的管理员重置密码" in locked.text  # says what the clerk can do about it
    wrong = login(client, clerk("白河镇"), "wrong-pass-2026")
    assert locked.text.split('id="login-message">')[1].split("<")[0] == wrong.text.split('id="login-message">')[1].split("<")[0]
    clock.advance(minutes=16)
    assert login(client, clerk("青石乡"), UNIT_PASSWORD).status_code == 303
    actions = [(account, action) for account, action, _ in _audit(data_dir) if account == clerk("青石乡")]
    assert len(actions) == 7  # five failures, the refusal while locked, the login


def test_a_session_ends_after_thirty_idle_minutes(app, clock, opened):
    client = client_for(app, clerk("白河镇"))
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200        # still in use: the idle time starts again
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200
    clock.advance(minutes=31)
    gone = client.get("/", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/login"


def test_logout_ends_the_session_in_the_database(app, opened):
    client = client_for(app, clerk("白河镇"))
    cookie = client.cookies.get("draft_session")
    assert post_form(client, "/logout").status_code == 303
    again = TestClient(app, base_url=ORIGIN, cookies={"draft_session": cookie})
    assert again.get("/", follow_redirects=False).status_code == 303


def test_sessions_live_in_the_database_and_serve_every_process(make_app, opened):
    first, second = make_app(), make_app()       # two servers on one database
    client = client_for(first, clerk("白河镇"))
    other = TestClient(second, base_url=ORIGIN, cookies={"draft_session": client.cookies.get("draft_session")})
    assert other.get("/").status_code == 200 and "白河镇-2026Q3.yaml" in other.get("/").text
    assert post_form(other, "/logout").status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303  # ended on one, ended on both


def test_a_change_without_the_token_or_with_another_sessions_token_is_refused(app, opened):
    client = client_for(app, clerk("白河镇"))
    stranger = client_for(app, clerk("青石乡"))
    sid = opened["白河镇"]
    for headers in ({}, {"x-draft-token": "guess"}, {"x-draft-token": csrf_of(stranger.get("/").text)}):
        answer = client.post(f"/s/{sid}/submit", headers={"Origin": ORIGIN, **headers}, json={})
        assert answer.status_code == 403 and answer.json()["code"] == "K102"
    form = client.post(f"/s/{sid}/submit", data={"csrf": "guess"}, headers={"Origin": ORIGIN})
    assert form.status_code == 403 and form.json()["code"] == "K102"


def test_a_change_without_a_session_is_refused(app, opened):
    answer = TestClient(app, base_url=ORIGIN).post(f"/s/{opened['白河镇']}/api/save", json={})
    assert answer.status_code == 401 and answer.json()["code"] == "K103"


def test_a_foreign_origin_is_refused_even_with_the_token(app, opened):
    client = client_for(app, clerk("白河镇"))
    token = csrf_of(client.get("/").text)
    answer = client.post(f"/s/{opened['白河镇']}/submit", headers={"Origin": "http://evil.example", "x-draft-token": token},
                         json={})
    assert answer.status_code == 403 and answer.json()["code"] == "K101"
    login_from_elsewhere = client.post("/login", data={"username": "x", "password": "y"}, headers={"Origin": "http://evil.example"})
    assert login_from_elsewhere.status_code == 403


@pytest.mark.parametrize("base", [f"http://attacker.example:{PORT}", "http://127.0.0.1:1", f"http://county.example.cn:{PORT}"])
def test_a_foreign_host_is_refused_whatever_it_asks(app, base):
    client = TestClient(app, base_url=base)
    for answer in (client.get("/login"), client.get("/"), client.post("/login", data={})):
        assert answer.status_code == 400 and answer.json()["code"] == "K100"


def test_the_public_origins_host_is_answered(make_app):
    client = TestClient(make_app(public_origin="https://county.example.cn"), base_url="https://county.example.cn")
    assert client.get("/login").status_code == 200


def test_a_login_form_without_its_pre_login_token_is_refused(app):
    client = TestClient(app, base_url=ORIGIN)
    answer = client.post("/login", data={"csrf": "forged", "username": COUNTY_ADMIN, "password": COUNTY_PASSWORD},
                         follow_redirects=False)
    assert answer.status_code == 200 and "K108" in answer.text and "draft_session" not in answer.headers.get("set-cookie", "")


def test_a_sessions_last_use_is_written_at_most_once_a_minute(app, opened, data_dir, clock):
    from drafting.county.db import session_scope
    from drafting.county.models import LoginSession

    def last_seen():  # type: ignore[no-untyped-def]
        with session_scope(data_dir.engine(), read_only=True) as db:
            return [row.last_seen for row in db.query(LoginSession).all()]

    client = client_for(app, clerk("白河镇"))
    logged_in = last_seen()
    clock.advance(seconds=50)
    assert client.get("/").status_code == 200 and last_seen() == logged_in  # a reading transaction only
    clock.advance(seconds=20)
    assert client.get("/").status_code == 200 and last_seen() == [clock()]
    clock.advance(minutes=31)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"  # idle: ended, by a writing one


def _failing_lookup(app, error: Exception):
    """``app`` with its session lookup raising ``error`` (the database busy, down, or a defect)."""
    async def resolve(token: str):
        raise error
    app.resolve = resolve
    return app


def test_a_busy_database_during_the_session_lookup_is_said_not_a_bare_500(app, opened, tmp_path, monkeypatch):
    """SQLite's lock waited for past its busy timeout under a login storm: K113 in Chinese, 503, no traceback."""
    from sqlalchemy.exc import OperationalError

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    client = client_for(app, clerk("白河镇"))
    _failing_lookup(app, OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked")))
    answer = client.get("/")
    assert answer.status_code == 503 and answer.json()["code"] == "K113"
    assert "数据库正忙" in answer.json()["error"] and "稍等" in answer.json()["hint"]
    assert not list(tmp_path.glob("draft-internal-error-*"))  # busy is no defect: nothing saved for a bug report


def test_a_defect_in_the_session_lookup_is_said_in_chinese_and_saved(app, opened, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    client = client_for(app, clerk("白河镇"))
    _failing_lookup(app, RuntimeError("a defect"))
    answer = client.get("/")
    assert answer.status_code == 500 and answer.json()["code"] == "X001" and "内部错误" in answer.json()["error"]
    assert len(list(tmp_path.glob("draft-internal-error-*"))) == 1


def test_a_page_whose_database_is_busy_says_so_with_503():
    import asyncio

    from sqlalchemy.exc import OperationalError
    from starlette.requests import Request

    from drafting.server.app import _internal

    request = Request({"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""})
    answer = asyncio.run(_internal(request, OperationalError("SELECT", {}, Exception("database is locked"))))
    assert answer.status_code == 503 and "数据库正忙" in answer.body.decode("utf-8") and "K113" in answer.body.decode("utf-8")


def test_a_page_asked_for_without_a_session_comes_back_after_the_login(app, opened):
    """A township whose session ended (30 idle minutes) refreshes its form: after logging in it is on that form."""
    sid = opened["白河镇"]
    anonymous = client_for(app)
    sent = anonymous.get(f"/s/{sid}/versions", follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == f"/login?next=/s/{sid}/versions"
    page = anonymous.get(sent.headers["location"]).text
    assert f'name="next" value="/s/{sid}/versions"' in page
    answer = anonymous.post("/login", data={"csrf": csrf_of(page), "username": clerk("白河镇"), "password": UNIT_PASSWORD,
                                            "next": f"/s/{sid}/versions"}, headers={"Origin": ORIGIN}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/s/{sid}/versions"


@pytest.mark.parametrize("hostile", ["//attacker.example/", "https://attacker.example/", "/\\attacker.example",
                                     "/login?next=//x", "/s/1\r\nSet-Cookie: a=b", "relative", ""])
def test_a_next_page_elsewhere_is_not_followed(app, opened, hostile):
    anonymous = client_for(app)
    page = anonymous.get("/login", params={"next": hostile}).text
    assert 'name="next"' not in page
    answer = anonymous.post("/login", data={"csrf": csrf_of(page), "username": clerk("白河镇"), "password": UNIT_PASSWORD,
                                            "next": hostile}, headers={"Origin": ORIGIN}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
