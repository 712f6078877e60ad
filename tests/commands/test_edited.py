"""draft build never replaces a .docx whose text changed after drafting wrote it (issue #27, point 8).

Edits come from python-docx (which keeps docProps/app.xml naming drafting) and from LibreOffice (which rewrites it);
the text digest drafting recorded in docProps/custom.xml is what tells an edited file from an untouched one.
"""
from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from drafting.ooxml.origins import TEXT_SHA256
from drafting.ooxml.provenance import docx_state

from ..conftest import EXAMPLES, require_soffice, run

FORM = "报告.yaml"
REPORT = "报告.docx"


@pytest.fixture
def built(tmp_path, monkeypatch, capsys) -> Path:
    """An example form copied as 报告.yaml and built beside it as 报告.docx (the working folder is tmp_path)."""
    shutil.copy(EXAMPLES / "work-briefing.yaml", tmp_path / FORM)
    monkeypatch.chdir(tmp_path)
    assert run(["build", FORM], capsys)[0] == 0
    return tmp_path / REPORT


def _edit_with_python_docx(path: Path, by: str | None = "张科长") -> None:
    """Rewrite the first long paragraph as a leader would, saved by python-docx (app.xml kept)."""
    import docx

    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if len(p.text) > 20)
    paragraph.runs[0].text = "（领导改过）" + paragraph.runs[0].text
    if by:
        document.core_properties.last_modified_by = by
        document.core_properties.modified = datetime.datetime(2026, 12, 5, 2, 30, tzinfo=datetime.timezone.utc)
    document.save(str(path))


