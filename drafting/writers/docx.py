"""Docx writer: lays the AST out and maps each role to its named Word style."""
from __future__ import annotations

from ..ast import Document, Title
from ..model import Profile
from . import ooxml
from .layout import layout

_BASES: dict[tuple, ooxml.BasePackage] = {}


def _base_for(profile: Profile) -> ooxml.BasePackage:
    key = profile.key()
    base = _BASES.get(key)
    if base is None:
        base = _BASES[key] = ooxml.base_package(profile)
    return base


def write_docx(doc: Document, profile: Profile) -> bytes:
    """The document as a .docx package in ``profile``'s fonts and sizes."""
    body = []
    for para in layout(doc):
        runs = [(run.text, ooxml.CHARACTER_STYLE_IDS[run.role] if run.role else None) for run in para.runs]
        indent = ooxml.ATTACHMENT_INDENTS[para.attachment] if para.attachment else None
        body.append(ooxml.paragraph_xml(ooxml.PARAGRAPH_STYLE_IDS[para.role], runs,
                                        right_chars=para.right_chars, indent=indent))
    title = next(("".join(b.lines) for b in doc.blocks if isinstance(b, Title)), "")
    core = ooxml.core_xml(title, doc.meta.get("creator", ""), doc.meta.get("created", "2000-01-01T00:00:00Z"))
    return ooxml.zip_package(_base_for(profile), ooxml.document_xml(body), core)
