"""The one XML parser for the parts of a user's file: no entities expanded, no DTD loaded, no network, no huge trees.

python-docx's ``oxml/parser.py`` is the model; lxml before 5 expanded entities by default, so a crafted .docx
could pull a local file's text into ``draft import``'s form. A part with a document type declaration is refused
outright (Open Packaging Conventions forbid DTDs; Word never writes one). lxml parsers must not be shared across
threads: each thread gets its own.
"""
from __future__ import annotations

import threading
import zipfile
import zlib
from typing import Any

_LOCAL = threading.local()
_DOCTYPE = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


# What reading a damaged, truncated or foreign .docx can raise: a bad or truncated zip, a corrupt deflate stream
# (zlib.error), a missing part (KeyError), an unsupported compression or an encrypted member, an oversize part or a
# DTD (ValueError subclasses), broken XML (lxml's XMLSyntaxError is a SyntaxError). Every reader of a user's .docx
# catches this one tuple, so that none forgets one and lets a traceback through.
UNREADABLE_DOCX: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, SyntaxError, NotImplementedError, RuntimeError,
    OSError)


class DeclaresDTD(ValueError):
    """An XML part with a <!DOCTYPE>: never written by Word, and the way entities reach local files."""


def xml_parser() -> Any:
    """This thread's parser for untrusted XML (lxml imported on first use, not at start-up)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        from lxml import etree

        parser = _LOCAL.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)
    return parser


def parse_xml(data: bytes) -> Any:
    """The root element of XML ``data`` from a user's file. Raises DeclaresDTD, or lxml's XMLSyntaxError."""
    from lxml import etree

    if any(mark in data for mark in _DOCTYPE):  # before libxml2 reads the declarations at all
        raise DeclaresDTD("the XML declares a document type")
    root = etree.fromstring(data, xml_parser())
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise DeclaresDTD("the XML declares a document type")
    return root
