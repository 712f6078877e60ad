"""A hostile township clerk and a hostile web page against the county server over HTTP: writes into a folder the
account may not change, sessions replayed after logout, disable and reset, CSRF without the token, paths that try
to leave the submission's folder, markup in names, comments and form text."""
from __future__ import annotations

import datetime
import json
from urllib.parse import quote

import pytest

from .conftest import ORIGIN, client_for, clerk, login, page_data, post_form, post_json, token, with_numbers

NAME = quote("白河镇-2026Q3.yaml")
START_LATER = datetime.datetime(2026, 10, 1, 9, 30, tzinfo=datetime.timezone.utc)


def _files(data_dir, opened, town: str) -> set[str]:  # type: ignore[no-untyped-def]
    folder = data_dir.path / "forms" / str(opened["round"])
    return {p.name for p in folder.rglob("*") if p.is_file()}


def _folder(data_dir, sid: int):  # type: ignore[no-untyped-def]
    """The working folder of submission ``sid``."""
    from drafting.county.db import session_scope
    from drafting.county.models import Submission

    with session_scope(data_dir.engine(), read_only=True) as db:
        return data_dir.forms_folder(db.get(Submission, sid))


def _page(client, sid: int) -> dict:  # type: ignore[no-untyped-def]
    answer = client.get(f"/s/{sid}/form/{NAME}")
    assert answer.status_code == 200, answer.text[:300]
    return page_data(answer.text)


def test_the_county_cannot_write_a_copy_into_a_townships_folder(app, opened, data_dir):
    county = client_for(app, "县管理员")
    data = _page(county, opened["白河镇"])
    before = _files(data_dir, opened, "白河镇")
    answer = post_json(county, f"/s/{opened['白河镇']}/api/save",
                       {"name": data["name"], "version": data["version"], "state": data["state"], "copy": True})
    assert answer.status_code == 409 and answer.json()["code"] == "K107", answer.text[:300]
    assert _files(data_dir, opened, "白河镇") == before


def test_a_submitted_form_gets_no_copy_beside_it_either(app, opened, data_dir):
    town = client_for(app, clerk("白河镇"))
    data = _page(town, opened["白河镇"])
    assert post_json(town, f"/s/{opened['白河镇']}/api/save",
                     {"name": data["name"], "version": data["version"], "state": data["state"]}).status_code == 200
    assert post_json(town, f"/s/{opened['白河镇']}/submit", {}).status_code == 200
    data = _page(town, opened["白河镇"])
    before = _files(data_dir, opened, "白河镇")
    answer = post_json(town, f"/s/{opened['白河镇']}/api/save",
                       {"name": data["name"], "version": data["version"], "state": data["state"], "copy": True})
    assert answer.status_code == 409 and answer.json()["code"] == "K032", answer.text[:300]
    assert _files(data_dir, opened, "白河镇") == before


def test_a_session_cookie_is_dead_after_logout(app, opened):
    town = client_for(app, clerk("白河镇"))
    cookie, csrf = town.cookies.get("draft_session"), token(town)
    assert post_form(town, "/logout").status_code == 303
    replay = client_for(app)
    replay.cookies.set("draft_session", cookie)
    assert replay.get("/", follow_redirects=False).headers["location"] == "/login"
    answer = replay.post(f"/s/{opened['白河镇']}/submit", content=b"{}",
                         headers={"x-draft-token": csrf, "Origin": ORIGIN, "content-type": "application/json"})
    assert answer.status_code == 401 and answer.json()["code"] == "K103"


@pytest.mark.parametrize("how", ["disable", "reset"])
def test_a_session_is_dead_after_the_account_is_disabled_or_its_password_reset(app, opened, data_dir, how):
    from drafting.county import admin

    town = client_for(app, clerk("白河镇"))
    assert town.get("/").status_code == 200
    if how == "disable":
        admin.disable_account(data_dir, clerk("白河镇"), START_LATER)
    else:
        admin.reset_password(data_dir, clerk("白河镇"), "brand-new-pass-1", START_LATER)
    assert town.get("/", follow_redirects=False).status_code == 303


