"""WordprocessingML names: namespaces, the XML declaration, text escaping, style ids by role."""
from __future__ import annotations

from ..styles import CHARACTER_STYLES, PARAGRAPH_STYLES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "{%s}" % W_NS  # Clark notation prefix, for reading
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

PARAGRAPH_STYLE_IDS = {role: style.style_id for role, style in PARAGRAPH_STYLES.items()}
CHARACTER_STYLE_IDS = {role: style.style_id for role, style in CHARACTER_STYLES.items()}

# Indents of 附件说明 lines (in hundredths of a character): left, hanging.
ATTACHMENT_INDENTS = {"single": (500, 300), "first": (600, 400), "next": (600, 100)}


def escape(text: str) -> str:
    """Escape text for XML character data (xml.sax.saxutils would import urllib at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(value: str) -> str:
    """A double-quoted XML attribute value (tabs and line breaks as references, so a parser keeps them)."""
    escaped = escape(value).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return f'"{escaped}"'
