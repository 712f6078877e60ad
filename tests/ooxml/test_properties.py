"""Paragraph and run properties come out in the schema's order, each element once, whatever options combine."""
from __future__ import annotations

import itertools
import re

import pytest

from drafting.ooxml.body import Frame, paragraph_xml
from drafting.ooxml.properties import PPR_ORDER, RPR_ORDER, paragraph_properties

_OPTIONS = {"right_chars": 4.0, "indent": (600, 400), "rule": "imprint-first", "inset_chars": (1, 1),
            "align": "left", "font_size": 22.0, "space_before_mm": 12.0, "frame": Frame(11000, 498),
            "keep_next": True, "widow_control": True}


def _children(xml: str, element: str) -> list[str]:
    inner = re.search(rf"<w:{element}>(.*?)</w:{element}>", xml).group(1)
    names, depth = [], 0
    for match in re.finditer(r"<(/?)w:(\w+)[^>]*?(/?)>", inner):
        closing, name, empty = match.groups()
        if closing:
            depth -= 1
            continue
        if depth == 0:
            names.append(name)
        if not empty:
            depth += 1
    return names


@pytest.mark.parametrize("chosen", [c for n in (2, 3, len(_OPTIONS) - 1, len(_OPTIONS))
                                    for c in itertools.combinations(_OPTIONS, n)])
def test_every_combination_of_options_keeps_schema_order(chosen):
    """Bug: spacing came before pBdr, and a second w:ind after w:jc, depending on which options combined."""
    xml = paragraph_xml("GwSignature", [("落款", "GwLead", "仿宋", "仿宋")], **{k: _OPTIONS[k] for k in chosen})
    ppr = _children(xml, "pPr")
    assert ppr == sorted(ppr, key=PPR_ORDER.index) and len(ppr) == len(set(ppr))
    rpr = _children(xml, "rPr")
    assert rpr == sorted(rpr, key=RPR_ORDER.index) and len(rpr) == len(set(rpr))


def test_indents_merge_into_one_element():
    xml = paragraph_xml("Normal", [], right_chars=2.5, inset_chars=(1, 1))
    assert xml.count("<w:ind ") == 1
    assert '<w:ind w:left="0" w:leftChars="0" w:right="800" w:rightChars="250" w:firstLine="320" ' \
           'w:firstLineChars="100"/>' in xml


def test_rules_come_in_the_border_elements_order():
    xml = paragraph_xml("GwImprint", [], rule="imprint-first")
    assert _children(xml, "pBdr") == ["top", "bottom"]


def test_an_unknown_child_is_refused():
    with pytest.raises(ValueError):
        paragraph_properties().set("frobnicate")