def test_a_login_keeps_no_cookie_the_browser_brought(app, opened):
    client = client_for(app)
    client.cookies.set("draft_session", "planted-by-an-attacker")
    answer = login(client, clerk("白河镇"), "unit-pass-2026")
    assert answer.status_code == 303 and "draft_session=" in answer.headers["set-cookie"]
    assert "planted-by-an-attacker" not in answer.headers["set-cookie"]


@pytest.mark.parametrize("headers,body", [
    ({"content-type": "text/plain"}, json.dumps({"name": "白河镇-2026Q3.yaml"})),
    ({"content-type": "application/x-www-form-urlencoded"}, "name=x"),
    ({"content-type": "application/x-www-form-urlencoded"}, "csrf=wrong&name=x"),
    ({"content-type": "multipart/form-data; boundary=x"}, "--x--"),
])
def test_a_change_without_the_sessions_token_is_refused(app, opened, headers, body):
    town = client_for(app, clerk("白河镇"))
    for url in (f"/s/{opened['白河镇']}/api/save", f"/s/{opened['白河镇']}/submit", "/logout"):
        answer = town.post(url, content=body.encode(), headers=headers)
        assert answer.status_code == 403 and answer.json()["code"] == "K102", (url, answer.text[:200])


def test_a_change_from_another_origin_is_refused_even_with_the_token(app, opened):
    town = client_for(app, clerk("白河镇"))
    answer = post_json(town, f"/s/{opened['白河镇']}/submit", {}, Origin="http://evil.example")
    assert answer.status_code == 403 and answer.json()["code"] == "K101"
    for origin in ("null", f"{ORIGIN}.evil.example", ORIGIN.upper()):
        assert post_json(town, f"/s/{opened['白河镇']}/submit", {}, Origin=origin).status_code == 403


@pytest.mark.parametrize("path", [
    "/s/{own}/download/..%2F..%2F{other}%2F青石乡-2026Q3.docx", "/s/{own}/download/%2E%2E/{other}/x.docx",
    "/s/{own}/form/..%2F..%2F{other}%2F青石乡-2026Q3.yaml", "/s/{own}/form/%2Fetc%2Fpasswd.yaml",
    "/s/{own}/form/..%5C..%5C{other}%5C青石乡-2026Q3.yaml", "/s/{own}%2F..%2F{other}/form/青石乡-2026Q3.yaml",
    "/s/{own}/versions/..%2F..%2F{other}/versions", "/s/0{other}/form/青石乡-2026Q3.yaml",
    "/s/-{other}/versions", "/s/{other_plus}/versions",
])
def test_a_path_that_tries_to_reach_another_units_folder_gets_nothing(app, opened, data_dir, path):
    (_folder(data_dir, opened["青石乡"]) / "青石乡-2026Q3.docx").write_bytes(b"secret")
    town = client_for(app, clerk("白河镇"))
    url = path.format(own=opened["白河镇"], other=opened["青石乡"], other_plus=f"{opened['青石乡']}%20")
    answer = town.get(url, follow_redirects=False)
    assert answer.status_code in (400, 404, 303) and "secret" not in answer.text, (url, answer.status_code)
    if answer.status_code == 303:
        assert "青石乡" not in answer.headers["location"]


def test_a_refused_build_names_the_form_not_the_servers_folder(app, opened, data_dir):
    """A blank form's unfilled figures refuse the build: the lines name the form, never DATA_DIR's path on disk."""
    town = client_for(app, clerk("白河镇"))
    name = page_data(town.get(f"/s/{opened['白河镇']}/form/白河镇-2026Q3.yaml").text)["name"]
    answer = post_json(town, f"/s/{opened['白河镇']}/api/build", {"names": [name]})
    assert answer.status_code == 422 and answer.json()["failed"]
    lines = "\n".join(answer.json()["lines"])
    assert lines.startswith(f"{name}:") and str(data_dir.path) not in lines and "C103" in lines


