"""``draft check --annotate`` on a hostile .docx: a comments relationship pointing out of the package, thousands
of unclosed comment ranges, a package of very many parts — the copy written stays inside its package, the work
grows with the file."""
from __future__ import annotations

import io
import os
import posixpath
import zipfile

import pytest
from lxml import etree

from drafting.ooxml.comments import COMMENTS_TYPE, Comment, Signature, add_comments, read_comments
from drafting.ooxml.names import W_NS
from ..work import grows_linearly, work
from .test_roundtrip_hostile import comments_xml, unclosed_ranges

SIGNED = Signature("draft check", "DC", "2024-04-10T09:30:00Z")
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/></Types>')


def package(target: str, mode: str = "", extra: int = 0) -> bytes:
    """A .docx of two paragraphs whose comments relationship points at ``target`` (``mode``: its TargetMode), with
    ``extra`` empty parts besides."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>甲乙</w:t>'
                                              '</w:r></w:p><w:p><w:r><w:t>丙丁</w:t></w:r></w:p></w:body></w:document>')
        archive.writestr("word/_rels/document.xml.rels",
                         f'<Relationships xmlns="{_RELS_NS}"><Relationship Id="rId9" Type="{COMMENTS_TYPE}" '
                         f'Target="{target}"{mode}/></Relationships>')
        for n in range(extra):
            archive.writestr(f"word/media/x{n}.bin", b"")
    return buffer.getvalue()


def _comment_targets(data: bytes) -> tuple[list[str], list[str]]:
    """The package's part names, and where its comments relationships point (resolved from word/)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    targets = [posixpath.normpath("word/" + r.get("Target")) if not r.get("Target").startswith("/")
               else r.get("Target").lstrip("/") for r in rels if r.get("Type") == COMMENTS_TYPE]
    return names, targets


@pytest.mark.parametrize("target, mode", [("../../etc/passwd", ""), ("../../../../tmp/x.xml", ""),
                                          ("http://evil.example/c.xml", ' TargetMode="External"'),
                                          ("file:///etc/passwd", ' TargetMode="External"')])
def test_a_comments_relationship_out_of_the_package_is_replaced_by_one_inside(target, mode):
    """Bug: the copy got a part named “word/../../etc/passwd” (a path that climbs out when unzipped)."""
    data = add_comments(package(target, mode), [Comment(0, 0, 2, ("C202 错误：不符",))], SIGNED)
    names, targets = _comment_targets(data)
    assert not any(".." in name.split("/") or name.startswith("/") for name in names), names
    assert targets == ["word/comments.xml"] and "word/comments.xml" in names
    assert [c.anchored for c in read_comments(data)] == ["甲乙"]


def test_unclosed_comment_ranges_are_read_in_linear_work(monkeypatch):
    """Bug: every run's text was copied into every open range, as in the merge's reader."""
    costs = [work(lambda n=n: read_comments(unclosed_ranges(n)), monkeypatch).total for n in (300, 600, 1200)]
    assert grows_linearly(costs), costs


def test_a_package_of_many_parts_is_copied_in_linear_work(monkeypatch):
    """Bug: each part looked its own entry up by walking every entry: 100,000 parts, 5,000,000,000 steps."""
    def annotated(extra: int) -> bytes:
        return add_comments(package("comments.xml", extra=extra), [Comment(0, 0, 2, ("C202 错误：不符",))], SIGNED)
    costs = [work(lambda n=n: annotated(n), monkeypatch).total for n in (500, 1000, 2000)]
    assert grows_linearly(costs), costs


def test_comments_without_a_range_end_anchor_at_most_a_bounded_text():
    from drafting.ooxml.review import MAX_ANCHOR_CHARS

    body = "".join(f"<w:r><w:t>第{i}句。</w:t></w:r>" for i in range(3000))
    data = unclosed_ranges(1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = (f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:commentRangeStart w:id="0"/>'
                                  f'{body}</w:p></w:body></w:document>').encode()
    parts["word/comments.xml"] = comments_xml(1).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    (comment,) = read_comments(out.getvalue())
    assert comment.anchored.startswith("第0句。第1句。") and len(comment.anchored) <= MAX_ANCHOR_CHARS


@pytest.mark.parametrize("command", [["check", "稿.docx", "--annotate"], ["diff", "旧.docx", "稿.docx"],
                                     ["build", "表单.yaml"]], ids=["annotate", "diff", "build"])
def test_an_output_that_is_a_link_loop_is_refused_not_an_internal_error(tmp_path, monkeypatch, capsys, command):
    """Bug: -o naming a link loop made Path.resolve() raise RuntimeError: “内部错误” and exit code 3."""
    from tests.conftest import MINIMAL, run

    monkeypatch.chdir(tmp_path)
    (tmp_path / "稿.docx").write_bytes(package("comments.xml"))
    (tmp_path / "旧.docx").write_bytes(unclosed_ranges(3))
    (tmp_path / "表单.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "环1.docx").symlink_to("环2.docx")
    (tmp_path / "环2.docx").symlink_to("环1.docx")
    code, out, err = run(command + ["-o", "环1.docx"] + (["--overwrite"] if command[0] != "build" else []), capsys)
    assert code in (1, 2) and "内部错误" not in out + err and "Traceback" not in out + err
    assert "环1.docx" in err and "[O010]" in err, err
    assert (tmp_path / "环1.docx").is_symlink() and os.readlink(tmp_path / "环1.docx") == "环2.docx"


@pytest.mark.parametrize("target, mode", [("../../etc/passwd", ""), ("http://evil.example/c.xml", ' TargetMode="External"')])
def test_a_report_whose_comments_pointed_out_of_the_package_is_annotated_into_a_file_word_opens(target, mode):
    from drafting.form.validate import load_form
    from drafting.pipeline.stages import render_bytes
    from tests.conftest import EXAMPLES
    from tests.helpers import assert_valid_for_word

    built = render_bytes(load_form(EXAMPLES / "quarterly-report.yaml"))
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Id="rIdEvil" Type="{COMMENTS_TYPE}" Target="{target}"{mode}/>'
                            "</Relationships>").encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    annotated = add_comments(out.getvalue(), [Comment(0, 0, 2, ("C202 错误：不符",))], SIGNED)
    names, targets = _comment_targets(annotated)
    assert targets == ["word/comments.xml"] and not any(".." in name for name in names)
    assert_valid_for_word(annotated)
