"""Reading a .docx back: drafting's own styles become roles; a run-in heading or 引语 is its first runs."""
from __future__ import annotations

import io
import zipfile

from drafting.ooxml.reader import read_docx

from ..helpers import build
from ..conftest import EXAMPLES


def test_drafting_styles_read_back_as_roles():
    document = read_docx(build(EXAMPLES / "half-year-summary.yaml"))
    roles = {(p.role, p.lead_role) for p in document.paragraphs}
    assert ("标题", None) in roles and ("一级标题", None) in roles and ("正文", "二级标题") in roles
    assert ("正文", "引语") in roles and ("落款", None) in roles and ("成文日期", None) in roles
    lead = next(p for p in document.paragraphs if p.lead_role == "引语")
    assert lead.text.startswith(lead.lead) and lead.lead.endswith("。")
    assert document.tables == 0 and document.drawings == 0


def test_a_word_text_box_is_read_once_not_again_from_its_fallback():
    """Word writes a text box as DrawingML and again as VML in mc:Fallback; only one copy is text."""
    box = ('<w:txbxContent><w:p><w:r><w:t>抄送：县纪委。</w:t></w:r></w:p></w:txbxContent>')
    run = ('<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           '<mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/'
           f'2010/wordprocessingShape">{box}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>'
           f'<v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>{box}</v:textbox></v:shape></w:pict>'
           '</mc:Fallback></mc:AlternateContent></w:r>')
    original = build(EXAMPLES / "half-year-summary.yaml")
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace("</w:p><w:sectPr>", run + "</w:p><w:sectPr>", 1).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    document = read_docx(buffer.getvalue())
    assert [p.text for p in document.paragraphs].count("抄送：县纪委。") == 1
    assert document.drawings == 0


def test_outline_levels_are_read_from_the_paragraph_else_its_style():
    """WPS keeps a heading's level only as w:outlineLvl on a body paragraph; drafting's heading styles carry it."""
    from ..editing import as_wps_saves

    built = build(EXAMPLES / "half-year-summary.yaml")
    before, after = read_docx(built).paragraphs, read_docx(as_wps_saves(built)).paragraphs
    levels = {"一级标题": 0, "二级标题": 1}
    assert all(p.outline == levels.get(p.role) for p in before)  # from the style
    assert [(p.text, levels.get(p.role)) for p in before] == [(p.text, p.outline) for p in after]  # the paragraph's
    assert {p.role for p in after if p.outline is not None} == {"正文"}
    parts = _parts(built)
    body = parts["word/document.xml"].decode()
    style = body.index("/>", body.rindex("<w:pStyle ", 0, body.index("一、"))) + 2  # after the heading's pStyle
    parts["word/document.xml"] = (body[:style] + '<w:outlineLvl w:val="9"/>' + body[style:]).encode()  # body text
    heading = next(p for p in read_docx(_zipped(parts)).paragraphs if p.text.startswith("一、"))
    assert (heading.role, heading.outline) == ("一级标题", None)
    for broken in ("²", "-1", "", "99999999999999999999"):  # no traceback: not a level
        parts["word/document.xml"] = (body[:style] + f'<w:outlineLvl w:val="{broken}"/>' + body[style:]).encode()
        heading = next(p for p in read_docx(_zipped(parts)).paragraphs if p.text.startswith("一、"))
        assert heading.outline is None


def _parts(data: bytes) -> dict[str, bytes]:
    """The parts of a .docx."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zipped(parts: dict[str, bytes]) -> bytes:
    """A .docx of ``parts``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()
