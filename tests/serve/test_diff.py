"""draft serve's “与上期对照”: over HTTP, the form against its 上期 as a 对照稿 to download, explained without one."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from starlette.testclient import TestClient

from drafting.ooxml.names import W
from drafting.serve.app import create_app

from ..comparing.pairs import changed_copy
from ..conftest import EXAMPLES
from .test_app import ORIGIN, PORT, TOKEN, _post


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The examples, and a second quarter that names the first as its 上期."""
    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    changed = changed_copy(EXAMPLES / "quarterly-report.yaml", tmp_path)
    (root / "2023Q2.yaml").write_text(changed.read_text(encoding="utf-8") + "上期: quarterly-report.yaml\n",
                                      encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def client(folder):
    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office

    with Office() as office:
        yield TestClient(create_app(folder, PORT, TOKEN, CommandServices(office)), base_url=ORIGIN)


def test_the_form_page_offers_the_diff_and_its_script(client):
    page = client.get("/form/2023Q2.yaml")
    assert '<button type="button" id="diff-previous">与上期对照</button>' in page.text
    assert '<script src="/static/diff.js" defer></script>' in page.text
    assert client.get("/static/diff.js").status_code == 200


def test_the_diff_against_the_previous_quarter_downloads(client, folder):
    answer = _post(client, "/api/diff-previous", {"name": "2023Q2.yaml"})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["downloads"] == ["2023Q2（与上期对照）.docx"] and not data["failed"]
    assert data["lines"][0].startswith("已生成对照稿：") and "与“quarterly-report.yaml”相比" in data["lines"][0]
    download = client.get("/download/2023Q2（与上期对照）.docx")
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        document = archive.read("word/document.xml")
    assert f"<w:ins w:id=".encode() in document and b"draft diff" in document
    again = _post(client, "/api/diff-previous", {"name": "2023Q2.yaml"})
    assert again.status_code == 200  # its own 对照稿 is replaced


def test_a_form_without_previous_is_explained(client):
    answer = _post(client, "/api/diff-previous", {"name": "quarterly-report.yaml"})
    assert answer.status_code == 422
    data = answer.json()
    assert data["failed"] and "这份表单没有写“上期”，不能与上期对照" in data["lines"][0] and "S085" in data["lines"][0]


def test_a_user_s_file_of_that_name_is_never_replaced(client, folder):
    (folder / "2023Q2（与上期对照）.docx").write_bytes(b"my own notes")
    answer = _post(client, "/api/diff-previous", {"name": "2023Q2.yaml"})
    assert answer.status_code == 422 and "S086" in answer.json()["lines"][0]
    assert (folder / "2023Q2（与上期对照）.docx").read_bytes() == b"my own notes"


def test_the_diff_needs_the_session_s_token(client):
    answer = client.post("/api/diff-previous", json={"name": "2023Q2.yaml"})
    assert answer.status_code == 403
    assert _post(client, "/api/diff-previous", {"name": "../secret.yaml"}).status_code == 400


def test_an_earlier_diff_whose_text_was_edited_is_not_replaced(client, folder):
    """The 对照稿 drafting wrote, then changed in Word: the leader's edits are not lost to a second click (S086)."""
    from ..helpers import typed_into

    assert _post(client, "/api/diff-previous", {"name": "2023Q2.yaml"}).status_code == 200
    written = folder / "2023Q2（与上期对照）.docx"
    edited = typed_into(written, "（已阅）")
    answer = _post(client, "/api/diff-previous", {"name": "2023Q2.yaml"})
    assert answer.status_code == 422 and "S086" in answer.json()["lines"][0] and "改过" in answer.json()["lines"][0]
    assert written.read_bytes() == edited


def test_forms_with_check_findings_are_compared_as_drafts(client, folder):
    """A placeholder left in the 上期 (or, just after 生成下一期表单, figures not filled in): the page, which has no
    --force, compares the forms as drafts."""
    previous = folder / "quarterly-report.yaml"
    previous.write_text(previous.read_text(encoding="utf-8").replace("调解员业务培训不够经常", "调解员业务培训XX次"),
                        encoding="utf-8")
    answer = _post(client, "/api/diff-previous", {"name": "2023Q2.yaml"})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["downloads"] == ["2023Q2（与上期对照）.docx"] and not data["failed"]


def test_a_build_refused_for_check_errors_is_explained_without_a_command_line_flag(client, folder):
    """The page has no --force: the refusal says to fix the form and save, and where --force would be given."""
    form = folder / "work-plan.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("年", "年XX", 1), encoding="utf-8")
    answer = _post(client, "/api/build", {"names": ["work-plan.yaml"]})
    data = answer.json()
    assert answer.status_code == 422 and data["failed"] and not data["downloads"]
    assert data["lines"][-1].endswith("未生成文件。（请按上面各条改好表单，保存后再点；确需先出草稿，请在命令行运行同一命令并加 --force）")
