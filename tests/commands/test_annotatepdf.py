"""draft check --annotate --pdf: the annotated copy printed by LibreOffice 7.4 with its comments in the page margin.

The rendering tests are skipped, with the reason, only where LibreOffice is absent; with
DRAFTING_REQUIRE_RENDER=1 (set by .ci/run) a missing LibreOffice fails instead.
"""
from __future__ import annotations

import pytest

from drafting.commands.annotatepdf import print_annotated, printed_comments
from drafting.office.holder import Office
from drafting.ooxml.comments import read_comments
from drafting.options import Options, Session
from drafting.pipeline.stages import render_bytes
from drafting.form.validate import load_form

from ..conftest import MINIMAL, require_soffice, run

DIRTY = MINIMAL.replace("测试报告", "青山县XX工作情况汇报") + """期间: 2023Q3
开头:
  - 三季度,我局开展 次专项行动，"枫桥经验"进一步推广（待核实
正文:
  - 标题: 主要工作
    下级:
      - 全年共办理案件**件，XX工作稳步推进。
"""


def _form(folder, text=DIRTY):
    path = folder / "表单.yaml"
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def _pages(pdf):
    """Each page: its width, its words and its characters (text, x0, x1)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [(page.width, [(w["text"], w["x0"], w["x1"]) for w in page.extract_words()],
                 [(c["text"], c["x0"], c["x1"]) for c in page.chars]) for page in document.pages]


def _annotations(pdf) -> list[str]:
    """The subtypes of the PDF's annotations (a note icon is /Text)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with open(pdf, "rb") as handle:
        return [str(resolve1(annotation).get("Subtype"))
                for page in PDFPage.create_pages(PDFDocument(PDFParser(handle)))
                for annotation in resolve1(page.annots) or []]


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.render
def test_the_comments_are_printed_beside_the_shrunk_page_and_the_text_is_unchanged(tmp_path, capsys):
    """Every comment is printed in a column right of the text block (author “draft check”, the code, the message);
    the body, read left of that column, is the text the report prints without comments."""
    require_soffice()
    form = _form(tmp_path)
    code, out, err = run(["check", str(form), "--annotate", "--pdf", "--date", "2024-04-10T09:30"], capsys)
    docx, pdf = tmp_path / "表单（审核稿）.docx", tmp_path / "表单（审核稿）.pdf"
    assert code == 1 and docx.is_file() and pdf.is_file()  # the findings are errors: the check fails, both written
    assert "已印出审核稿的 PDF（批注在页边）：" in out and "A02" not in err
    comments = read_comments(docx.read_bytes())
    [(width, words, chars)] = _pages(pdf)
    body = [c for c in chars if c[1] < width * 0.75]  # LibreOffice shrinks the page to 75 % beside the column
    right_edge = max(x1 for _, _, x1 in body)
    authors = [w for w in words if w[0] == "draft"]
    assert len(authors) == len(comments) == printed_comments(pdf)
    assert all(x0 > right_edge for _, x0, _ in authors)
    margin_text = _squeezed("".join(text for text, x0, _ in chars if x0 > right_edge))
    for comment in comments:  # each comment's first words (its box shows what fits: code, severity, message)
        assert _squeezed(comment.text)[:8] in margin_text
    assert "C201" in margin_text and "C205" in margin_text
    assert _annotations(pdf) == []  # no note icons over the words as well

    plain = tmp_path / "plain.docx"
    plain.write_bytes(render_bytes(load_form(form), "docx"))
    (tmp_path / "plain").mkdir()
    with Office(resident=False) as office:
        [plain_pdf], problems = office.render([plain], tmp_path / "plain")
    assert problems == []
    [(_, _, plain_chars)] = _pages(plain_pdf)
    assert len(body) > 60
    assert "".join(c[0] for c in body).replace(" ", "") == "".join(c[0] for c in plain_chars).replace(" ", "")


@pytest.mark.render
def test_too_many_comments_for_one_page_margin_are_said(tmp_path):
    """Thirty findings on one page do not fit in LibreOffice's comment column: how many were not printed is said
    (A022, a warning), the PDF is written all the same."""
    require_soffice()
    from drafting.commands.annotate import annotate

    lines = "".join(f"  - 第{i}项,开展 次行动，XX工作稳步推进，**件待核实。\n" for i in range(8))
    form = _form(tmp_path, MINIMAL + "开头:\n" + lines)
    session = Session(Options())
    target, annotated = annotate(form, None, session, "2024-04-10T09:30:00Z", pdf=True)
    printed = print_annotated(target, annotated.data, session)
    assert printed.pdf == target.with_suffix(".pdf") and printed.pdf.is_file()
    [problem] = printed.problems
    assert problem.code == "A022" and problem.severity.value == "警告"
    shown = printed_comments(printed.pdf)
    assert 0 < shown < len(annotated.findings)
    assert f"有 {len(annotated.findings) - shown} 条批注没有印出来" in problem.message


def test_an_existing_pdf_is_not_replaced_and_nothing_is_written(tmp_path, capsys):
    """The PDF beside the copy exists: refused before the copy is written (O007), unless --overwrite."""
    form = _form(tmp_path)
    (tmp_path / "审核稿.pdf").write_bytes(b"mine")
    code, out, err = run(["check", str(form), "--annotate", "--pdf", "-o", str(tmp_path / "审核稿.docx")], capsys)
    assert code == 1 and "O007" in err and "审核稿.pdf" in err
    assert not (tmp_path / "审核稿.docx").exists() and (tmp_path / "审核稿.pdf").read_bytes() == b"mine"


def test_pdf_without_annotate_is_a_usage_error(tmp_path, capsys):
    """--pdf prints the annotated copy: alone it is refused in Chinese (A023), pointing at draft build --pdf."""
    code, out, err = run(["check", str(_form(tmp_path)), "--pdf"], capsys)
    assert code == 2 and "A023" in err and "draft build" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "表单.yaml"]


def test_without_libreoffice_the_copy_is_written_and_the_pdf_refused_in_chinese(tmp_path, capsys, monkeypatch):
    """No LibreOffice: the .docx is written, the PDF is not (A020, exit code 1), and the message says both."""
    import drafting.commands.annotatepdf as printing

    monkeypatch.setattr(printing, "find_soffice", lambda: None)
    form = _form(tmp_path, MINIMAL)
    code, out, err = run(["check", str(form), "--annotate", "--pdf"], capsys)
    assert code == 1 and "A020" in err and "没有找到 LibreOffice" in err and "已经写出" in err
    assert (tmp_path / "表单（审核稿）.docx").is_file() and not (tmp_path / "表单（审核稿）.pdf").exists()

