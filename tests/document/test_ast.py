"""The document model: blocks writers read, a heading running into its paragraph or standing alone."""
from __future__ import annotations

from drafting.document.ast import Document, Enumeration, Heading, Span


def test_a_heading_runs_in_when_it_has_text_or_a_list():
    span = Span("模板“通用.j2”的输出", 3)
    assert str(span) == "模板“通用.j2”的输出:3"
    assert not Heading(1, "工作", span).runs_in
    assert Heading(2, "措施", span, text="内容").runs_in and Heading(2, "措施", span, enumeration=Enumeration(("甲",))).runs_in
    assert not Document(()).numbered
