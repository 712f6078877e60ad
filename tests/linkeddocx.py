"""A .docx whose body shows pictures linked (not embedded) to addresses: what LibreOffice would fetch."""
from __future__ import annotations

import io
import zipfile

_PICTURE = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="914400" cy="914400"/><wp:docPr id="{n}" name="p{n}"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="{n}" name="p{n}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:link="rIdLink{n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    '</wp:inline></w:drawing></w:r></w:p>')
_RELATIONSHIP = ('<Relationship Id="rIdLink{n}" TargetMode="External" Target="{target}" '
                 'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>')


def with_linked_pictures(docx: bytes, targets: list[str]) -> bytes:
    """``docx`` with one linked picture per target appended to its body."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = source.read(info).decode("utf-8") if info.filename.endswith(".xml") or info.filename.endswith(".rels") \
                else source.read(info)
            if info.filename == "word/document.xml":
                pictures = "".join(_PICTURE.format(n=100 + i) for i in range(len(targets)))
                data = data.replace("<w:sectPr", pictures + "<w:sectPr", 1)
                if 'xmlns:r="' not in data.split(">", 2)[1]:
                    raise ValueError("document.xml does not declare r:")
            if info.filename == "word/_rels/document.xml.rels":
                links = "".join(_RELATIONSHIP.format(n=100 + i, target=t) for i, t in enumerate(targets))
                data = data.replace("</Relationships>", links + "</Relationships>")
            copy.writestr(info.filename, data)
    return out.getvalue()
