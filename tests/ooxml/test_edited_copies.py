"""The fixtures of real writers' edits (tests/editing/): what they write validates, and the reader reads it back.

Word's 修订 and 批注 on copies of two examples pass jing against the ECMA-376 schemas and Microsoft's Open XML
SDK validator; the reader reads them accepted and rejected; WPS's and python-docx's habits read as expected.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from drafting.ooxml.origins import read_properties
from drafting.ooxml.provenance import written_by_drafting
from drafting.ooxml.reader import read_docx

from ..conftest import EXAMPLES
from ..editing import (Comment, Delete, InsertAfter, Move, Replace, as_wps_saves, edit_with_python_docx, read_parts,
                       with_comment, with_tracked_changes)
from ..helpers import build, word_errors
from .test_schema import PART_SCHEMAS, _jing, _validate

SUMMARY, PLAN = EXAMPLES / "half-year-summary.yaml", EXAMPLES / "implementation-plan.yaml"
SUMMARY_EDITS = [Replace("上半年召开政法工作全体会议2次", "2次", "3次"), Delete("严守政治纪律和政治规矩。"),
                 InsertAfter("推动党内规章制度贯彻执行。", "新增的一段工作。"),
                 Move("严密防控社会稳定风险。", "（一）坚决维护社会大局和谐稳定")]
SCHEMAS = PART_SCHEMAS + ((r"word/comments\.xml", "WordprocessingML_Comments.rnc"),)


@pytest.fixture(scope="module")
def edited() -> dict[str, bytes]:
    """Word-edited copies of two examples: 修订 of every kind and two 批注 (one anchored over several runs)."""
    summary = with_tracked_changes(build(SUMMARY), SUMMARY_EDITS)
    summary = with_comment(summary, "推动党内规章制度贯彻执行。", "“两个维护”制度机制", "请核实提法。")
    summary = with_comment(summary, "坚决维护国家政治安全。", "政治安全", "好。", author="李四", date="")
    plan = build(PLAN)
    first = next(p.text for p in read_docx(plan).paragraphs if p.role == "正文" and len(p.text) > 20)
    key = first[-12:]  # a piece no edit touches names the paragraph
    plan = with_tracked_changes(plan, [Replace(key, first[2:6], "（修改）"), InsertAfter(key, "补充一段。")],
                                author="王五")
    return {"summary": summary, "plan": with_comment(plan, key, first[8:12], "再斟酌。")}


def _parts_by_schema(packages: dict[str, bytes], folder: Path) -> dict[str, list[Path]]:
    """Each package's parts written under ``folder``, grouped by the schema that governs them."""
    import re

    grouped: dict[str, list[Path]] = {}
    for name, data in packages.items():
        for part, content in read_parts(data).items():
            schema = next((s for pattern, s in SCHEMAS if re.fullmatch(pattern, part)), None)
            assert schema, f"no schema for {part}"
            target = folder / name / part
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            grouped.setdefault(schema, []).append(target)
    return grouped


def test_word_wps_and_python_docx_edits_validate_against_the_schemas(edited, tmp_path):
    jing = _jing()
    others = {"wps": as_wps_saves(edited["summary"]),
              "python-docx": edit_with_python_docx(build(SUMMARY), SUMMARY_EDITS + [
                  Comment("推动党内规章制度贯彻执行。", "两个维护", "请核实提法。")])}
    grouped = _parts_by_schema({**edited, **others}, tmp_path)
    assert "WordprocessingML_Comments.rnc" in grouped
    errors = [line for schema, files in grouped.items() for line in _validate(jing, schema, files)]
    assert not errors, "\n".join(errors[:20])


def test_word_edits_pass_the_open_xml_sdk(edited):
    refused = {name: word_errors(data) for name, data in edited.items()}
    assert not any(refused.values()), refused


