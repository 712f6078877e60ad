"""Read the line markup that templates render into the document AST.

Each line is one directive (``@heading 坚持高位推动``) or plain text (a paragraph):

    @title T          a title line             @recipient T   主送机关
    @heading[..] T    opens a heading, @end closes it; options: continuous, level=N, children=N
    @text T           the paragraph a heading or lead sentence runs into
    @lead T           a paragraph's unnumbered lead sentence
    @para T / T       a paragraph
    @enum[separate]   starts a 一是……二是…… list of the following @item lines
    @attachment T     one 附件 name
    @signature[unsealed] T and @date T: 落款 and 成文日期
    @copynumber @secrecy @urgency @issuer @docnumber @signer T: the 版头 of a red-header document
    @copyto @printer @printdate T: its 版记 (抄送, 印发机关, 印发日期)
    @table[header=N,widths=4;3,align=left;right,merge=R.C.ROWS.COLS;…] T   a table (T its title), then
        @row, @cell T (one per cell), @tablenote T, and @endtable
    @annex[number=N,of=M] T   an attachment's pages begin (after the 落款, before the 版记): a new page, 附件N, T

Any directive may name the form field it prints, ``@heading[from=正文/0] T`` (option groups may follow one
another: ``@heading[children=3][from=存在问题/标题] T``); the block it opens carries that path as its
``origin``. A block put together from several lines (the title, 附件说明, 落款, 版头) takes the first one given.

Numbers never appear in markup: numbering is done on the AST.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from ..errors import Location, Problem, TemplateError
from ..styles import MAX_LEVEL
from .ast import (Annex, Attachments, Block, Document, Enumeration, Heading, Imprint, Masthead, Paragraph,
                  Recipient, Signature, Span, Table, Title)

_DIRECTIVE = re.compile(r"^@([a-z]+)((?:\[[^\]]*\])*)(?: (.*))?$")
_ESCAPED = re.compile(r"[%,\[\]=\s]")
_MASTHEAD = {"copynumber": "copy_number", "secrecy": "secrecy", "urgency": "urgency", "issuer": "issuer_mark",
             "docnumber": "document_number", "signer": "signer"}
_IMPRINT = {"copyto": "copy_to", "printer": "printer", "printdate": "print_date"}
_KNOWN = {"title", "recipient", "heading", "end", "text", "lead", "para", "enum", "item",
          "attachment", "signature", "date", "table", "row", "cell", "tablenote", "endtable", "annex"} \
    | set(_MASTHEAD) | set(_IMPRINT)


class _Head:
    """A block still open to an @text or @enum that follows it."""

    __slots__ = ("kind", "span", "origin", "title", "level", "continuous", "text", "items", "enum_open", "separate")

    def __init__(self, kind: str, span: Span, origin: str | None = None, title: str = "", level: int = 0,
                 continuous: bool = False, text: str | None = None) -> None:
        """Open a block of ``kind`` ("heading" | "lead" | "para") at ``span``."""
        self.kind, self.span, self.origin, self.title, self.level = kind, span, origin, title, level
        self.continuous, self.text = continuous, text
        self.items: list[str] = []
        self.enum_open = False
        self.separate = False


class _Scope:
    """A heading's level and how many children it declares (None: any number)."""

    __slots__ = ("level", "children")

    def __init__(self, level: int, children: int | None) -> None:
        """Hold the heading's level and its declared number of children."""
        self.level, self.children = level, children


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[Block] = []
        self.titles: list[str] = []
        self.title_span: Span | None = None
        self.origins: dict[str, str] = {}  # the origin of each block made of several lines, by its kind
        self.attachments: list[str] = []
        self.attachment_span: Span | None = None
        self.signature: tuple[str, Span, bool, str | None] | None = None
        self.head: _Head | None = None
        self.scopes: list[_Scope] = []
        self.masthead: dict[str, str] = {}
        self.masthead_span: Span | None = None
        self.imprint: dict[str, str] = {}
        self.imprint_span: Span | None = None
        self.annexes: list[Block] = []  # the attachments' pages: after the 落款, before the 版记
        self.target = self.blocks      # where blocks go: the body, or (after an @annex) the attachments' pages
        self.table: _OpenTable | None = None
        self.printing: str | None = None  # the origin the line being read names

    def fail(self, line: int, message: str, hint: str) -> TemplateError:
        if self.printing:  # the form field the line prints: the form may be what to change
            hint += f"（这一行印的是表单的“{self.printing}”）"
        return TemplateError(Problem(Location(self.source, line), message, hint, "T010"))

    def flush(self) -> None:
        head, self.head = self.head, None
        if head is None:
            return
        enum = Enumeration(tuple(head.items), head.separate) if head.items else None
        if head.kind == "heading":
            self.target.append(Heading(head.level, head.title, head.span, head.text, enum, head.continuous,
                                       origin=head.origin))
        else:
            self.target.append(Paragraph(head.text or "", head.span,
                                         head.title if head.kind == "lead" else None, enum, head.origin))

    def heading_level(self, line: int, options: dict[str, str]) -> int:
        if "level" in options:
            level = _int_option(options["level"])
        elif self.scopes:
            parent = self.scopes[-1]
            level = parent.children or parent.level + 1
        else:
            level = 1
        if level is None or not 1 <= level <= MAX_LEVEL:
            raise self.fail(line, "标题层级超过四级（一、（一）1.（1））", "减少嵌套，或把最深一层改写成段落")
        return level

    def directive(self, line: int, name: str, options: dict[str, str], text: str) -> None:
        span = Span(self.source, line)
        origin = self.printing = options.get("from") or None
        if self.table is not None or name in _TABLE_PARTS:
            self.table_part(line, name, options, text, span)
            return
        head = self.head
        if name == "text":
            if head is None or head.kind == "para" or head.text is not None or head.items:
                raise self.fail(line, "@text 前面必须紧跟 @heading 或 @lead", "检查模板里 @text 的位置")
            head.text = text
            return
        if name == "enum":
            if head is None:
                self.head = head = _Head("para", span, origin, text="")
            if head.items or head.enum_open:
                self.flush()
                self.head = head = _Head("para", span, origin, text="")
            head.enum_open, head.separate = True, "separate" in options
            return
        if name == "item":
            if head is None or not head.enum_open:
                raise self.fail(line, "@item 前面必须有 @enum", "在列举各项之前加一行 @enum")
            head.items.append(text)
            return
        self.flush()
        if origin is not None and name in (*_MASTHEAD, *_IMPRINT, "title", "attachment"):
            kind = "masthead" if name in _MASTHEAD else "imprint" if name in _IMPRINT else name
            self.origins.setdefault(kind, origin)
        if name in _MASTHEAD:
            self.masthead[_MASTHEAD[name]] = text
            self.masthead_span = self.masthead_span or span
            return
        if name in _IMPRINT:
            self.imprint[_IMPRINT[name]] = text
            self.imprint_span = self.imprint_span or span
            return
        if name == "heading":
            level = self.heading_level(line, options)
            self.head = _Head("heading", span, origin, title=text, level=level, continuous="continuous" in options)
            self.scopes.append(_Scope(level, _int_option(options.get("children", ""))))
        elif name == "end":
            if not self.scopes:
                raise self.fail(line, "@end 多了一个，没有对应的 @heading", "检查模板里 @heading 与 @end 是否成对")
            self.scopes.pop()
        elif name == "lead":
            self.head = _Head("lead", span, origin, title=text)
        elif name == "para":
            self.head = _Head("para", span, origin, text=text)
        elif name == "title":
            self.titles.append(text)
            self.title_span = self.title_span or span
        elif name == "recipient":
            self.target.append(Recipient(text, span, origin))
        elif name == "annex":
            if self.scopes:
                raise self.fail(line, "@annex 不能写在 @heading 和 @end 之间", "附件页写在正文和落款之后")
            number, count = _int_option(options.get("number", "")), _int_option(options.get("of", ""))
            if not number or not count or number > count:
                raise self.fail(line, "@annex 要写明第几个附件、共几个：@annex[number=1,of=2] 名称", "检查模板里的 @annex")
            self.target = self.annexes
            self.annexes.append(Annex(text, span, number, count, origin=origin))
        elif name == "attachment":
            self.attachments.append(text)
            self.attachment_span = self.attachment_span or span
        elif name == "signature":
            self.signature = (text, span, "unsealed" not in options, origin)
        elif name == "date":
            unit, sig_span, sealed, sig_origin = self.signature or ("", span, True, None)
            self.signature = None
            self.blocks.append(Signature(unit, text, sig_span, sealed, sig_origin or origin, origin))

    def table_part(self, line: int, name: str, options: dict[str, str], text: str, span: Span) -> None:
        """@table … @endtable: rows of cells, a note; the table is one block."""
        if name == "table":
            if self.table is not None:
                raise self.fail(line, "@table 里面不能再有 @table", "先用 @endtable 结束上一张表格")
            self.flush()
            self.table = _OpenTable(span, text or None, options, options.get("from") or None)
            return
        table = self.table
        if table is None:
            raise self.fail(line, f"@{name} 前面必须有 @table", "表格以 @table 开始，以 @endtable 结束")
        if name == "row":
            table.rows.append([])
        elif name == "cell":
            if not table.rows:
                raise self.fail(line, "@cell 前面必须有 @row", "每一行以 @row 开始")
            table.rows[-1].append(text)
        elif name == "tablenote":
            table.note = text or None
        elif name == "endtable":
            self.table = None
            self.target.append(table.block(self, line))
        else:
            raise self.fail(line, f"表格里不能有 @{name}", "表格里只能有 @row、@cell、@tablenote，以 @endtable 结束")

    def finish(self, line: int) -> Document:
        self.printing = None
        if self.table is not None:
            raise self.fail(line, "有 @table 没有用 @endtable 结束", "检查模板里 @table 与 @endtable 是否成对")
        self.flush()
        if self.signature is not None:  # 落款 without 成文日期
            unit, sig_span, sealed, origin = self.signature
            self.blocks.append(Signature(unit, "", sig_span, sealed, origin))
        if self.scopes:
            raise self.fail(line, "有 @heading 没有用 @end 结束", "检查模板里 @heading 与 @end 是否成对")
        blocks: list[Block] = []
        if self.masthead:
            if "issuer_mark" not in self.masthead:
                raise self.fail(self.masthead_span.line if self.masthead_span else line,
                                "版头缺少 @issuer（发文机关标志）", "在模板的版头里加一行 @issuer 发文机关标志")
            blocks.append(Masthead(span=self.masthead_span or Span(self.source, 1), origin=self.origins.get("masthead"),
                                   **self.masthead))
        if self.titles:
            blocks.append(Title(tuple(self.titles), self.title_span or Span(self.source, 1), self.origins.get("title")))
        blocks.extend(b for b in self.blocks if not isinstance(b, Signature))
        if self.attachments:
            blocks.append(Attachments(tuple(self.attachments), self.attachment_span or Span(self.source, 1),
                                      origin=self.origins.get("attachment")))
        blocks.extend(b for b in self.blocks if isinstance(b, Signature))
        blocks.extend(self.annexes)
        if self.imprint:
            blocks.append(Imprint(span=self.imprint_span or Span(self.source, 1), origin=self.origins.get("imprint"),
                                  **self.imprint))
        return Document(tuple(blocks))


