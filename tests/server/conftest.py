"""The county server's fixtures: an opened round in county-data's ``data_dir`` (SQLite and PostgreSQL), an app with
a test clock, and logged-in clients."""
from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from ..county import conftest as county_fixtures

# county-data's fixtures (database_url on SQLite and PostgreSQL, data_dir, the cluster and templates they use),
# taken whole so that a fixture it adds later comes along
globals().update({name: value for name, value in vars(county_fixtures).items()
                  if type(value).__name__ == "FixtureFunctionDefinition" or hasattr(value, "_pytestfixturefunction")})

PORT = 48800
ORIGIN = f"http://127.0.0.1:{PORT}"
START = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.timezone.utc)
DUE = datetime.date(2026, 10, 10)
TOWNS = ("白河镇", "青石乡", "柳林镇")
COUNTY_ADMIN, COUNTY_PASSWORD = "县管理员", "county-pass-2026"
UNIT_PASSWORD = "unit-pass-2026"


class Clock:
    """A clock the test moves by hand (no sleeping)."""

    def __init__(self, now: datetime.datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def services():
    """The commands as the server is handed them, with one LibreOffice holder for the session (started on first PDF)."""
    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office

    with Office() as office:
        yield CommandServices(office)


def open_test_round(data_dir: Any, now: datetime.datetime, period: str = "2026Q3") -> dict[str, int]:
    """A 工作总结 round for the three towns (and the county's own form); the submission ids by unit name."""
    from sqlalchemy import select

    from drafting.county.db import session_scope
    from drafting.county.models import Account, Submission
    from drafting.county.rounds import open_round

    with session_scope(data_dir.engine()) as db:
        admin = db.scalars(select(Account).where(Account.name == COUNTY_ADMIN)).one()
        round_ = open_round(db, data_dir, "工作总结", period, DUE, list(TOWNS), admin, now)
        round_id = round_.id
    with session_scope(data_dir.engine()) as db:
        found = {s.unit.name: s.id for s in db.scalars(select(Submission).where(Submission.round_id == round_id))}
    return dict(found, round=round_id)


@pytest.fixture
def opened(data_dir, clock) -> dict[str, int]:
    return open_test_round(data_dir, clock())


@pytest.fixture
def make_app(data_dir, services, clock):
    from drafting.server.app import create_county_app

    def make(**kwargs: Any) -> Any:
        return create_county_app(data_dir, services, port=PORT, clock=clock, **kwargs)
    return make


@pytest.fixture
def app(make_app):
    return make_app()


def csrf_of(page: str) -> str:
    """The token a page carries (its meta draft-token, or the login form's hidden field)."""
    found = re.search(r'name="draft-token" content="([^"]*)"', page)
    field = re.search(r'name="csrf" value="([^"]*)"', page)
    return (field or found).group(1) if "login-form" in page else found.group(1)


def login(client: TestClient, name: str, password: str) -> Any:
    """Log in through the login page (its pre-login token included); the answer to the POST (not followed)."""
    page = client.get("/login")
    return client.post("/login", data={"csrf": csrf_of(page.text), "username": name, "password": password},
                       follow_redirects=False)


def client_for(app: Any, name: str | None = None, password: str | None = None) -> TestClient:
    """A client of ``app`` on the loopback address, logged in as ``name`` when given."""
    client = TestClient(app, base_url=ORIGIN)
    if name is not None:
        answer = login(client, name, password or (COUNTY_PASSWORD if name == COUNTY_ADMIN else UNIT_PASSWORD))
        assert answer.status_code == 303, answer.text
    return client


def token(client: TestClient) -> str:
    """The logged-in client's CSRF token, read from its home page."""
    return csrf_of(client.get("/").text)


def post_json(client: TestClient, url: str, body: dict[str, Any], **headers: str) -> Any:
    """A POST as the pages' scripts send it (JSON, the token header, our Origin)."""
    return client.post(url, content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                       headers={"x-draft-token": token(client), "Origin": ORIGIN, "content-type": "application/json",
                                **headers})


def post_form(client: TestClient, url: str, fields: dict[str, str] | None = None) -> Any:
    """A POST as the county pages' HTML forms send it (the token in the hidden ``csrf`` field)."""
    return client.post(url, data={"csrf": token(client), **(fields or {})}, headers={"Origin": ORIGIN},
                       follow_redirects=False)


# a round's blank form has the figures' names and units only; its text words 化解纠纷 against the same period last year
NUMBERS = {"排查纠纷": {"值": "2966"}, "化解纠纷": {"值": "2869", "去年同期": "2700"}}


def with_numbers(state: dict[str, Any]) -> dict[str, Any]:
    """The form page's state with numbers typed into the figures (as a clerk does before submitting)."""
    for row in state["指标"]:
        row.update(NUMBERS.get(row["名称"], {}))
    return state


def page_data(html: str) -> dict[str, Any]:
    """The JSON the form page carries for its script."""
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert found is not None, html[:500]
    return json.loads(found.group(1))


def clerk(town: str) -> str:
    """The clerk account of ``town`` in the data_dir fixture."""
    return f"{town}文书"
