"""w:id values crafted into a .docx (the largest Word allows, one of 5,000 digits): the ids draft diff and draft check
--annotate add stay unique and within Word's 32-bit range, and a number too long for int() is no internal error."""
from __future__ import annotations

import io
import zipfile

import pytest

from drafting.comparing.diff import compare, revised_docx
from drafting.form.validate import load_form
from drafting.ooxml.comments import Comment, Signature, add_comments
from drafting.ooxml.comparable import open_docx
from drafting.pipeline.stages import render_bytes
from tests.conftest import EXAMPLES, run
from tests.helpers import assert_valid_for_word

SIGNED = Signature("draft check", "DC", "2024-04-10T09:30:00Z")
TOP = "2147483647"  # the largest w:id Word reads (ST_DecimalNumber is a 32-bit integer)


def report_with_id(value: str, changed: bool = False) -> bytes:
    """The quarterly report with its first bookmark's id replaced by ``value`` (a word changed when ``changed``)."""
    built = render_bytes(load_form(EXAMPLES / "quarterly-report.yaml"))
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    document = parts["word/document.xml"].decode("utf-8")
    document = document.replace('<w:bookmarkStart w:id="0"', f'<w:bookmarkStart w:id="{value}"', 1)
    document = document.replace('<w:bookmarkEnd w:id="0"', f'<w:bookmarkEnd w:id="{value}"', 1)
    if changed:
        document = document.replace("二〇二三", "二〇二四", 1) if "二〇二三" in document else document.replace("年", "季", 1)
    parts["word/document.xml"] = document.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _ids(data: bytes) -> list[int]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return [int(node.get(w + "id")) for node in root.iter(w + "ins", w + "del", w + "commentRangeStart")
            if node.get(w + "id") is not None]


def test_annotating_a_report_holding_the_largest_id_stays_within_words_range():
    """Bug: the comments were numbered 2147483648 on: the Open XML SDK (and Word) refused the copy."""
    annotated = add_comments(report_with_id(TOP), [Comment(0, 0, 2, ("C202 错误：不符",)),
                                                   Comment(1, 0, 2, ("C202 错误：不符",))], SIGNED)
    added = _ids(annotated)
    assert len(added) == 2 and len(set(added)) == 2 and all(0 <= n <= int(TOP) for n in added)
    assert_valid_for_word(annotated)


def test_a_diff_against_a_report_holding_the_largest_id_stays_within_words_range():
    old, new = report_with_id("0"), report_with_id(TOP, changed=True)
    written = revised_docx(compare(open_docx(old), open_docx(new)), "draft diff", "2024-04-10T09:30:00Z", "旧.docx")
    added = _ids(written)
    assert added and len(set(added)) == len(added) and all(0 <= n <= int(TOP) for n in added)
    assert_valid_for_word(written)


@pytest.mark.parametrize("door", ["diff", "annotate"])
def test_an_id_of_5000_digits_is_no_internal_error(tmp_path, monkeypatch, capsys, door):
    """Bug: int() of more than 4,300 digits raises ValueError: draft diff ended in “内部错误”."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "旧.docx").write_bytes(report_with_id("0"))
    (tmp_path / "新.docx").write_bytes(report_with_id("9" * 5000, changed=True))
    argv = ["diff", "旧.docx", "新.docx", "-o", "对照.docx"] if door == "diff" else \
        ["check", "新.docx", "--annotate", "-o", "审核.docx"]
    code, out, err = run(argv, capsys)
    assert "内部错误" not in out + err and "Traceback" not in out + err, out + err
    assert code in (0, 1)
