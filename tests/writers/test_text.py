"""The text writer: one paragraph a line, exactly the docx's paragraph texts."""
from __future__ import annotations

from drafting.document.ast import Document, Heading, Span, Title
from drafting.writers.text import write_text


def test_one_paragraph_a_line_blank_paragraphs_empty():
    doc = Document((Title(("第一行", "第二行"), Span("x", 1)), Heading(1, "工作", Span("x", 2))))
    assert write_text(doc) == "第一行\n第二行\n\n一、工作\n".encode("utf-8")
    assert write_text(Document(())) == b""
