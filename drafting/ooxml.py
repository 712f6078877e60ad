"""The only module that writes raw WordprocessingML: parts, styles, paragraphs, the zip.

Measurements behind the numbers (twips = 1/20 pt; README 版式 section): A4, margins
37/35/28/26 mm, exact line pitch 579 twips (22 lines in the 225 mm type area), −0.25 pt
tracking on 3号 text (28 characters in 156 mm), footers “— N —” at 1417 twips.
"""
from __future__ import annotations

import io
import zipfile
from typing import Any, NamedTuple

from .model import Profile, RoleStyle

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LINE_PITCH = 579          # exact line spacing, twips (28.95 pt)
BODY_TRACKING = -5        # character spacing on 16 pt text, twentieths of a point (−0.25 pt)
CHAR_TWIPS = 320          # one 3号 character, for twip fallbacks of *Chars indents
PAGE = {"w": 11906, "h": 16838}
MARGINS = {"top": 2098, "right": 1474, "bottom": 1984, "left": 1587, "header": 851, "footer": 1417, "gutter": 0}
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

# Paragraph and character style ids for each role; names (w:name) are the role names.
PARAGRAPH_STYLE_IDS = {
    "正文": "Normal", "标题": "GwTitle", "主送机关": "GwRecipient", "一级标题": "GwHeading1",
    "二级标题": "GwHeading2", "三级标题": "GwHeading3", "四级标题": "GwHeading4",
    "附件说明": "GwAttachment", "落款": "GwSignature", "成文日期": "GwDate", "页码": "GwPageNumber",
    "份号": "GwCopyNumber", "密级": "GwSecrecy", "发文机关标志": "GwIssuerMark", "发文字号": "GwDocumentNumber",
    "版记": "GwImprint",
}
CHARACTER_STYLE_IDS = {
    "一级标题": "GwHeading1Char", "二级标题": "GwHeading2Char", "三级标题": "GwHeading3Char",
    "四级标题": "GwHeading4Char", "引语": "GwLead", "列举序号": "GwEnumLabel", "签发人": "GwSigner",
}
CHARACTER_STYLE_NAMES = {"一级标题": "一级标题字符", "二级标题": "二级标题字符", "三级标题": "三级标题字符",
                         "四级标题": "四级标题字符", "引语": "引语", "列举序号": "列举序号", "签发人": "签发人"}

# Indents of 附件说明 lines (in hundredths of a character): left, hanging.
ATTACHMENT_INDENTS = {"single": (500, 300), "first": (600, 400), "next": (600, 100)}


