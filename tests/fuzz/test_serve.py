"""Hostile requests from a grammar: random paths, methods, headers, bodies and JSON shapes at every route of draft serve.

Whatever comes, the server answers below 500, writes no crash file, and every error it answers carries a
code declared in drafting.codes. CI runs 150 requests with a fixed seed; ``DRAFTING_FUZZ_EXAMPLES=N`` runs N.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from drafting.codes import CODES
from drafting.serve.app import create_app
from drafting.serve.guard import TOKEN_HEADER

from ..conftest import EXAMPLES
from .test_pipeline import _settings

PORT = 48124
TOKEN = "fuzz-token-not-secret"
ORIGIN = f"http://127.0.0.1:{PORT}"
FORMS = ["half-year-summary.yaml", "work-plan.yaml", "rollup/", "bomb.yaml", "pipe.yaml", "新表单.yaml"]
ROUTES = ["/", "/form/", "/download/", "/api/preview", "/api/save", "/api/build", "/api/new", "/api/next", "/api/upload",
          "/api/sheets", "/api/upload?form=quarterly-report.yaml&file=x.xlsx", "/static/", "/static/common.js",
          "/api/merge/plan", "/api/merge/save", "/api/merge/plan?form=work-plan.yaml&file=x.docx&version=x",
          "/api/merge/save?form=work-plan.yaml&file=x.docx&version=x&accept=1,2&fingerprint=x",
          "/nowhere", "//", "/form", "/api/"]
ODD = ["..", ".", "%2e%2e", "%00", "%0A", "%3A", ":", "#", "?", "\\", "~", "長", "\u202e", "%ff", "%", "a" * 300,
       "/" * 5, ".hidden", "x.docx", "x.pdf", "x.txt", "C:", "%2F", ";", "\t"]


class _NoPrint:
    """The commands as draft serve is handed them, but never starting LibreOffice (PDF asks build .docx only)."""

    def __init__(self, services: Any) -> None:
        self.services = services

    def new_form(self, template: str, target: Path, options: Any) -> Any:
        return self.services.new_form(template, target, options)

    def next_form(self, form: Path, options: Any) -> Any:
        return self.services.next_form(form, options)

    def build(self, forms: list[Path], options: Any, pdf: bool) -> Any:
        return self.services.build(forms, options, False)

    def can_print(self) -> bool:
        return False

    def plan_merge(self, *args: Any) -> Any:
        return self.services.plan_merge(*args)

    def apply_merge(self, *args: Any) -> Any:
        return self.services.apply_merge(*args)


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A client of the server on a copy of examples/ with an alias bomb and a FIFO, and where crash files would go."""
    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office

    crashes = tmp_path / "crashes"
    crashes.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(crashes))
    folder = tmp_path / "表单"
    shutil.copytree(EXAMPLES, folder)
    (folder / "bomb.yaml").write_text("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)), encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.yaml")
    monkeypatch.chdir(folder)
    with Office() as office:
        yield TestClient(create_app(folder, PORT, TOKEN, _NoPrint(CommandServices(office))), base_url=ORIGIN), crashes


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                      st.sampled_from(FORMS + ["", "工作总结", "x" * 300]))
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.sampled_from(["name", "version", "state", "names", "pdf", "force", "copy",
                                                             "template", "fields", "标题", "rows", ""]) | st.text(max_size=8),
                                            inner, max_size=5), max_leaves=30)
deep = st.integers(1, 3000).map(lambda n: ("{\"state\": " + "[" * n + "]" * n + "}").encode())
request_body = st.one_of(st.just(b""), st.binary(max_size=200), deep,
                         json_value.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
                         st.fixed_dictionaries({"name": st.sampled_from(FORMS) | st.text(max_size=30),
                                                "version": st.text(max_size=40), "state": json_value,
                                                "names": st.lists(st.sampled_from(FORMS) | st.text(max_size=10), max_size=3),
                                                "template": st.sampled_from(["工作总结", "", "../x"]) | st.text(max_size=10)})
                         .map(lambda v: json.dumps(v, ensure_ascii=False).encode()))
ACTIONS = st.sampled_from(["/api/preview", "/api/save", "/api/build", "/api/new", "/api/next", "/api/upload", "/api/sheets",
                          "/api/merge/plan", "/api/merge/save"])
path = st.one_of(ACTIONS, ACTIONS, st.sampled_from(FORMS).map(lambda name: "/form/" + quote(name)),
                 st.builds(lambda route, parts: route + "/".join(quote(part, safe="%:;~") for part in parts),
                           st.sampled_from(ROUTES), st.lists(st.sampled_from(ODD + FORMS) | st.text(max_size=12),
                                                             max_size=4)))
hostile_headers = st.fixed_dictionaries({}, optional={
    TOKEN_HEADER: st.sampled_from([TOKEN, "", "x", TOKEN + " "]), "origin": st.sampled_from([ORIGIN, "null", "http://evil"]),
    "host": st.sampled_from([f"127.0.0.1:{PORT}", "evil:80", "", "localhost"]),
    "content-type": st.sampled_from(["application/json", "text/plain", "multipart/form-data; boundary=x"]),
    "content-length": st.sampled_from(["0", "1", "99999999999", "-1", "abc", "²", "9" * 5000]),
    "x-forwarded-for": st.just("1.2.3.4")})
# Most requests come as the pages send them, so that their bodies reach the handlers; the rest try the guard.
headers = st.one_of(st.just({}), st.just({"content-type": "application/json"}), hostile_headers)


@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]), url=path,
       given_headers=headers, body=request_body)
@example(method="GET", url="/form/" + "a" * 5000 + ".yaml", given_headers={}, body=b"")
@example(method="POST", url="/api/new", given_headers={TOKEN_HEADER: TOKEN},
         body=json.dumps({"template": "工作总结", "name": "a" * 300}).encode())
@example(method="POST", url="/api/preview", given_headers={TOKEN_HEADER: TOKEN}, body=b"[" * 1000 + b"]" * 1000)
@_settings(150)
def test_no_request_reaches_an_internal_error(server, method, url, given_headers, body):
    client, crashes = server
    sent = {TOKEN_HEADER: TOKEN, **given_headers} if method == "POST" and TOKEN_HEADER not in given_headers else given_headers
    try:
        answer = client.request(method, url, headers=sent, content=body if method not in ("GET", "HEAD") else None)
    except Exception as error:  # the client itself refuses what it cannot send (a header it cannot encode)
        if type(error).__module__.startswith(("httpx", "h11")) or isinstance(error, (UnicodeEncodeError, ValueError)):
            return
        raise
    assert answer.status_code < 500, answer.text[:300]
    assert not list(crashes.iterdir())
    if answer.status_code >= 400 and method != "HEAD":
        assert _codes(answer) and all(code in CODES for code in _codes(answer)), answer.text[:300]


def _codes(answer: Any) -> list[str]:
    """The message codes an error answer carries: its JSON ``code``, or those an HTML page shows."""
    if answer.headers.get("content-type", "").startswith("application/json"):
        data = answer.json()
        if "code" in data:
            return [data["code"]]
        return re.findall(r"（([A-Z]\d{3})）", " ".join(data.get("lines", [])))
    return re.findall(r"（([A-Z]\d{3})）", answer.text)
