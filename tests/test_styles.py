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


# Names Chinese Word shows for its built-in styles (Word 2016 and later, 简体中文 UI).
LOCALISED_BUILTIN_NAMES = {
    "正文", "标题", "副标题", "页眉", "页脚", "页码", "日期", "签名", "题注", "正文文本", "正文缩进", "列表",
    "列表段落", "引用", "明显引用", "称呼", "结束语", "默认段落字体", "超链接", "批注文字", "目录", "无间隔",
    *(f"标题 {n}" for n in range(1, 10)), *(f"目录 {n}" for n in range(1, 10)),
}


def test_style_names_follow_words_conventions():
    """Bug: the body was the built-in Normal renamed 正文 and the title a custom style named 标题, the
    names Chinese Word gives its own Normal and Title; Word merges or renames such a style."""
    assert PARAGRAPH_STYLES["正文"] == ("Normal", "Normal")
    names = [style.name for style in (*PARAGRAPH_STYLES.values(), *CHARACTER_STYLES.values())]
    assert len(set(names)) == len(names)
    assert not set(names) & LOCALISED_BUILTIN_NAMES