def escape(text: str) -> str:
    """Escape text for XML character data (xml.sax.saxutils would import urllib at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(value: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + escape(value).replace('"', "&quot;") + '"'


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
    return BODY_TRACKING if abs(style.size - 16) < 0.01 else 0


_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_BODY_INDENT = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'


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
        return _paragraph_style(PARAGRAPH_STYLE_IDS[name], name, roles[name], ppr, **options)

    normal_ppr = ('<w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
                  f'{_EXACT}{_BODY_INDENT}<w:jc w:val="both"/>')
    left, center, right = ('<w:jc w:val="left"/>', '<w:jc w:val="center"/>', '<w:jc w:val="right"/>')
    parts = [
        _DECL, f'<w:styles xmlns:w="{W_NS}">',
        f"<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(roles['正文'])}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{_EXACT}</w:pPr></w:pPrDefault></w:docDefaults>",
        role("正文", normal_ppr, default=True),
        role("标题", f"<w:keepNext/>{_NO_INDENT}{center}"),
        role("主送机关", _NO_INDENT),
    ]
    headings = ("一级标题", "二级标题", "三级标题", "四级标题")
    parts += [role(name, "<w:keepNext/>", outline=level) for level, name in enumerate(headings)]
    parts += [
        role("附件说明", left),
        role("落款", _NO_INDENT + right),
        role("成文日期", _NO_INDENT + right),
        role("页码", '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" '
                   f'w:lineRule="auto"/>{_NO_INDENT}'),
        role("份号", _NO_INDENT + left),
        role("密级", _NO_INDENT + left),
        role("发文机关标志", '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="1158" '
                       f'w:lineRule="exact"/>{_NO_INDENT}{center}'),
        role("发文字号", _NO_INDENT + center),
        role("版记", '<w:spacing w:before="0" w:after="0" w:line="480" w:lineRule="exact"/>' + _NO_INDENT + left),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
    ]
    for role, style_id in CHARACTER_STYLE_IDS.items():
        parts.append(f'<w:style w:type="character" w:styleId="{style_id}">'
                     f"<w:name w:val={quoteattr(CHARACTER_STYLE_NAMES[role])}/><w:qFormat/>"
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
    return f'{_DECL}<w:fonts xmlns:w="{W_NS}">{"".join(fonts)}</w:fonts>'


def settings_xml() -> str:
    """settings.xml: different odd and even footers, no punctuation compression."""
    return (f'{_DECL}<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="420"/>'
            '<w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>')


def footer_xml(even: bool) -> str:
    """A footer holding “— PAGE —”: odd pages right with one character's indent, even pages left."""
    placement = ('<w:ind w:left="280" w:leftChars="100" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/>'
                 if even else
                 '<w:ind w:right="280" w:rightChars="100" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>')
    run = '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>{}</w:r>'
    return (f'{_DECL}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="GwPageNumber"/>'
            f"{placement}</w:pPr>"
            + run.format('<w:t xml:space="preserve">— </w:t>')
            + run.format('<w:fldChar w:fldCharType="begin"/>')
            + run.format('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
            + run.format('<w:fldChar w:fldCharType="separate"/>')
            + run.format("<w:t>1</w:t>")
            + run.format('<w:fldChar w:fldCharType="end"/>')
            + run.format('<w:t xml:space="preserve"> —</w:t>')
            + "</w:p></w:ftr>")


TEXT_TWIPS = 8845  # the type area's width
_RULES = {  # paragraph borders: (side, eighths of a point, colour)
    "red": (("bottom", 12, "FF0000"),),
}


def _placement(rule: str | None, side_chars: tuple[float, float] | None, align: str | None) -> str:
    """pPr children, in schema order: borders, tabs, indents, alignment."""
    xml = ""
    if rule in _RULES:
        xml += "<w:pBdr>" + "".join(f'<w:{side} w:val="single" w:sz="{size}" w:space="{4 if side == "bottom" else 1}" '
                                    f'w:color="{color}"/>' for side, size, color in _RULES[rule]) + "</w:pBdr>"
    if side_chars:
        right_twips = TEXT_TWIPS - int(side_chars[1] * CHAR_TWIPS)
        xml += f'<w:tabs><w:tab w:val="right" w:pos="{right_twips}"/></w:tabs>'
        left, right = (int(c * 100) for c in side_chars)
        xml += (f'<w:ind w:left="{left * CHAR_TWIPS // 100}" w:leftChars="{left}" w:right="{right * CHAR_TWIPS // 100}" '
                f'w:rightChars="{right}" w:firstLineChars="0" w:firstLine="0"/>')
    if align:
        xml += f'<w:jc w:val="{align}"/>'
    return xml


def _text_xml(text: str) -> str:
    """w:t elements, with a w:tab for each tab character."""
    parts = text.split("\t")
    return "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in parts)


def paragraph_xml(style_id: str, runs: list[tuple[str, str | None, str | None]], *,
                  right_chars: float | None = None, indent: tuple[int, int] | None = None,
                  rule: str | None = None, side_chars: tuple[float, float] | None = None,
                  align: str | None = None, font_size: float | None = None,
                  space_before_mm: float | None = None) -> str:
    """One w:p: a paragraph style, placement (indents, rules, frame) and runs of
    (text, char style id, East Asian font that overrides the style's or None)."""
    ppr = f'<w:pStyle w:val="{style_id}"/>' if style_id != "Normal" else ""
    if space_before_mm:  # a paragraph-level spacing element: before only, the style keeps the line rule
        ppr += f'<w:spacing w:before="{int(round(space_before_mm * 1440 / 25.4))}"/>'
    ppr += _placement(rule, side_chars, align)
    if right_chars is not None:
        hundredths = int(round(right_chars * 100))
        ppr += f'<w:ind w:right="{hundredths * CHAR_TWIPS // 100}" w:rightChars="{hundredths}"/>'
    if indent is not None:
        left, hanging = indent
        ppr += (f'<w:ind w:left="{left * CHAR_TWIPS // 100}" w:leftChars="{left}" '
                f'w:hanging="{hanging * CHAR_TWIPS // 100}" w:hangingChars="{hanging}"/>')
    out = [f"<w:p><w:pPr>{ppr}</w:pPr>" if ppr else "<w:p>"]
    size = f'<w:sz w:val="{int(font_size * 2)}"/><w:szCs w:val="{int(font_size * 2)}"/>' if font_size else ""
    for text, char_style, east_asian in runs:
        rstyle = f'<w:rStyle w:val="{char_style}"/>' if char_style else ""
        font = f" w:eastAsia={quoteattr(east_asian)}" if east_asian else ""
        out.append(f'<w:r><w:rPr>{rstyle}<w:rFonts{font} w:hint="eastAsia"/>{size}</w:rPr>{_text_xml(text)}</w:r>')
    out.append("</w:p>")
    return "".join(out)


WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
EMU_PER_TWIP = 635
IMPRINT_ROW_TWIPS = 480  # 版记 lines: exact 24 pt


def bottom_anchor_run(rows: list[str]) -> str:
    """A run holding a text box anchored to the foot of the type area, with the 版记 table in it.

    A text box anchored to the margin is the placement every renderer honours; LibreOffice
    ignores bottom alignment for paragraph frames and floating tables.
    """
    width = TEXT_TWIPS * EMU_PER_TWIP
    height = len(rows) * IMPRINT_ROW_TWIPS * EMU_PER_TWIP + 25400
    return ('<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
            '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
            f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
            '<wp:docPr id="1" name="版记"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
            f'uri="{WPS_NS}"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
            f'<a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent>{_bottom_table_xml(rows)}<w:p/>'
            '</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" '
            'bIns="0" anchor="b"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></w:r>')


def append_run(paragraph: str, run: str) -> str:
    """``paragraph`` (a w:p) with ``run`` added at its end."""
    return paragraph[: -len("</w:p>")] + run + "</w:p>"


def _bottom_table_xml(rows: list[str]) -> str:
    """版记: a one-column table as wide as the type area, with thick rules above and below
    (0.35 mm) and thin ones between rows (0.25 mm)."""
    borders = ('<w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
               '<w:left w:val="nil"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
               '<w:right w:val="nil"/><w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
               '<w:insideV w:val="nil"/></w:tblBorders>')
    cells = "".join(f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{TEXT_TWIPS}" w:type="dxa"/></w:tcPr>{row}</w:tc></w:tr>'
                    for row in rows)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_TWIPS}" w:type="dxa"/><w:jc w:val="center"/>{borders}'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
            f'</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{TEXT_TWIPS}"/></w:tblGrid>'
            f'{cells}</w:tbl>')


