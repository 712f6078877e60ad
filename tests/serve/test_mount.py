"""serve's form app mounted under a prefix inside another Starlette app (as the county's server mounts one per
submission, issue #29): every page and request under the prefix, the store asked before reads and around writes,
a store's refusal answered 409 with the file untouched, the county's extras on the form page, shared pools."""
from __future__ import annotations

import json
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from drafting.errors import Location, Problem
from drafting.options import Options
from drafting.serve.app import form_app, static_app
from drafting.serve.editing import Editor
from drafting.serve.guard import TOKEN_HEADER
from drafting.serve.jobs import Pools
from drafting.serve.workspace import Workspace, WorkspaceError

from ..conftest import EXAMPLES
from .test_app import _page_data, services  # noqa: F401  (fixture)
from .test_docxmerge import LEADERS_EDIT, edited

BASE = "/s/7"
TOKEN = "county-csrf-token"
FORM = "work-briefing.yaml"


class RecordingStore:
    """A FormStore that notes each call in order, and refuses what it is told to (as the county refuses a form
    that is 已提交)."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.refuse_reading = False
        self.refuse_writing = False
        self.refuse_recording = False

    @contextmanager
    def reading(self, name: str):
        self.calls.append(("reading", name))
        if self.refuse_reading:
            raise WorkspaceError(Problem(Location(name), "这份表单不是你单位的", "回到首页", "K010"))
        yield
        self.calls.append(("read", name))

    @contextmanager
    def writing(self, name: str, as_copy: bool):
        self.calls.append(("writing", name, as_copy))
        if self.refuse_writing:
            raise WorkspaceError(Problem(Location(name), "这份表单已提交，不能再修改", "等县里退回后再改", "K020"))
        written: list[Path] = []
        yield written.append
        self.calls.append(("wrote", name, [path.name for path in written]))
        if self.refuse_recording:
            raise WorkspaceError(Problem(Location(name), "别人刚保存了这份表单", "重新载入后再改", "K021"))


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "forms" / "3" / "7"
    shutil.copytree(EXAMPLES, root)
    return root


@pytest.fixture
def store():
    return RecordingStore()


@pytest.fixture
def submitted():
    return []


def county_app(folder: Path, services, store: RecordingStore, submitted: list, extras=None, pools=None) -> Starlette:
    """A parent app as the county's server is: its own routes, the form app mounted at BASE, the scripts once."""
    workspace = Workspace(folder)
    pools = pools or Pools.within()

    async def submit(request: Request) -> JSONResponse:
        submitted.append((json.loads(await request.body()), request.headers.get(TOKEN_HEADER)))
        store.calls.append(("submitted",))
        return JSONResponse({"lines": ["已提交，等待县里审核"]})

    inner = form_app(workspace, Editor(workspace, Options()), services, Options(), pools, base=BASE, store=store,
                     extras=extras, token=TOKEN)
    return Starlette(routes=[Route(f"{BASE}/submit", submit, methods=["POST"]), Mount(BASE, app=inner),
                             Mount("/static", static_app())])


EXTRAS = {"banner": {"state": "退回", "comment": "请补充第三季度的数字", "tone": "returned"},
          "submit": f"{BASE}/submit", "versions": f"{BASE}/versions", "home": "/"}


@pytest.fixture
def client(folder, services, store, submitted):  # noqa: F811  (services is the fixture imported above)
    return TestClient(county_app(folder, services, store, submitted, EXTRAS))


def post(client, path: str, body: dict):
    return client.post(BASE + path, content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                       headers={TOKEN_HEADER: TOKEN})


def send(client, path: str, raw: bytes, **query):
    return client.post(f"{BASE}{path}?{urlencode(query)}", content=raw,
                       headers={TOKEN_HEADER: TOKEN, "Content-Type": "application/octet-stream"})


def opened(client, name: str = FORM) -> dict:
    page = client.get(f"{BASE}/form/{name}")
    assert page.status_code == 200, page.text
    return _page_data(page.text)


