"""Property elements in the order the ECMA-376 schema fixes, from one table per element, whatever options combine."""
from __future__ import annotations

from .names import quoteattr

# CT_PPrBase, then CT_PPr's own children.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
# CT_RPr (EG_RPrBase).
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
# CT_TblPr, CT_TrPr (a choice: any order, kept fixed here) and CT_TcPr.
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")
TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden")
TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark")
_PPR_RANK = {name: i for i, name in enumerate(PPR_ORDER)}
_RPR_RANK = {name: i for i, name in enumerate(RPR_ORDER)}


class Properties:
    """The children of one w:pPr or w:rPr: each element once, attributes merged, written in schema order."""

    __slots__ = ("_rank", "_children")

    def __init__(self, rank: dict[str, int]) -> None:
        self._rank = rank
        self._children: dict[str, tuple[dict[str, str], str]] = {}

    def set(self, name: str, attributes: dict[str, str] | None = None, inner: str = "") -> "Properties":
        """Add element ``name`` (or add ``attributes`` to it, later values winning), holding ``inner``."""
        if name not in self._rank:
            raise ValueError(f"w:{name} is not a child this element may hold")
        old_attributes, old_inner = self._children.get(name, ({}, ""))
        self._children[name] = ({**old_attributes, **(attributes or {})}, inner or old_inner)
        return self

    def __bool__(self) -> bool:
        return bool(self._children)

    def xml(self) -> str:
        """The children, in schema order."""
        out = []
        for name in sorted(self._children, key=self._rank.__getitem__):
            attributes, inner = self._children[name]
            attrs = "".join(f" w:{key}={quoteattr(value)}" for key, value in attributes.items())
            out.append(f"<w:{name}{attrs}>{inner}</w:{name}>" if inner else f"<w:{name}{attrs}/>")
        return "".join(out)


def paragraph_properties() -> Properties:
    """An empty w:pPr."""
    return Properties(_PPR_RANK)


def run_properties() -> Properties:
    """An empty w:rPr."""
    return Properties(_RPR_RANK)


def table_properties() -> Properties:
    """An empty w:tblPr."""
    return Properties({name: i for i, name in enumerate(TBLPR_ORDER)})


def row_properties() -> Properties:
    """An empty w:trPr."""
    return Properties({name: i for i, name in enumerate(TRPR_ORDER)})


def cell_properties() -> Properties:
    """An empty w:tcPr."""
    return Properties({name: i for i, name in enumerate(TCPR_ORDER)})
