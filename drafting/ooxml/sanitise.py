"""A user's .docx made safe to hand to LibreOffice: every part's size checked, every external relationship removed."""
from __future__ import annotations

import io
import zipfile

from .parser import parse_xml
from .reader import MAX_PART_BYTES, DocxTooLarge, _part

MAX_TOTAL_BYTES = 200_000_000  # all parts unpacked together: more is not a report
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def without_external_links(data: bytes) -> tuple[bytes, int]:
    """A copy of the .docx ``data`` without relationships whose ``TargetMode`` is External (linked pictures,
    templates, OLE sources LibreOffice would fetch), and how many were removed.

    Raises DocxTooLarge, zipfile.BadZipFile, DeclaresDTD or lxml's XMLSyntaxError for a file not to convert.
    """
    from lxml import etree

    removed = 0
    total = 0
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            if info.is_dir():
                continue
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise DocxTooLarge(info.filename)
            part = _part(archive, info.filename)
            if info.filename.lower().endswith(".rels"):
                root = parse_xml(part)
                for relationship in root.findall(_RELS):
                    if (relationship.get("TargetMode") or "").strip().lower() == "external":
                        root.remove(relationship)
                        removed += 1
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            copy.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), part,
                          compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue(), removed

