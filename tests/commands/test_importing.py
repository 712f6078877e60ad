"""The import command: refuses what is not a report, warns about what it leaves out, never overwrites."""
from __future__ import annotations

import docx


from ..conftest import run


def test_import_command_refuses_a_novel_and_reads_a_word_table(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "小说.txt").write_text("那天下着雨。\n他走进了小屋。\n屋里很暗。\n", encoding="utf-8")
    code, _, err = run(["import", "小说.txt"], capsys)
    assert code == 1 and "看起来不是一份公文或报告" in err
    assert run(["import", "小说.txt", "--force"], capsys)[0] == 0
    document = docx.Document()
    document.add_paragraph("县委政法委工作报告")
    document.add_paragraph("")
    document.add_paragraph("一、工作情况")
    table = document.add_table(rows=3, cols=2)
    for index, (row, cells) in enumerate(zip(table.rows, (("工作", "进度"), ("排查", "已完成"), ("化解", "进行中")))):
        for cell, text in zip(row.cells, cells):
            cell.paragraphs[0].add_run(text).bold = index == 0
    document.save(tmp_path / "带表格.docx")
    code, out, err = run(["import", "带表格.docx"], capsys)
    assert code == 0 and "表格" not in err and "一级标题 1 个" in out
    form = (tmp_path / "带表格.yaml").read_text(encoding="utf-8")
    assert "表头: [工作, 进度]" in form and "- [排查, 已完成]" in form  # the bold first row is the header
    code, _, err = run(["import", "带表格.docx"], capsys)
    assert code == 1 and "已经存在，没有覆盖" in err


def test_import_never_writes_over_the_file_it_reads(write_form, capsys):
    """Review: `draft import 表单.yaml --overwrite` read the form as a report and replaced it with the result."""
    from ..conftest import MINIMAL

    path = write_form(MINIMAL)
    before = path.read_bytes()
    code, _, err = run(["import", str(path), "--overwrite"], capsys)
    assert code == 2 and "错误[O013]：输出“" in err and "是输入文件本身" in err and path.read_bytes() == before
