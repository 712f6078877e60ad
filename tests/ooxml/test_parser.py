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
