"""WordprocessingML names: text escaped for XML, every role's style id taken from the shared vocabulary."""
from __future__ import annotations

from drafting.ooxml.names import ATTACHMENT_INDENTS, CHARACTER_STYLE_IDS, PARAGRAPH_STYLE_IDS, escape, quoteattr
from drafting.styles import CHARACTER_STYLES, PARAGRAPH_STYLES


def test_escaping():
    assert escape("甲<乙>&丙") == "甲&lt;乙&gt;&amp;丙" and quoteattr('仿宋"体') == '"仿宋&quot;体"'


def test_ids_come_from_the_style_vocabulary():
    assert PARAGRAPH_STYLE_IDS == {r: s.style_id for r, s in PARAGRAPH_STYLES.items()}
    assert CHARACTER_STYLE_IDS == {r: s.style_id for r, s in CHARACTER_STYLES.items()}
    assert set(ATTACHMENT_INDENTS) == {"single", "first", "next"}
