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


def test_the_body_s_last_two_lines_keep_with_the_signature():
    """GB/T 9704 7.3.5: a page break before the signature carries body text with it; 落款 and 成文日期
    never part. A one-line closing (特此报告。) brings the paragraph before it too."""
    long_text = "坚持系统治理依法治理综合治理源头治理" * 4
    doc = Document((Paragraph("不动的段落。", SPAN), Paragraph(long_text, SPAN), Paragraph("特此报告。", SPAN),
                    Signature("县委政法委", "2023年7月10日", SPAN)))
    paras = layout(doc)
    assert [(p.text[:4], p.keep_next, p.widow_control) for p in paras] == [
        ("不动的段", False, False), (long_text[:4], True, True), ("特此报告", True, True),
        ("", True, False), ("", True, False), ("县委政法", True, False), ("2023", False, False)]


def test_a_long_closing_paragraph_stays_out_of_the_keep_chain():
    """LibreOffice moves a kept paragraph whole and parts 落款 from 成文日期 when the chain outgrows the
    page: a closing paragraph of more than eight lines is not kept (the signature block still is)."""
    doc = Document((Paragraph("坚持系统治理依法治理" * 30, SPAN), Signature("县委政法委", "2023年7月10日", SPAN)))
    assert [(p.keep_next, p.widow_control) for p in layout(doc)] == [
        (False, False), (True, False), (True, False), (True, False), (False, False)]
