"""Marks taken during a render: which template file and line printed each line of its output."""
from __future__ import annotations

import pytest
from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

from drafting.render import sandbox
from drafting.render.marks import innermost, line_of, printer
from drafting.render.sandbox import bounded_render


@pytest.fixture
def env(tmp_path):
    """An environment whose templates are files (a template read from a string has no file to name)."""
    return SandboxedEnvironment(loader=FileSystemLoader(str(tmp_path)), trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)


def _marked(env, tmp_path, files):  # type: ignore[no-untyped-def]
    """The output of the first of ``files`` rendered with marks, and the marks."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    marks: list = []
    text = bounded_render(env.get_template(next(iter(files))), {"items": ["甲", "乙"]}, marks=marks)
    return text, marks


def test_each_line_names_the_template_line_that_printed_it(env, tmp_path):
    text, marks = _marked(env, tmp_path, {
        "页.j2": "@title 标题\n\n{% for item in items %}\n  {{ item }}\n{% endfor %}\n{% block 尾 %}@end{% endblock %}",
    })
    assert text == "@title 标题\n\n  甲\n  乙\n@end"
    found = [printer(marks, text, line) for line in range(1, 7)]
    assert [(p.file.rpartition("/")[2], p.line) if p else None for p in found] == [
        ("页.j2", 1), None, ("页.j2", 4), ("页.j2", 4), ("页.j2", 6), None]
    assert found[2].text == "甲" and found[0].skipped == 0  # the indent is a chunk of its own: blank


def test_literal_text_over_several_lines_is_one_chunk_with_the_lines_it_skips(env, tmp_path):
    text, marks = _marked(env, tmp_path, {"页.j2": "{{ items[0] }}\n@para 一\n@para 二\n"})
    third = printer(marks, text, 3)
    assert third is not None and third.line == 1 and third.skipped == 2 and third.text == "@para 二"


def test_a_chunk_that_continues_a_blank_line_starts_it(env, tmp_path):
    text, marks = _marked(env, tmp_path, {"页.j2": "{{ '  ' }}{{ '\\n' }}   {{ items[1] }}\n"})
    assert text == "  \n   乙\n"
    second = printer(marks, text, 2)
    assert second is not None and second.text == "乙" and second.skipped == 0


def test_blocks_and_parents_are_followed(env, tmp_path):
    text, marks = _marked(env, tmp_path, {
        "子.j2": '{% extends "父.j2" %}\n{% block 中 %}\n@para 子\n{% endblock %}\n',
        "父.j2": "@para 父\n{% block 中 %}{% endblock %}\n@para 尾\n",
    })
    assert text == "@para 父\n@para 子\n@para 尾\n"
    assert [(p.file.rpartition("/")[2], p.line) for p in (printer(marks, text, n) for n in (1, 2, 3))] == [
        ("父.j2", 1), ("子.j2", 2), ("父.j2", 2)]  # the line of the tag whose line break trim_blocks ate
    # (template._data_line then finds the literal text on the next line)


def test_marks_stop_at_their_bound(env, tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_MARKS", 10)
    (tmp_path / "多.j2").write_text("{% for i in range(2000) %}\n{{ i }}\n{% endfor %}\n", encoding="utf-8")
    marks: list = []
    text = bounded_render(env.get_template("多.j2"), {}, marks=marks)
    assert len(marks) <= 10 + 256 + 1 and marks[-1][2] is None
    assert printer(marks, text, 2) is not None and printer(marks, text, 1999) is None


def test_no_marks_are_taken_unless_asked(env, tmp_path):
    (tmp_path / "页.j2").write_text("@para 甲\n", encoding="utf-8")
    assert bounded_render(env.get_template("页.j2"), {}) == "@para 甲\n"


def test_an_instruction_is_read_as_its_line():
    def paused():  # type: ignore[no-untyped-def]
        yield 1
        total = 2
        yield total

    generator = paused()
    for _ in generator:
        frame = generator.gi_frame
        assert line_of(frame.f_code, frame.f_lasti) == frame.f_lineno


def test_the_innermost_generator_is_found():
    def inner():  # type: ignore[no-untyped-def]
        yield 1

    def outer():  # type: ignore[no-untyped-def]
        yield from inner()

    generator = outer()
    next(generator)
    assert innermost(generator).gi_code.co_name == "inner"
    assert innermost(iter([1])).__class__ is type(iter([1]))


def test_a_line_is_found_where_it_starts():
    from itertools import product

    from drafting.render.marks import _line_start

    for text in ("".join(chars) for size in range(6) for chars in product("a\n", repeat=size)):
        starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        assert [_line_start(text, line) for line in range(len(starts) + 2)] == [None, *starts, None], repr(text)