def document_xml(body: list[str]) -> str:
    """document.xml around the given paragraphs, with the GB/T 9704 section properties."""
    margins = " ".join(f'w:{k}="{v}"' for k, v in MARGINS.items())
    sect = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
            '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
            f'<w:pgSz w:w="{PAGE["w"]}" w:h="{PAGE["h"]}"/><w:pgMar {margins}/>'
            f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>')
    return (f'{_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" '
            f'xmlns:wps="{WPS_NS}"><w:body>{"".join(body)}{sect}</w:body></w:document>')


_CONTENT_TYPES = (
    f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>")
_ROOT_RELS = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>")
_DOC_RELS = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>'
    "</Relationships>")
_APP = ('{decl}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>drafting</Application></Properties>").format(decl=_DECL)


def core_xml(title: str, creator: str, created: str) -> str:
    """docProps/core.xml with the title, author and a fixed creation time (reproducible output)."""
    return (f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>')


class BasePackage(NamedTuple):
    """The parts that depend only on the profile, built and deflated once, reused for every document."""

    zipped: bytes  # the parts as a zip archive: each document's own parts are appended to a copy


def base_package(profile: Profile) -> BasePackage:
    """Build the profile-dependent parts (styles, fonts, settings, footers, relationships)."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS,
        "word/_rels/document.xml.rels": _DOC_RELS, "word/styles.xml": styles_xml(profile),
        "word/settings.xml": settings_xml(), "word/fontTable.xml": font_table_xml(profile),
        "word/footer1.xml": footer_xml(even=False), "word/footer2.xml": footer_xml(even=True),
        "docProps/app.xml": _APP,
    }
    encoded = tuple((name, xml.encode("utf-8")) for name, xml in parts.items())
    return BasePackage(_zip(io.BytesIO(), "w", encoded))


def zip_package(base: BasePackage, document: str, core: str) -> bytes:
    """The base parts (deflated once) plus this document's document.xml and core.xml (fixed timestamps)."""
    return _zip(io.BytesIO(base.zipped), "a", (("word/document.xml", document.encode("utf-8")),
                                               ("docProps/core.xml", core.encode("utf-8"))))


def _zip(buffer: io.BytesIO, mode: str, entries: tuple[tuple[str, bytes], ...]) -> bytes:
    with zipfile.ZipFile(buffer, mode, zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# ---- reading .docx (draft import) ----

class ReadParagraph(NamedTuple):
    """A body paragraph of a .docx as text, with its style name; auto-numbering is written out."""

    text: str
    style: str


class ReadDocument(NamedTuple):
    """A .docx's body paragraphs and what could not be imported (tables, pictures, text boxes)."""

    paragraphs: tuple[ReadParagraph, ...]
    tables: int = 0
    drawings: int = 0


_W = "{%s}" % W_NS


def _numbering_formats(archive: zipfile.ZipFile) -> dict[str, dict[int, tuple[str, str, int]]]:
    """numId → ilvl → (numFmt, lvlText, start)."""
    from lxml import etree

    try:
        root = etree.fromstring(archive.read("word/numbering.xml"))
    except KeyError:
        return {}
    abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
    for node in root.iter(_W + "abstractNum"):
        levels = {}
        for lvl in node.iter(_W + "lvl"):
            fmt = lvl.find(_W + "numFmt")
            text = lvl.find(_W + "lvlText")
            start = lvl.find(_W + "start")
            levels[int(lvl.get(_W + "ilvl", "0"))] = (
                fmt.get(_W + "val") if fmt is not None else "decimal",
                text.get(_W + "val") if text is not None else "",
                int(start.get(_W + "val")) if start is not None else 1)
        abstract[node.get(_W + "abstractNumId")] = levels
    result = {}
    for num in root.iter(_W + "num"):
        ref = num.find(_W + "abstractNumId")
        if ref is not None:
            result[num.get(_W + "numId")] = abstract.get(ref.get(_W + "val"), {})
    return result


def _format_number(fmt: str, n: int) -> str:
    from .numerals import chinese_numeral
    if fmt.startswith("chinese") or fmt in ("ideographTraditional", "taiwaneseCounting", "japaneseCounting"):
        return chinese_numeral(n) if 0 < n < 10000 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


def read_docx(data: bytes) -> ReadDocument:
    """Read a .docx's body. Raises zipfile.BadZipFile, KeyError or lxml errors for a broken file."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(_W + "body")
        styles: dict[str, tuple[str, tuple[str, int] | None]] = {}
        try:
            for style in etree.fromstring(archive.read("word/styles.xml")).iter(_W + "style"):
                name = style.find(_W + "name")
                num = style.find(f"{_W}pPr/{_W}numPr")
                num_ref = None
                if num is not None and num.find(_W + "numId") is not None:
                    ilvl = num.find(_W + "ilvl")
                    num_ref = (num.find(_W + "numId").get(_W + "val"), int(ilvl.get(_W + "val")) if ilvl is not None else 0)
                styles[style.get(_W + "styleId")] = (name.get(_W + "val") if name is not None else "", num_ref)
        except KeyError:
            pass
        formats = _numbering_formats(archive)
    counters: dict[str, dict[int, int]] = {}
    paragraphs: list[ReadParagraph] = []
    tables = drawings = 0
    for child in body:
        if child.tag == _W + "tbl":
            tables += 1
            continue
        if child.tag != _W + "p":
            continue
        boxed = child.findall(f".//{_W}txbxContent")
        drawings += len(child.findall(f".//{_W}drawing")) + len(child.findall(f".//{_W}pict")) - len(boxed)
        style_id = child.find(f"{_W}pPr/{_W}pStyle")
        style_name, style_num = styles.get(style_id.get(_W + "val") if style_id is not None else "Normal", ("", None))
        parts: list[str] = []
        for node in child.iter(_W + "t", _W + "tab", _W + "br"):
            if node.getparent().tag != _W + "r":  # a tab stop in pPr, not a tab character
                continue
            if any(a.tag in (_W + "txbxContent", _W + "drawing") for a in node.iterancestors()):
                continue
            parts.append(node.text or "" if node.tag == _W + "t" else ("\t" if node.tag == _W + "tab" else ""))
        num = child.find(f"{_W}pPr/{_W}numPr")
        ref = None
        if num is not None and num.find(_W + "numId") is not None:
            ilvl = num.find(_W + "ilvl")
            ref = (num.find(_W + "numId").get(_W + "val"), int(ilvl.get(_W + "val")) if ilvl is not None else 0)
        ref = ref or style_num
        label = ""
        if ref is not None and ref[0] != "0" and ref[0] in formats:
            levels = formats[ref[0]]
            count = counters.setdefault(ref[0], {})
            count[ref[1]] = count.get(ref[1], levels.get(ref[1], ("", "", 1))[2] - 1) + 1
            for deeper in [k for k in count if k > ref[1]]:
                del count[deeper]
            fmt, template, _ = levels.get(ref[1], ("decimal", f"%{ref[1] + 1}.", 1))
            label = template
            for level in range(ref[1] + 1):
                lvl_fmt = levels.get(level, ("decimal", "", 1))[0]
                label = label.replace(f"%{level + 1}", _format_number(lvl_fmt, count.get(level, 1)))
        paragraphs.append(ReadParagraph(label + "".join(parts), style_name))
        for box in boxed:  # text boxes (the 版记) read in place, after their anchor paragraph
            for inner in box.iter(_W + "p"):
                text = "".join(n.text or "" if n.tag == _W + "t" else "\t"
                               for n in inner.iter(_W + "t", _W + "tab") if n.getparent().tag == _W + "r")
                if text.strip():
                    paragraphs.append(ReadParagraph(text, "版记"))
    return ReadDocument(tuple(paragraphs), tables, max(drawings, 0))