def test_build_and_annotate_names_that_point_at_other_folders_are_refused(app, opened, data_dir):
    town = client_for(app, clerk("白河镇"))
    other = f"../../{opened['round']}/{opened['青石乡']}/青石乡-2026Q3.yaml"
    for names in ([other], ["/etc/passwd.yaml"], ["..%2F青石乡-2026Q3.yaml"]):
        answer = post_json(town, f"/s/{opened['白河镇']}/api/build", {"names": names})
        assert answer.status_code >= 400 or answer.json()["failed"], answer.text[:300]
    assert post_json(town, f"/s/{opened['白河镇']}/api/annotate", {"name": other}).status_code >= 400
    assert not [p for p in (data_dir.path / "forms").rglob("*.docx")]


def test_a_symlink_in_the_working_folder_to_another_units_folder_is_not_followed(app, opened, data_dir):
    (_folder(data_dir, opened["青石乡"]) / "青石乡-2026Q3.docx").write_bytes(b"secret")
    (_folder(data_dir, opened["白河镇"]) / "link").symlink_to(_folder(data_dir, opened["青石乡"]))
    town = client_for(app, clerk("白河镇"))
    answer = town.get(f"/s/{opened['白河镇']}/download/link/青石乡-2026Q3.docx")
    assert answer.status_code >= 400 and b"secret" not in answer.content


MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'


def test_markup_in_a_comment_and_form_text_is_escaped_on_every_page(app, opened, data_dir):
    town, county = client_for(app, clerk("白河镇")), client_for(app, "县管理员")
    sid = opened["白河镇"]
    data = _page(town, sid)
    data["state"]["正文"][0]["下级"][0]["下级"][0]["内容"] = MARKUP
    assert post_json(town, f"/s/{sid}/api/save", {"name": data["name"], "version": data["version"],
                                                 "state": data["state"]}).status_code == 200
    assert post_json(town, f"/s/{sid}/submit", {}).status_code == 200
    assert post_form(county, f"/s/{sid}/return", {"comment": MARKUP}).status_code == 303
    login(client_for(app), MARKUP, "wrong-password-1")
    pages = [county.get(f"/rounds/{opened['round']}").text, county.get("/audit").text, town.get("/").text,
             town.get(f"/s/{sid}/versions").text, town.get(f"/s/{sid}/versions/2").text,
             town.get(f"/s/{sid}/form/{NAME}").text]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page





def test_a_long_roll_up_does_not_hold_the_database_while_it_reads_the_forms(app, opened, data_dir, monkeypatch):
    """A roll-up of large forms takes seconds: logins and saves elsewhere must not wait for it (SQLite's one write
    lock, a busy timeout of 10 s), so the roll-up itself runs outside the database transaction."""
    import threading

    from drafting.county import rounds

    town, county = client_for(app, clerk("白河镇")), client_for(app, "县管理员")
    sid = opened["白河镇"]
    data = _page(town, sid)
    assert post_json(town, f"/s/{sid}/api/save", {"name": data["name"], "version": data["version"],
                                                 "state": with_numbers(data["state"])}).status_code == 200
    assert post_json(town, f"/s/{sid}/submit", {}).status_code == 200
    assert post_form(county, f"/s/{sid}/accept").status_code == 303
    entered, release = threading.Event(), threading.Event()
    real = rounds.rollup

    def slow_rollup(*args, **kwargs):  # type: ignore[no-untyped-def]
        entered.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(rounds, "rollup", slow_rollup)
    answers: list = []
    csrf = token(county)
    worker = threading.Thread(target=lambda: answers.append(
        county.post(f"/rounds/{opened['round']}/rollup", data={"csrf": csrf}, headers={"Origin": ORIGIN},
                    follow_redirects=False)))
    worker.start()
    try:
        assert entered.wait(30)
        from drafting.county.db import session_scope
        from drafting.county.accounts import check_password

        with session_scope(data_dir.engine()) as db:  # a login elsewhere writes its audit line meanwhile
            assert check_password(db, clerk("青石乡"), "unit-pass-2026", "10.0.0.8", START_LATER).name == clerk("青石乡")
    finally:
        release.set()
        worker.join(60)
    assert answers and answers[0].status_code == 303, answers[0].text[:300] if answers else "no answer"


