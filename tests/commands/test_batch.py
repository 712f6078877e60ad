"""Batch builds: several forms, folders and globs; one bad form does not stop the rest; scaling."""
from __future__ import annotations

import os
import time

from drafting.commands.build import render_bytes
from drafting.form.validate import load_form

from ..conftest import run




def test_folder_build_goes_on_past_a_bad_form(forms, capsys):
    code, out, err = run(["build", "表单", "-o", "输出"], capsys)
    assert code == 1
    assert sorted(os.listdir(forms / "输出")) == [f"乡镇{i}.docx" for i in range(1, 5)]
    assert "表单/坏的.yaml:2:1: 错误：表单里没有“落欵”这个字段" in err
    assert err.splitlines()[-1] == "已生成 4 份，1 份有错误"


def test_globs_several_forms_quiet_and_workers(forms, capsys):
    code, out, err = run(["build", "表单/乡镇*.yaml", "表单/乡镇1.yaml", "-o", "出", "-q", "-j", "2"], capsys)
    assert (code, out, err) == (0, "", "")
    assert len(os.listdir(forms / "出")) == 4  # 乡镇1 named twice, built once
    code, out, _ = run(["build", "表单/乡镇*.yaml", "-o", "出"], capsys)
    assert code == 0 and out.splitlines()[-1] == "已生成 4 份"


def test_changed_rebuilds_only_what_changed(forms, capsys):
    run(["build", "表单/乡镇*.yaml", "-o", "出", "-q"], capsys)
    future = time.time() + 5
    os.utime(forms / "表单" / "乡镇2.yaml", (future, future))
    code, out, _ = run(["build", "表单/乡镇*.yaml", "-o", "出", "--changed"], capsys)
    assert code == 0 and out.splitlines()[-1] == "已生成 1 份，3 份没有改动未重新生成"


def test_output_must_be_a_folder_for_several_forms(forms, capsys):
    (forms / "文件.docx").write_bytes(b"x")
    code, _, err = run(["build", "表单/乡镇*.yaml", "-o", "文件.docx"], capsys)
    assert code == 1 and "生成多份文稿时 -o 要给一个文件夹" in err
    code, _, err = run(["build", "没有这些/*.yaml"], capsys)
    assert code == 1 and "没有找到要生成的表单" in err


def _long_form(tmp_path, paragraphs: int):
    path = tmp_path / f"长{paragraphs}.yaml"
    items = "".join(f"      - 引语: 第{i}项工作\n        内容: 扎实推进各项工作，累计排查矛盾纠纷{i}件。\n"
                    for i in range(paragraphs))
    path.write_text(f"模板: 通用\n标题: 长文稿\n正文:\n  - 标题: 工作情况\n    下级:\n{items}", encoding="utf-8")
    return load_form(path)


def test_time_per_paragraph_does_not_grow_with_length(tmp_path):
    """No quadratic step: 4,000 paragraphs cost about 20 times 200 (generous bound 2x per paragraph)."""
    small, large = _long_form(tmp_path, 200), _long_form(tmp_path, 4000)

    def per_paragraph(form, n):
        best = min(_timed(lambda: render_bytes(form, "docx")) for _ in range(3))
        return best / n

    render_bytes(small, "docx")  # warm caches
    assert per_paragraph(large, 4000) < 2.0 * per_paragraph(small, 200) + 1e-4


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