def _folder(path: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


def _rewritten(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the .docx at ``path`` with ``change(name, bytes) -> bytes`` applied to each part."""
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as source:
        parts = [(info, change(info.filename, source.read(info))) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for info, data in parts:
            copy.writestr(info, data)


def test_edited_with_python_docx_is_refused_beside_the_form_and_nothing_is_written(built, capsys):
    _edit_with_python_docx(built)
    assert b"<Application>drafting</Application>" in zipfile.ZipFile(built).read("docProps/app.xml")  # passes the old test
    before = _folder(built.parent)
    code, out, err = run(["build", FORM], capsys)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith("报告.docx: 错误[O018]：“报告.docx”是 draft 生成的，但生成之后文字被改过（最后由“张科长”于 2026年12月")
    assert lines[0].endswith("保存），没有覆盖它，以免丢掉这些修改")
    assert lines[1] == ("    提示：先用 draft import 报告.docx --into 报告.yaml 把修改并回表单；并回之后它仍是领导的修改稿，"
                        "把“报告.docx”改名留底再生成，或加 --replace-edited 覆盖它；也可以用 -o 换一个文件名")
    assert lines[-1] == "未生成文件。"
    assert _folder(built.parent) == before  # no “报告（draft）.docx”, no temporary file, the edits byte for byte


def test_edited_and_named_with_o_is_refused_too(built, capsys):
    _edit_with_python_docx(built, by=None)
    before = _folder(built.parent)
    code, _, err = run(["build", FORM, "-o", REPORT], capsys)
    assert code == 1 and "错误[O018]：“报告.docx”是 draft 生成的，但生成之后文字被改过，没有覆盖它" in err  # no who, no when
    assert _folder(built.parent) == before


def test_replace_edited_replaces_it(built, capsys):
    _edit_with_python_docx(built)
    assert run(["build", FORM, "--replace-edited"], capsys)[:2] == (0, "已生成：报告.docx\n")
    assert not docx_state(built).edited and docx_state(built).by_drafting
    assert sorted(p.name for p in built.parent.iterdir()) == [REPORT, FORM]


def test_an_unchanged_rebuild_replaces_the_file_without_reading_it(built, capsys, monkeypatch):
    """The file holds exactly the bytes a rebuild writes: nothing to lose, so it is not opened as a .docx."""
    before = built.read_bytes()

    def unread(path):  # type: ignore[no-untyped-def]
        raise AssertionError(f"{path} was read as a .docx")

    monkeypatch.setattr("drafting.ooxml.provenance.docx_state", unread)
    assert run(["build", FORM], capsys)[:2] == (0, "已生成：报告.docx\n")
    assert built.read_bytes() == before and sorted(p.name for p in built.parent.iterdir()) == [REPORT, FORM]


def test_an_untouched_build_is_replaced(built, capsys):
    before = built.read_bytes()
    form = built.parent / FORM
    form.write_text(form.read_text(encoding="utf-8").replace("标题: 青山县", "标题: 青山县新", 1), encoding="utf-8")
    assert run(["build", FORM], capsys)[:2] == (0, "已生成：报告.docx\n")
    assert built.read_bytes() != before and sorted(p.name for p in built.parent.iterdir()) == [REPORT, FORM]


def test_a_file_from_before_the_digest_is_replaced_by_the_application_rule(built, capsys):
    """drafting before the digest wrote no drafting.text.sha256: app.xml naming drafting is all there is to go by."""
    _edit_with_python_docx(built)
    _rewritten(built, lambda name, data: re.sub(rb'<property [^>]*name="' + TEXT_SHA256.encode() + rb'">.*?</property>',
                                                b"", data) if name == "docProps/custom.xml" else data)
    state = docx_state(built)
    assert state.by_drafting and state.recorded == "" and not state.edited
    assert run(["build", FORM], capsys)[:2] == (0, "已生成：报告.docx\n")
    assert not any("领导改过" in line for line in _texts(built))


def test_the_draft_file_beside_a_users_own_is_not_replaced_when_edited(built, capsys):
    """The default gives way to “报告（draft）.docx” beside the user's own file; an edited one of those is kept too."""
    _rewritten(built, lambda name, data: data.replace(b"drafting</Application>", b"WPS Office</Application>")
               if name == "docProps/app.xml" else data)
    assert run(["build", FORM], capsys)[:2] == (0, "已生成：报告（draft）.docx\n")
    beside = built.with_name("报告（draft）.docx")
    _edit_with_python_docx(beside)
    before = _folder(built.parent)
    code, _, err = run(["build", FORM], capsys)
    assert code == 1 and "报告（draft）.docx: 错误[O018]：“报告（draft）.docx”是 draft 生成的，但生成之后文字被改过" in err
    assert _folder(built.parent) == before


def test_no_pdf_is_written_of_a_refused_document(built, capsys):
    _edit_with_python_docx(built)
    before = _folder(built.parent)
    code, _, err = run(["build", FORM, "--pdf"], capsys)
    assert code == 1 and "错误[O018]" in err and "PDF" not in err, err
    assert _folder(built.parent) == before


@pytest.mark.render
def test_edited_and_saved_by_libreoffice_is_refused(built, capsys, tmp_path):
    """LibreOffice rewrites app.xml (its own name) and keeps the custom properties: the digest still tells."""
    require_soffice()
    import os
    import subprocess

    from drafting.office.soffice import find_soffice
    from drafting.resources import fontconfig_file

    edited = tmp_path / "编辑" / REPORT
    edited.parent.mkdir()
    shutil.copy(built, edited)
    _rewritten(edited, lambda name, data: data.replace("扎实推进".encode(), "全力推进".encode(), 1)
               if name == "word/document.xml" else data)
    saved = tmp_path / "另存"
    profile = tmp_path / "lo-profile"
    subprocess.run([find_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(saved), str(edited)],
                   env=dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file())), capture_output=True, timeout=300)
    assert (saved / REPORT).is_file(), "LibreOffice did not save the .docx"
    shutil.copy(saved / REPORT, built)
    shutil.rmtree(edited.parent), shutil.rmtree(saved), shutil.rmtree(profile, ignore_errors=True)
    state = docx_state(built)
    assert not state.by_drafting and state.edited  # LibreOffice's name in app.xml, drafting's digest kept
    before = _folder(built.parent)
    code, _, err = run(["build", FORM], capsys)
    assert code == 1 and "报告.docx: 错误[O018]：“报告.docx”是 draft 生成的，但生成之后文字被改过" in err
    code, _, err = run(["build", FORM, "-o", REPORT], capsys)
    assert code == 1 and "错误[O018]" in err
    assert _folder(built.parent) == before


