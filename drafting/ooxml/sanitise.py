"""A user's .docx made safe to hand to LibreOffice: every part's size checked, every external relationship removed."""
from __future__ import annotations

from .parser import parse_xml
from .repack import UserPackage

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def without_external_links(data: bytes) -> tuple[bytes, int]:
    """A copy of the .docx ``data`` without relationships whose ``TargetMode`` is External (linked pictures,
    templates, OLE sources LibreOffice would fetch), and how many were removed.

    Raises DocxTooLarge, zipfile.BadZipFile, DeclaresDTD or lxml's XMLSyntaxError for a file not to convert.
    """
    from lxml import etree

    removed = 0
    package = UserPackage(data)
    changed: dict[str, bytes] = {}
    for name, part in package.parts.items():
        if name.lower().endswith(".rels"):
            root = parse_xml(part)
            for relationship in root.findall(_RELS):
                if (relationship.get("TargetMode") or "").strip().lower() == "external":
                    root.remove(relationship)
                    removed += 1
            changed[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return package.zipped(changed), removed
