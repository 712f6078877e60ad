"""document.xml: paragraphs with their placement, frames and runs, and the section properties."""
from __future__ import annotations

from ..geometry import CHAR_TWIPS, LINE_PITCH_TWIPS, MARGIN_TWIPS, PAGE_TWIPS, TEXT_TWIPS, mm_to_twips
from ..records import NamedTuple
from .names import DECL, R_NS, W_NS, escape
from .properties import paragraph_properties, run_properties

# Paragraph rules: (side, eighths of a point, colour). GB/T 9704 7.4.1: the 版记's first and last
# rules 0.35 mm (sz 8, 1 pt), those between its rows 0.25 mm (sz 6, 0.75 pt).
_RULES = {
    "red": (("bottom", 12, "FF0000"),),
    "imprint-only": (("top", 8, "000000"), ("bottom", 8, "000000")),
    "imprint-first": (("top", 8, "000000"), ("bottom", 6, "000000")),
    "imprint-middle": (("bottom", 6, "000000"),),
    "imprint-last": (("bottom", 8, "000000"),),
}
_SIDE_ORDER = ("top", "left", "bottom", "right", "between", "bar")  # CT_PBdr


class Frame(NamedTuple):
    """A paragraph frame as wide as the type area, ``y`` twips below its top edge, ``height`` twips high."""

    y: int
    height: int


LINE_BREAK = "\u2028"  # a writer's explicit line break inside a paragraph (a w:br)


def _text_xml(text: str) -> str:
    """w:t elements, with a w:tab for each tab character and a w:br for each LINE_BREAK."""
    return "<w:br/>".join("<w:tab/>".join(f'<w:t xml:space="preserve">{escape(part)}</w:t>' if part else ""
                                          for part in line.split("\t")) for line in text.split(LINE_BREAK))


