"""Plain-text writer: one paragraph a line, exactly the docx's paragraph texts."""
from __future__ import annotations

from ..document.ast import Document
from ..styles import Profile
from .layout import layout


def write_text(doc: Document, profile: Profile | None = None, cache: dict | None = None) -> bytes:
    """The document as UTF-8 text, one paragraph a line (blank paragraphs are empty lines)."""
    paragraphs = layout(doc)
    if not paragraphs:
        return b""
    return ("\n".join(para.text for para in paragraphs) + "\n").encode("utf-8")
