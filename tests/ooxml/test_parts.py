"""The fixed parts: footers with page fields, odd pages right and even pages left."""
from __future__ import annotations

from docx.oxml.ns import qn


def test_footers_hold_page_fields_odd_right_even_left(summary):
    assert summary.settings.odd_and_even_pages_header_footer
    section = summary.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        xml = footer._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.text == "— 1 —"
        assert footer.style.name == "公文页码"
    assert odd._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert odd._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "100"
    assert even._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "left"
    assert even._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")) == "100"
    assert even._p.pPr.find(qn("w:ind")).get(qn("w:firstLine")) == "0"
