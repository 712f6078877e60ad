"""Layout: a numbered document as paragraphs of styled runs, shared by every writer."""
from __future__ import annotations

from drafting.document.ast import Document, Enumeration, Heading, Paragraph, Signature, Span
from drafting.document.numbering import number_document
from drafting.writers.layout import layout

SPAN = Span("测试", 1)


def test_run_in_heading_lead_and_enumeration_runs():
    doc = number_document(Document((Heading(1, "总体要求", SPAN, text="坚持……"),
                                    Paragraph("内容", SPAN, lead="强化学习", enumeration=Enumeration(("甲；", "乙")))),))
    first, second = layout(doc)
    assert [(r.text, r.role) for r in first.runs] == [("一、总体要求。", "一级标题"), ("坚持……", None)]
    assert first.role == "正文" and second.text == "强化学习。内容一是甲；二是乙。"
    assert [r.role for r in second.runs] == ["引语", None, "列举序号", None, "列举序号", None]


def test_sealed_and_unsealed_signatures_are_placed_by_the_standard():
    sealed = layout(Document((Signature("县委政法委", "2023年7月10日", SPAN),)))
    assert [p.role for p in sealed] == ["正文", "正文", "落款", "成文日期"]
    assert sealed[3].right_chars == 4.0 and sealed[2].right_chars == 4.0 + (6.5 - 5) / 2
    unsealed = layout(Document((Signature("县委政法委", "2023年7月10日", SPAN, sealed=False),)))
    assert [p.role for p in unsealed] == ["正文", "落款", "成文日期"] and unsealed[2].right_chars == 2.0
