"""A batch reports, never aborts: each form's failure — a hostile form, even drafting's own defect — under its name."""
from __future__ import annotations

import os

import pytest

from ..conftest import run


def test_a_deeply_nested_form_does_not_stop_the_batch(forms, capsys):
    """Bug: a form nested 600 deep ended the whole batch in an internal error, with only the forms before it built."""
    (forms / "表单" / "甲深.yaml").write_text("模板: 通用\n标题: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
    code, _, err = run(["build", "表单", "-o", "出"], capsys)
    assert code == 1 and "表单/甲深.yaml:2:" in err and "嵌套层数超过 64 层" in err
    assert sorted(os.listdir(forms / "出")) == [f"乡镇{i}.docx" for i in range(1, 5)]
    assert err.splitlines()[-1] == "已生成 4 份，2 份有错误"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_internal_error_is_reported_under_its_form_and_saved(forms, capsys, monkeypatch, jobs):
    import drafting.pipeline.stages as build_module

    real = build_module.document

    def flaky(form, session=None):
        if form.name.endswith("乡镇2.yaml"):
            raise RuntimeError("a defect")
        return real(form, session)

    monkeypatch.setattr(build_module, "document", flaky)
    (forms / "表单" / "坏的.yaml").unlink()
    code, _, err = run(["build", "表单", "-o", "出", "-j", jobs], capsys)
    assert code == 3  # worker processes fork after the patch, so they meet the defect too
    assert "表单/乡镇2.yaml: 错误[X001]：内部错误：draft 出现了意外问题（这是软件缺陷，不是您的错），详细信息已保存到 " in err
    assert sorted(os.listdir(forms / "出")) == ["乡镇1.docx", "乡镇3.docx", "乡镇4.docx"]
    assert err.splitlines()[-1] == "已生成 3 份，1 份有错误（其中 1 份是 draft 的内部错误）"
    saved = err.split("详细信息已保存到 ")[1].split("，")[0]
    with open(saved, encoding="utf-8") as report:
        assert "RuntimeError: a defect" in report.read()


def test_two_forms_that_would_write_one_file_are_refused_naming_both(tmp_path, monkeypatch, capsys):
    """Bug: x/report.yaml and y/report.yaml into one folder printed “已生成 2 份” and left one file."""
    monkeypatch.chdir(tmp_path)
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.yaml").write_text("模板: 通用\n标题: 报告\n", encoding="utf-8")
    (tmp_path / "x" / "report.yml").write_text("模板: 通用\n标题: 报告\n", encoding="utf-8")
    for argv in (["x/report.yaml", "y/report.yaml", "-o", "out"], ["x/report.yaml", "x/report.yml"]):
        code, _, err = run(["build", *argv], capsys)
        assert code == 2 and "都会写成" in err and "后一份会覆盖前一份" in err, err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    assert not (tmp_path / "x" / "report.docx").exists()


def test_a_trailing_slash_names_a_folder_even_for_one_form(write_form, capsys):
    """Bug: a folder output with one form (-o 输出/) wrote a Word file named 输出."""
    write_form("模板: 通用\n标题: 报告\n")
    code, out, _ = run(["build", "表单.yaml", "-o", "输出/"], capsys)
    assert code == 0
    assert out == "已生成：输出/表单.docx\n"


@pytest.mark.parametrize("output, message", [
    ("表单.yaml", "输出文件“表单.yaml”的扩展名应是 .docx、.txt 或 .pdf"),
    ("上期.txt", "输出“上期.txt”是输入文件“上期.txt”本身，不能覆盖它"),
])
def test_an_output_never_replaces_an_input(write_form, capsys, output, message):
    """Bug: -o self.yaml replaced the form with a .docx."""
    write_form("指标:\n  甲: 1件\n", "上期.txt")
    write_form("基于: gbt9704\n", "版式.yaml")
    form = write_form("模板: 通用\n标题: 报告\n版式: 版式.yaml\n上期: 上期.txt\n")
    before = {p.name: p.read_bytes() for p in form.parent.iterdir() if p.is_file()}
    code, _, err = run(["build", "表单.yaml", "-o", output], capsys)
    assert code == 2 and message in err, err
    assert {p.name: p.read_bytes() for p in form.parent.iterdir() if p.is_file()} == before


def test_a_planted_link_beside_the_form_is_not_written_through(write_form, capsys, tmp_path):
    (tmp_path / "victim").mkdir()
    victim = tmp_path / "victim" / "notes.txt"
    victim.write_text("notes", encoding="utf-8")
    form = write_form("模板: 通用\n标题: 报告\n")
    (form.parent / "表单.docx").symlink_to(victim)
    (form.parent / "表单.txt").symlink_to(tmp_path / "victim" / "new.txt")  # dangling
    for fmt in ("docx", "txt"):
        code, _, err = run(["build", "表单.yaml", "-f", fmt], capsys)
        assert code == 1 and "是一个符号链接" in err
    assert victim.read_text(encoding="utf-8") == "notes" and not (tmp_path / "victim" / "new.txt").exists()


def test_a_fifo_as_output_or_form_never_blocks(write_form, capsys):
    import os

    form = write_form("模板: 通用\n标题: 报告\n")
    os.mkfifo(form.parent / "管道.docx")
    os.mkfifo(form.parent / "管道.yaml")
    code, _, err = run(["build", "表单.yaml", "-o", "管道.docx"], capsys)
    assert code == 1 and "不是普通文件" in err
    code, _, err = run(["build", "管道.yaml", "--changed"], capsys)
    assert code == 1 and "不是普通文件" in err
