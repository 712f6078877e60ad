"""The .docx zip: the profile's parts built and deflated once, each document's own parts appended."""
from __future__ import annotations

import io
import zipfile

from ..records import NamedTuple
from ..styles import Profile
from .parts import APP, CONTENT_TYPES, DOC_RELS, ROOT_RELS, blank_footer_xml, footer_xml, settings_xml
from .styles import font_table_xml, styles_xml

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class BasePackage(NamedTuple):
    """The parts that depend only on the profile, built and deflated once, reused for every document."""

    zipped: bytes  # the parts as a zip archive: each document's own parts are appended to a copy


def base_package(profile: Profile) -> BasePackage:
    """Build the profile-dependent parts (styles, fonts, settings, footers, relationships)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
        "word/_rels/document.xml.rels": DOC_RELS, "word/styles.xml": styles_xml(profile),
        "word/settings.xml": settings_xml(), "word/fontTable.xml": font_table_xml(profile),
        "word/footer1.xml": footer_xml(even=False), "word/footer2.xml": footer_xml(even=True),
        "word/footer3.xml": blank_footer_xml(),
        "docProps/app.xml": APP,
    }
    encoded = tuple((name, xml.encode("utf-8")) for name, xml in parts.items())
    return BasePackage(_zip(io.BytesIO(), "w", encoded))


def zip_package(base: BasePackage, document: str | bytes, core: str, custom: str) -> bytes:
    """The base parts (deflated once) plus this document's document.xml, core.xml and custom.xml (fixed timestamps)."""
    body = document.encode("utf-8") if isinstance(document, str) else document
    return _zip(io.BytesIO(base.zipped), "a", (("word/document.xml", body), ("docProps/core.xml", core.encode("utf-8")),
                                               ("docProps/custom.xml", custom.encode("utf-8"))))


def _zip(buffer: io.BytesIO, mode: str, entries: tuple[tuple[str, bytes], ...]) -> bytes:
    with zipfile.ZipFile(buffer, mode, zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
