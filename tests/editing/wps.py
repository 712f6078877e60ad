"""WPS Writer's habits when it saves a .docx (what is known and what is assumed: see :func:`as_wps_saves`)."""
from __future__ import annotations

from typing import Any

from .xml import W, parse, read_parts, serialise, w, write_parts


WPS_APPLICATION = "WPS Office_11.1.0.11194_F1E327BC-269C-435d-A152-05C5408002CA"
_STYLE_REFERENCES = ("pStyle", "rStyle", "tblStyle", "basedOn", "next", "link", "numStyleLink", "styleLink")
_HEADING_LEVELS = {"GwHeading1": 0, "GwHeading2": 1, "GwHeading3": 2, "GwHeading4": 3}
_LATER_THAN_OUTLINE = ("divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def as_wps_saves(data: bytes, application: str = WPS_APPLICATION) -> bytes:
    """``data`` as WPS Writer is taken to save it: numeric style ids, headings by w:outlineLvl, drafting's marks gone.

    Known (seen in .docx files WPS wrote, found in public repositories): docProps/app.xml names the application
    ``WPS Office_<version>_F1E327BC-269C-435d-A152-05C5408002CA``; WPS writes a custom property
    ``KSOProductBuildVer`` (``2052-11.1.0.…``); files saved in Chinese have numeric style ids (``1`` for
    ``heading 1`` beside ``a`` for Normal, or ``1`` for Normal, ``2`` for ``heading 1``).
    Assumed, not verified (no WPS here): that WPS renumbers *every* style ``1``, ``2``… in the order styles.xml
    lists them; that a heading typed over with 大纲级别 keeps the body style and only gains w:outlineLvl (what a
    user who sets the level by hand gets); that it drops hidden ``_dft_`` bookmarks and the whole custom.xml
    (the worst case for drafting: it is not known whether WPS keeps either, so the fixture takes them away).
    """
    parts = read_parts(data)
    styles = parse(parts["word/styles.xml"])
    renamed = {style.get(W + "styleId"): str(number)
               for number, style in enumerate(styles.iter(W + "style"), start=1)}
    for style in styles.iter(W + "style"):
        style.set(W + "styleId", renamed[style.get(W + "styleId")])
    for name in [n for n in parts if n.startswith("word/") and n.endswith(".xml")]:
        root = styles if name == "word/styles.xml" else parse(parts[name])
        for node in root.iter(*(W + tag for tag in _STYLE_REFERENCES)):
            node.set(W + "val", renamed.get(node.get(W + "val"), node.get(W + "val")))
        if name == "word/document.xml":
            _outline_headings(root, {renamed[old]: level for old, level in _HEADING_LEVELS.items() if old in renamed},
                              renamed.get("Normal", "1"))
            _drop_drafting_bookmarks(root)
        parts[name] = serialise(root)
    _drop_part(parts, "docProps/custom.xml")
    app = parse(parts["docProps/app.xml"])
    found = app.find("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application")
    found.text = application
    parts["docProps/app.xml"] = serialise(app)
    return write_parts(parts)


def _outline_headings(document: Any, levels: dict[str, int], normal: str) -> None:
    """Each paragraph in a heading style (new id → level) put in the body style ``normal``, its level as
    w:outlineLvl (placed before any rPr, sectPr, pPrChange, as CT_PPr orders them)."""
    for style in document.iter(W + "pStyle"):
        level = levels.get(style.get(W + "val"))
        if level is None:
            continue
        properties = style.getparent()
        outline = w("outlineLvl", val=str(level))
        later = [c for c in properties if c.tag in {W + tag for tag in _LATER_THAN_OUTLINE}]
        later[0].addprevious(outline) if later else properties.append(outline)
        style.set(W + "val", normal)


def _drop_drafting_bookmarks(document: Any) -> None:
    """Remove every ``_dft_`` bookmark's start and end."""
    ids = set()
    for start in list(document.iter(W + "bookmarkStart")):
        if (start.get(W + "name") or "").startswith("_dft_"):
            ids.add(start.get(W + "id"))
            start.getparent().remove(start)
    for end in list(document.iter(W + "bookmarkEnd")):
        if end.get(W + "id") in ids:
            end.getparent().remove(end)


def _drop_part(parts: dict[str, bytes], name: str) -> None:
    """Remove a part with the package relationship and the content type that name it."""
    parts.pop(name, None)
    rels = parse(parts["_rels/.rels"])
    for relation in [r for r in rels if r.get("Target", "").lstrip("/") == name]:
        rels.remove(relation)
    parts["_rels/.rels"] = serialise(rels)
    types = parse(parts["[Content_Types].xml"])
    for override in [t for t in types if t.get("PartName") == "/" + name]:
        types.remove(override)
    parts["[Content_Types].xml"] = serialise(types)
