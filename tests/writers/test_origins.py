"""Origins in the outputs: a bookmark round each paragraph, custom.xml, data-origin; nothing else changes."""
from __future__ import annotations

import hashlib
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from drafting.pipeline.stages import document as build_document
from drafting.document.ast import Signature
from drafting.form.validate import load_form
from drafting.ooxml.origins import BOOKMARK_PREFIX, read_properties
from drafting.ooxml.reader import docx_text_digest
from drafting.ooxml.reader import read_docx
from drafting.writers.docx import write_docx
from drafting.writers.html import write_html
from drafting.writers.layout import Para, layout

from ..conftest import EXAMPLES, FIXTURES, require_program

FORMS = sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))
_MARK = re.compile(r"<w:bookmark(?:Start|End) [^>]*/>")



def _without_origin(block):  # type: ignore[no-untyped-def]
    """``block`` as a template that names no fields prints it."""
    return block._replace(origin=None, **({"date_origin": None} if isinstance(block, Signature) else {}))

def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _built(form_path: Path) -> tuple[bytes, bytes]:
    """The .docx as built, and as it would be without origins."""
    form = load_form(form_path)
    document = build_document(form)
    bare = document._replace(blocks=tuple(_without_origin(block) for block in document.blocks))
    return write_docx(document, form.profile), write_docx(bare, form.profile)


@pytest.mark.parametrize("form_path", FORMS, ids=lambda p: p.stem)
def test_every_paragraph_with_text_is_bookmarked_once_by_a_unique_name(form_path):
    data, bare = _built(form_path)
    xml = _document_xml(data)
    starts = re.findall(r'<w:bookmarkStart w:id="(\d+)" w:name="([^"]+)"/>', xml)
    ends = re.findall(r'<w:bookmarkEnd w:id="(\d+)"/>', xml)
    names = [name for _, name in starts]
    assert len(set(names)) == len(names) and len({i for i, _ in starts}) == len(starts)
    assert sorted(ends) == sorted(i for i, _ in starts)
    assert all(name.startswith(BOOKMARK_PREFIX) and len(name) <= 40 for name in names)
    for paragraph in re.findall(r"<w:p>.*?</w:p>|<w:p><w:pPr>.*?</w:p>", xml):  # each starts and ends in one paragraph
        assert len(re.findall("bookmarkStart", paragraph)) == len(re.findall("bookmarkEnd", paragraph))
    read = read_docx(data).paragraphs
    assert all(p.origin for p in read if p.text or p.table), [p.text for p in read if (p.text or p.table) and not p.origin]
    assert not any(p.origin for p in read if not p.text and not p.table)


@pytest.mark.parametrize("form_path", FORMS, ids=lambda p: p.stem)
def test_only_the_markers_change_the_document(form_path):
    """The document.xml without its bookmarks is the one written for a document without origins."""
    data, bare = _built(form_path)
    assert "bookmarkStart" not in _document_xml(bare)
    assert _MARK.sub("", _document_xml(data)) == _document_xml(bare)


@pytest.mark.parametrize("form_path", FORMS, ids=lambda p: p.stem)
def test_the_text_hash_recorded_is_the_one_the_reader_computes(form_path):
    """The writer reads its own document.xml without lxml; the reader, any .docx with it: they agree."""
    data, _ = _built(form_path)
    assert read_properties(data).text_sha256 == docx_text_digest(data)


def test_custom_properties_name_the_form_its_hash_the_text_and_every_path():
    form_path = EXAMPLES / "half-year-summary.yaml"
    data, _ = _built(form_path)
    recorded = read_properties(data)
    assert recorded.form == str(form_path)
    assert recorded.form_sha256 == hashlib.sha256(form_path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
    assert recorded.text_sha256 == docx_text_digest(data)
    names = set(re.findall(r'w:name="_dft_(\d+)(?:_\d+)?"', _document_xml(data)))
    assert names == set(recorded.origins) and recorded.origins["1"] == "标题"
    paths = [p.origin for p in read_docx(data).paragraphs if p.origin]
    assert paths[:3] == ["标题", "标题", "开头/0"] and "正文/0/下级/1" in paths


def test_the_laid_out_paragraphs_carry_their_origin_and_blank_lines_none():
    laid = layout(build_document(load_form(EXAMPLES / "rectification-report.yaml")))
    paras = [p for p in laid if isinstance(p, Para)]
    assert all(p.origin for p in paras if p.text) and not any(p.origin for p in paras if not p.text)
    assert {p.origin for p in paras if p.role in ("版记", "发文机关标志", "发文字号")} == {"版头"}
    assert [(p.role, p.origin) for p in paras if p.role in ("落款", "成文日期")] == [("落款", "落款"), ("成文日期", "日期")]


def test_the_preview_names_each_paragraphs_origin():
    form = load_form(EXAMPLES / "half-year-summary.yaml")
    page = write_html(build_document(form), form.profile).decode("utf-8")
    paragraphs = re.findall(r"<p [^>]*>", page)
    assert all("data-origin=" in p for p in paragraphs if "gw-blank" not in p)
    assert 'data-origin="正文/0/下级/1"' in page and 'data-origin="落款"' in page


def test_pandoc_reads_the_same_text_with_and_without_the_markers(tmp_path):
    pandoc = require_program("pandoc", "pandoc")
    for form_path in FORMS:
        data, bare = _built(form_path)
        texts = []
        for name, package in (("marked", data), ("bare", bare)):
            (tmp_path / f"{name}.docx").write_bytes(package)
            texts.append(subprocess.run([pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(tmp_path / f"{name}.docx")],
                                        capture_output=True, text=True, timeout=120, check=True).stdout)
        assert texts[0] == texts[1], form_path.name


def test_a_tables_bookmark_is_in_its_first_cell_with_text(write_form):
    form = load_form(write_form("模板: 通用\n标题: 表\n正文:\n  - 表格: {表头: [[\"\", 数量]], 行: [[甲, 1]]}\n"))
    data = write_docx(build_document(form), form.profile)
    cells = re.findall(r"<w:tc>.*?</w:tc>", _document_xml(data))
    assert "bookmarkStart" not in cells[0] and "bookmarkStart" in cells[1]
    assert [p.origin for p in read_docx(data).paragraphs if p.table] == ["正文/0"]
