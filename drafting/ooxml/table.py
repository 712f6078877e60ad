"""w:tbl: a laid-out table within the type area, header rows repeated on each page, rows never split."""
from __future__ import annotations

from ..geometry import TABLE_CELL_MARGIN_TWIPS, TEXT_TWIPS
from ..records import NamedTuple
from .properties import cell_properties, row_properties, table_properties

_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'  # 0.5 pt rules, as Word's own table grid


class TableCell(NamedTuple):
    """A cell ready to write: its w:p, the columns it spans, and whether it starts or continues a merge."""

    paragraph: str
    columns: int = 1
    rows: int = 1               # > 1: it starts a vertical merge
    covered: str | None = None  # "below": continues a vertical merge; "beside": inside a cell spanning columns


def _table_properties() -> str:
    tblpr = table_properties()
    tblpr.set("tblW", {"w": str(TEXT_TWIPS), "type": "dxa"})
    tblpr.set("jc", {"val": "center"})
    tblpr.set("tblInd", {"w": "0", "type": "dxa"})
    tblpr.set("tblBorders", inner="".join(f"<w:{side} {_BORDER}/>"
                                         for side in ("top", "left", "bottom", "right", "insideH", "insideV")))
    tblpr.set("tblLayout", {"type": "fixed"})  # the widths as given: Word does not re-fit the columns to the text
    tblpr.set("tblCellMar", inner=f'<w:left w:w="{TABLE_CELL_MARGIN_TWIPS}" w:type="dxa"/>'
                                  f'<w:right w:w="{TABLE_CELL_MARGIN_TWIPS}" w:type="dxa"/>')
    tblpr.set("tblLook", {"val": "0000", "firstRow": "0", "lastRow": "0", "firstColumn": "0", "lastColumn": "0",
                          "noHBand": "1", "noVBand": "1"})
    return f"<w:tblPr>{tblpr.xml()}</w:tblPr>"


def table_xml(widths: tuple[int, ...], header_rows: int, rows: list[list[TableCell]]) -> str:
    """The table: fixed column widths summing to the type area, merged cells, header rows marked to repeat."""
    out = ["<w:tbl>", _table_properties(), "<w:tblGrid>",
           *(f'<w:gridCol w:w="{width}"/>' for width in widths), "</w:tblGrid>"]
    for index, row in enumerate(rows):
        trpr = row_properties()
        trpr.set("cantSplit")  # a row is never split across pages
        if index < header_rows:
            trpr.set("tblHeader")  # repeated at the top of each page
        out.append(f"<w:tr><w:trPr>{trpr.xml()}</w:trPr>")
        for column, cell in enumerate(row):
            if cell.covered == "beside":  # inside a cell spanning columns: no w:tc of its own
                continue
            tcpr = cell_properties()
            width = sum(widths[column:column + cell.columns])
            tcpr.set("tcW", {"w": str(width), "type": "dxa"})
            if cell.columns > 1:
                tcpr.set("gridSpan", {"val": str(cell.columns)})
            if cell.rows > 1:
                tcpr.set("vMerge", {"val": "restart"})
            elif cell.covered == "below":
                tcpr.set("vMerge")
            tcpr.set("vAlign", {"val": "center"})
            out.append(f"<w:tc><w:tcPr>{tcpr.xml()}</w:tcPr>{cell.paragraph}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
