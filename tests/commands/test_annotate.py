"""draft check --annotate: each finding a comment on the text it concerns, in a copy that never replaces a file."""
from __future__ import annotations

import subprocess

import pytest

from drafting.check.checker import check_form
from drafting.commands.anchors import FieldPlaces, Paragraphs, form_anchor
from drafting.commands.annotate import annotate, annotate_document, annotate_form, comment_date, default_target
from drafting.errors import DraftError, FormError, OutputError, UsageError
from drafting.form.validate import load_form
from drafting.ooxml.comments import Comment, Signature, add_comments, paragraphs, read_comments
from drafting.options import Options, Session
from drafting.pipeline.stages import render_bytes, run as build

from ..conftest import MINIMAL, require_program, require_soffice, run
from ..helpers import assert_valid_for_word

DATE = "2024-04-10T09:30:00Z"
DIRTY = MINIMAL.replace("测试报告", "青山县XX工作情况汇报") + """期间: 2023Q3
开头:
  - 三季度,我局开展 次专项行动，"枫桥经验"进一步推广（待核实
正文:
  - 标题: 主要工作
    下级:
      - 全年共办理案件**件，XX工作稳步推进。
指标:
  没用到: 12件
"""


def _anchors(path):
    form = load_form(path)
    findings = check_form(form)
    data = build(form, "docx", Session(Options(force=True)), findings=findings).data
    listed = paragraphs(data)
    texts = Paragraphs([p.text for p in listed], [p.origin for p in listed])
    return findings, texts, [form_anchor(p, texts, FieldPlaces(form)) for p in findings]


def test_every_finding_with_a_text_is_anchored_on_that_very_text(write_form):
    findings, texts, anchors = _anchors(write_form(DIRTY))
    exact = [(p, a) for p, a in zip(findings, anchors) if p.subject is not None]
    assert {p.code for p, _ in exact} >= {"C201", "C202", "C203", "C204", "C205", "C206"}
    for problem, anchor in exact:
        assert anchor.exact and texts.texts[anchor.index][anchor.start:anchor.end] == problem.subject.text, problem
    placeholders = [a for p, a in exact if p.subject.text == "XX"]  # one in the title, one in the body
    assert [texts.origins[a.index] for a in placeholders] == ["标题", "正文/0/下级/0/内容"]
    quotes = [a.start for p, a in exact if p.code == "C204"]  # the two straight quotes, each on its own
    assert len(set(quotes)) == 2


def test_a_finding_without_text_goes_on_its_fields_paragraph_or_the_title(write_form):
    findings, texts, anchors = _anchors(write_form(MINIMAL.replace("2023-07-10", "2022-01-01") + "期间: 2023Q3\n"
                                                   "开头: [开头的话。]\n指标:\n  没用到: 12件\n"))
    placed = {p.code: texts.origins[a.index] for p, a in zip(findings, anchors)}
    assert placed == {"C211": "日期", "C101": "标题"}  # the date's paragraph; a figure no paragraph prints


def test_the_annotated_copy_holds_one_comment_per_finding(write_form):
    path = write_form(DIRTY)
    annotated = annotate_form(path, Session(), DATE)
    found = read_comments(annotated.data)
    assert len(found) == len(annotated.findings) > 8
    assert {c.author for c in found} == {"draft check"} and {c.date for c in found} == {DATE}
    first = found[0]
    assert first.text.startswith(f"{annotated.findings[0].code} {annotated.findings[0].severity}：")
    assert "修改建议：" in first.text and "表单位置：表单.yaml:" in first.text
    assert annotated.exact == sum(p.subject is not None for p in annotated.findings)


def test_a_clean_form_gives_a_copy_without_comments(write_form, capsys):
    path = write_form(MINIMAL + "开头: [开头的话。]\n")
    annotated = annotate_form(path, Session(), DATE)
    assert annotated.findings == [] and read_comments(annotated.data) == []
    code, out, _ = run(["check", "表单.yaml", "--annotate"], capsys)
    assert code == 0
    assert "没有发现问题，审核稿里没有批注：表单（审核稿）.docx" in out
    assert (path.parent / "表单（审核稿）.docx").is_file()


def test_the_command_line_writes_the_copy_and_says_how_many(write_form, capsys):
    write_form(DIRTY)
    code, out, err = run(["check", "表单.yaml", "--annotate", "-o", "审核稿.docx", "--date", "2024-04-10T09:30"],
                         capsys)
    assert code == 1 and err == ""  # errors found, as draft check says; the copy is written all the same
    assert "错误[C202]" in out and out.rstrip().endswith("）") and "已写出审核稿：审核稿.docx（批注" in out


