"""The package's fixed parts: settings, footers, content types, relationships, app and core properties (custom: origins.py)."""
from __future__ import annotations

from ..geometry import PAGE_NUMBER_INDENT_TWIPS
from .names import DECL, R_NS, W_NS, escape


def settings_xml() -> str:
    """settings.xml, in schema order: different odd and even footers, no punctuation compression."""
    return (f'{DECL}<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="420"/>'
            '<w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>')


def blank_footer_xml() -> str:
    """A footer with nothing in it: the 版记's own page, and a blank page before it, carry no page number."""
    return f'{DECL}<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="GwPageNumber"/></w:pPr></w:p></w:ftr>'


def footer_xml(even: bool) -> str:
    """A footer holding “— PAGE —”: odd pages right with one character's indent, even pages left."""
    indent = PAGE_NUMBER_INDENT_TWIPS
    placement = (f'<w:ind w:left="{indent}" w:leftChars="100" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/>'
                 if even else
                 f'<w:ind w:right="{indent}" w:rightChars="100" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>')
    run = '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>{}</w:r>'
    return (f'{DECL}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="GwPageNumber"/>'
            f"{placement}</w:pPr>"
            + run.format('<w:t xml:space="preserve">— </w:t>')
            + run.format('<w:fldChar w:fldCharType="begin"/>')
            + run.format('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
            + run.format('<w:fldChar w:fldCharType="separate"/>')
            + run.format("<w:t>1</w:t>")
            + run.format('<w:fldChar w:fldCharType="end"/>')
            + run.format('<w:t xml:space="preserve"> —</w:t>')
            + "</w:p></w:ftr>")


CONTENT_TYPES = (
    f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer3.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
    "</Types>")
ROOT_RELS = (
    f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>'
    "</Relationships>")
DOC_RELS = (
    f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>'
    '<Relationship Id="rIdFooterBlank" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer3.xml"/>'
    "</Relationships>")
APP = ('{decl}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>drafting</Application></Properties>").format(decl=DECL)


def core_xml(title: str, creator: str, created: str) -> str:
    """docProps/core.xml with the title, author and a fixed creation time (reproducible output)."""
    return (f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>')
