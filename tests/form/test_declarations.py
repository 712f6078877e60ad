"""The template library: every built-in has an example, draft new builds, schemas validate, users override."""
from __future__ import annotations

import pytest

from drafting.check.checker import check_form
from drafting.pipeline.stages import render_bytes
from drafting.errors import ERROR
from drafting.form.validate import load_form

from ..conftest import EXAMPLES, run
from ..helpers import BUILTINS

EXAMPLE_OF = {"通用": "sample-003.yaml", "工作总结": "half-year-summary.yaml", "实施意见": "implementation-plan.yaml",
              "整改落实情况报告": "rectification-report.yaml", "工作汇报": "work-briefing.yaml", "工作方案": "work-plan.yaml"}


def test_builtin_templates_are_the_library():
    assert set(BUILTINS) == {"通用", "工作总结", "整改落实情况报告", "工作汇报", "实施意见", "工作方案"}


@pytest.mark.parametrize("name", sorted(set(EXAMPLE_OF) - {"通用"}))
def test_each_template_has_an_example_that_builds_clean(name):
    form = load_form(EXAMPLES / EXAMPLE_OF[name])
    assert form.template == name
    assert [p for p in check_form(form) if p.severity == ERROR] == []
    assert render_bytes(form, "docx")[:2] == b"PK"


def test_user_template_overrides_one_block_of_a_builtin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "工作总结.j2").write_text(
        '{% extends "内置/工作总结.j2" %}\n{% block 结尾 %}\n@para 特此报告。\n{% endblock %}\n', encoding="utf-8")
    form_path = tmp_path / "总结.yaml"
    form_path.write_text("模板: 工作总结\n期间: 2023Q3\n标题: 测试\n存在问题: [问题]\n下一步: [打算]\n", encoding="utf-8")
    form = load_form(form_path)
    assert form.spec.origin == str((tmp_path / "templates").resolve())
    lines = render_bytes(form, "txt").decode("utf-8").splitlines()
    assert lines == ["测试", "", "一、存在问题", "问题", "二、第四季度工作打算", "打算", "特此报告。"]


def test_template_dir_option_and_include_outside_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "我的模板"
    mine.mkdir()
    (mine / "简报.j2").write_text('@title {{ 标题 | first }}\n{% include "../../etc/passwd" %}\n', encoding="utf-8")
    (tmp_path / "简报.yaml").write_text("模板: 简报\n标题: 测试\n", encoding="utf-8")
    code, _, err = run(["build", "简报.yaml", "-t", str(mine)], capsys)
    assert code == 1 and "我的模板/简报.j2:2: 错误[T002]：模板引用的“../../etc/passwd”找不到，或不在模板文件夹内" in err
    code, _, err = run(["build", "简报.yaml"], capsys)
    assert code == 1 and "找不到模板“简报”" in err


def test_templates_cannot_reach_outside_their_folders(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    secret = tmp_path / "秘密.txt"
    secret.write_text("@para 机密内容\n", encoding="utf-8")
    (tmp_path / "templates" / "链接.j2").symlink_to(secret)
    for name, body in {"越界一": '{% include "链接.j2" %}', "越界二": '{% include "/etc/passwd" %}',
                       "越界三": '{% include "../秘密.txt" %}', "越界四": "@para {{ 落款.__class__.__mro__ }}"}.items():
        (tmp_path / "templates" / f"{name}.j2").write_text(body + "\n", encoding="utf-8")
        (tmp_path / f"{name}.yaml").write_text(f"模板: {name}\n落款: 县委\n", encoding="utf-8")
        code, _, err = run(["build", f"{name}.yaml", "-f", "txt"], capsys)
        assert code == 1 and f"templates/{name}.j2:1: 错误[T" in err and "]：模板" in err, err
        assert "机密内容" not in err and not (tmp_path / f"{name}.txt").exists()


@pytest.mark.parametrize("declaration, expected", [
    ("字段:\n  检查: 文字\n", "templates/甲.yaml:2:7: 错误[T021]：字段“检查”应当写成“检查: {类型: 文字, 说明: …}”，实际是“文字”"),
    ("- 描述\n- 字段\n", "templates/甲.yaml:1:1: 错误[E103]：模板声明应当是“字段: 内容”形式的一组字段，实际是一个列表"),
    ("字段:\n  检查: {类型: 文字, 层级: 二}\n", "templates/甲.yaml:2:20: 错误[T023]：字段“检查”的层级应为 1 到 4 的整数，实际是“二”"),
    ("字段:\n  检查: {类型: [a]}\n", "templates/甲.yaml:2:12: 错误[E104]：类型应当是一项内容，实际是一个列表"),
    ("字段:\n  检查: {类型: 数字}\n", "templates/甲.yaml:2:12: 错误[T022]：字段“检查”的类型“数字”无法识别"),
    ("描述: [未闭合\n", "templates/甲.yaml:2:1: 错误[E010]：YAML 格式错误"),
    ("基于: 没有这个\n", "templates/甲.yaml: 错误[T024]：模板“甲”基于的模板“没有这个”找不到"),
])
def test_a_malformed_declaration_is_a_located_template_error(tmp_path, monkeypatch, capsys, declaration, expected):
    """Bug: a malformed declaration ended in an internal error (exit 3) or a message without a line."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "甲.j2").write_text('{% extends "内置/通用.j2" %}\n', encoding="utf-8")
    (tmp_path / "templates" / "甲.yaml").write_text(declaration, encoding="utf-8")
    (tmp_path / "表.yaml").write_text("模板: 甲\n标题: 报告\n", encoding="utf-8")
    code, _, err = run(["build", "表.yaml"], capsys)
    assert code == 1 and expected in err, err


def test_what_a_template_expects_is_declared_not_named_in_the_checker(tmp_path, monkeypatch, capsys):
    """应有 in a declaration gives C301 (missing) and C302 (empty) for any template, not only 工作总结."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "述职.j2").write_text('{% extends "内置/通用.j2" %}\n', encoding="utf-8")
    (tmp_path / "templates" / "述职.yaml").write_text(
        "基于: 通用\n字段:\n  体会: {类型: 段落, 应有: 是, 全称: 几点体会}\n  结尾: {应有: 是}\n", encoding="utf-8")
    (tmp_path / "表.yaml").write_text("模板: 述职\n标题: 报告\n结尾: []\n", encoding="utf-8")
    code, out, _ = run(["check", "表.yaml"], capsys)
    assert code == 1
    assert "表.yaml:1:1: 警告[C301]：述职没有“几点体会”部分" in out
    assert "表.yaml:3:5: 错误[C302]：“结尾”部分是空的" in out