_TABLE_PARTS = {"table", "row", "cell", "tablenote", "endtable"}


class _OpenTable:
    """A table between @table and @endtable."""

    __slots__ = ("span", "title", "options", "origin", "rows", "note")

    def __init__(self, span: Span, title: str | None, options: dict[str, str], origin: str | None = None) -> None:
        """Open a table at ``span`` with its title and ``[…]`` options; rows come with @row and @cell."""
        self.span, self.title, self.options, self.origin = span, title, options, origin
        self.rows: list[list[str]] = []
        self.note: str | None = None

    def block(self, reader: _Reader, line: int) -> Table:
        widths = tuple(float(w) for w in self.options.get("widths", "").split(";") if _is_number(w))
        aligns = tuple(a for a in self.options.get("align", "").split(";") if a in ("left", "center", "right"))
        merges = []
        for merge in self.options.get("merge", "").split(";"):
            parts = [_int_option(p) for p in merge.split(".")] if merge else []
            if len(parts) == 4 and all(p is not None for p in parts):
                merges.append(tuple(parts))
        width = max((len(row) for row in self.rows), default=0)
        if not self.rows or any(len(row) != width for row in self.rows):
            raise reader.fail(line, "表格的各行单元格数不同，或者没有一行", "每个 @row 后面的 @cell 个数要相同")
        header = _int_option(self.options.get("header", "0")) or 0
        return Table(tuple(tuple(row) for row in self.rows), min(header, len(self.rows)), self.span, self.title,
                     widths if len(widths) == width else (), aligns if len(aligns) == width else (),
                     tuple(merges), self.note, self.origin)  # type: ignore[arg-type]


def _is_number(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False


def _int_option(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _options(raw: str | None) -> dict[str, str]:
    """The options of a directive's ``[…]`` groups, later groups adding to earlier ones (``from`` unescaped)."""
    options: dict[str, str] = {}
    for part in (raw or "").replace("][", ",").strip("[]").split(","):
        key, _, value = part.strip().partition("=")
        if key:
            options[key] = unquote(value) if key == "from" else value
    return options


def origin_option(path: str | None) -> str:
    """``[from=PATH]`` for a directive, the characters options use escaped (nothing for no path)."""
    if not path:
        return ""
    return "[from=" + _ESCAPED.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), path) + "]"


def read_markup(text: str, source: str) -> Document:
    """Parse rendered markup into a Document. Raises TemplateError naming the markup line."""
    reader = _Reader(source)
    lineno = 0
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _DIRECTIVE.match(line)
        if match and match.group(1) in _KNOWN:
            reader.directive(lineno, match.group(1), _options(match.group(2)), (match.group(3) or "").strip())
        else:
            reader.directive(lineno, "para", {}, line)
    return reader.finish(lineno)