def test_the_pages_say_their_base_and_link_under_it(client, store):
    home = client.get(BASE + "/")
    assert home.status_code == 200
    assert f'<meta name="draft-base" content="{BASE}">' in home.text
    assert f'href="{BASE}/form/{FORM}"' in home.text
    page = client.get(f"{BASE}/form/{FORM}")
    assert page.status_code == 200
    assert f'<meta name="draft-base" content="{BASE}">' in page.text and f'content="{TOKEN}"' in page.text
    assert '<link rel="stylesheet" href="/static/style.css">' in page.text  # the scripts stay at /static/, mounted once
    assert client.get("/static/submit.js").status_code == 200 and client.get("/static/common.js").status_code == 200
    assert store.calls == [("reading", FORM), ("read", FORM)]


def test_the_form_page_shows_the_countys_banner_submit_button_versions_and_home(client):
    page = client.get(f"{BASE}/form/{FORM}").text
    assert '<button id="submit-form" type="button" class="primary" data-url="/s/7/submit">提交</button>' in page
    assert '<script src="/static/submit.js" defer></script>' in page
    assert '<a id="versions-link" class="button-link" href="/s/7/versions">历史版本</a>' in page
    assert '<a href="/" class="back">← 返回首页</a>' in page
    banner = re.search(r'<div id="form-banner" class="banner banner-returned" role="status">(.*?)</div>', page, re.S)
    assert banner is not None
    assert "状态：退回" in banner.group(1) and "退回意见：请补充第三季度的数字" in banner.group(1)


def test_extras_and_token_may_be_found_from_each_request(folder, services, store, submitted):  # noqa: F811
    def extras(request: Request):
        state = request.query_params.get("state", "")
        return {"banner": {"state": state, "comment": "", "tone": "<b>"}, "submit": None, "versions": None,
                "home": "/"} if state else None

    workspace = Workspace(folder)
    inner = form_app(workspace, Editor(workspace), services, Options(), Pools.within(), base=BASE, store=store,
                     extras=extras, token=lambda request: request.headers.get("x-test-token", ""))
    client = TestClient(Starlette(routes=[Mount(BASE, app=inner)]))
    page = client.get(f"{BASE}/form/{FORM}?state=已采用", headers={"x-test-token": "abc"}).text
    assert '<div id="form-banner" class="banner" role="status">' in page  # a tone the page does not know: none
    assert "状态：已采用" in page and '<meta name="draft-token" content="abc">' in page
    assert 'id="submit-form"' not in page and "submit.js" not in page and 'id="versions-link"' not in page
    plain = client.get(f"{BASE}/form/{FORM}").text
    assert 'id="form-banner"' not in plain and '<a href="/s/7/" class="back">← 全部表单</a>' in plain


def test_preview_and_save_run_inside_the_store_in_order(client, folder, store):
    data = opened(client)
    store.calls.clear()
    state = dict(data["state"], 标题="白河镇2026年第三季度工作汇报")
    preview = post(client, "/api/preview", {"name": FORM, "version": data["version"], "state": state})
    assert preview.status_code == 200 and "白河镇2026年第三季度工作汇报" in preview.json()["html"]
    assert store.calls == [("reading", FORM), ("read", FORM)]
    store.calls.clear()
    saved = post(client, "/api/save", {"name": FORM, "version": data["version"], "state": state})
    assert saved.status_code == 200, saved.text
    assert store.calls == [("writing", FORM, False), ("wrote", FORM, [FORM])]
    assert "白河镇2026年第三季度工作汇报" in (folder / FORM).read_text(encoding="utf-8")
    store.calls.clear()
    copy = post(client, "/api/save", {"name": FORM, "version": saved.json()["version"], "state": state, "copy": True})
    assert copy.status_code == 200 and copy.json()["name"] == "work-briefing（副本）.yaml"
    assert store.calls == [("writing", FORM, True), ("wrote", FORM, ["work-briefing（副本）.yaml"])]


