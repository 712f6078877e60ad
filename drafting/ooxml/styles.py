"""styles.xml and fontTable.xml: one named Word style per role, fonts from the style profile."""
from __future__ import annotations

from typing import Any

from ..geometry import (BODY_SIZE_PT, BODY_TRACKING, IMPRINT_LINE_TWIPS, ISSUER_MARK_LINE_TWIPS, LINE_PITCH_TWIPS,
                        TABLE_LINE_TWIPS)
from ..styles import CHARACTER_STYLES, PARAGRAPH_STYLES, Profile, RoleStyle
from .names import DECL, W_NS, quoteattr


def _fonts(style: RoleStyle) -> str:
    west, east = quoteattr(style.western), quoteattr(style.east_asian)
    return (f"<w:rFonts w:ascii={west} w:hAnsi={west} w:cs={west} w:eastAsia={east} "
            f'w:hint="eastAsia"/>')


def _run_props(style: RoleStyle, tracking: int | None) -> str:
    half_points = int(round(style.size * 2))
    bold = "<w:b/><w:bCs/>" if style.bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    color = f'<w:color w:val="{style.color}"/>' if style.color else ""
    spacing = f'<w:spacing w:val="{tracking}"/>' if tracking is not None else ""
    return (f"<w:rPr>{_fonts(style)}{bold}{color}{spacing}<w:sz w:val=\"{half_points}\"/>"
            f"<w:szCs w:val=\"{half_points}\"/></w:rPr>")


def _tracking_for(style: RoleStyle) -> int:
    return BODY_TRACKING if abs(style.size - BODY_SIZE_PT) < 0.01 else 0


# Paragraphs whose lines are not the body pitch (or, for the title, not body text) keep off the
# document grid, so Word and LibreOffice place them alike (LibreOffice snaps exact lines to it).
_NO_GRID = '<w:snapToGrid w:val="0"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_BODY_INDENT = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH_TWIPS}" w:lineRule="exact"/>'
_TABLE_LINES = f'<w:spacing w:before="0" w:after="0" w:line="{TABLE_LINE_TWIPS}" w:lineRule="exact"/>'


def _paragraph_style(style_id: str, name: str, style: RoleStyle, ppr: str, *, default: bool = False,
                     outline: int | None = None) -> str:
    based = "" if default else '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
    attrs = ' w:default="1"' if default else ""
    outline_xml = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (f'<w:style w:type="paragraph"{attrs} w:styleId="{style_id}"><w:name w:val={quoteattr(name)}/>'
            f"{based}<w:qFormat/><w:pPr>{ppr}{outline_xml}</w:pPr>{_run_props(style, _tracking_for(style))}</w:style>")


def styles_xml(profile: Profile) -> str:
    """styles.xml: docDefaults and one named style per role, fonts from ``profile``."""
    roles = profile.roles

    def role(name: str, ppr: str, **options: Any) -> str:
        style = PARAGRAPH_STYLES[name]
        return _paragraph_style(style.style_id, style.name, roles[name], ppr, **options)

    # overflowPunct 1: punctuation may hang past the line's end. Word's own default, written out because
    # LibreOffice reads the element inverted (1 turns its hanging punctuation off) and, when it hangs a
    # mark, sometimes drops it from the page; it now moves the mark, with the character before it, to
    # the next line. Measured in docs/page-recipe.md.
    normal_ppr = ('<w:widowControl w:val="0"/><w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/>'
                  f'<w:autoSpaceDN w:val="0"/>{_EXACT}{_BODY_INDENT}<w:jc w:val="both"/>')
    left, center, right = ('<w:jc w:val="left"/>', '<w:jc w:val="center"/>', '<w:jc w:val="right"/>')
    parts = [
        DECL, f'<w:styles xmlns:w="{W_NS}">',
        f"<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(roles['正文'])}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{_EXACT}</w:pPr></w:pPrDefault></w:docDefaults>",
        role("正文", normal_ppr, default=True),
        role("标题", f"<w:keepNext/>{_NO_GRID}{_NO_INDENT}{center}"),
        role("主送机关", _NO_INDENT),
    ]
    headings = ("一级标题", "二级标题", "三级标题", "四级标题")
    parts += [role(name, "<w:keepNext/>", outline=level) for level, name in enumerate(headings)]
    parts += [
        role("附件说明", left),
        role("落款", _NO_INDENT + right),
        role("成文日期", _NO_INDENT + right),
        role("页码", f'{_NO_GRID}<w:spacing w:before="0" w:after="0" w:line="240" '
                   f'w:lineRule="auto"/>{_NO_INDENT}'),
        role("份号", _NO_INDENT + left),
        role("密级", _NO_INDENT + left),
        role("发文机关标志", f'{_NO_GRID}<w:spacing w:before="0" w:after="0" '
                       f'w:line="{ISSUER_MARK_LINE_TWIPS}" '
                       f'w:lineRule="exact"/>{_NO_INDENT}{center}'),
        role("发文字号", _NO_INDENT + center),
        role("版记", f'{_NO_GRID}<w:spacing w:before="0" w:after="0" w:line="{IMPRINT_LINE_TWIPS}" '
                   f'w:lineRule="exact"/>{_NO_INDENT}{left}'),
        # 附件 pages (GB/T 9704 7.3.7): “附件1” flush left in 黑体, the title centred as the document's own.
        role("附件标识", f"<w:keepNext/>{_NO_INDENT}{left}"),
        role("附件标题", f"<w:keepNext/>{_NO_GRID}{_NO_INDENT}{center}"),
        # Tables: the title kept with the table; cells one size down, off the body grid, lines of their own.
        role("表题", f"<w:keepNext/>{_NO_INDENT}{center}"),
        role("表头", f"<w:keepNext/>{_NO_GRID}{_TABLE_LINES}{_NO_INDENT}{center}"),
        role("表格", f"{_NO_GRID}{_TABLE_LINES}{_NO_INDENT}{left}"),
        role("表注", f"{_NO_GRID}{_TABLE_LINES}{_NO_INDENT}{left}"),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
    ]
    for role, char_style in CHARACTER_STYLES.items():
        parts.append(f'<w:style w:type="character" w:styleId="{char_style.style_id}">'
                     f"<w:name w:val={quoteattr(char_style.name)}/><w:qFormat/>"
                     f"{_run_props(roles[role], _tracking_for(roles[role]))}</w:style>")
    parts.append("</w:styles>")
    return "".join(parts)


def font_table_xml(profile: Profile) -> str:
    """fontTable.xml: every font the profile uses, with the substitute Word should pick."""
    names: list[str] = []
    for style in profile.roles.values():
        for name in (style.east_asian, style.western):
            if name not in names:
                names.append(name)
    fonts = []
    for name in names:
        alt = profile.fallbacks.get(name)
        alt_xml = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
        charset = '<w:charset w:val="86"/>' if any(ord(c) > 0x2E80 for c in name) else ""
        fonts.append(f"<w:font w:name={quoteattr(name)}>{alt_xml}{charset}</w:font>")
    return f'{DECL}<w:fonts xmlns:w="{W_NS}">{"".join(fonts)}</w:fonts>'
