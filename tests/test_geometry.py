"""GB/T 9704 geometry: the numbers agree with each other and with the standard's millimetres."""
from __future__ import annotations

from drafting import geometry as g


def test_type_area_is_156_by_225_mm_inside_a4():
    mm = 1440 / 25.4
    width = g.PAGE_TWIPS["w"] - g.MARGIN_TWIPS["left"] - g.MARGIN_TWIPS["right"]
    height = g.PAGE_TWIPS["h"] - g.MARGIN_TWIPS["top"] - g.MARGIN_TWIPS["bottom"]
    assert round(width / mm) == 156 and round(height / mm) == 225 and width == g.TEXT_TWIPS
    assert round(g.MARGIN_TWIPS["top"] / mm) == 37 and round(g.MARGIN_TWIPS["left"] / mm) == 28


def test_22_lines_and_28_characters_fit():
    assert 22 * g.LINE_PITCH_TWIPS <= g.PAGE_TWIPS["h"] - g.MARGIN_TWIPS["top"] - g.MARGIN_TWIPS["bottom"]
    assert 28 * (g.BODY_SIZE_PT + g.BODY_TRACKING / 20) <= g.TYPE_WIDTH_PT < 28 * g.BODY_SIZE_PT
    assert abs(g.LINE_MM - g.LINE_PITCH_TWIPS / 1440 * 25.4) < 0.001
    assert g.mm_to_twips(25.4) == 1440 and g.ISSUER_MARK_LINE_TWIPS == 2 * g.LINE_PITCH_TWIPS


def test_the_pdf_reader_measures_the_type_area_the_writer_sets():
    """Bug: check/pdfpages.py defined the type area again, in millimetres of its own."""
    from drafting.check import pdfpages

    left, right = g.MARGIN_TWIPS["left"], g.PAGE_TWIPS["w"] - g.MARGIN_TWIPS["right"]
    top, bottom = g.MARGIN_TWIPS["top"], g.PAGE_TWIPS["h"] - g.MARGIN_TWIPS["bottom"]
    assert (pdfpages.TYPE_LEFT, pdfpages.TYPE_RIGHT, pdfpages.TYPE_TOP, pdfpages.TYPE_BOTTOM) == (
        left / 20, right / 20, top / 20, bottom / 20)  # points, exactly as the section properties say
    assert pdfpages.MM == g.PT_PER_MM
