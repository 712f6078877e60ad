"""GB/T 9704 page geometry in one place, in the units each consumer needs (measured in LibreOffice).

A4, margins 37/35/28/26 mm, type area 156 × 225 mm; exact line pitch 579 twips (22 lines in
225 mm); −0.25 pt tracking on 3号 text (28 characters in 156 mm); footers “— N —” at 25 mm.
"""
from __future__ import annotations

PAGE_TWIPS = {"w": 11906, "h": 16838}
MARGIN_TWIPS = {"top": 2098, "right": 1474, "bottom": 1984, "left": 1587, "header": 851, "footer": 1417,
                "gutter": 0}
LINE_PITCH_TWIPS = 579            # exact line spacing (28.95 pt)
LINE_MM = 28.95 * 25.4 / 72       # one body line
BODY_TRACKING = -5                # character spacing on 16 pt text, twentieths of a point (−0.25 pt)
BODY_SIZE_PT = 16.0               # 3号
CHAR_TWIPS = 320                  # one 3号 character, for twip fallbacks of *Chars indents
TEXT_TWIPS = 8845                 # the type area's width
TYPE_WIDTH_PT = 442.0             # the 156 mm type area
ISSUER_MARK_LINE_TWIPS = 1158     # the 发文机关标志's exact line (two body lines)
ISSUER_MARK_MAX_PT = 36.0         # the mark's largest size; longer marks shrink to one line
MARK_TOP_INSET_MM = 4.5           # from the top of the mark's line box to its glyphs' top
MARK_OFFSET_MM = 35.0             # GB/T 9704 7.2.4: the mark's top edge below the type area's top
MARK_OFFSET_UPWARD_MM = 80.0      # … for 上行文 (documents with 签发人)
IMPRINT_LINE_TWIPS = 480          # 版记 lines: exact 24 pt
IMPRINT_RULE_TWIPS = 18           # … and the rules around each row
TYPE_HEIGHT_TWIPS = 12756         # the type area's height (22 lines and 18 twips)
IMPRINT_CHARS_PER_LINE = 31       # 4号 characters on a 版记 line
PAGE_NUMBER_INDENT_TWIPS = 280    # one 4号 character beside the page number
TABLE_LINE_TWIPS = 400            # table cell lines: exact 20 pt for 4号 text, off the body grid
TABLE_CELL_MARGIN_TWIPS = 85      # 1.5 mm each side of a cell's text
TABLE_CHAR_TWIPS = 280            # one 4号 character (digits and Latin letters are half of it)
TWIPS_PER_PT = 20
PT_PER_MM = 72 / 25.4
# the type area's edges on the page in points, from its top left corner (as a PDF reader measures them)
TYPE_LEFT_PT = MARGIN_TWIPS["left"] / TWIPS_PER_PT
TYPE_RIGHT_PT = (PAGE_TWIPS["w"] - MARGIN_TWIPS["right"]) / TWIPS_PER_PT
TYPE_TOP_PT = MARGIN_TWIPS["top"] / TWIPS_PER_PT
TYPE_BOTTOM_PT = (PAGE_TWIPS["h"] - MARGIN_TWIPS["bottom"]) / TWIPS_PER_PT


def mm_to_twips(mm: float) -> int:
    """Millimetres to twips, rounded."""
    return int(round(mm * 1440 / 25.4))
