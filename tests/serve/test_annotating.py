"""The form page's “生成审核稿” over HTTP: the copy beside the form, its comments, and never over a user's file."""
from __future__ import annotations

import shutil

import pytest
from starlette.testclient import TestClient

from drafting.ooxml.comments import read_comments
from drafting.serve.app import create_app

from ..conftest import EXAMPLES
from .test_app import ORIGIN, PORT, TOKEN, _post


@pytest.fixture
def client(tmp_path, monkeypatch):
    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office

    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    monkeypatch.chdir(root)
    text = (root / "work-plan.yaml").read_text(encoding="utf-8")
    (root / "work-plan.yaml").write_text(text.replace("标题: ", "标题: XX", 1), encoding="utf-8")
    with Office() as office:
        yield TestClient(create_app(root, PORT, TOKEN, CommandServices(office)), base_url=ORIGIN), root


def test_the_form_page_has_the_button(client):
    web, _ = client
    page = web.get("/form/work-plan.yaml").text
    assert 'id="annotate"' in page and ">生成审核稿</button>" in page and "/static/annotate.js" in page
    assert web.get("/static/annotate.js").status_code == 200


def test_the_copy_is_written_beside_the_form_and_offered_for_download(client):
    web, root = client
    done = _post(web, "/api/annotate", {"name": "work-plan.yaml"})
    assert done.status_code == 200, done.text
    assert done.json()["downloads"] == ["work-plan（审核稿）.docx"]
    assert done.json()["lines"][-1].startswith("已写出审核稿：") and "批注 1 条" in done.json()["lines"][-1]
    download = web.get("/download/work-plan（审核稿）.docx")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    [comment] = read_comments(download.content)
    assert comment.anchored == "XX" and comment.text.startswith("C202 错误：") and comment.author == "draft check"
    again = _post(web, "/api/annotate", {"name": "work-plan.yaml"})  # draft's own earlier copy is replaced
    assert again.status_code == 200 and (root / "work-plan.yaml").is_file()


def test_a_users_file_of_that_name_is_never_replaced(client):
    web, root = client
    theirs = root / "work-plan（审核稿）.docx"
    theirs.write_bytes(b"mine")
    done = _post(web, "/api/annotate", {"name": "work-plan.yaml"})
    assert done.status_code == 422 and done.json()["failed"]
    assert any("[S080]" in line for line in done.json()["lines"]) and theirs.read_bytes() == b"mine"


def test_a_form_that_cannot_be_built_says_why(client):
    web, root = client
    (root / "坏.yaml").write_text("模板: 通用\n落欵: 县委\n", encoding="utf-8")
    done = _post(web, "/api/annotate", {"name": "坏.yaml"})
    assert done.status_code == 422 and any("[A005]" in line for line in done.json()["lines"])
    outside = _post(web, "/api/annotate", {"name": "../x.yaml"})
    assert outside.status_code in (400, 404) and not (root.parent / "x（审核稿）.docx").exists()


def test_an_earlier_copy_whose_text_was_edited_is_not_replaced(client):
    """The 审核稿 drafting wrote, then changed in Word: a second click does not throw the edits away (S080)."""
    from ..helpers import typed_into

    web, root = client
    assert _post(web, "/api/annotate", {"name": "work-plan.yaml"}).status_code == 200
    written = root / "work-plan（审核稿）.docx"
    edited = typed_into(written, "（已改）")
    done = _post(web, "/api/annotate", {"name": "work-plan.yaml"})
    assert done.status_code == 422 and any("[S080]" in line and "改过" in line for line in done.json()["lines"])
    assert written.read_bytes() == edited
