"""Every route against every role boundary: a township's clerk gets the same 404 for another unit's form, for one
that does not exist, and for every county page; its own form answers."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import client_for, clerk, post_json, token, ORIGIN

MISSING = 987654
NAME = {"白河镇": quote("白河镇-2026Q3.yaml"), "青石乡": quote("青石乡-2026Q3.yaml")}

# (method, path with {sid}, {rid} and {name}); every route a submission or the county has
SUBMISSION_ROUTES = [
    ("GET", "/s/{sid}/form/{name}"), ("GET", "/s/{sid}/"), ("POST", "/s/{sid}/api/preview"),
    ("POST", "/s/{sid}/api/save"), ("POST", "/s/{sid}/api/build"), ("POST", "/s/{sid}/api/annotate"),
    ("POST", "/s/{sid}/api/diff-previous"), ("POST", "/s/{sid}/api/upload?form={name}&file=x.csv"),
    ("POST", "/s/{sid}/api/sheets"), ("POST", "/s/{sid}/api/merge/plan?form={name}&file=x.docx"),
    ("POST", "/s/{sid}/api/merge/save?form={name}&file=x.docx"), ("POST", "/s/{sid}/api/note/remove"),
    ("GET", "/s/{sid}/download/x.docx"),
    ("POST", "/s/{sid}/submit"), ("GET", "/s/{sid}/versions"), ("GET", "/s/{sid}/versions/1"),
    ("POST", "/s/{sid}/versions/1/restore"), ("POST", "/s/{sid}/api/new"), ("POST", "/s/{sid}/api/next"),
]
COUNTY_ROUTES = [
    ("GET", "/rounds/{rid}"), ("POST", "/rounds/{rid}/rollup"), ("GET", "/rounds/{rid}/export"),
    ("POST", "/s/{sid}/return"), ("POST", "/s/{sid}/accept"), ("GET", "/audit"), ("GET", "/audit.csv"),
]


def _ask(client, method: str, url: str):
    if method == "GET":
        return client.get(url, follow_redirects=False)
    return post_json(client, url, {"name": "x", "version": "x", "state": {}, "names": ["x"], "form": "x", "file": "x"})


@pytest.mark.parametrize("method,path", SUBMISSION_ROUTES)
def test_a_township_gets_the_same_404_for_another_units_form_as_for_none(app, opened, data_dir, method, path):
    client = client_for(app, clerk("白河镇"))
    other = _ask(client, method, path.format(sid=opened["青石乡"], name=NAME["青石乡"], rid=opened["round"]))
    missing = _ask(client, method, path.format(sid=MISSING, name=NAME["青石乡"], rid=opened["round"]))
    assert other.status_code == missing.status_code == 404, (other.status_code, other.text[:300])
    assert other.text == missing.text and "青石乡" not in other.text
    folder = data_dir.path / "forms" / str(opened["round"])
    assert not any(p.suffix == ".docx" for p in folder.rglob("*")), "nothing was built for the stranger"


@pytest.mark.parametrize("method,path", [r for r in SUBMISSION_ROUTES if r[0] == "GET" and "download" not in r[1]])
def test_the_same_routes_answer_for_the_townships_own_form(app, opened, method, path):
    client = client_for(app, clerk("白河镇"))
    answer = _ask(client, method, path.format(sid=opened["白河镇"], name=NAME["白河镇"], rid=opened["round"]))
    assert answer.status_code in (200, 303), answer.text[:300]


@pytest.mark.parametrize("method,path", COUNTY_ROUTES)
def test_a_township_gets_the_same_404_for_every_county_page(app, opened, method, path):
    client = client_for(app, clerk("白河镇"))
    for sid in (opened["白河镇"], opened["青石乡"]):
        answer = _ask(client, method, path.format(sid=sid, rid=opened["round"]))
        missing = _ask(client, method, path.format(sid=MISSING, rid=MISSING))
        assert answer.status_code == missing.status_code == 404 and answer.text == missing.text


@pytest.mark.parametrize("method,path", COUNTY_ROUTES[:3] + COUNTY_ROUTES[5:])
def test_the_county_reaches_its_pages(app, opened, method, path):
    client = client_for(app, "县管理员")
    answer = _ask(client, method, path.format(rid=opened["round"], sid=opened["白河镇"]))
    assert answer.status_code in (200, 303, 409), answer.text[:300]


@pytest.mark.parametrize("method,path", SUBMISSION_ROUTES[:1] + COUNTY_ROUTES)
def test_without_a_session_a_page_leads_to_the_login(app, opened, method, path):
    from starlette.testclient import TestClient

    client = TestClient(app, base_url=ORIGIN)
    url = path.format(sid=opened["白河镇"], rid=opened["round"], name=NAME["白河镇"])
    answer = client.get(url, follow_redirects=False) if method == "GET" else client.post(url, headers={"Origin": ORIGIN})
    assert (answer.status_code, answer.headers.get("location")) in ((303, "/login"), (303, f"/login?next={url}"),
                                                                    (401, None))


def test_the_home_page_lists_only_the_units_own_forms(app, opened):
    home = client_for(app, clerk("青石乡")).get("/").text
    assert "青石乡-2026Q3.yaml" in home and "白河镇" not in home and "柳林镇" not in home
    county = client_for(app, "县管理员").get("/").text
    assert f'href="/rounds/{opened["round"]}"' in county
    assert token(client_for(app, "县管理员"))
