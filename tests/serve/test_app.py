"""The server's HTTP face: pages, the JSON the pages call, and every way a foreign request is refused."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from starlette.testclient import TestClient

from drafting.serve.app import create_app
from drafting.serve.guard import TOKEN_HEADER

from ..conftest import EXAMPLES

PORT = 48123
TOKEN = "test-token-not-secret"
ORIGIN = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def services():
    """The commands as draft serve is handed them, with a LibreOffice holder of the test's own, stopped after it."""
    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office

    with Office() as office:
        yield CommandServices(office)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def client(folder, services):
    return TestClient(create_app(folder, PORT, TOKEN, services), base_url=ORIGIN)


def _post(client, url, body, **headers):
    return client.post(url, content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                       headers={TOKEN_HEADER: TOKEN, "Origin": ORIGIN, **headers})


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_home_page_lists_the_forms_and_the_templates(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "half-year-summary.yaml" in page.text and "青山县委政法委2023年上半年工作总结及下半年工作打算" in page.text
    assert 'value="工作总结"' in page.text and "新建" in page.text and "生成下一期表单" in page.text
    options = re.findall(r'<option value="([^"]+)">([^<]*)</option>', page.text)
    assert len(options) >= 6 and not [said for name, said in options if said.startswith(f"{name}：{name}：")]
    assert f'content="{TOKEN}"' in page.text
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy and "base-uri 'none'" in policy
    assert "form-action 'self'" in policy and "object-src 'none'" in policy


def test_the_form_page_carries_the_fields_of_the_templates_declaration(client):
    page = client.get("/form/half-year-summary.yaml")
    data = _page_data(page.text)
    names = [f["name"] for f in data["fields"]]
    assert {"标题", "落款", "日期", "期间", "指标", "正文", "存在问题", "下一步", "附件"} <= set(names)
    assert data["state"]["标题"] == "青山县委政法委2023年上半年工作总结及下半年工作打算"
    assert '<button type="button" id="save" class="primary">保存</button>' in page.text
    assert 'id="preview"' in page.text


def test_a_user_template_gets_its_own_fields(client, folder):
    (folder / "templates").mkdir()
    (folder / "templates" / "督查通报.j2").write_text('{% extends "通用.j2" %}\n', encoding="utf-8")
    (folder / "templates" / "督查通报.yaml").write_text(
        "基于: 内置/通用\n描述: 督查通报\n字段:\n  督查组: {类型: 文字, 必填: 是, 说明: 督查组名称}\n", encoding="utf-8")
    (folder / "通报.yaml").write_text("模板: 督查通报\n标题: 通报\n落款: 县委\n日期: 2023-07-10\n督查组: 第一组\n",
                                     encoding="utf-8")
    data = _page_data(client.get("/form/通报.yaml").text)
    field = next(f for f in data["fields"] if f["name"] == "督查组")
    assert field["type"] == "文字" and field["required"] and data["state"]["督查组"] == "第一组"


def test_preview_and_save_round_trip(client, folder):
    data = _page_data(client.get("/form/work-plan.yaml").text)
    state = data["state"]
    state["标题"] = "改过的标题"
    shown = _post(client, "/api/preview", {"name": "work-plan.yaml", "version": data["version"], "state": state})
    assert shown.status_code == 200 and "改过的标题" in shown.json()["html"]
    saved = _post(client, "/api/save", {"name": "work-plan.yaml", "version": data["version"], "state": state})
    assert saved.status_code == 200 and saved.json()["lines"] == ["已保存：work-plan.yaml"]
    assert "标题: 改过的标题" in (folder / "work-plan.yaml").read_text(encoding="utf-8")
    stale = _post(client, "/api/save", {"name": "work-plan.yaml", "version": data["version"], "state": state})
    assert stale.status_code == 409 and stale.json()["code"] == "S012"


def test_build_writes_the_document_and_offers_it_for_download(client, folder):
    built = _post(client, "/api/build", {"names": ["work-plan.yaml"]})
    assert built.status_code == 200, built.text
    assert built.json()["lines"][-1] == "已生成：work-plan.docx" and built.json()["downloads"] == ["work-plan.docx"]
    download = client.get("/download/work-plan.docx")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert "attachment" in download.headers["content-disposition"]


def test_build_refuses_as_the_cli_does(client, folder):
    text = (folder / "work-plan.yaml").read_text(encoding="utf-8")
    (folder / "work-plan.yaml").write_text(text.replace("日期:", "日期: 2023-02-30 #"), encoding="utf-8")
    built = _post(client, "/api/build", {"names": ["work-plan.yaml"]})
    assert built.status_code == 422 and built.json()["failed"]
    assert any("错误[E121]：" in line and "没有" in line for line in built.json()["lines"])  # the code, as on the terminal
    assert built.json()["lines"][-1].endswith("未生成文件。") and not (folder / "work-plan.docx").exists()


def test_new_and_next_write_new_forms_and_never_replace_one(client, folder):
    made = _post(client, "/api/new", {"template": "工作汇报", "name": "新汇报"})
    assert made.status_code == 200 and made.json()["opened"] == "新汇报.yaml"
    assert (folder / "新汇报.yaml").read_text(encoding="utf-8").startswith("# 工作汇报")
    again = _post(client, "/api/new", {"template": "工作汇报", "name": "新汇报.yaml"})
    assert again.status_code == 422 and "已经存在" in again.json()["lines"][0]
    following = _post(client, "/api/next", {"name": "half-year-summary.yaml"})
    assert following.status_code == 200 and following.json()["opened"] == "half-year-summary-2023H2.yaml"
    assert following.json()["lines"][0] == "已生成2023年下半年的表单：half-year-summary-2023H2.yaml"
    # the next step is the page's link, not a command the clerk in the browser never types
    assert following.json()["lines"][1] == "下一步：点“打开 half-year-summary-2023H2.yaml”，填写新的指标数值，改写或确认沿用的文字（表单页上逐条提醒）"
    # a name that writes the period gets the new period written the same way
    (folder / "2023年上半年总结.yaml").write_bytes((folder / "half-year-summary.yaml").read_bytes())
    renamed = _post(client, "/api/next", {"name": "2023年上半年总结.yaml"})
    assert renamed.status_code == 200 and renamed.json()["opened"] == "2023年下半年总结.yaml"
    assert (folder / "2023年下半年总结.yaml").is_file()


def test_a_foreign_host_is_refused_whatever_it_asks(folder, services):
    rebound = TestClient(create_app(folder, PORT, TOKEN, services), base_url=f"http://attacker.example:{PORT}")
    for response in (rebound.get("/"), rebound.get("/form/work-plan.yaml"), rebound.get("/download/x.docx"),
                     rebound.post("/api/save", headers={TOKEN_HEADER: TOKEN})):
        assert response.status_code == 400 and "Host 不符" in response.json()["error"]
    other_port = TestClient(create_app(folder, PORT, TOKEN, services), base_url="http://127.0.0.1:1")
    assert other_port.get("/").status_code == 400


CHANGES = ["/api/preview", "/api/save", "/api/build", "/api/new", "/api/next", "/api/annotate", "/api/diff-previous",
           "/api/upload", "/api/sheets", "/api/merge/plan", "/api/merge/save", "/api/note/remove"]


def test_every_route_that_changes_something_is_tried_below(folder, services):
    """A new POST route must join CHANGES, so that the token and Origin test runs on it."""
    app = create_app(folder, PORT, TOKEN, services).app
    posted = {route.path for route in app.routes if "POST" in (getattr(route, "methods", None) or ())}
    assert posted == set(CHANGES)


@pytest.mark.parametrize("url", CHANGES)
def test_changes_need_the_token_and_our_origin(client, url):
    body = json.dumps({"name": "work-plan.yaml"}).encode()
    assert client.post(url, content=body).status_code == 403
    assert client.post(url, content=body, headers={TOKEN_HEADER: "another-token"}).status_code == 403
    assert client.post(url, content=body, headers={TOKEN_HEADER: "令牌".encode()}).status_code == 403
    foreign = client.post(url, content=body, headers={TOKEN_HEADER: TOKEN, "Origin": "http://evil.example"})
    assert foreign.status_code == 403 and "Origin 不符" in foreign.json()["error"]


@pytest.mark.parametrize("name", ["../x.yaml", "%2e%2e/x.yaml", "/etc/passwd", "..%2Fx.yaml"])
def test_nothing_outside_the_folder_is_served_or_written(client, folder, name):
    (folder.parent / "x.yaml").write_text("标题: 外面\n", encoding="utf-8")
    (folder.parent / "x.docx").write_bytes(b"PK secret")
    assert client.get(f"/form/{name}").status_code in (400, 404)
    assert b"secret" not in client.get(f"/download/{name.replace('yaml', 'docx')}").content
    response = _post(client, "/api/save", {"name": name.replace("%2F", "/").replace("%2e", "."), "version": "x",
                                           "state": {"标题": "写到外面"}})
    assert response.status_code == 400
    assert (folder.parent / "x.yaml").read_text(encoding="utf-8") == "标题: 外面\n"
    made = _post(client, "/api/new", {"template": "通用", "name": "../新.yaml"})
    assert made.status_code == 400 and not (folder.parent / "新.yaml").exists()


def test_a_form_text_cannot_escape_the_template_sandbox(client):
    data = _page_data(client.get("/form/work-plan.yaml").text)
    state = data["state"]
    state["标题"] = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    shown = _post(client, "/api/preview", {"name": "work-plan.yaml", "version": data["version"], "state": state})
    assert shown.status_code == 200
    assert any(f["code"] == "F006" for f in shown.json()["findings"])
    assert "subclasses" not in shown.json()["html"] and "class" not in shown.json()["html"].replace('class="', "")


def test_a_template_named_by_path_is_not_loaded(client, folder):
    (folder.parent / "恶意.j2").write_text("{{ 7 * 7 }}", encoding="utf-8")
    data = _page_data(client.get("/form/work-plan.yaml").text)
    state = data["state"]
    state["模板"] = "../恶意"
    shown = _post(client, "/api/preview", {"name": "work-plan.yaml", "version": data["version"], "state": state})
    assert any(f["code"] == "T001" for f in shown.json()["findings"]) and "49" not in shown.json()["html"]


def test_requests_the_pages_never_send_are_refused_in_chinese(client):
    bad = client.post("/api/preview", content=b"not json", headers={TOKEN_HEADER: TOKEN})
    assert bad.status_code == 400 and bad.json()["code"] == "S021"
    huge = client.post("/api/preview", content=b"{" + b" " * 8_000_001 + b"}", headers={TOKEN_HEADER: TOKEN})
    assert huge.status_code == 400 and huge.json()["code"] == "S020"


def test_several_forms_build_at_once_with_the_clis_summary(client, folder):
    built = _post(client, "/api/build", {"names": ["work-plan.yaml", "work-briefing.yaml"]})
    assert built.status_code == 200
    assert built.json()["lines"][-1] == "已生成 2 份" and built.json()["downloads"] == ["work-plan.docx", "work-briefing.docx"]


def test_a_pdf_is_built_where_libreoffice_is_installed(client, folder):
    from ..conftest import require_soffice

    require_soffice()
    built = _post(client, "/api/build", {"names": ["work-plan.yaml"], "pdf": True})
    assert built.status_code == 200, built.text
    assert built.json()["lines"][-1] == "已生成 PDF 1 份" and "work-plan.pdf" in built.json()["downloads"]
    assert client.get("/download/work-plan.pdf").content[:5] == b"%PDF-"


def test_a_link_out_of_the_folder_is_not_followed_over_http(client, folder):
    import os

    (folder.parent / "秘密.docx").write_bytes(b"PK secret")
    os.symlink(folder.parent / "秘密.docx", folder / "链接.docx")
    response = client.get("/download/链接.docx")
    assert response.status_code == 400 and response.json()["code"] == "S003" and b"secret" not in response.content


def test_a_template_changed_on_disk_shows_at_the_next_page_load(client, folder):
    (folder / "templates").mkdir()
    declaration = folder / "templates" / "通报.yaml"
    (folder / "templates" / "通报.j2").write_text('{% extends "通用.j2" %}\n', encoding="utf-8")
    declaration.write_text("基于: 内置/通用\n字段:\n  甲: {类型: 文字}\n", encoding="utf-8")
    (folder / "通报.yaml").write_text("模板: 通报\n标题: 通报\n", encoding="utf-8")
    assert "甲" in [f["name"] for f in _page_data(client.get("/form/通报.yaml").text)["fields"]]
    declaration.write_text("基于: 内置/通用\n字段:\n  乙: {类型: 文字}\n", encoding="utf-8")
    names = [f["name"] for f in _page_data(client.get("/form/通报.yaml").text)["fields"]]
    assert "乙" in names and "甲" not in names


def test_unknown_addresses_and_methods_are_answered_in_chinese(client):
    missing = client.get("/没有这个页面")
    assert missing.status_code == 404 and missing.json()["error"] == "没有这个页面"
    assert client.get("/static/没有.js").status_code == 404
    wrong = client.get("/api/save")
    assert wrong.status_code == 405 and "不能这样访问" in wrong.json()["error"]


def test_a_new_form_needs_a_name(client):
    made = _post(client, "/api/new", {"template": "通用", "name": "  "})
    assert made.status_code == 400 and made.json()["code"] == "S006"


def test_the_server_keeps_one_libreoffice_for_its_pdfs(folder):
    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office
    from drafting.office.resident import uno_python

    from ..conftest import require_soffice

    require_soffice()
    if uno_python() is None:
        import os

        if os.environ.get("DRAFTING_REQUIRE_RENDER") == "1":
            pytest.fail("DRAFTING_REQUIRE_RENDER=1 but no Python has LibreOffice's uno (install python3-uno)")
        pytest.skip("no Python with LibreOffice's uno module: install python3-uno, or run .ci/run")
    office = Office()
    client = TestClient(create_app(folder, PORT, TOKEN, CommandServices(office)), base_url=ORIGIN)
    try:
        first = _post(client, "/api/build", {"names": ["work-plan.yaml"], "pdf": True})
        [converter] = office._started
        started = converter.office_pid
        second = _post(client, "/api/build", {"names": ["work-briefing.yaml"], "pdf": True})
        assert first.status_code == second.status_code == 200, second.text
        assert "work-briefing.pdf" in second.json()["downloads"]
        assert office._started == [converter]  # fitting's second print and the next request used the same one
        assert converter.office_pid == started and converter.restarts == 0  # started once, kept
    finally:
        office.close()
    assert office._started == [] and converter.process is None


@pytest.mark.parametrize("title", [("青山县委政法委2023年上半年工作总结及下半年工作打算" * 4)[:92], "a" + "\u0301" * 5000,
                                   "标题" + "\u200b" * 100_000])
def test_the_preview_answers_for_a_hostile_title(client, title):
    """Issue #25.1: such titles hung the search for line breaks, and the whole server with it."""
    data = _page_data(client.get("/form/work-plan.yaml").text)
    state = data["state"]
    state["标题"] = title
    shown = _post(client, "/api/preview", {"name": "work-plan.yaml", "version": data["version"], "state": state})
    assert shown.status_code == 200
    assert title[:10] in shown.json()["html"]


def test_the_preview_says_what_each_expression_prints_for_the_chips(client):
    data = _page_data(client.get("/form/work-briefing.yaml").text)
    shown = _post(client, "/api/preview", {"name": "work-briefing.yaml", "version": data["version"], "state": data["state"]})
    printed = shown.json()["printed"]
    assert printed["{{ 指标.群众安全感 }}"] == "96.2%" and printed["{{ 指标.群众安全感 | 同比 }}"] == "同比提高1.4个百分点"
    assert printed["{{ 指标.矛盾纠纷化解 | 比率(指标.矛盾纠纷排查) }}"] == "96.73%"