def test_a_store_refusing_a_write_is_a_409_with_its_words_and_the_file_is_untouched(client, folder, store):
    data = opened(client)
    before = (folder / FORM).read_bytes()
    store.refuse_writing = True
    answer = post(client, "/api/save", {"name": FORM, "version": data["version"],
                                        "state": dict(data["state"], 标题="改过的标题")})
    assert answer.status_code == 409
    assert answer.json()["error"] == "这份表单已提交，不能再修改" and answer.json()["code"] == "K020"
    assert (folder / FORM).read_bytes() == before
    assert not list(folder.glob("*副本*"))


def test_a_store_refusing_to_record_a_write_is_a_409_too(client, folder, store):
    data = opened(client)
    store.refuse_recording = True
    answer = post(client, "/api/save", {"name": FORM, "version": data["version"], "state": data["state"]})
    assert answer.status_code == 409 and answer.json()["code"] == "K021"


def test_a_store_refusing_a_read_answers_the_page_with_409(client, store):
    store.refuse_reading = True
    page = client.get(f"{BASE}/form/{FORM}")
    assert page.status_code == 409 and "这份表单不是你单位的" in page.text
    assert post(client, "/api/build", {"names": [FORM]}).status_code == 409


def test_build_and_download_under_the_prefix_read_through_the_store(client, store):
    store.calls.clear()
    built = post(client, "/api/build", {"names": [FORM]})
    assert built.status_code == 200, built.text
    assert store.calls == [("reading", FORM), ("read", FORM)]
    docx = next(name for name in built.json()["downloads"] if name.endswith(".docx"))
    download = client.get(f"{BASE}/download/{docx}")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert client.get(f"/download/{docx}").status_code == 404  # nothing outside the prefix


def test_an_upload_and_its_sheets_under_the_prefix(client, folder):
    raw = "指标,数值,单位\n刑事案件,600,件\n".encode("utf-8")
    answer = send(client, "/api/upload", raw, form=FORM, file="三季度指标.csv")
    assert answer.status_code == 200, answer.text
    assert (folder / "三季度指标.csv").read_bytes() == raw
    listed = post(client, "/api/sheets", {"form": FORM, "file": "三季度指标.csv"})
    assert listed.status_code == 200 and listed.json() == {"file": "三季度指标.csv", "sheets": []}


def test_the_word_round_trip_under_the_prefix_writes_inside_the_store(client, folder, store):
    raw = edited(folder, *LEADERS_EDIT)
    version = opened(client)["version"]
    store.calls.clear()
    listed = send(client, "/api/merge/plan", raw, form=FORM, file="修改稿.docx", version=version)
    assert listed.status_code == 200, listed.text
    assert store.calls == [("reading", FORM), ("read", FORM)]
    store.calls.clear()
    ids = [change["id"] for group in listed.json()["groups"] for change in group["changes"] if change["choosable"]]
    done = send(client, "/api/merge/save", raw, form=FORM, file="修改稿.docx", version=version,
                fingerprint=listed.json()["fingerprint"], accept=",".join(ids), reject="0")
    assert done.status_code == 200, done.text
    assert store.calls == [("writing", FORM, False), ("wrote", FORM, [FORM])]
    assert "努力为全市" in (folder / FORM).read_text(encoding="utf-8")


def test_a_store_refusing_the_word_round_trip_leaves_the_form_as_it_was(client, folder, store):
    raw = edited(folder, *LEADERS_EDIT)
    version = opened(client)["version"]
    listed = send(client, "/api/merge/plan", raw, form=FORM, file="修改稿.docx", version=version).json()
    before = sorted(p.name for p in folder.iterdir())
    text = (folder / FORM).read_bytes()
    store.refuse_writing = True
    done = send(client, "/api/merge/save", raw, form=FORM, file="修改稿.docx", version=version,
                fingerprint=listed["fingerprint"], accept="1", reject="0")
    assert done.status_code == 409 and done.json()["code"] == "K020"
    assert (folder / FORM).read_bytes() == text and sorted(p.name for p in folder.iterdir()) == before


