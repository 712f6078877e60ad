"""The style vocabulary writer and reader share: roles, their Word style ids and names, each role's fonts.

A role is what a paragraph or run is in a 公文 (标题, 正文, 一级标题, 落款 …). The docx writer gives
each role a named Word style; the importer reads those styles back to roles before it falls back
to guessing from the text.
"""
from __future__ import annotations

from .records import NamedTuple

MAX_LEVEL = 4  # 一、（一）1.（1）
HEADING_ROLES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}

# Roles a style profile sets (fonts, sizes, bold, colour).
ROLES = ("标题", "主送机关", "正文", "一级标题", "二级标题", "三级标题", "四级标题",
         "引语", "列举序号", "附件说明", "落款", "成文日期", "页码",
         "份号", "密级", "发文机关标志", "发文字号", "签发人", "版记",
         "附件标识", "附件标题", "表题", "表头", "表格", "表注")


class WordStyle(NamedTuple):
    """A Word style: its id (w:styleId) and the name users see (w:name)."""

    style_id: str
    name: str


# Paragraph styles by role. Word knows a built-in style by its English w:name and shows it under
# a localised one (Normal is 正文 in Chinese Word), so the body keeps "Normal"; every other style
# is drafting's own, named so that no localised built-in (标题, 标题 1, 页码, 日期, 签名 …) shares
# the name: Word renames or merges a custom style whose name a built-in already has.
PARAGRAPH_STYLES = {
    "正文": WordStyle("Normal", "Normal"), "标题": WordStyle("GwTitle", "公文标题"),
    "主送机关": WordStyle("GwRecipient", "主送机关"),
    "一级标题": WordStyle("GwHeading1", "一级标题"), "二级标题": WordStyle("GwHeading2", "二级标题"),
    "三级标题": WordStyle("GwHeading3", "三级标题"), "四级标题": WordStyle("GwHeading4", "四级标题"),
    "附件说明": WordStyle("GwAttachment", "附件说明"), "落款": WordStyle("GwSignature", "落款"),
    "成文日期": WordStyle("GwDate", "成文日期"), "页码": WordStyle("GwPageNumber", "公文页码"),
    "份号": WordStyle("GwCopyNumber", "份号"), "密级": WordStyle("GwSecrecy", "密级"),
    "发文机关标志": WordStyle("GwIssuerMark", "发文机关标志"), "发文字号": WordStyle("GwDocumentNumber", "发文字号"),
    "版记": WordStyle("GwImprint", "版记"),
    "附件标识": WordStyle("GwAnnexLabel", "附件标识"), "附件标题": WordStyle("GwAnnexTitle", "附件标题"),
    "表题": WordStyle("GwTableTitle", "公文表题"), "表头": WordStyle("GwTableHeader", "公文表头"),
    "表格": WordStyle("GwTableText", "公文表格"), "表注": WordStyle("GwTableNote", "公文表注"),
}
# Character styles by role: a run-in heading, an 引语, a 列举序号, the 签发人's name.
CHARACTER_STYLES = {
    "一级标题": WordStyle("GwHeading1Char", "一级标题字符"), "二级标题": WordStyle("GwHeading2Char", "二级标题字符"),
    "三级标题": WordStyle("GwHeading3Char", "三级标题字符"), "四级标题": WordStyle("GwHeading4Char", "四级标题字符"),
    "引语": WordStyle("GwLead", "引语"), "列举序号": WordStyle("GwEnumLabel", "列举序号"),
    "签发人": WordStyle("GwSigner", "签发人"),
}

_PARAGRAPH_ROLE_BY_ID = {style.style_id: role for role, style in PARAGRAPH_STYLES.items()}
_CHARACTER_ROLE_BY_ID = {style.style_id: role for role, style in CHARACTER_STYLES.items()}


def paragraph_role(style_id: str | None) -> str | None:
    """The role of a drafting paragraph style id (None: not one of drafting's styles)."""
    return _PARAGRAPH_ROLE_BY_ID.get(style_id or "Normal")


def character_role(style_id: str | None) -> str | None:
    """The role of a drafting character style id (None: not one of drafting's)."""
    return _CHARACTER_ROLE_BY_ID.get(style_id) if style_id else None


class RoleStyle(NamedTuple):
    """How one role (正文, 一级标题 …) is set: East Asian font, western font, size, bold."""

    east_asian: str
    western: str
    size: float
    bold: bool
    color: str | None = None


class Profile(NamedTuple):
    """A style profile: the fonts and sizes of every role; GB/T 9704 by default."""

    name: str
    roles: dict[str, RoleStyle]
    fallbacks: dict[str, str]

    def key(self) -> tuple:
        """A hashable identity, so packages built for a profile can be cached."""
        return (self.name, tuple(sorted(self.roles.items())), tuple(sorted(self.fallbacks.items())))