def test_a_password_check_does_not_hold_the_database_while_argon2_runs(app, opened, data_dir, monkeypatch):
    """Argon2id takes most of a second: a flood of logins (no account needed) must not keep SQLite's one write lock
    held, or every save in the county waits behind it."""
    import threading

    from drafting.county import accounts, audit
    from drafting.county.db import session_scope

    entered, release = threading.Event(), threading.Event()
    real = accounts.HASHER

    class SlowHasher:
        def verify_and_update(self, password, hash_):  # type: ignore[no-untyped-def]
            entered.set()
            release.wait(30)
            return real.verify_and_update(password, hash_)

        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(real, name)

    monkeypatch.setattr(accounts, "HASHER", SlowHasher())
    client = client_for(app)
    answers: list = []
    worker = threading.Thread(target=lambda: answers.append(login(client, clerk("白河镇"), "unit-pass-2026")))
    worker.start()
    try:
        assert entered.wait(30)
        with session_scope(data_dir.engine()) as db:  # any write meanwhile (a save, another audit line)
            audit.record(db, account="测试", unit="测试", address="", action="测试", object="", result="", now=START_LATER)
    finally:
        release.set()
        worker.join(60)
    assert answers and answers[0].status_code == 303


def _zip_bomb() -> bytes:
    """An .xlsx-named zip whose one sheet unpacks to 200 MB of zeros (a few hundred KB packed)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"0" * 1_000_000
            for _ in range(200):
                sheet.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize("body,headers", [
    ("bomb", {"content-type": "application/octet-stream"}),
    ("huge", {"content-type": "application/octet-stream", "content-length": "99999999999"}),
])
def test_hostile_uploads_through_the_county_are_refused_in_words(app, opened, data_dir, body, headers):
    town = client_for(app, clerk("白河镇"))
    sid = opened["白河镇"]
    content = _zip_bomb() if body == "bomb" else b"x" * 10
    answer = town.post(f"/s/{sid}/api/upload?form={NAME}&file=%E6%8C%87%E6%A0%87.xlsx", content=content,
                       headers={"x-draft-token": token(town), "Origin": ORIGIN, **headers})
    assert 400 <= answer.status_code < 500 and answer.json()["code"], answer.text[:300]
    assert not (_folder(data_dir, sid) / "指标.xlsx").exists()


def test_a_request_nested_too_deep_or_too_large_is_refused(app, opened):
    town = client_for(app, clerk("白河镇"))
    sid = opened["白河镇"]
    deep = ('{"name": "x", "version": "x", "state": ' + "[" * 100_000 + "]" * 100_000 + "}").encode()
    for content in (deep, b'{"name": "' + b"x" * 9_000_000 + b'"}'):
        answer = town.post(f"/s/{sid}/api/preview", content=content,
                           headers={"x-draft-token": token(town), "Origin": ORIGIN, "content-type": "application/json"})
        assert answer.status_code == 400 and answer.json()["code"].startswith("S"), answer.text[:200]
    big = ("csrf=" + token(town) + "&comment=" + "x" * 100_000).encode()
    answer = town.post("/logout", content=big, headers={"content-type": "application/x-www-form-urlencoded",
                                                         "Origin": ORIGIN})
    assert answer.status_code == 403  # the token is not looked for past 64 KB of form


def test_markup_in_a_unit_and_account_name_is_escaped_on_every_page(app, data_dir, clock):
    from drafting.county import admin

    unit = "<img src=x onerror=alert(1)>镇"
    admin.new_account(data_dir, "<b onclick=alert(2)>文书", unit, "unit", "unit-pass-2026", clock())
    from drafting.county.db import session_scope
    from drafting.county.models import Account, Submission
    from drafting.county.rounds import open_round
    from sqlalchemy import select

    with session_scope(data_dir.engine()) as db:
        by = db.scalars(select(Account).where(Account.name == "县管理员")).one()
        round_ = open_round(db, data_dir, "工作总结", "2026Q3", __import__("datetime").date(2026, 10, 10), [unit], by,
                            clock())
        rid = round_.id
    with session_scope(data_dir.engine()) as db:
        sid = db.scalars(select(Submission).where(Submission.round_id == rid)).first().id
    town, county = client_for(app, "<b onclick=alert(2)>文书"), client_for(app, "县管理员")
    form = town.get(f"/s/{sid}/", follow_redirects=True)
    assert form.status_code == 200
    pages = [town.get("/").text, form.text, town.get(f"/s/{sid}/versions").text, county.get(f"/rounds/{rid}").text,
             county.get("/audit").text, county.get("/").text]
    for page in pages:
        assert "<img src=x" not in page and "<b onclick" not in page


def test_a_body_that_stops_arriving_is_answered_408_not_waited_for_forever():
    """A slow-body attack (Content-Length promised, bytes never sent) ends after the guard's pause limit."""
    import anyio
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from drafting.server.guard import CountyGuard, site_for

    async def echo(request):  # type: ignore[no-untyped-def]
        return PlainTextResponse(str(len(await request.body())))

    async def nobody(token: str) -> None:
        return None

    guard = CountyGuard(Starlette(routes=[Route("/login", echo, methods=["POST"])]), site_for(48800, None), nobody,
                        body_idle=0.2)
    scope = {"type": "http", "method": "POST", "path": "/login", "raw_path": b"/login", "root_path": "",
             "query_string": b"", "scheme": "http", "http_version": "1.1", "server": ("127.0.0.1", 48800),
             "client": ("127.0.0.1", 5000), "headers": [(b"host", b"127.0.0.1:48800"), (b"content-length", b"1000")]}

    async def run(chunks: list) -> list:  # type: ignore[type-arg]
        sent: list = []

        async def receive():  # type: ignore[no-untyped-def]
            if chunks:
                return chunks.pop(0)
            await anyio.sleep_forever()

        async def send(message):  # type: ignore[no-untyped-def]
            sent.append(message)

        with anyio.fail_after(20):  # a guard that never answers fails the test instead of hanging it
            await guard(scope, receive, send)
        return sent

    stalled = anyio.run(run, [{"type": "http.request", "body": b"x" * 10, "more_body": True}])
    assert stalled[0]["status"] == 408 and json.loads(stalled[1]["body"])["code"] == "K112"
    whole = anyio.run(run, [{"type": "http.request", "body": b"x" * 10, "more_body": True},
                            {"type": "http.request", "body": b"y" * 5, "more_body": False}])
    assert whole[0]["status"] == 200 and whole[1]["body"] == b"15"


@pytest.mark.parametrize("path", ["/rounds/{big}", "/s/{big}/versions", "/s/{big}/versions/{big}", "/s/{big}/form/x.yaml",
                                  "/s/1/versions/{big}", "/rounds/{big}/export"])
def test_an_id_past_the_databases_integers_is_a_404_not_an_internal_error(app, opened, path):
    county = client_for(app, "县管理员")
    answer = county.get(path.format(big="9" * 30), follow_redirects=False)
    assert answer.status_code == 404, answer.text[:300]
    for post in ("/s/{big}/submit", "/s/{big}/accept", "/rounds/{big}/rollup", "/s/{big}/api/save"):
        assert post_json(county, post.format(big="9" * 30), {}).status_code == 404