def test_two_mounted_folders_share_one_pair_of_pools(tmp_path, services, submitted):  # noqa: F811
    pools = Pools.within()
    apps = {}
    for unit in ("7", "8"):
        root = tmp_path / unit
        shutil.copytree(EXAMPLES, root)
        workspace = Workspace(root)
        apps[unit] = form_app(workspace, Editor(workspace), services, Options(), pools, base=f"/s/{unit}",
                              token=TOKEN)
    client = TestClient(Starlette(routes=[Mount(f"/s/{unit}", app=app) for unit, app in apps.items()]))
    for unit in ("7", "8"):
        page = client.get(f"/s/{unit}/form/{FORM}")
        assert page.status_code == 200 and f'content="/s/{unit}"' in page.text
        data = _page_data(page.text)
        saved = client.post(f"/s/{unit}/api/save", content=json.dumps(
            {"name": FORM, "version": data["version"], "state": dict(data["state"], 标题=f"第{unit}单位")}).encode())
        assert saved.status_code == 200, saved.text
        assert f"第{unit}单位" in (tmp_path / unit / FORM).read_text(encoding="utf-8")
    assert "第8单位" not in (tmp_path / "7" / FORM).read_text(encoding="utf-8")


def test_a_read_only_view_disables_save_and_the_word_round_trip(folder, services, store, submitted):  # noqa: F811
    client = TestClient(county_app(folder, services, store, submitted, dict(EXTRAS, submit=None, readonly=True)))
    page = client.get(f"{BASE}/form/{FORM}").text
    assert '<button type="button" id="save" class="primary" disabled' in page
    assert 'aria-label="导入修改稿（.docx）" disabled>' in page and 'id="submit-form"' not in page
    assert '<fieldset id="editing" disabled' in page  # every field and the insert menu: nothing to type that is lost


def test_draft_serves_own_page_has_no_base_and_none_of_the_extras(folder, services):  # noqa: F811
    from drafting.serve.app import create_app

    port = 48124
    client = TestClient(create_app(folder, port, TOKEN, services), base_url=f"http://127.0.0.1:{port}")
    page = client.get(f"/form/{FORM}").text
    assert '<meta name="draft-base" content="">' in page and '<a href="/" class="back">← 全部表单</a>' in page
    assert '<fieldset id="editing">' in page  # draft serve's fields always take typing
    assert '<button type="button" id="diff-previous">与上期对照</button>\n  </span>\n</header>\n<div id="notice"' in page
    assert '<script src="/static/diff.js" defer></script>\n\n</head>' in page
    assert '<span class="actions">\n    <button type="button" id="save" class="primary">保存</button>\n' in page
    for extra in ("submit.js", "submit-form", "form-banner", "versions-link", "返回首页"):
        assert extra not in page
    assert 'href="/form/work-plan.yaml"' in client.get("/").text


def test_removing_a_leaders_note_under_the_prefix_writes_inside_the_store_or_not_at_all(client, folder, store):
    note = "批注（张科长，2026-10-09）：数据再核实"
    form = folder / FORM
    form.write_text(form.read_text(encoding="utf-8").replace("结尾:", f"# {note}\n结尾:"), encoding="utf-8")
    data = opened(client)
    assert [(n["path"], n["text"]) for n in data["notes"]] == [("结尾", note)]
    body = {"name": FORM, "version": data["version"], "line": data["notes"][0]["line"], "text": note}
    before = form.read_bytes()
    store.refuse_writing = True
    refused = post(client, "/api/note/remove", body)
    assert refused.status_code == 409 and refused.json()["code"] == "K020" and form.read_bytes() == before
    store.refuse_writing = False
    store.calls.clear()
    removed = post(client, "/api/note/remove", body)
    assert removed.status_code == 200, removed.text
    assert store.calls == [("writing", FORM, False), ("wrote", FORM, [FORM])]
    assert removed.json()["notes"] == [] and f"# {note}" not in form.read_text(encoding="utf-8")
