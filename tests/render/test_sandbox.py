"""The sandbox every template runs in: bounded output and time, confined loading, values kept on one line."""
from __future__ import annotations

import pytest
from jinja2 import TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from drafting.render.sandbox import ConfinedLoader, MarkupText, RenderLimit, blank_none, bounded_render, one_line


def test_output_and_time_are_bounded():
    env = SandboxedEnvironment()
    assert bounded_render(env.from_string("{% for i in range(3) %}{{ i }}{% endfor %}"), {}) == "012"
    with pytest.raises(RenderLimit, match="输出超过 1 百万字"):
        bounded_render(env.from_string("{% for i in range(99999) %}xxxxxxxxxxxx{% endfor %}"), {}, 1_000_000)
    with pytest.raises(RenderLimit, match="运行超过 0.0 秒"):
        bounded_render(env.from_string("{% for i in range(100000) %}{{ i }}{% endfor %}"), {}, max_seconds=0.0)


def test_templates_load_only_from_inside_their_folders(tmp_path):
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "a.j2").write_text("甲", encoding="utf-8")
    (tmp_path / "secret.j2").write_text("密", encoding="utf-8")
    (tmp_path / "inside" / "link.j2").symlink_to(tmp_path / "secret.j2")
    env = SandboxedEnvironment(loader=ConfinedLoader([str(tmp_path / "inside")]))
    assert env.get_template("a.j2").render() == "甲"
    for name in ("../secret.j2", "link.j2"):
        with pytest.raises(TemplateNotFound):
            env.get_template(name)


def test_values_and_markup():
    assert one_line("甲\n@heading 乙\r") == "甲@heading 乙" and one_line("甲") == "甲"
    assert blank_none(None) == "" and blank_none(0) == 0
    assert isinstance(MarkupText("@para 甲"), str)