def test_word_edits_read_accepted_and_rejected(edited):
    original = [p.text for p in read_docx(build(SUMMARY)).paragraphs]
    accepted = read_docx(edited["summary"]).paragraphs
    rejected = read_docx(edited["summary"], reject_revisions=True).paragraphs
    assert [p.text for p in rejected] == original
    texts = [p.text for p in accepted]
    assert not any("严守政治纪律和政治规矩" in t for t in texts) and "新增的一段工作。" in texts
    assert sum("严密防控社会稳定风险。" in t for t in texts) == 1
    assert texts.index(next(t for t in texts if t.startswith("严密防控"))) == \
        texts.index("（一）坚决维护社会大局和谐稳定") + 1
    assert any("全体会议3次" in t for t in texts)
    kinds = {r.kind for p in accepted for r in p.revisions}
    assert kinds == {"insert", "delete", "move"}
    assert {r.author for p in accepted for r in p.revisions} == {"张科长"}
    comments = [(c.author, c.date, c.text, c.anchor) for p in accepted for c in p.comments]
    assert comments == [("王处长", "2026-10-10T09:00:00Z", "请核实提法。", "“两个维护”制度机制"), ("李四", "", "好。", "政治安全")]
    assert next(p for p in accepted if p.comments and p.comments[0].author == "王处长").origin == "正文/0/下级/0/下级/2"


def test_wps_saves_lose_drafting_marks_and_keep_the_text_and_style_names(tmp_path):
    original = build(SUMMARY)
    saved = as_wps_saves(original)
    before, after = read_docx(original).paragraphs, read_docx(saved).paragraphs
    assert [p.text for p in after] == [p.text for p in before]
    assert all(p.origin is None for p in after) and read_properties(saved).origins == {}
    (tmp_path / "wps.docx").write_bytes(saved)
    assert not written_by_drafting(tmp_path / "wps.docx")
    parts = read_parts(saved)
    assert "docProps/custom.xml" not in parts and b"custom.xml" not in parts["[Content_Types].xml"]
    assert b"custom.xml" not in parts["_rels/.rels"] and b"_dft_" not in parts["word/document.xml"]
    assert b'w:styleId="1"' in parts["word/styles.xml"] and b"GwHeading1" not in parts["word/styles.xml"]
    headings = [p for p in before if p.role == "一级标题"]
    outlined = [p for p in after if p.text in {h.text for h in headings}]
    assert headings and all(p.role == "正文" for p in outlined)  # a heading is only an outline level now
    assert b'<w:outlineLvl w:val="0"/>' in parts["word/document.xml"]
    assert [p.role for p in after if p.role not in ("一级标题", "二级标题", "正文")] == \
           [p.role for p in before if p.role not in ("一级标题", "二级标题", "正文")]  # others known by name
    assert word_errors(saved) == []


def test_python_docx_edits_read_back(tmp_path):
    original = build(SUMMARY)
    edited = edit_with_python_docx(original, SUMMARY_EDITS + [
        Comment("推动党内规章制度贯彻执行。", "两个维护", "请核实提法。")])
    read = read_docx(edited).paragraphs
    texts = [p.text for p in read]
    assert not any("严守政治纪律和政治规矩" in t for t in texts) and "新增的一段工作。" in texts
    changed = next(p for p in read if "全体会议3次" in p.text)
    assert changed.origin is None and changed.lead is None  # p.text = … drops the bookmark and the 引语's run
    moved = next(p for p in read if p.text.startswith("严密防控"))
    assert moved.origin == "正文/0/下级/1/下级/1"  # a moved w:p keeps its bookmark
    assert texts.index(moved.text) == texts.index("（一）坚决维护社会大局和谐稳定") + 1
    commented = next(p for p in read if p.comments)
    assert commented.comments[0][2:] == ("请核实提法。", "两个维护") and commented.origin == "正文/0/下级/0/下级/2"
    assert word_errors(edited) == []
    with zipfile.ZipFile(io.BytesIO(edited)) as archive:
        assert "word/comments.xml" in archive.namelist()
