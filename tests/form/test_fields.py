"""The field tables: names unique, aliases unique, and every 版头 field mapped onto the model."""
from __future__ import annotations

import pytest

from drafting.form.fields import (COMMON_ATTRIBUTES, FIGURE_FIELDS, ITEM_FIELDS, RED_HEADER_ATTRIBUTES,
                                  RED_HEADER_FIELDS, SECTION_FIELDS)
from drafting.form.model import Form, RedHeader


@pytest.mark.parametrize("table", [FIGURE_FIELDS, ITEM_FIELDS, SECTION_FIELDS, RED_HEADER_FIELDS])
def test_no_name_or_alias_is_used_twice(table):
    names = [n for f in table for n in (f.name, *f.aliases)]
    assert len(names) == len(set(names))


def test_model_attributes_exist():
    assert [f.name for f in RED_HEADER_FIELDS] == list(RED_HEADER_ATTRIBUTES)
    assert set(RED_HEADER_ATTRIBUTES.values()) == set(RedHeader._fields)
    assert {attribute for attribute, _ in COMMON_ATTRIBUTES.values()} <= set(Form.FIELDS)
