"""Hostile .docx files for draft import: zip bombs, absurd numbering, huge documents — refused in bounds, in Chinese.

How long each takes is measured by bench/linear.py (each within 2 s); here nothing is timed.
"""
from __future__ import annotations

import io
import zipfile

import pytest

from ..conftest import run

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path, parts: dict[str, str | bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def _paragraphs(n: int, text: str = "一、工作情况", numbered: bool = False) -> str:
    num = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ""
    return f"<w:document {W}><w:body>" + f"<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>" * n + "</w:body></w:document>"


def _import(tmp_path, monkeypatch, capsys, *extra):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["import", "报告.docx", *extra], capsys)
    assert "内部错误" not in err
    return code, err


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch, capsys):
    """Bug: a 3 MB zip bomb used 6 GB."""
    _docx(tmp_path / "报告.docx", {"word/document.xml": f"<w:document {W}><w:body>".encode() + b" " * 60_000_000})
    inflated: list[str] = []
    real_read = zipfile.ZipFile.read
    monkeypatch.setattr(zipfile.ZipFile, "read",
                        lambda self, name, pwd=None: inflated.append(str(name)) or real_read(self, name, pwd))
    code, err = _import(tmp_path, monkeypatch, capsys)
    assert code == 1 and "解压后的内容过大，不像一份报告（可能是压缩炸弹）" in err
    assert inflated == []  # refused from the sizes the zip declares, before a byte was inflated


def test_too_many_paragraphs_are_refused(tmp_path, monkeypatch, capsys):
    _docx(tmp_path / "报告.docx", {"word/document.xml": _paragraphs(200_001, "甲")})
    code, err = _import(tmp_path, monkeypatch, capsys)
    assert code == 1 and "错误[I006]：" in err and "压缩炸弹" in err


@pytest.mark.parametrize("level", ['<w:lvl w:ilvl="2000000000">', '<w:lvl>'])
def test_absurd_numbering_levels_and_texts_read_in_bounds(tmp_path, monkeypatch, capsys, level):
    """Bug: w:ilvl 2000000000, or an lvlText with 100,000 %1, never finished."""
    numbering = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">{level}<w:numFmt w:val="chineseCounting"/>'
                 f'<w:lvlText w:val="{"%1" * 100_000}、"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    _docx(tmp_path / "报告.docx", {"word/document.xml": _paragraphs(50, "工作", numbered=True),
                                   "word/numbering.xml": numbering})
    code, err = _import(tmp_path, monkeypatch, capsys, "--force")
    assert code == 0, err
    assert len((tmp_path / "报告.yaml").read_text(encoding="utf-8")) < 200_000


def test_figure_extraction_numbers_thousands_of_figures_of_one_name(tmp_path, monkeypatch, capsys):
    """Bug: --figures was quadratic in the number of figures of one name (its work: tests/importing/test_figures.py).
    One name with 3,000 values is 3,000 figures; one name with one value, printed 3,000 times, is one figure."""
    text = "".join(f"受理执行案件{n}件，" for n in range(1, 3001)) + "受理执行案件2343件，" * 3000 + "完毕。"
    _docx(tmp_path / "报告.docx", {"word/document.xml": _paragraphs(1, "关于执行工作的报告") .replace(
        "</w:body>", f"<w:p><w:r><w:t>一、工作</w:t></w:r></w:p><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>")})
    code, err = _import(tmp_path, monkeypatch, capsys, "--figures")
    assert code == 0, err
    form = (tmp_path / "报告.yaml").read_text(encoding="utf-8")
    assert "受理执行案件: 1件" in form and "受理执行案件3000: 3000件" in form
    assert "受理执行案件2343: 2343件" in form and "受理执行案件3001" not in form  # the 3,000 repeats: one figure


SECRET = "PRIVATE-KEY-0042"
LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "哈"}">' for i in range(10))


def _entity_docx(path, doctype: str, text: str) -> None:
    _docx(path, {"word/document.xml": f'<?xml version="1.0"?><!DOCTYPE w:document [{doctype}]>'
                                      f"<w:document {W}><w:body><w:p><w:r><w:t>一、工作情况</w:t></w:r></w:p>"
                                      f"<w:p><w:r><w:t>前{text}后</w:t></w:r></w:p></w:body></w:document>"})


@pytest.mark.parametrize("doctype, text", [
    ('<!ENTITY xxe SYSTEM "file://{secret}">', "&xxe;"),
    ('<!ENTITY % dtd SYSTEM "file://{dtd}"> %dtd;', "&leak;"),
    ('<!ENTITY inner "{secret_text}">', "&inner;"),
    (LAUGHS, "&l9;"),
], ids=["external entity", "external DTD", "internal entity", "billion laughs"])
def test_entities_in_a_docx_are_never_expanded(tmp_path, monkeypatch, capsys, doctype, text):
    """Critical: on lxml 4.9 a .docx declaring an entity for a local file put that file's text into the form."""
    outside = tmp_path / "private"  # an ASCII path: libxml2 refuses a URI with Chinese in it
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "leak.dtd").write_text(f'<!ENTITY leak "{SECRET}">', encoding="utf-8")
    (tmp_path / "表单").mkdir()
    doctype = doctype.format(secret=outside / "secret.txt", dtd=outside / "leak.dtd", secret_text=SECRET)
    _entity_docx(tmp_path / "表单" / "报告.docx", doctype, text)
    code, err = _import(tmp_path / "表单", monkeypatch, capsys, "--force")
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "表单").glob("*.yaml"))
    assert SECRET not in written + err and "哈哈" not in written + err and not written
    assert code == 1 and "“报告.docx”里有 DTD 声明" in err and "为安全起见没有读取" in err, err
