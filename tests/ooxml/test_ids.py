"""Fresh w:id values: unique in the part, within Word's 32-bit range, a number too long for int() skipped."""
from __future__ import annotations

from lxml import etree

from drafting.ooxml.ids import MAX_ID, FreshIds
from drafting.ooxml.names import W, W_NS


def _part(*ids: str) -> etree._Element:
    root = etree.Element(W + "body", nsmap={"w": W_NS})
    for value in ids:
        etree.SubElement(root, W + "bookmarkStart", {W + "id": value})
    return root


def test_ids_count_on_from_the_largest_in_the_part():
    fresh = FreshIds(_part("3", "7", "-1", "x"))
    assert [fresh.take() for _ in range(3)] == [8, 9, 10]


def test_past_words_limit_the_gaps_from_zero_are_used():
    fresh = FreshIds(_part(str(MAX_ID - 1), "0", "2", str(MAX_ID + 5)))
    assert [fresh.take() for _ in range(4)] == [MAX_ID, 1, 3, 4]


def test_a_number_too_long_for_int_is_no_crash():
    fresh = FreshIds(_part("9" * 5000, "12"))
    assert fresh.take() == 13


def test_counting_from_a_start():
    fresh = FreshIds.counting_from(100)
    assert [fresh.take(), fresh.take()] == [100, 101]
