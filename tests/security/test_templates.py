"""The template language under attack, in form texts and in user templates: every case a located error, in bounds.

(bench/linear.py times the hostile form texts: each within 2 s, never the minutes it once took.)
"""
from __future__ import annotations

import pytest

from ..conftest import MINIMAL, run


@pytest.mark.parametrize("text, message", [
    ("{{ 9**(9**9) }}", "开头里的模板停止运行：数字太大（9 的 387420489 次方）"),
    ("{{ \"x\" * 3 * 10**9 }}", "开头里的模板停止运行：重复得到的内容超过 100 万项"),
    ("{{ [1] * 10**8 }}", "开头里的模板停止运行：重复得到的内容超过 100 万项"),
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "开头里的模板停止运行：运行超过"),
    ("{{ 1/0 }}", "开头里的计算出错：除数为 0"),
    ("{{ range(100001) | list }}", "开头里的计算出错"),
    ("{{ \"\\x00\" }}", "开头里的模板写出了 Word 文件不能容纳的字符 U+0000"),
    ("{{ \"\\ufffe\" }}", "开头里的模板写出了 Word 文件不能容纳的字符 U+FFFE"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "开头里的宏无限地调用自己"),
])
def test_hostile_form_texts_are_located_errors_within_bounds(write_form, capsys, text, message):
    write_form(MINIMAL + f"开头: '{text}'\n")
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and "表单.yaml:5:5: 错误[" in err and message in err, err
    assert "内部错误" not in err


@pytest.mark.parametrize("body, message", [
    ("{{ 1/0 }}", "templates/甲.j2:2: 错误[T002]：模板里的计算出错：除数为 0"),
    ("{{ range(100001) | list }}", "templates/甲.j2:2: 错误[T002]：模板里的计算出错：数字或范围太大（range 最多 10 万项）"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "templates/甲.j2:2: 错误[T002]：模板里的宏或 include 无限地调用自己"),
    ("{% include \"甲.j2\" %}", "templates/甲.j2:2: 错误[T002]：模板里的宏或 include 无限地调用自己"),
    ("{{ 9**(9**9) }}", "templates/甲.j2:2: 错误[T002]：模板停止运行：数字太大"),
    ("@para {{ \"\\x00\" }}", "templates/甲.j2:2: 错误[T011]：模板写出了 Word 文件不能容纳的字符 U+0000"),
    ("@para {{ \"\\ud800\" }}", "templates/甲.j2:2: 错误[T011]：模板写出了 Word 文件不能容纳的字符 U+D800"),
])
def test_hostile_user_templates_are_located_errors(write_form, capsys, body, message):
    templates = write_form(MINIMAL, "表单.yaml").parent / "templates"
    templates.mkdir()
    (templates / "甲.j2").write_text("{% extends \"内置/通用.j2\" %}{% block 正文 %}\n" + body + "\n{% endblock %}\n",
                                     encoding="utf-8")
    write_form(MINIMAL.replace("模板: 通用", "模板: 甲"))
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and err.startswith(message), err


def test_a_template_in_another_encoding_is_named(write_form, capsys):
    templates = write_form(MINIMAL).parent / "templates"
    templates.mkdir()
    (templates / "甲.j2").write_bytes("{% extends \"内置/通用.j2\" %}{# 注释 #}\n".encode("gbk"))
    (templates / "甲.yaml").write_text("基于: 通用\n", encoding="utf-8")
    write_form(MINIMAL.replace("模板: 通用", "模板: 甲"))
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and "不是 UTF-8 编码" in err


def test_an_unreadable_template_is_reported_as_the_template(write_form, capsys, monkeypatch):
    """Bug: a template file that could not be read was reported as a problem of the form."""
    import errno

    from drafting.render.sandbox import ConfinedLoader

    templates = write_form(MINIMAL).parent / "templates"
    templates.mkdir()
    (templates / "甲.j2").write_text('{% extends "内置/通用.j2" %}\n', encoding="utf-8")
    write_form(MINIMAL.replace("模板: 通用", "模板: 甲"))

    def unreadable(self, environment, template):
        raise PermissionError(errno.EACCES, "Permission denied", str(templates / "甲.j2"))

    monkeypatch.setattr(ConfinedLoader, "get_source", unreadable)
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and err.startswith("templates/甲.j2: 错误[T003]：模板文件无法读取：没有权限"), err


def test_strings_doubled_in_a_loop_meet_the_memory_bound(write_form, capsys):
    """A template that doubles a string forty times stops at the 500 MB bound, not at the OOM killer."""
    write_form(MINIMAL + "开头: '{% set ns = namespace(s=\"x\" * 1000) %}{% for i in range(40) %}"
                         "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}'\n")
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and "开头里的模板停止运行：占用内存超过 500 MB" in err
