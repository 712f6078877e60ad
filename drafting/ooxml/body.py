"""document.xml: paragraphs with their placement and runs, the 版记 box, and the section properties."""
from __future__ import annotations

from ..geometry import CHAR_TWIPS, EMU_PER_TWIP, IMPRINT_ROW_TWIPS, LINE_PITCH_TWIPS, MARGIN_TWIPS, PAGE_TWIPS, \
    TEXT_TWIPS, mm_to_twips
from .names import A_NS, DECL, R_NS, W_NS, WP_NS, WPS_NS, escape
from .properties import paragraph_properties, run_properties

_RULES = {  # paragraph borders: (side, eighths of a point, colour)
    "red": (("bottom", 12, "FF0000"),),
}


def _text_xml(text: str) -> str:
    """w:t elements, with a w:tab for each tab character."""
    parts = text.split("\t")
    return "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in parts)


def _chars(value: float) -> tuple[str, str]:
    """A width in characters as (twips, hundredths of a character), the pair w:ind carries."""
    hundredths = int(round(value * 100))
    return str(hundredths * CHAR_TWIPS // 100), str(hundredths)


def paragraph_xml(style_id: str, runs: list[tuple[str, str | None, str | None]], *,
                  right_chars: float | None = None, indent: tuple[int, int] | None = None,
                  rule: str | None = None, side_chars: tuple[float, float] | None = None,
                  align: str | None = None, font_size: float | None = None,
                  space_before_mm: float | None = None) -> str:
    """One w:p: a paragraph style, placement (indents, rules, tabs, alignment) and runs of
    (text, char style id, East Asian font that overrides the style's or None).

    Every placement option adds to one set of paragraph properties, written in schema order,
    so no combination of options can reorder the elements or repeat one.
    """
    ppr = paragraph_properties()
    if style_id != "Normal":
        ppr.set("pStyle", {"val": style_id})
    if rule in _RULES:
        ppr.set("pBdr", inner="".join(
            f'<w:{side} w:val="single" w:sz="{size}" w:space="{4 if side == "bottom" else 1}" w:color="{color}"/>'
            for side, size, color in _RULES[rule]))
    if space_before_mm:  # before only: the style keeps the line rule
        ppr.set("spacing", {"before": str(mm_to_twips(space_before_mm))})
    if side_chars:
        right_tab = TEXT_TWIPS - int(side_chars[1] * CHAR_TWIPS)
        ppr.set("tabs", inner=f'<w:tab w:val="right" w:pos="{right_tab}"/>')
        left, right = (int(c * 100) for c in side_chars)
        ppr.set("ind", {"left": str(left * CHAR_TWIPS // 100), "leftChars": str(left),
                        "right": str(right * CHAR_TWIPS // 100), "rightChars": str(right),
                        "firstLineChars": "0", "firstLine": "0"})
    if right_chars is not None:
        twips, hundredths = _chars(right_chars)
        ppr.set("ind", {"right": twips, "rightChars": hundredths})
    if indent is not None:
        left, hanging = indent
        ppr.set("ind", {"left": str(left * CHAR_TWIPS // 100), "leftChars": str(left),
                        "hanging": str(hanging * CHAR_TWIPS // 100), "hangingChars": str(hanging)})
    if align:
        ppr.set("jc", {"val": align})
    out = [f"<w:p><w:pPr>{ppr.xml()}</w:pPr>" if ppr else "<w:p>"]
    for text, char_style, east_asian in runs:
        rpr = run_properties()
        if char_style:
            rpr.set("rStyle", {"val": char_style})
        rpr.set("rFonts", {"eastAsia": east_asian, "hint": "eastAsia"} if east_asian else {"hint": "eastAsia"})
        if font_size:
            rpr.set("sz", {"val": str(int(font_size * 2))}).set("szCs", {"val": str(int(font_size * 2))})
        out.append(f"<w:r><w:rPr>{rpr.xml()}</w:rPr>{_text_xml(text)}</w:r>")
    out.append("</w:p>")
    return "".join(out)


def bottom_anchor_run(rows: list[str]) -> str:
    """A run holding a text box anchored to the foot of the type area, with the 版记 table in it.

    A text box anchored to the margin is the placement every renderer honours; LibreOffice
    ignores bottom alignment for paragraph frames and floating tables.
    """
    width = TEXT_TWIPS * EMU_PER_TWIP
    height = len(rows) * IMPRINT_ROW_TWIPS * EMU_PER_TWIP + 25400
    return ('<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
            '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
            f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
            '<wp:docPr id="1" name="版记"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
            f'uri="{WPS_NS}"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
            f'<a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent>{_bottom_table_xml(rows)}<w:p/>'
            '</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" '
            'bIns="0" anchor="b"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></w:r>')


def append_run(paragraph: str, run: str) -> str:
    """``paragraph`` (a w:p) with ``run`` added at its end."""
    return paragraph[: -len("</w:p>")] + run + "</w:p>"


def _bottom_table_xml(rows: list[str]) -> str:
    """版记: a one-column table as wide as the type area, with thick rules above and below
    (0.35 mm) and thin ones between rows (0.25 mm)."""
    borders = ('<w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
               '<w:left w:val="nil"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
               '<w:right w:val="nil"/><w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
               '<w:insideV w:val="nil"/></w:tblBorders>')
    cells = "".join(f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{TEXT_TWIPS}" w:type="dxa"/></w:tcPr>{row}</w:tc></w:tr>'
                    for row in rows)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_TWIPS}" w:type="dxa"/><w:jc w:val="center"/>{borders}'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
            f'</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{TEXT_TWIPS}"/></w:tblGrid>'
            f'{cells}</w:tbl>')


def document_xml(body: list[str]) -> str:
    """document.xml around the given paragraphs, with the GB/T 9704 section properties."""
    margins = " ".join(f'w:{k}="{v}"' for k, v in MARGIN_TWIPS.items())
    sect = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
            '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
            f'<w:pgSz w:w="{PAGE_TWIPS["w"]}" w:h="{PAGE_TWIPS["h"]}"/><w:pgMar {margins}/>'
            f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH_TWIPS}"/></w:sectPr>')
    return (f'{DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" '
            f'xmlns:wps="{WPS_NS}"><w:body>{"".join(body)}{sect}</w:body></w:document>')
