"""Zero exit-3 on bad input: each case of the adversarial trial is a located Chinese message with exit 1 (or 2)."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from ..conftest import run

FIELDS = ["模板", "标题", "主送", "落款", "日期", "期间", "开头", "正文", "存在问题", "下一步", "结尾", "附件", "印章",
          "两级编号", "版式", "版头", "指标", "上期", "去年同期", "沿用上期", "阶段措辞"]
DEEP = "[" * 600 + "]" * 600
BOMB = "\n" + "".join(f"  - &a{i} [{', '.join([f'*a{i - 1}'] * 10) if i else ', '.join(['甲'] * 10)}]\n" for i in range(9))


def _form(field: str, value: str) -> str:
    head = "模板: 工作总结\n期间: 2023Q3\n标题: 报告\n" if field not in ("模板", "期间", "标题") else "模板: 工作总结\n"
    return head + f"{field}: {value}\n"


def _bad_input(code: int, err: str) -> None:
    assert code in (1, 2), err
    assert "内部错误" not in err and "Traceback" not in err


@pytest.mark.parametrize("field", FIELDS)
def test_deep_nesting_under_any_field(write_form, capsys, field):
    write_form(_form(field, DEEP))
    code, _, err = run(["build", "表单.yaml"], capsys)
    _bad_input(code, err)
    assert "嵌套层数超过 64 层" in err


@pytest.mark.parametrize("field", FIELDS)
def test_alias_bomb_under_any_field(write_form, capsys, field):
    write_form(_form(field, BOMB))
    code, _, err = run(["check", "表单.yaml"], capsys)
    _bad_input(code, err)
    assert "表单的内容展开后超过 20 万项" in err or "表单的内容展开后超过 20 万项" in _


@pytest.mark.parametrize("content", [DEEP, "角色:" + BOMB, "名称: &a [*a]"])
def test_hostile_profile_files(write_form, capsys, content):
    write_form(content + "\n", "版式.yaml")
    write_form("模板: 通用\n标题: 报告\n版式: 版式.yaml\n")
    code, _, err = run(["build", "表单.yaml"], capsys)
    _bad_input(code, err)
    assert "版式.yaml:" in err


@pytest.mark.parametrize("declaration, message", [
    (DEEP, "templates/甲.yaml:1:65: 错误[E011]：嵌套层数超过 64 层"),
    ("字段:" + BOMB, "templates/甲.yaml:7:5: 错误[E120]：表单的内容展开后超过 20 万项"),
    ("- 列表", "templates/甲.yaml:1:1: 错误[E103]：模板声明应当是“字段: 内容”形式的一组字段，实际是一个列表"),
    ("只是一行", "templates/甲.yaml:1:1: 错误[E103]：模板声明应当是“字段: 内容”形式的一组字段，实际是“只是一行”"),
    ("字段:\n  检查: {类型: [a]}", "templates/甲.yaml:2:12: 错误[E104]：类型应当是一项内容，实际是一个列表"),
    ("字段:\n  检查: {层级: abc}", "templates/甲.yaml:2:12: 错误[T023]：字段“检查”的层级应为 1 到 4 的整数，实际是“abc”"),
], ids=["deep", "alias bomb", "a list", "one line", "a list for a type", "a level not a number"])
def test_hostile_declarations(write_form, capsys, declaration, message):
    folder = write_form("模板: 甲\n标题: 报告\n").parent / "templates"
    folder.mkdir()
    (folder / "甲.j2").write_text('{% extends "内置/通用.j2" %}\n', encoding="utf-8")
    (folder / "甲.yaml").write_text(declaration + "\n", encoding="utf-8")
    code, _, err = run(["build", "表单.yaml"], capsys)
    _bad_input(code, err)
    assert err.startswith(message), err


def test_a_number_as_an_alias_is_taken_as_written(write_form, capsys):
    """别名: 5 is no hostile declaration: numbers are read as written and one value is a list of one."""
    folder = write_form("模板: 甲\n标题: 报告\n5: 甲乙\n").parent / "templates"
    folder.mkdir()
    (folder / "甲.j2").write_text('{% extends "内置/通用.j2" %}\n', encoding="utf-8")
    (folder / "甲.yaml").write_text("字段:\n  检查: {别名: 5}\n", encoding="utf-8")
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert code == 0 and "错误" not in out + err, out + err  # the form's 5 is the field 检查


def test_outputs_the_system_refuses(write_form, capsys):
    write_form("模板: 通用\n标题: 报告\n")
    code, _, err = run(["build", "表单.yaml", "-o", "/proc/没有/报告.docx"], capsys)
    _bad_input(code, err)
    assert "文件或文件夹不存在" in err or "目标文件夹" in err


def test_next_past_the_calendar(write_form, capsys):
    write_form("模板: 通用\n标题: 报告\n期间: 2023Q3\n日期: 9999-12-31\n")
    code, _, err = run(["next", "表单.yaml"], capsys)
    _bad_input(code, err)
    assert "表单.yaml:4:5: 错误[N003]：成文日期顺延到2023年第四季度后超出了日历能表示的范围" in err


def test_next_on_unusual_line_breaks(write_form, capsys):
    write_form("模板: 通用\n标题: 报告\u2028\n开头: 甲乙\u0085\n期间: 2023Q3\n")
    code, _, err = run(["next", "表单.yaml"], capsys)
    assert code == 0, err
    assert run(["check", "表单-2023Q4.yaml"], capsys)[0] in (0, 1)


@pytest.mark.parametrize("flag", ["method", "encrypted"])
def test_imports_of_zip_members_python_cannot_read(tmp_path, monkeypatch, capsys, flag):
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile(tmp_path / "报告.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray((tmp_path / "报告.docx").read_bytes())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    if flag == "method":
        data[local + 8:local + 10] = data[central + 10:central + 12] = (97).to_bytes(2, "little")
    else:
        data[local + 6] |= 1
        data[central + 8] |= 1
    (tmp_path / "报告.docx").write_bytes(bytes(data))
    code, _, err = run(["import", "报告.docx"], capsys)
    _bad_input(code, err)
    assert "不是有效的 Word 文件" in err


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["build", "没有.yaml"]])
def test_closed_standard_streams_give_no_traceback(tmp_path, argv):
    import os

    result = subprocess.run([sys.executable, "-m", "drafting", *argv], cwd=tmp_path, capture_output=False,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert b"Traceback" not in result.stderr and result.returncode in (0, 1)


def test_tags_on_mapping_keys_are_refused(write_form, capsys):
    write_form("模板: 通用\n!!python/name:os.system 标题: 报告\n指标:\n  !!binary aGk=: 3件\n")
    code, _, err = run(["build", "表单.yaml"], capsys)
    _bad_input(code, err)
    assert "表单.yaml:2:1: 错误[E105]：表单的字段名用了不支持的 YAML 标签“tag:yaml.org,2002:python/name:os.system”" in err


@pytest.mark.parametrize("figures", ["  2023: 5件\n", "  \"甲 \": 5件\n"])
def test_next_keeps_figure_keys_as_written(write_form, capsys, figures):
    """Bug: figure names such as 2023 or "甲 " came out twice in the next form (duplicate keys)."""
    write_form("模板: 通用\n标题: 报告\n期间: 2023Q3\n指标:\n" + figures)
    assert run(["next", "表单.yaml"], capsys)[0] == 0
    _, out, _ = run(["check", "表单-2023Q4.yaml"], capsys)
    assert "重复出现" not in out and "C102" in out  # the figure is there once, waiting for its new value


def test_next_past_year_9999(write_form, capsys):
    write_form("模板: 通用\n标题: 报告\n期间: 9999H2\n")
    code, _, err = run(["next", "表单.yaml"], capsys)
    _bad_input(code, err)
    assert "下一期是10000年，超出了四位数的年份" in err
