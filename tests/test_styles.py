"""The style vocabulary the writer and the importer share."""
from __future__ import annotations

from drafting.styles import (CHARACTER_STYLES, HEADING_ROLES, MAX_LEVEL, PARAGRAPH_STYLES, ROLES, character_role,
                             paragraph_role)


def test_every_role_has_a_style_and_ids_read_back_to_roles():
    assert set(PARAGRAPH_STYLES) | set(CHARACTER_STYLES) <= set(ROLES) | {"签发人"}
    for role, style in PARAGRAPH_STYLES.items():
        assert paragraph_role(style.style_id) == role
    for role, style in CHARACTER_STYLES.items():
        assert character_role(style.style_id) == role
    assert paragraph_role(None) == "正文" and paragraph_role("Heading1") is None and character_role(None) is None


def test_heading_roles_cover_the_four_levels():
    assert sorted(HEADING_ROLES) == list(range(1, MAX_LEVEL + 1)) == [1, 2, 3, 4]
    assert all(role in PARAGRAPH_STYLES and role in CHARACTER_STYLES for role in HEADING_ROLES.values())
    assert len({s.style_id for s in PARAGRAPH_STYLES.values()}) == len(PARAGRAPH_STYLES)
