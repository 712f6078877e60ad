"""-o planned before anything is built: the suffix decides the format, and no file the user owns is ever lost."""
from __future__ import annotations


import pytest


from ..conftest import EXAMPLES, MINIMAL, require_soffice, run


def test_import_then_build_leaves_the_users_word_file_byte_identical(tmp_path, monkeypatch, capsys):
    """Bug: the README's steps (draft import X.docx, then draft build X.yaml) replaced the user's X.docx."""
    monkeypatch.chdir(tmp_path)
    assert run(["build", str(EXAMPLES / "work-briefing.yaml"), "-o", "原稿.docx"], capsys)[0] == 0
    original = tmp_path / "年度总结.docx"
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO((tmp_path / "原稿.docx").read_bytes())) as source, \
            zipfile.ZipFile(original, "w") as copy:  # the same report, as Word would have saved it
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "docProps/app.xml":
                part = part.replace(b"drafting", b"Microsoft Office Word")
            copy.writestr(info, part)
    before = original.read_bytes()
    assert run(["import", "年度总结.docx"], capsys)[0] == 0
    code, out, err = run(["build", "年度总结.yaml"], capsys)
    assert code == 0 and out == "已生成：年度总结（draft）.docx\n"
    assert "“年度总结.docx”不是 draft 生成的文件（可能是您自己的 Word 文稿），没有覆盖它，文稿写到了“年度总结（draft）.docx”" in err
    assert original.read_bytes() == before  # untouched, byte for byte
    code, _, err = run(["build", "年度总结.yaml", "-o", "年度总结.docx"], capsys)
    assert code == 1 and "不是 draft 生成的文件" in err and original.read_bytes() == before
    assert run(["build", "年度总结.yaml", "-o", "年度总结.docx", "--replace-edited"], capsys)[0] == 0
    assert original.read_bytes() != before  # replaced only when asked


def test_a_report_drafting_wrote_is_rebuilt_in_place(write_form, capsys):
    write_form(MINIMAL)
    assert run(["build", "表单.yaml"], capsys)[0] == 0
    code, out, _ = run(["build", "表单.yaml"], capsys)
    assert (code, out) == (0, "已生成：表单.docx\n")


@pytest.mark.parametrize("output, fmt", [("报告.txt", "txt"), ("报告.docx", "docx")])
def test_the_suffix_decides_the_format(write_form, capsys, output, fmt):
    """Bug: -o x.pdf wrote a Word file named .pdf."""
    write_form(MINIMAL)
    assert run(["build", "表单.yaml", "-o", output], capsys)[0] == 0
    with open(output, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"PK") == (fmt == "docx")


@pytest.mark.parametrize("argv, message", [
    (["-o", "报告.doc"], "输出文件“报告.doc”的扩展名应是 .docx、.txt 或 .pdf"),
    (["-o", "新文件夹"], "输出文件“新文件夹”的扩展名应是 .docx、.txt 或 .pdf"),
    (["-o", "报告.txt", "-f", "docx"], "-f docx 和输出文件“报告.txt”的扩展名不一致"),
])
def test_a_file_name_that_cannot_hold_the_report_is_a_usage_error(write_form, capsys, argv, message):
    write_form(MINIMAL)
    code, _, err = run(["build", "表单.yaml", *argv], capsys)
    assert code == 2 and message in err
    assert sorted(p.name for p in write_form(MINIMAL).parent.iterdir()) == ["表单.yaml"]


def test_force_says_how_many_placeholders_the_document_holds(write_form, capsys):
    write_form(MINIMAL + "指标:\n  甲: null\n开头: 甲{{ 指标.甲 }}，乙{{ 指标.甲 | 同比 }}。\n")
    code, _, err = run(["build", "表单.yaml", "--force", "-q"], capsys)
    assert code == 0 and err.splitlines()[-1] == "警告：文稿里还有 2 处“【待填】”，补齐表单后去掉 --force 再生成"


@pytest.mark.render
def test_a_pdf_named_with_o_is_a_pdf(write_form, capsys):
    require_soffice()
    folder = write_form(MINIMAL).parent
    code, out, _ = run(["build", "表单.yaml", "-o", "报告.pdf"], capsys)
    assert (code, out) == (0, "已生成：报告.pdf\n")
    assert (folder / "报告.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in folder.iterdir()) == sorted(["表单.yaml", "报告.pdf"])


def test_pdf_to_the_screen_is_a_usage_error(write_form, capsys):
    """Review: `-o - --pdf` printed the document and silently made no PDF."""
    write_form(MINIMAL)
    code, out, err = run(["build", "表单.yaml", "-o", "-", "--pdf"], capsys)
    assert code == 2 and "--pdf 不能和 -o -" in err and out == ""


def test_quiet_says_a_refused_form_s_errors_not_its_warnings(write_form, capsys):
    """Review: `build -q` on a refused form still printed every warning."""
    write_form(MINIMAL + "指标:\n  乙: 5\n开头: 本季度排查矛盾纠纷 件，乙{{ 指标.乙 }}。\n")  # C201 and a C104
    code, _, loud = run(["build", "表单.yaml"], capsys)
    code_q, _, quiet = run(["build", "表单.yaml", "-q"], capsys)
    assert code == code_q == 1 and "警告" in loud and "错误" in quiet
    assert not [line for line in quiet.splitlines() if "警告[" in line]
