"""Batch builds: several forms, folders and globs; one bad form does not stop the rest."""
from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import time
from functools import partial

import pytest

from ..conftest import MINIMAL, run


def test_folder_build_goes_on_past_a_bad_form(forms, capsys):
    code, out, err = run(["build", "表单", "-o", "输出"], capsys)
    assert code == 1
    assert sorted(os.listdir(forms / "输出")) == [f"乡镇{i}.docx" for i in range(1, 5)]
    assert "表单/坏的.yaml:2:1: 错误[E101]：表单里没有“落欵”这个字段" in err
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
    assert code == 2 and "一次生成多个表单时 -o 要给一个文件夹，“文件.docx”是一个文件名" in err
    code, _, err = run(["build", "表单/乡镇*.yaml", "-o", "单个.docx"], capsys)  # Bug: made a folder named 单个.docx
    assert code == 2 and not (forms / "单个.docx").exists()
    code, _, err = run(["build", "没有这些/*.yaml"], capsys)
    assert code == 1 and "没有找到要生成的表单" in err


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_fix_text_works_the_same_in_worker_processes(forms, capsys, monkeypatch, start):
    """Bug: with -j 2 the removal notices were lost (fork) or --fix-text was ignored (spawn)."""
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor",
                        partial(concurrent.futures.ProcessPoolExecutor, mp_context=multiprocessing.get_context(start)))
    for name in ("甲", "乙"):
        (forms / "表单" / f"{name}.yaml").write_text(f"模板: 通用\n标题: {name}\u200b报告\n", encoding="utf-8")
    (forms / "表单" / "坏的.yaml").unlink()
    code, out, err = run(["build", "表单", "-o", "出", "-j", "2", "--fix-text", "-f", "txt"], capsys)
    assert code == 0, err
    for name in ("甲", "乙"):
        assert f"表单/{name}.yaml:2:6: 提示[E004]：已删除第2行第6列的不可见字符 U+200B" in err
        assert (forms / "出" / f"{name}.txt").read_text(encoding="utf-8") == f"{name}报告\n\n"
    assert out.splitlines()[-1] == "已生成 6 份"


def test_several_forms_cannot_go_to_standard_output(forms, capsys):
    """Bug: -o - with several forms wrote every document and the summary to stdout."""
    code, out, err = run(["build", "表单/乡镇1.yaml", "表单/乡镇2.yaml", "-o", "-"], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("用法错误：一次生成 2 个表单时不能用 -o - 输出到标准输出")


def test_a_profile_beside_the_forms_is_not_a_form(forms, capsys):
    """Bug: a style profile (or a template declaration) in the folder was built as a form and failed."""
    (forms / "表单" / "坏的.yaml").unlink()
    (forms / "表单" / "本单位版式.yaml").write_text("基于: gbt9704\n角色:\n  正文: {字体: 仿宋}\n", encoding="utf-8")
    (forms / "表单" / "声明.yaml").write_text("描述: 说明\n字段:\n  检查: {类型: 文字}\n", encoding="utf-8")
    code, out, err = run(["build", "表单", "-o", "出"], capsys)
    assert (code, err) == (0, "")
    assert sorted(os.listdir(forms / "出")) == [f"乡镇{i}.docx" for i in range(1, 5)]


def test_changed_follows_a_profile_named_by_its_alias(write_form, capsys):
    """Bug: --changed looked for 版式 but not for its alias profile:, so a changed profile rebuilt nothing."""
    profile = write_form("基于: gbt9704\n角色:\n  正文: {字体: 仿宋}\n", "版式.yaml")
    write_form(MINIMAL + "profile: 版式.yaml\n")
    assert run(["build", "表单.yaml", "--changed"], capsys)[0] == 0
    future = time.time() + 5
    os.utime(profile, (future, future))
    code, out, _ = run(["build", "表单.yaml", "--changed"], capsys)
    assert code == 0 and out == "已生成：表单.docx\n"


def test_a_folder_build_leaves_out_the_copies_a_merge_kept(forms, capsys):
    """表单.合并前-….yaml is the text a form had before draft import --into: not a form of its own to build."""
    (forms / "表单" / "乡镇1.合并前-20261206-0255.yaml").write_bytes((forms / "表单" / "乡镇1.yaml").read_bytes())
    code, out, err = run(["build", "表单", "-o", "输出"], capsys)
    assert sorted(os.listdir(forms / "输出")) == [f"乡镇{i}.docx" for i in range(1, 5)], err
