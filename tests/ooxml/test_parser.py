"""The parser for users' XML: never expands entities, refuses a DTD in any encoding, one parser per thread."""
from __future__ import annotations

import threading

import pytest

from drafting.ooxml.parser import DeclaresDTD, parse_xml, xml_parser


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_document_type_declaration_is_refused(encoding):
    text = '<?xml version="1.0" encoding="%s"?><!DOCTYPE d [<!ENTITY a "甲">]><d>&a;</d>' % encoding
    with pytest.raises(DeclaresDTD):
        parse_xml(text.encode(encoding))


def test_the_parser_expands_nothing_and_loads_nothing():
    assert parse_xml("<d>甲</d>".encode()).text == "甲"
    from lxml import etree

    tree = etree.fromstring(b'<!DOCTYPE d [<!ENTITY a "X">]><d>&a;</d>', xml_parser())
    assert tree.text is None and len(tree) == 1  # the reference kept as a node, not replaced by its text


def test_each_thread_has_its_own_parser():
    parsers = []
    threads = [threading.Thread(target=lambda: parsers.append(xml_parser())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(p) for p in parsers + [xml_parser()]}) == 3


def _corrupt_deflate(data: bytes, part: str = "word/document.xml") -> bytes:
    """``data`` with bytes inside ``part``'s deflate stream flipped: the zip's directory is intact, inflating fails."""
    import struct
    import zipfile
    from io import BytesIO

    offset = zipfile.ZipFile(BytesIO(data)).getinfo(part).header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26:offset + 30])
    start = offset + 30 + name_length + extra_length
    broken = bytearray(data)
    for index in range(start + 50, start + 60):
        broken[index] ^= 0x5A
    return bytes(broken)


def test_every_reader_of_a_users_docx_refuses_a_corrupt_deflate_stream_with_a_located_message(tmp_path):
    """zlib.error (not an OSError, ValueError or zipfile error) is in UNREADABLE_DOCX, so no reader lets it through."""
    import zlib

    from drafting.commands.annotate import annotate_document
    from drafting.comparing.sources import Version, opened
    from drafting.errors import DraftError
    from drafting.importing.paragraphs import read_paragraphs
    from drafting.merging.reading import read_edited
    from drafting.ooxml.parser import UNREADABLE_DOCX
    from drafting.ooxml.provenance import docx_state

    from ..conftest import EXAMPLES
    from ..helpers import build

    assert zlib.error in UNREADABLE_DOCX
    broken = _corrupt_deflate(build(EXAMPLES / "work-briefing.yaml"))
    path = tmp_path / "修改稿.docx"
    path.write_bytes(broken)
    refusals = []
    for read in (lambda: read_edited(broken, "修改稿.docx"), lambda: opened(Version(broken, "修改稿.docx", path)),
                 lambda: annotate_document(path, "2026-12-05T00:00:00Z"), lambda: read_paragraphs(path)):
        with pytest.raises(DraftError) as refused:
            read()
        refusals.append(refused.value.problems[0])
    assert [problem.code for problem in refusals] == ["M004", "D002", "A004", "I003"]
    assert all("修改稿.docx" in problem.location.file and "另存为 .docx" in problem.hint for problem in refusals)
    state = docx_state(path)  # a document.xml that will not inflate is not the text drafting recorded: not replaced
    assert state.recorded and state.current != state.recorded
