"""draft check --layout never hands LibreOffice a file the reader refuses: each is reported, located, exit 1."""
from __future__ import annotations

import io
import zipfile

import pytest

from drafting.cli import main
from drafting.office.holder import Office

from ..conftest import EXAMPLES, require_soffice
from ..helpers import build

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(document: bytes | str) -> bytes:
    """The work-plan example's package with ``document`` as its word/document.xml."""
    source = zipfile.ZipFile(io.BytesIO(build(EXAMPLES / "work-plan.yaml")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info.filename, document if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def _deep_table(depth: int) -> str:
    cell = "<w:p><w:r><w:t>底</w:t></w:r></w:p>"
    for _ in range(depth):
        cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl><w:p/>"
    return f"<w:document {_W}><w:body>{cell}</w:body></w:document>"


HOSTILE = {
    "damaged": lambda: build(EXAMPLES / "work-plan.yaml")[:3000],
    "bomb": lambda: _docx(b"<w:document " + _W.encode() + b"><w:body>" + b" " * 60_000_000 + b"</w:body></w:document>"),
    "deep": lambda: _docx(_deep_table(200)),
    "dtd": lambda: _docx(f'<!DOCTYPE w:document [<!ENTITY x "x">]><w:document {_W}><w:body/></w:document>'),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_file_the_reader_refuses_is_reported_and_never_converted(kind, tmp_path, monkeypatch, capsys):
    require_soffice()
    (tmp_path / "坏.docx").write_bytes(HOSTILE[kind]())
    handed: list = []
    monkeypatch.setattr(Office, "render", lambda self, documents, scratch: (handed.extend(documents), ([], []))[1])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--layout", "坏.docx"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 1, out + err
    assert "坏.docx" in out + err and "Traceback" not in out + err
    assert handed == []  # LibreOffice never saw it


def test_libreoffice_s_problem_names_the_user_s_file_not_the_temporary_copy(tmp_path, monkeypatch, capsys):
    from drafting.errors import Location, Problem, display_name

    require_soffice()
    (tmp_path / "报告.docx").write_bytes(build(EXAMPLES / "work-plan.yaml"))

    def timed_out(self, documents, scratch):  # what a conversion that ran out of time reports
        name = display_name(documents[0])
        return [None], [Problem(Location(name), f"LibreOffice 转换“{name}”超过 60 秒，已停止它", "拆成几份", "P005")]

    monkeypatch.setattr(Office, "render", timed_out)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["check", "--layout", "报告.docx"])
    out, err = capsys.readouterr()
    assert "报告.docx: 错误[P005]：LibreOffice 转换“报告.docx”超过 60 秒" in out + err, out + err
    assert "00000" not in out + err