def test_draft_serve_refuses_with_the_same_words(built, capsys):
    """draft serve's build runs the CLI's rule through commands/services.py and says it through commands/report.py;
    its hint names the page's buttons (导入修改稿, 生成 Word 文稿), not the command line's."""
    from starlette.testclient import TestClient

    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office
    from drafting.serve.app import create_app
    from drafting.serve.guard import TOKEN_HEADER

    _edit_with_python_docx(built)
    before = _folder(built.parent)
    _, _, cli_err = run(["build", FORM], capsys)
    port, token = 48127, "test-token-not-secret"
    with Office() as office:
        client = TestClient(create_app(built.parent, port, token, CommandServices(office)),
                            base_url=f"http://127.0.0.1:{port}")
        answer = client.post("/api/build", content=json.dumps({"names": [FORM]}, ensure_ascii=False).encode("utf-8"),
                             headers={TOKEN_HEADER: token, "Origin": f"http://127.0.0.1:{port}"})
    assert answer.status_code == 422 and answer.json()["failed"]
    said, cli = answer.json()["lines"], cli_err.splitlines()
    assert said[0] == cli[0] and said[2:] == cli[2:]
    assert said[1] == ("    提示：先在表单页点“导入修改稿”选中这份“报告.docx”，把修改并回表单；并回之后它仍是领导的修改稿，"
                       "在文件夹里把“报告.docx”改名留底，再点“生成 Word 文稿”")
    assert _folder(built.parent) == before


def test_the_state_of_files_that_are_no_docx(tmp_path):
    """A broken or foreign file reads as not drafting's and not edited: the older rules decide (O014, O015)."""
    (tmp_path / "坏.docx").write_bytes(b"PK\x03\x04 not a zip")
    (tmp_path / "空.docx").write_bytes(b"")
    for name in ("坏.docx", "空.docx"):
        state = docx_state(tmp_path / name)
        assert not state.by_drafting and not state.edited


def test_a_document_too_large_to_read_counts_as_edited(built):
    """The text cannot be compared (a part that would unpack past the limit): never replaced unasked."""
    from drafting.ooxml import reader

    data = zipfile.ZipFile(built).read("word/document.xml")
    huge = data.replace(b"</w:body>", b"<w:p/>" * (reader.MAX_PART_BYTES // 6 + 1) + b"</w:body>")
    _rewritten(built, lambda name, part: huge if name == "word/document.xml" else part)
    state = docx_state(built)
    assert state.recorded and state.current == "" and state.edited


def _texts(path: Path) -> list[str]:
    """The paragraph texts of a .docx."""
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.mark.parametrize("form", sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "rollup").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_every_example_as_built_reads_as_untouched(form, tmp_path):
    """The digest written at build time (read from drafting's own XML) is the one read back (red headers, 版记 text
    boxes, tables, attachments' pages): a file nobody edited is never refused."""
    from drafting.options import Session
    from drafting.pipeline.stages import run_path

    target = tmp_path / "报告.docx"
    target.write_bytes(run_path(form, "docx", Session()).data)
    state = docx_state(target)
    assert state.by_drafting and state.recorded and state.replaceable and not state.edited


def test_comments_added_with_the_text_unchanged_are_an_edit_too(built, capsys):
    """批注 leave the text as it was (its digest too), but replacing the file would lose them."""
    import docx

    document = docx.Document(str(built))
    paragraph = next(p for p in document.paragraphs if len(p.text) > 20)
    document.add_comment(paragraph.runs[0], text="数据再核实", author="张科长")
    document.save(str(built))
    state = docx_state(built)
    assert state.commented and not state.text_changed and state.edited
    before = _folder(built.parent)
    code, _, err = run(["build", FORM], capsys)
    assert code == 1 and "错误[O018]：“报告.docx”是 draft 生成的，但生成之后加了批注，没有覆盖它" in err
    assert _folder(built.parent) == before
    _edit_with_python_docx(built, by=None)
    assert "但生成之后文字被改过、加了批注，没有覆盖它" in run(["build", FORM], capsys)[2]
