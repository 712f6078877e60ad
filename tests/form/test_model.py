"""The validated form's records: what a form read from a file knows about itself."""
from __future__ import annotations

from drafting.form.model import Item
from drafting.form.validate import load_form

from ..conftest import MINIMAL


def test_a_form_knows_its_source_and_quotes_its_lines(write_form):
    form = load_form(write_form(MINIMAL + "正文: [一段]\n"))
    assert form.source_text.startswith("模板: 通用") and form.source_lines[1] == "标题: 测试报告"
    assert form.excerpt(3) == "落款: 青山县委政法委" and form.excerpt(99) is None
    assert form.locations["落款"].line == 3 and form.template == "通用" and form.notices == ()
    assert isinstance(form.body[0], Item) and form.body[0].text == "一段"
