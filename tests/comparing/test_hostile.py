"""Hostile pairs: a paragraph of one word repeated, a huge paragraph against a short one, many paragraphs changed —
each compared and written in bounded time (the seconds themselves are measured in bench/, not asserted here)."""
from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from lxml import etree

from drafting.comparing.diff import compare, marked_lines, revised_docx
from drafting.ooxml.comparable import open_docx


def paragraphs(texts: list[str]) -> bytes:
    """A .docx of one plain run per paragraph."""
    document = docx.Document()
    for text in texts:
        paragraph = etree.SubElement(document.element.body, qn("w:p"))
        etree.SubElement(etree.SubElement(paragraph, qn("w:r")), qn("w:t")).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_paragraph_of_one_word_repeated_keeps_what_both_ends_share():
    compared = compare(open_docx(paragraphs(["的，" * 50_000])), open_docx(paragraphs(["的，" * 49_000 + "了。" + "的，" * 1000])))
    (line,) = [line for line in marked_lines(compared) if "【" in line]
    assert line.count("【") == 1 and line.startswith("的，" * 1000) and "【增：了。】" in line
    assert revised_docx(compared, "a", "2024-01-01T00:00:00Z", "o")


def test_a_huge_paragraph_against_a_short_one():
    huge = "".join(f"第{i}项工作推进有力，" for i in range(10_000))
    compared = compare(open_docx(paragraphs(["第0项工作推进有力，"])), open_docx(paragraphs([huge])))
    assert compared.counted.total >= 1
    assert revised_docx(compared, "a", "2024-01-01T00:00:00Z", "o")


def test_many_paragraphs_each_changed():
    old = [f"第{i}段文字，内容是这样的。" for i in range(3000)]
    new = [f"第{i}段文字，内容改成那样的。" for i in range(3000)]
    compared = compare(open_docx(paragraphs(old)), open_docx(paragraphs(new)))
    assert compared.counted.changed == 3000
