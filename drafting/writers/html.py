"""HTML writer: the document as a sheet of paper for a browser preview, in the report's fonts where the browser has them."""
from __future__ import annotations

from html import escape

from ..document.ast import Document
from ..geometry import TYPE_WIDTH_PT
from ..styles import Profile, RoleStyle
from .layout import Laid, Para, layout
from .tablelayout import Grid

# Free stand-ins a browser may have for the fonts Chinese offices use (the same as data/fontconfig's).
_STAND_INS = {"仿宋": ("FangSong", "FandolFang"), "楷体": ("KaiTi", "FandolKai"), "黑体": ("SimHei", "FandolHei"),
              "宋体": ("SimSun", "FandolSong"), "小标宋": ("FandolSong",)}
_GENERIC = {"黑体": "sans-serif"}
_ALIGN = {"标题": "center", "发文机关标志": "center", "份号": "left", "密级": "left", "主送机关": "left",
          "附件标题": "center", "表题": "center", "附件标识": "left"}
_UNINDENTED = ("标题", "主送机关", "落款", "成文日期", "份号", "密级", "发文机关标志", "发文字号", "版记",
               "附件标识", "附件标题", "表题", "表注")
_CLASS = {"标题": "title", "主送机关": "recipient", "正文": "body", "一级标题": "h1", "二级标题": "h2",
          "三级标题": "h3", "四级标题": "h4", "附件说明": "attachment", "落款": "signature", "成文日期": "date",
          "份号": "copy-number", "密级": "secrecy", "发文机关标志": "issuer-mark", "发文字号": "document-number",
          "版记": "imprint", "引语": "lead", "列举序号": "enum-label", "签发人": "signer",
          "附件标识": "annex-label", "附件标题": "annex-title", "表题": "table-title", "表头": "table-header",
          "表格": "table-cell", "表注": "table-note"}


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string: every character but a letter, digit, space, _ - . is a CSS hex escape."""
    # A hex escape ends with a space, so a following hex digit is not read into it; NUL is not allowed in CSS.
    return '"' + "".join(c if c.isalnum() or c in " _.-" else f"\\{0xFFFD if c == chr(0) else ord(c):x} "
                         for c in value) + '"'


def font_family(style: RoleStyle, fallbacks: dict[str, str]) -> str:
    """The CSS font-family list for a role: its own font, the profile's fallback, free stand-ins, a generic family."""
    names = [style.east_asian, fallbacks.get(style.east_asian, "")]
    for key, stand_ins in _STAND_INS.items():
        if any(key in name for name in names if name):
            names += stand_ins
    generic = next((g for key, g in _GENERIC.items() if key in style.east_asian), "serif")
    return ", ".join([css_string(name) for name in dict.fromkeys(n for n in names if n)] + [generic])


def style_sheet(profile: Profile) -> str:
    """CSS for every role of ``profile`` (fonts, sizes, weight, colour), scoped to ``.gw-sheet``."""
    rules = [f".gw-sheet{{width:{TYPE_WIDTH_PT}pt}}"]
    for role, style in profile.roles.items():
        if role not in _CLASS:
            continue
        declarations = [f"font-family:{font_family(style, profile.fallbacks)}", f"font-size:{style.size:g}pt",
                        f"font-weight:{'bold' if style.bold else 'normal'}"]
        if style.color:
            declarations.append(f"color:#{style.color}")
        rules.append(f".gw-sheet .gw-{_CLASS[role]}{{{';'.join(declarations)}}}")
    return "\n".join(rules)


def _paragraph(para: Para) -> str:
    if not para.text:
        return '<p class="gw-blank">&#8203;</p>'
    classes = [f"gw-{_CLASS.get(para.role, 'body')}"]
    if para.role in _UNINDENTED or para.continued:
        classes.append("gw-flush")
    if para.page_break:
        classes.append("gw-page-break")
    if para.rule:
        classes.append(f"gw-rule-{para.rule}")
    style = []
    align = para.align or _ALIGN.get(para.role)
    if para.right_chars is not None:
        style += ["text-align:right", f"padding-right:{para.right_chars:g}em"]
    elif align:
        style.append(f"text-align:{align}")
    if para.font_size:
        style.append(f"font-size:{para.font_size:g}pt")
    runs = "".join(f'<span class="gw-{_CLASS[run.role]}">{escape(run.text)}</span>' if run.role in _CLASS
                   else escape(run.text).replace("\t", " ") for run in para.runs)
    attribute = f' style="{";".join(style)}"' if style else ""
    return f'<p class="{" ".join(classes)}"{attribute}{_origin(para.origin)}>{runs}</p>'


def _origin(origin: str | None) -> str:
    """The ``data-origin`` attribute naming the form path a paragraph was printed from (nothing without one)."""
    return f' data-origin="{escape(origin, quote=True)}"' if origin else ""


def _grid(grid: Grid) -> str:
    total = sum(grid.widths) or 1
    columns = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in grid.widths)
    rows = []
    for index, row in enumerate(grid.rows):
        cells = []
        for cell in row:
            if cell.covered is not None:
                continue
            tag = "th" if index < grid.header_rows else "td"
            span = (f' colspan="{cell.columns}"' if cell.columns > 1 else "") + (f' rowspan="{cell.rows}"' if cell.rows > 1 else "")
            cells.append(f'<{tag} class="gw-{_CLASS[cell.role]}" style="text-align:{cell.align}"{span}>{escape(cell.text)}</{tag}>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="gw-grid"{_origin(grid.origin)}><colgroup>{columns}</colgroup>' + "".join(rows) + "</table>"


def write_html(doc: Document, profile: Profile, cache: dict | None = None, laid: list[Laid] | None = None) -> bytes:
    """The document as an HTML fragment: one ``.gw-sheet`` holding a ``<p>`` per paragraph (numbers included)
    and a ``<table>`` per table."""
    paragraphs = "\n".join(_grid(para) if isinstance(para, Grid) else _paragraph(para) for para in (layout(doc) if laid is None else laid))
    return f'<div class="gw-sheet">\n{paragraphs}\n</div>\n'.encode("utf-8")