def test_usage_mistakes_are_refused_before_anything_is_written(write_form, capsys):
    write_form(DIRTY)
    for argv, code in ((["-o", "x.docx"], "A008"), (["--date", "2024-01-01"], "A008"),
                       (["--annotate", "表单.yaml"], "A001"), (["--annotate", "-o", "x.txt"], "A002"),
                       (["--annotate", "--date", "昨天"], "A006")):
        status, out, err = run(["check", "表单.yaml", *argv], capsys)
        assert status == 2 and f"[{code}]" in out + err, (argv, out, err)


def test_never_over_a_file_and_never_over_the_input(write_form):
    path = write_form(DIRTY)
    session = Session()
    target, _ = annotate(path, None, session, DATE)
    assert target == default_target(path) and target.name == "表单（审核稿）.docx"
    with pytest.raises(OutputError) as refused:
        annotate(path, target, session, DATE)
    assert refused.value.problems[0].code == "O007"
    annotate(path, target, Session(Options(overwrite=True)), DATE)
    with pytest.raises(UsageError) as itself:
        annotate(target, target, Session(Options(overwrite=True)), DATE)
    assert itself.value.problems[0].code == "A003"


def test_a_form_that_cannot_be_built_writes_nothing(write_form):
    path = write_form("模板: 通用\n落欵: 县委\n")
    with pytest.raises(FormError) as refused:
        annotate(path, None, Session(), DATE)
    assert refused.value.problems[-1].code == "A005"
    assert not default_target(path).exists()


def test_a_docx_keeps_its_own_comments_and_gets_the_plain_checks(tmp_path):
    report = tmp_path / "报告.docx"
    built = render_bytes(load_form(_form(tmp_path, DIRTY)), "docx")
    report.write_bytes(add_comments(built, [Comment(0, 0, 2, ("领导：标题再斟酌",))], Signature("王科长", "W", DATE)))
    annotated = annotate_document(report, DATE)
    found = read_comments(annotated.data)
    assert annotated.kept == 1 and found[0].text == "领导：标题再斟酌" and found[0].author == "王科长"
    assert len(found) == 1 + len(annotated.findings) and len({c.id for c in found}) == len(found)
    assert all(c.anchored == p.subject.text for c, p in zip(found[1:], annotated.findings) if p.subject)
    assert {p.code for p in annotated.findings} >= {"C201", "C202", "C203", "C204", "C205"}
    assert_valid_for_word(annotated.data)


def test_a_file_that_is_no_docx_is_said_so(tmp_path):
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DraftError) as refused:
        annotate_document(broken, DATE)
    assert refused.value.problems[0].code == "A004" and "坏.docx" in refused.value.problems[0].message


def test_dates_as_word_writes_them():
    assert comment_date("2024-04-10") == "2024-04-10T00:00:00Z"
    assert comment_date("2024-04-10T09:30") == "2024-04-10T09:30:00Z"
    assert comment_date(None).endswith("Z")
    with pytest.raises(UsageError):
        comment_date("2024-02-30")


def _form(folder, text):
    path = folder / "表单.yaml"
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def test_pandoc_reads_the_same_text_and_sees_the_comments(tmp_path):
    pandoc = require_program("pandoc", "pandoc")
    path = _form(tmp_path, DIRTY)
    plain = tmp_path / "plain.docx"
    plain.write_bytes(render_bytes(load_form(path), "docx"))
    annotated = tmp_path / "annotated.docx"
    annotated.write_bytes(annotate_form(path, Session(), DATE).data)

    def text(docx, *options):
        return subprocess.run([pandoc, *options, "-t", "plain", str(docx)], capture_output=True, text=True,
                              check=True, timeout=60).stdout

    assert text(annotated) == text(plain)
    shown = subprocess.run([pandoc, "--track-changes=all", "-t", "native", str(annotated)], capture_output=True,
                           text=True, check=True, timeout=60).stdout
    assert shown.count('"comment-start"') == len(read_comments(annotated.read_bytes()))