def _chars(value: float) -> tuple[str, str]:
    """A width in characters as (twips, hundredths of a character), the pair w:ind carries."""
    hundredths = int(round(value * 100))
    return str(hundredths * CHAR_TWIPS // 100), str(hundredths)


def paragraph_xml(style_id: str, runs: list[tuple[str, str | None, str | None, str | None]], *,
                  right_chars: float | None = None, indent: tuple[int, int] | None = None,
                  rule: str | None = None, inset_chars: tuple[float, float] | None = None,
                  align: str | None = None, font_size: float | None = None,
                  space_before_mm: float | None = None, frame: Frame | None = None,
                  keep_next: bool = False, widow_control: bool = False, tracking: int | None = None,
                  section_end: str | None = None, continued: bool = False, page_break: bool = False,
                  decimal_tab: int | None = None, bookmark: tuple[int, str] | None = None) -> str:
    """One w:p: a paragraph style, placement (indents, rules, tabs, alignment, a frame) and runs of
    (text, char style id, East Asian font, Western font), a None font keeping the style's.

    ``inset_chars`` (left, right) sets text in from a ruled paragraph's ends without indenting
    the paragraph, so its rules still span the type area in Word and LibreOffice alike (both
    draw paragraph borders between the indents): the first line starts ``left`` characters in
    and a right tab stands ``right`` characters from the end.

    ``bookmark`` (id, name) encloses the paragraph's runs in a bookmark (its origin marker).

    Every placement option adds to one set of paragraph properties, written in schema order,
    so no combination of options can reorder the elements or repeat one.
    """
    ppr = paragraph_properties()
    if style_id != "Normal":
        ppr.set("pStyle", {"val": style_id})
    if keep_next:
        ppr.set("keepNext")
    if page_break:
        ppr.set("pageBreakBefore")
    if widow_control:
        ppr.set("widowControl")
    if frame is not None:  # anchored to the margins: GB/T 9704 puts the 版记 at the type area's foot
        ppr.set("framePr", {"w": str(TEXT_TWIPS), "h": str(frame.height), "hRule": "exact", "wrap": "around",
                            "vAnchor": "margin", "hAnchor": "margin", "x": "0", "y": str(frame.y)})
    if rule in _RULES:
        sides = sorted(_RULES[rule], key=lambda side: _SIDE_ORDER.index(side[0]))
        ppr.set("pBdr", inner="".join(
            f'<w:{side} w:val="single" w:sz="{size}" w:space="{4 if color == "FF0000" else 0}" w:color="{color}"/>'
            for side, size, color in sides))
    if frame is not None or rule in _RULES and rule != "red":
        ppr.set("snapToGrid", {"val": "0"})  # its lines are not the body pitch
    if decimal_tab is not None:  # a table's numbers line up on the point (the text starts with a tab)
        ppr.set("tabs", inner=f'<w:tab w:val="decimal" w:pos="{decimal_tab}"/>')
    if space_before_mm:  # before only: the style keeps the line rule
        ppr.set("spacing", {"before": str(mm_to_twips(space_before_mm))})
    if inset_chars:
        left, right = inset_chars
        ppr.set("tabs", inner=f'<w:tab w:val="right" w:pos="{TEXT_TWIPS - int(right * CHAR_TWIPS)}"/>')
        ppr.set("ind", {"left": "0", "leftChars": "0", "right": "0", "rightChars": "0",
                        "firstLine": str(int(left * CHAR_TWIPS)), "firstLineChars": str(int(left * 100))})
    if right_chars is not None:
        twips, hundredths = _chars(right_chars)
        ppr.set("ind", {"right": twips, "rightChars": hundredths})
    if indent is not None:
        left, hanging = indent
        ppr.set("ind", {"left": str(left * CHAR_TWIPS // 100), "leftChars": str(left),
                        "hanging": str(hanging * CHAR_TWIPS // 100), "hangingChars": str(hanging)})
    if continued:  # the rest of the paragraph before: no first-line indent
        ppr.set("ind", {"firstLine": "0", "firstLineChars": "0"})
    if align:
        ppr.set("jc", {"val": align})
    if section_end:  # the section (its w:sectPr) ends with this paragraph
        ppr.set("sectPr", inner=section_end[len("<w:sectPr>"):-len("</w:sectPr>")])
    out = [f"<w:p><w:pPr>{ppr.xml()}</w:pPr>" if ppr else "<w:p>"]
    if bookmark is not None:
        out.append(f'<w:bookmarkStart w:id="{bookmark[0]}" w:name="{escape(bookmark[1])}"/>')
    for text, char_style, east_asian, western in runs:
        rpr = run_properties()
        if char_style:
            rpr.set("rStyle", {"val": char_style})
        fonts = {"ascii": western, "hAnsi": western, "cs": western} if western else {}
        if east_asian:
            fonts["eastAsia"] = east_asian
        rpr.set("rFonts", {**fonts, "hint": "eastAsia"})
        if tracking is not None:
            rpr.set("spacing", {"val": str(tracking)})
        if font_size:
            rpr.set("sz", {"val": str(int(font_size * 2))}).set("szCs", {"val": str(int(font_size * 2))})
        out.append(f"<w:r><w:rPr>{rpr.xml()}</w:rPr>{_text_xml(text)}</w:r>")
    if bookmark is not None:
        out.append(f'<w:bookmarkEnd w:id="{bookmark[0]}"/>')
    out.append("</w:p>")
    return "".join(out)


def trailing_anchor() -> str:
    """A paragraph almost no height, ending the body after framed paragraphs (LibreOffice frames a
    paragraph only when another follows it; it anchors the frames to the last page)."""
    return ('<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" '
            'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


def section_xml(numbered: bool = True, new_page: bool = False) -> str:
    """A section's properties by GB/T 9704: A4, the margins, the line grid, and its footers — page
    numbers, or the blank footer of the 版记's own page (``numbered`` False), which starts a new page."""
    margins = " ".join(f'w:{k}="{v}"' for k, v in MARGIN_TWIPS.items())
    footers = (('<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
                '<w:footerReference w:type="even" r:id="rIdFooterEven"/>') if numbered else
               ('<w:footerReference w:type="default" r:id="rIdFooterBlank"/>'
                '<w:footerReference w:type="even" r:id="rIdFooterBlank"/>'))
    kind = '<w:type w:val="nextPage"/>' if new_page else ""
    return (f'<w:sectPr>{footers}{kind}<w:pgSz w:w="{PAGE_TWIPS["w"]}" w:h="{PAGE_TWIPS["h"]}"/><w:pgMar {margins}/>'
            f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH_TWIPS}"/></w:sectPr>')


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def document_xml(body: list[str], last_section: str | None = None) -> str:
    """document.xml around the given paragraphs, ending with ``last_section`` (the GB/T 9704 section if None)."""
    return (f'{DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(body)}'
            f'{last_section or section_xml()}</w:body></w:document>')
