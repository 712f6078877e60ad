"""draft check --layout end to end: forms and any .docx through LibreOffice, findings with page and line."""
from __future__ import annotations

import shutil

import pytest

from drafting.cli import main

from ..conftest import EXAMPLES, FIXTURES, require_soffice


def run(argv: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out + err


def test_a_report_from_the_previous_release_shows_the_marks_libreoffice_dropped(tmp_path, monkeypatch, capsys):
    """That release's −0.25 pt tracking with hanging punctuation lost “，” and “、” at two line ends;
    any .docx is checked, not only a form."""
    require_soffice()
    shutil.copy(FIXTURES / "drafting-0.1-half-year-summary.docx", tmp_path / "上半年.docx")
    monkeypatch.chdir(tmp_path)
    code, out = run(["check", "--layout", "上半年.docx"], capsys)
    assert code == 1
    assert "上半年.docx: 错误[L101]：第1页第" in out and "之后的“，”没有印出来" in out
    assert "之后的“、”没有印出来" in out


def test_todays_example_prints_every_character_and_keeps_its_signature(tmp_path, monkeypatch, capsys):
    require_soffice()
    shutil.copy(EXAMPLES / "half-year-summary.yaml", tmp_path / "上半年.yaml")
    shutil.copy(EXAMPLES / "half-year-summary-2022.yaml", tmp_path / "half-year-summary-2022.yaml")
    monkeypatch.chdir(tmp_path)
    code, out = run(["check", "--layout", "上半年.yaml"], capsys)
    assert "L101" not in out and "L102" not in out and "L103" not in out and "L104" not in out
    assert "检查完毕：1 个表单" in out  # a form is a 表单, with --layout or --annotate too
    # Nothing is written beside the form: the document and its PDF live in a temporary folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["half-year-summary-2022.yaml", "上半年.yaml"]


def test_without_libreoffice_it_says_so_in_chinese(tmp_path, monkeypatch, capsys):
    import drafting.commands.layoutcheck as layoutcheck

    monkeypatch.setattr(layoutcheck, "find_soffice", lambda: None)
    shutil.copy(EXAMPLES / "work-plan.yaml", tmp_path / "方案.yaml")
    monkeypatch.chdir(tmp_path)
    code, out = run(["check", "--layout", "方案.yaml"], capsys)
    assert code == 1
    assert "错误[L001]：没有找到 LibreOffice，无法检查版面" in out and "apt-get install libreoffice-writer" in out


def test_a_docx_without_layout_is_a_usage_error_that_names_the_option(tmp_path, monkeypatch, capsys):
    shutil.copy(FIXTURES / "drafting-0.1-half-year-summary.docx", tmp_path / "上半年.docx")
    monkeypatch.chdir(tmp_path)
    code, out = run(["check", "上半年.docx"], capsys)
    assert code == 2 and "上半年.docx 是 Word 文稿：检查文稿的版面要加 --layout" in out


def test_any_docx_gets_an_answer_never_a_traceback(tmp_path, monkeypatch, capsys):
    """A report written by python-docx (Word's default margins and styles) and a file that is no .docx."""
    require_soffice()
    import docx

    document = docx.Document()
    document.add_heading("关于某某工作的报告", 0)
    for _ in range(30):
        document.add_paragraph("这是一个测试段落，" * 8)
    document.save(tmp_path / "别处的.docx")
    (tmp_path / "坏的.docx").write_bytes(b"not a zip")
    monkeypatch.chdir(tmp_path)
    code, out = run(["check", "--layout", "别处的.docx", "坏的.docx"], capsys)
    assert code == 1 and "坏的.docx: 错误[I003]：“坏的.docx”不是有效的 Word 文件" in out
    assert "内部错误" not in out and "L101" not in out  # text in Word's wider type area is printed too


def test_a_document_of_too_many_pages_is_refused_not_measured(tmp_path, monkeypatch, capsys):
    require_soffice()
    import drafting.commands.layoutcheck as layoutcheck

    monkeypatch.setattr(layoutcheck, "MAX_PAGES", 2)
    shutil.copy(FIXTURES / "drafting-0.1-half-year-summary.docx", tmp_path / "上半年.docx")
    monkeypatch.chdir(tmp_path)
    code, out = run(["check", "--layout", "上半年.docx"], capsys)
    assert code == 1 and "错误[L002]：排出来有 8 页，超过版面检查的上限 2 页" in out
