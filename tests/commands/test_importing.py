"""The import command: refuses what is not a report, warns about what it leaves out, never overwrites."""
from __future__ import annotations

import docx


from ..conftest import run


def test_import_command_refuses_a_novel_and_warns_about_tables(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "小说.txt").write_text("那天下着雨。\n他走进了小屋。\n屋里很暗。\n", encoding="utf-8")
    code, _, err = run(["import", "小说.txt"], capsys)
    assert code == 1 and "看起来不是一份公文或报告" in err
    assert run(["import", "小说.txt", "--force"], capsys)[0] == 0
    document = docx.Document()
    document.add_paragraph("县委政法委工作报告")
    document.add_paragraph("")
    document.add_paragraph("一、工作情况")
    document.add_table(rows=1, cols=2)
    document.save(tmp_path / "带表格.docx")
    code, out, err = run(["import", "带表格.docx"], capsys)
    assert code == 0 and "文件里有 1 个表格，没有导入" in err and "一级标题 1 个" in out
    code, _, err = run(["import", "带表格.docx"], capsys)
    assert code == 1 and "已经存在，没有覆盖" in err
