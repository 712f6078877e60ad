"""The server's doors (issue #25, points 2, 14, 16): hostile files in the folder, hostile names, bodies and JSON."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from drafting.serve.app import MAX_BODY, create_app
from drafting.serve.guard import TOKEN_HEADER

from .test_app import ORIGIN, PORT, TOKEN, _post, client, folder, services  # noqa: F401  (fixtures)

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


@pytest.fixture
def crashes(tmp_path, monkeypatch):
    """Where drafting.crash would write a traceback during the test (its own folder, so other runs do not count)."""
    where = tmp_path / "crashes"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    return where


def _within(seconds: float, call):
    """Run ``call`` on a thread; its result, or None if it is still blocked after ``seconds`` (a liveness guard)."""
    done: list = []
    worker = threading.Thread(target=lambda: done.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    return done[0] if done else None


def test_an_alias_bomb_in_the_folder_is_marked_on_the_home_page_and_the_rest_listed(client, folder, crashes):
    assert len(ALIAS_BOMB) < 1000  # 9 ** 9 values once expanded
    (folder / "bomb.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    page = client.get("/")
    assert page.status_code == 200
    row = page.text[page.text.index('data-name="bomb.yaml"'):]
    row = row[:row.index("</tr>")]
    assert "无法读取" in row and "E120" in row  # stopped by the form reader's budget, located and coded
    assert "half-year-summary.yaml" in page.text and "青山县委政法委2023年上半年工作总结及下半年工作打算" in page.text
    opened = client.get("/form/bomb.yaml")
    assert opened.status_code == 422 and "E120" in opened.text
    assert not list(crashes.iterdir())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_named_yaml_neither_blocks_the_listing_nor_opening_it(client, folder, crashes):
    os.mkfifo(folder / "pipe.yaml")
    page = _within(120, lambda: client.get("/"))
    assert page is not None, "the home page blocked on a FIFO"
    assert page.status_code == 200 and "half-year-summary.yaml" in page.text
    row = page.text[page.text.index('data-name="pipe.yaml"'):]
    assert "无法读取" in row[:row.index("</tr>")] and "不是普通文件" in row[:row.index("</tr>")]
    opened = _within(120, lambda: client.get("/form/pipe.yaml"))
    assert opened is not None, "opening a FIFO blocked"
    assert opened.status_code == 404 and opened.text.count("S004")  # not a file: refused before any open
    assert client.get("/").status_code == 200  # every later request is still answered


@pytest.mark.parametrize("url", ["/form/" + "a" * 5000 + ".yaml", "/download/" + "a" * 5000 + ".docx",
                                 "/form/" + "/".join(["b" * 200] * 30) + ".yaml", "/download/" + "長" * 100 + ".pdf"])
def test_a_name_too_long_is_refused_with_its_code_and_no_crash_file(client, crashes, url):
    answer = client.get(url)  # no token: any web page can send this with an <img>
    assert answer.status_code in (400, 404) and "S007" in answer.text
    assert not list(crashes.iterdir())


def test_a_new_form_with_a_300_character_name_is_refused(client, crashes):
    answer = _post(client, "/api/new", {"template": "工作总结", "name": "名" * 300})
    assert answer.status_code == 400 and answer.json()["code"] == "S007"
    assert not list(crashes.iterdir())


@pytest.mark.parametrize("depth", [65, 1000, 100_000])
def test_json_nested_too_deep_is_refused_with_its_code(client, crashes, depth):
    body = '{"name": "half-year-summary.yaml", "version": "", "state": ' + "[" * depth + "]" * depth + "}"
    answer = client.post("/api/preview", content=body.encode(), headers={TOKEN_HEADER: TOKEN, "Origin": ORIGIN})
    assert answer.status_code == 400 and answer.json()["code"] == "S023"
    assert not list(crashes.iterdir())


def _raw_post(app, headers: list[tuple[bytes, bytes]], chunks: int, size: int = 1_000_000) -> tuple[int, dict, int]:
    """POST /api/preview straight to the ASGI app, the body in ``chunks`` pieces; status, JSON and pieces read."""
    read = [0]
    sent: list[dict] = []

    async def receive() -> dict:
        read[0] += 1
        more = read[0] < chunks
        return {"type": "http.request", "body": b" " * size, "more_body": more}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/preview", "raw_path": b"/api/preview", "query_string": b"",
             "root_path": "", "scheme": "http", "http_version": "1.1", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", PORT),
             "headers": [(b"host", f"127.0.0.1:{PORT}".encode()), (TOKEN_HEADER.encode(), TOKEN.encode()),
                         (b"content-type", b"application/json")] + headers}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), read[0]


def test_a_body_too_big_is_refused_from_its_content_length_before_reading_it(folder, services, crashes):
    app = create_app(folder, PORT, TOKEN, services)
    status, data, read = _raw_post(app, [(b"content-length", b"200000000")], chunks=200)
    assert status == 400 and data["code"] == "S020"
    assert read == 0  # not one piece of the 200 MB was read


def test_a_body_too_big_is_refused_while_streaming(folder, services, crashes):
    app = create_app(folder, PORT, TOKEN, services)
    status, data, read = _raw_post(app, [], chunks=200)  # no Content-Length: 200 pieces of 1 MB
    assert status == 400 and data["code"] == "S020"
    assert read <= MAX_BODY // 1_000_000 + 1  # stopped as soon as the budget was passed


@pytest.mark.parametrize("name", ["时间:上半年.yaml", "换\n行.yaml", "井#号?.yaml", "c:drive.yaml"])
def test_forms_whose_names_hold_a_colon_or_a_line_break_open(client, folder, name):
    (folder / name).write_bytes((folder / "half-year-summary.yaml").read_bytes())
    page = client.get("/")
    assert f'href="/form/{quote(name)}"' in page.text  # the page quotes the name as the server reads it
    opened = client.get("/form/" + quote(name))
    assert opened.status_code == 200 and "青山县委政法委" in opened.text


def test_the_pages_script_quotes_each_part_of_a_name_in_urls():
    web = Path(__file__).parents[2] / "drafting" / "serve" / "web" / "static"
    scripts = "".join(p.read_text(encoding="utf-8") for p in web.glob("*.js"))
    assert "encodeURI(" not in scripts and "encodeURIComponent" in scripts  # encodeURI leaves “#” and “?” as they are


def test_a_foreign_host_is_refused_with_a_code(client):
    answer = client.get("/", headers={"Host": "evil.example:80"})
    assert answer.status_code == 400 and answer.json()["code"] == "S042"
    assert _post(client, "/api/new", {}, **{TOKEN_HEADER: "wrong"}).json()["code"] == "S043"


def test_serve_refuses_a_device_as_its_folder(tmp_path):
    done = subprocess.run([sys.executable, "-m", "drafting", "serve", "/dev/null", "--no-browser", "--port", "0"],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[2])
    assert done.returncode == 2 and "S031" in done.stderr and "不是文件夹" in done.stderr
