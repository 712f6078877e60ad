"""One wording for every door: the command line and draft serve say the same lines for the same outcome."""
from __future__ import annotations

import json
import shutil

import pytest
from starlette.testclient import TestClient

from drafting.commands.report import EXIT_INPUT, Line, Report, build_report, failure_report
from drafting.serve.app import create_app
from drafting.serve.guard import TOKEN_HEADER

from ..conftest import EXAMPLES, run

PORT, TOKEN = 48124, "test-token"
ORIGIN = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    (root / "有错.yaml").write_text((EXAMPLES / "work-plan.yaml").read_text(encoding="utf-8")
                                   .replace("期间:", "期间: 2023Q9\n旧期间:", 1), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _served(folder, names: list[str]) -> tuple[bool, list[str]]:
    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office

    with Office() as office:
        client = TestClient(create_app(folder, PORT, TOKEN, CommandServices(office)), base_url=ORIGIN)
        answer = client.post("/api/build", content=json.dumps({"names": names}, ensure_ascii=False).encode("utf-8"),
                             headers={TOKEN_HEADER: TOKEN, "Origin": ORIGIN})
    return answer.json()["failed"], answer.json()["lines"]


@pytest.mark.parametrize("names", [["work-plan.yaml"], ["有错.yaml"], ["work-plan.yaml", "有错.yaml"]],
                         ids=["built", "refused", "batch"])
def test_the_page_says_what_the_command_line_says(folder, capsys, names):
    code, out, err = run(["build", *names], capsys)
    failed, lines = _served(folder, names)
    assert sorted(out.splitlines() + err.splitlines()) == sorted(lines)
    assert (code != 0) == failed
    assert lines, "an outcome is always said"


def test_a_report_words_a_refusal_once_and_keeps_its_exit_code():
    from drafting.errors import Location, Problem

    problem = Problem(Location("表单.yaml", 3, 5), "缺少期间", "写上 期间: 2023Q3", "E101")
    report = failure_report([problem])
    assert report.exit_code == EXIT_INPUT and report.failed
    assert report.lines[0] == Line("表单.yaml:3:5: 错误[E101]：缺少期间", True) and report.texts()[-1] == "未生成文件。"
    assert Report([Line("已生成：x.docx")]).failed is False
    assert build_report  # the build's wording is compared across both doors above