def test_libreoffice_opens_the_copy_and_prints_the_comments(tmp_path):
    """LibreOffice 7.4 has no ExportNotesInMargin: ExportNotes puts each comment in the PDF as an annotation."""
    require_soffice()
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    from drafting.office.holder import Office

    copy = tmp_path / "审核稿.docx"
    annotated = annotate_form(_form(tmp_path, DIRTY), Session(), DATE)
    copy.write_bytes(annotated.data)
    with Office(resident=False) as office:  # the resident converter's headless LibreOffice cannot show comments
        [pdf], problems = office.render([copy], tmp_path, notes=True)
    assert problems == [] and pdf is not None
    with open(pdf, "rb") as handle:
        contents = []
        for page in PDFPage.create_pages(PDFDocument(PDFParser(handle))):
            for annotation in resolve1(page.annots) or []:
                annotation = resolve1(annotation)
                if str(annotation.get("Subtype")) == "/'Text'":
                    raw = annotation.get("Contents") or b""
                    contents.append(raw.decode("utf-16") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1"))
    assert sorted(contents) == sorted(c.text for c in read_comments(annotated.data))


def test_a_bracket_is_not_taken_for_the_headings_printed_number(write_form):
    """A paragraph prints more than its form text: “（一）” comes first, the typed “（” later."""
    findings, texts, anchors = _anchors(write_form(MINIMAL + "正文:\n  - 标题: 主要工作\n    下级:\n"
                                                   "      - 标题: 排查有力\n        内容: 经验进一步推广（待核实\n"))
    [(problem, anchor)] = [(p, a) for p, a in zip(findings, anchors) if p.code == "C205"]
    assert texts.texts[anchor.index].startswith("（一）")
    assert texts.texts[anchor.index][:anchor.start].endswith("推广") and anchor.end == anchor.start + 1


STRAY = MINIMAL + "开头:\n  - " + ("全局上下认真落实县委县政府部署扎实推进各项工作取得新成效群众满意" * 2)[:27] + "。\n"


def test_a_layout_finding_goes_on_the_line_it_names_and_an_annotated_copy_can_be_laid_out(write_form):
    """--layout: “第1页第4行只有“成。”一两个字” is a comment on that “成。”, at its paragraph's end; the copy itself
    then passes through the resident LibreOffice (its comments taken out first: 7.4 without a GUI aborts on them)."""
    require_soffice()
    from drafting.commands.layoutcheck import check_layouts

    path = write_form(STRAY)
    target, annotated = annotate(path, None, Session(), DATE, layout=True)
    [(problem, comment)] = [(p, c) for p, c in zip(annotated.findings, read_comments(annotated.data))
                            if p.code == "L106"]
    assert comment.anchored == problem.subject.text == "成。"
    found = check_layouts([target], Session())
    assert [p.code for p in found if p.code.startswith("P")] == []
    assert [p.code for p in found if p.code.startswith("L")] == ["L106"]


def test_a_zip_bomb_or_a_document_type_is_refused_in_chinese(tmp_path):
    import io
    import zipfile

    bomb = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * 5_000_000)
    entity = io.BytesIO(render_bytes(load_form(_form(tmp_path, MINIMAL)), "docx"))
    hostile = tmp_path / "实体.docx"
    with zipfile.ZipFile(entity) as source, zipfile.ZipFile(hostile, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/custom.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + data[data.index(b"?>") + 2:]
            out.writestr(name, data)
    for path, why in ((bomb, "压缩炸弹"), (hostile, "坏了")):
        with pytest.raises(DraftError) as refused:
            annotate_document(path, DATE)
        assert refused.value.problems[0].code == "A004" and why in refused.value.problems[0].message


def test_the_same_form_and_date_give_the_same_copy(write_form):
    path = write_form(DIRTY)
    assert annotate_form(path, Session(), DATE).data == annotate_form(path, Session(), DATE).data


FOREIGN = """# 青山县XX工作报告

三季度,全局开展 次排查，详见[待核实的链接](https://example.com)，*强调的“引号* 和 **加粗**。

| 项目 | 数量 |
|---|---|
| 排查,化解 | XX件 |
"""


def test_a_report_another_program_wrote_is_commented_inside_links_tables_and_styled_runs(tmp_path):
    """pandoc's .docx: a hyperlink, emphasis, a table. Every comment encloses its text, and the Open XML SDK finds
    nothing in the copy it did not find in the original (pandoc's own files have a few complaints of their own)."""
    import re

    from ..helpers import word_errors

    pandoc = require_program("pandoc", "pandoc")
    (tmp_path / "报告.md").write_text(FOREIGN, encoding="utf-8")
    report = tmp_path / "报告.docx"
    subprocess.run([pandoc, str(tmp_path / "报告.md"), "-o", str(report)], check=True, timeout=60)
    annotated = annotate_document(report, DATE)
    found = read_comments(annotated.data)
    assert [p.code for p in annotated.findings] == ["C202", "C201", "C202", "C203", "C205", "C203", "C202"]
    assert [c.anchored for c in found] == [p.subject.text for p in annotated.findings]
    copy = tmp_path / "审核稿.docx"
    copy.write_bytes(annotated.data)

    def complaints(path):
        return {re.sub(r"\[\d+\]", "", line) for line in word_errors(path)}

    assert complaints(copy) <= complaints(report)
