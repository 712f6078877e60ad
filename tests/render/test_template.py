"""Rendering forms through Jinja templates: output markup and located template errors."""

import pytest

from drafting.errors import FormError, TemplateError
from drafting.document.markup import read_markup
from drafting.render.context import items_filter
from drafting.render.template import render_markup
from drafting.resources import template_folders
from drafting.form.declarations import template_names
from drafting.form.validate import load_form

from ..conftest import MINIMAL, run


@pytest.fixture
def form(write_form):
    return load_form(write_form(MINIMAL + "正文:\n  - 标题: 甲\n    内容: 乙\n"))


def test_builtin_templates_are_listed():
    assert {"通用", "工作总结"} <= {name for name, _ in template_names(template_folders(None))}


def test_items_become_markup_without_numbers(form):
    assert items_filter(form.body) == "@heading 甲\n@text 乙\n@end"


@pytest.fixture
def templates(tmp_path):
    """The form's own templates/ folder."""
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


def test_data_after_a_directive_stays_text(write_form, templates):
    (templates / "模板甲.j2").write_text("@para {{ 落款 }}\n", encoding="utf-8")
    form = load_form(write_form(MINIMAL.replace("模板: 通用", "模板: 模板甲")))
    markup, _ = render_markup(form.replace(unit="@heading 注入"))
    assert markup == "@para @heading 注入\n"
    assert [b.text for b in read_markup(markup, "测试").blocks] == ["@heading 注入"]


def test_form_texts_cannot_carry_line_breaks_into_markup(write_form):
    with pytest.raises(FormError) as info:
        load_form(write_form(MINIMAL.replace("落款: 青山县委政法委", "落款: \"第一行\\n@heading 注入\"")))
    assert info.value.problems[0].message == "落款只能写一段，不能换行"


def test_summary_template_words_the_period(write_form):
    form = load_form(write_form("模板: 工作总结\n期间: 2023Q3\n落款: 青山县委政法委\n"
                                "存在问题: [问题甲]\n下一步: [打算甲]\n"))
    markup, name = render_markup(form)
    assert name == "工作总结.j2"
    assert markup.splitlines()[0] == "@title[from=标题] 青山县委政法委2023年第三季度工作总结及第四季度工作打算"
    assert "@heading[from=存在问题/标题] 存在问题" in markup and "@heading[from=下一步/标题] 第四季度工作打算" in markup


def test_unknown_template_names_the_form_line(write_form):
    with pytest.raises(FormError) as info:
        load_form(write_form(MINIMAL.replace("模板: 通用", "模板: 工作总节")))
    (problem,) = info.value.problems
    assert str(problem.location) == "表单.yaml:1:5"
    assert problem.message == "找不到模板“工作总节”，您是否想写“工作总结”？"


def _template_problems(write_form, templates, name, text):
    """The problems of rendering a form through a user template ``name`` holding ``text``."""
    (templates / f"{name}.j2").write_text(text, encoding="utf-8")
    form = load_form(write_form(MINIMAL.replace("模板: 通用", f"模板: {name}")))
    with pytest.raises(TemplateError) as info:
        render_markup(form)
    return info.value.problems


def test_syntax_error_names_template_file_and_line(write_form, templates):
    (problem,) = _template_problems(write_form, templates, "坏模板", "@title 标题\n{% if 落款 %}\n缺少 endif\n")
    assert str(problem.location) == "templates/坏模板.j2:3"
    assert problem.message == "模板语法错误：{% %} 没有写完：缺少对应的结束标记（如 {% endfor %}、{% endif %}）"


def test_undefined_variable_names_template_file_and_line(write_form, templates):
    (problem,) = _template_problems(write_form, templates, "错字", "@title 标题\n@para {{ 落欵 }}\n")
    assert str(problem.location) == "templates/错字.j2:2"
    assert problem.message == "模板用到了未定义的内容：'落欵'"
    assert problem.excerpt == "@para {{ 落欵 }}"


def test_sandbox_blocks_python_internals(write_form, templates):
    problems = _template_problems(write_form, templates, "越界", "@para {{ 落款.__class__.__mro__ }}\n")
    assert str(problems[0].location) == "templates/越界.j2:1"


def test_a_markup_mistake_points_at_the_template_line_that_printed_it(write_form, templates, capsys):
    """Bug: errors in rendered markup pointed at an invisible “模板的输出:N” instead of the template file."""
    (templates / "模板甲.j2").write_text(
        '{% extends "内置/通用.j2" %}\n{% block 正文 %}\n{{ 正文 | 条目 }}\n@item 多出来的一项\n@end\n{% endblock %}\n',
        encoding="utf-8")
    write_form(MINIMAL.replace("模板: 通用", "模板: 模板甲") + "正文: [一段]\n")
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1
    assert err.startswith("templates/模板甲.j2:4: 错误[T010]：@item 前面必须有 @enum\n    @item 多出来的一项\n")
    (templates / "模板甲.j2").write_text('{% extends "内置/通用.j2" %}\n{% block 结尾 %}\n@end\n{% endblock %}\n',
                                       encoding="utf-8")
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and err.startswith("templates/模板甲.j2:3: 错误[T010]：@end 多了一个，没有对应的 @heading")


@pytest.mark.parametrize("block, where, message", [
    ("{% for i in range(3) %}\n@para 第{{ i }}段\n{% if loop.last %}\n@end\n{% endif %}\n{% endfor %}\n",
     ":7:", "@end 多了一个，没有对应的 @heading"),
    ("@heading 一\n@heading 二\n  @heading 三\n{{ '@heading 四' }}\n@heading 五\n",
     ":8:", "标题层级超过四级"),
    ("{{ 宏.列举项() }}\n", ":4:", "@item 前面必须有 @enum"),
    ("@para 甲\n\n@para 乙 {{ '\\x00' }}\n", ":6:", "模板写出了 Word 文件不能容纳的字符 U+0000"),
])
def test_a_markup_mistake_is_located_without_running_the_template_again(write_form, templates, capsys, monkeypatch,
                                                                       block, where, message):
    """Issue #24: the one render that printed the markup says which template line printed each line."""
    from jinja2.environment import Template

    generate, runs = Template.generate, []

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(self.name)
        return generate(self, *args, **kwargs)

    monkeypatch.setattr(Template, "generate", counted)
    (templates / "_宏甲.j2").write_text("{% macro 列举项() %}\n@item 多出来的一项\n{% endmacro %}\n", encoding="utf-8")
    (templates / "模板甲.j2").write_text('{% extends "内置/通用.j2" %}\n{% import "_宏甲.j2" as 宏 %}\n'
                                       '{% block 结尾 %}\n' + block + '{% endblock %}\n', encoding="utf-8")
    write_form(MINIMAL.replace("模板: 通用", "模板: 模板甲"))
    code, _, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and err.startswith(f"templates/模板甲.j2{where} 错误[T01") and message in err.splitlines()[0], err
    assert runs.count("模板甲.j2") == 1
