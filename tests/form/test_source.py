"""Reading a form file: encodings, characters a form cannot hold (at the line YAML counts), YAML's own refusals."""
from __future__ import annotations

import pytest

from drafting.chars import split_lines
from drafting.errors import FormError
from drafting.form.source import SourceText, compose, fix_text, read_source

from ..conftest import run


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e"])
def test_control_characters_that_python_counts_as_line_breaks_are_found_at_their_line(write_form, capsys, char):
    """Bug: str.splitlines() broke lines at these, so they were never reported and later lines moved."""
    path = write_form(f"模板: 通用\n标题: 测{char}试\n落欵: 县委\n")
    code, out, _ = run(["check", str(path.name)], capsys)
    assert code == 1
    assert f"表单.yaml:2:6: 错误[E003]：第2行第6列有不可见的控制字符 U+{ord(char):04X}" in out


def test_lines_are_counted_as_yaml_counts_them():
    assert split_lines("a\x0bb\nc\r\nd\re\x85f\u2028g\u2029h\x1ci\n") == ["a\x0bb", "c", "d", "e", "f", "g", "h\x1ci"]
    source = SourceText(None, "x.yaml", "一\x0c二\n三\n")  # type: ignore[arg-type]
    assert source.lines == ["一\x0c二", "三"] and source.excerpt(2) == "三"


@pytest.mark.parametrize("char", ["\x7f", "\x80", "\x9f"])
def test_characters_yaml_refuses_get_a_located_chinese_message(write_form, capsys, char):
    """Bug: DEL and C1 controls reached PyYAML's reader, whose English error carried no line."""
    path = write_form(f"模板: 通用\n标题: 甲\n开头: 今{char}年\n")
    code, _, err = run(["build", path.name], capsys)
    assert code == 1
    assert f"表单.yaml:3:6: 错误[E003]：第3行第6列有不可见的控制字符 U+{ord(char):04X}" in err
    assert "special characters" not in err and "unacceptable" not in err


def test_fix_text_removes_what_yaml_refuses_too(write_form):
    source, _ = read_source(write_form("标题: 甲\x7f乙\u200b丙\n"))
    fixed, notices = fix_text(source)
    assert fixed.text == "标题: 甲乙丙\n"
    assert [(n.location.line, n.location.column, n.message) for n in notices] == [
        (1, 6, "已删除第1行第6列的不可见字符 U+007F"), (1, 8, "已删除第1行第8列的不可见字符 U+200B")]


def test_a_reader_error_is_located_even_when_it_comes_from_yaml_itself(tmp_path, monkeypatch):
    """PyYAML's reader error (no mark of its own) becomes a Chinese message at the character's line and column."""
    import drafting.form.source as source_module

    monkeypatch.setattr(source_module, "check_control_characters", lambda source: [])
    source = SourceText(tmp_path / "x.yaml", "x.yaml", "标题: 甲\n开头: 今\x7f年\n")
    with pytest.raises(FormError) as info:
        compose(source)
    problem = info.value.problems[0]
    assert (str(problem.location), problem.message) == ("x.yaml:2:6", "第2行第6列有 YAML 不允许的字符 U+007F")
    assert problem.excerpt == "开头: 今\x7f年"


YAML_MISTAKES = [
    "标题: 报告\n正文:\n\t- 段落\n", "标题: [未闭合\n", "标题: \"未闭合\n", "标题: \"坏\\q转义\"\n", "标题: *没有\n",
    "标题: 甲\n---\n标题: 乙\n", "标题: @某某\n", "标题: 甲: 乙\n", "落款 县委\n标题: 报告\n", "正文:\n  - 甲\n - 乙\n",
    "正文:\n  - 甲\n  乙: 丙\n", "标题: {甲: 乙\n", "标题: 报告\n  开头: 甲\n", "? [复杂键]\n: 值\n", "标题: >\n甲\n",
    "%YAML 9.9\n---\n标题: 甲\n", "标题: !!binary 不是base64\n", "标题: `反引号`\n",
]


@pytest.mark.parametrize("text", YAML_MISTAKES)
def test_every_yaml_mistake_is_told_in_chinese_at_a_place(write_form, capsys, text):
    """No English from PyYAML reaches the user, whatever the mistake."""
    import re

    write_form("模板: 通用\n" + text)
    code, out, err = run(["build", "表单.yaml"], capsys)
    assert code in (0, 1) and "内部错误" not in err
    if code == 1:
        first = err.splitlines()[0]
        assert re.match(r"^表单\.yaml:\d+(:\d+)?: 错误", first), first
        assert not re.search(r"[A-Za-z]{3,} [a-z]{2,}", first), first  # no English sentence
