"""The .docx zip: the profile's parts built and deflated once, each document's own parts appended.

The archive is written here (deflate, CRC-32, the local headers and the central directory) rather than with
``zipfile``, which a build would load only for this — with ``shutil``, ``bz2``, ``lzma`` and ``threading`` behind
it, some 4 ms of every ``draft build``. Only what a .docx needs: small deflated parts with ASCII names, fixed
timestamps, no ZIP64; the bytes are those ``zipfile`` writes for the same parts on a POSIX system.
"""
from __future__ import annotations

import struct
import zlib

from ..records import NamedTuple
from ..styles import Profile
from .parts import APP, CONTENT_TYPES, DOC_RELS, ROOT_RELS, blank_footer_xml, footer_xml, settings_xml
from .styles import font_table_xml, styles_xml

_DOS_TIME, _DOS_DATE = 0, (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01 00:00:00, as zipfile writes _FIXED_TIME
_VERSION = 20            # deflate needs version 2.0 to extract
_MADE_ON_UNIX = 3        # zipfile's create_system on every system but Windows
_DEFLATED = 8
_READ_WRITE = 0o600 << 16  # the parts' permissions, rw------- (zipfile's for a part written from bytes)
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_MAX_SIZE = 0x7FFFFFFF   # past this a part would need ZIP64: never a .docx drafting writes


class BasePackage(NamedTuple):
    """The parts that depend only on the profile, built and deflated once, reused for every document."""

    records: bytes  # their local headers and deflated data: the start of every document's archive
    directory: bytes  # their central directory entries
    count: int


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
    records, directory = _entries(0, tuple((name, xml.encode("utf-8")) for name, xml in parts.items()))
    return BasePackage(records, directory, len(parts))


def zip_package(base: BasePackage, document: str | bytes, core: str, custom: str) -> bytes:
    """The base parts (deflated once) plus this document's document.xml, core.xml and custom.xml (fixed timestamps)."""
    body = document.encode("utf-8") if isinstance(document, str) else document
    records, directory = _entries(len(base.records), (("word/document.xml", body),
                                                      ("docProps/core.xml", core.encode("utf-8")),
                                                      ("docProps/custom.xml", custom.encode("utf-8"))))
    central = base.directory + directory
    end = _END.pack(b"PK\x05\x06", 0, 0, base.count + 3, base.count + 3, len(central),
                    len(base.records) + len(records), 0)
    return b"".join((base.records, records, central, end))


def _entries(offset: int, parts: tuple[tuple[str, bytes], ...]) -> tuple[bytes, bytes]:
    """The local records (header and deflated data) of ``parts`` starting at byte ``offset``, and their
    central directory entries."""
    records: list[bytes] = []
    directory: list[bytes] = []
    for name, data in parts:
        packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        deflated = packer.compress(data) + packer.flush()
        if len(data) > _MAX_SIZE or len(deflated) > _MAX_SIZE or offset > _MAX_SIZE:
            raise ValueError(f"part {name} is too large for a .docx without ZIP64")
        encoded, crc = name.encode("ascii"), zlib.crc32(data)
        records += [_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, 0, _DEFLATED, _DOS_TIME, _DOS_DATE, crc,
                                len(deflated), len(data), len(encoded), 0), encoded, deflated]
        directory += [_CENTRAL.pack(b"PK\x01\x02", _VERSION, _MADE_ON_UNIX, _VERSION, 0, 0, _DEFLATED, _DOS_TIME,
                                    _DOS_DATE, crc, len(deflated), len(data), len(encoded), 0, 0, 0, 0, _READ_WRITE, offset),
                      encoded]
        offset += _LOCAL.size + len(encoded) + len(deflated)
    return b"".join(records), b"".join(directory)
