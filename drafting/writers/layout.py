"""Lay a numbered document out as paragraphs of styled runs, shared by every writer.

Roles are the style names users see in Word: 标题, 正文, 一级标题 … A run's role is a
character style (a heading that runs into its paragraph, an 引语, a 列举序号) or None.
"""
from __future__ import annotations

import math

from ..chars import page_width
from ..document.ast import (Annex, Attachments, Block, Document, Enumeration, Heading, Imprint, Masthead, Paragraph,
                            Recipient, Signature, Table, Title)
from ..document.numbering import number_document
from ..document.titles import break_title
from ..geometry import (ISSUER_MARK_MAX_PT, LINE_MM, MARK_OFFSET_MM, MARK_OFFSET_UPWARD_MM, MARK_TOP_INSET_MM,
                        TYPE_WIDTH_PT)
from ..records import NamedTuple
from ..styles import HEADING_ROLES
from .tablelayout import Grid, lay_out_table
_ENDINGS = "。：:！？!?；;…"
_JOIN_STRIP = "。；;，,、 "


class Run(NamedTuple):
    """Text in one character style (None: the paragraph's own style)."""

    text: str
    role: str | None = None


class Para(NamedTuple):
    """One output paragraph: its style role, its runs and any placement it needs."""

    role: str
    runs: tuple[Run, ...] = ()
    right_chars: float | None = None
    attachment: str | None = None  # "single" | "first" | "next"
    rule: str | None = None  # "red": the red rule under 发文字号; "imprint-…": the 版记's rules
    in_frame: bool = False  # 版记: kept together, between rules, at the foot of the last page
    font_size: float | None = None  # a size that differs from the role's (a long 发文机关标志)
    inset_chars: tuple[float, float] | None = None  # text set in from a ruled line's ends, in characters
    align: str | None = None  # "left", "center", "right" where the role's alignment does not fit
    space_before_mm: float | None = None  # room above the paragraph (发文机关标志: its place on the page)
    keep_next: bool = False  # on the same page as the next paragraph (the body's end, 附件说明 and 落款)
    widow_control: bool = False  # never one line of it alone on a page (the body's last paragraph)
    continued: bool = False  # the rest of the paragraph before (no first-line indent)
    page_break: bool = False  # starts a new page (an attachment's first line)
    origin: str | None = None  # the form path its block was printed from (a blank line has none)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


BLANK = Para("正文")
Laid = Para | Grid  # what layout gives the writers: paragraphs, and tables laid out as grids


_OPEN_ENDINGS = "，、；,;"


def _closed(text: str) -> str:
    """A lead sentence or run-in heading ends in a full stop: 。 is added, or replaces a trailing ，、； (never “，。”)."""
    if not text:
        return text
    if text[-1] in _OPEN_ENDINGS:
        return text[:-1] + "。"
    return text if text[-1] in _ENDINGS else text + "。"


def _enumeration_runs(enum: Enumeration) -> list[Run]:
    runs: list[Run] = []
    last = len(enum.items) - 1
    for i, (label, item) in enumerate(zip(enum.labels, enum.items)):
        runs.append(Run(label, "列举序号"))
        runs.append(Run(item.rstrip(_JOIN_STRIP) + ("。" if i == last else "；")))
    return runs


def _with_enumeration(role: str, head: list[Run], enum: Enumeration | None) -> list[Para]:
    if enum is None:
        return [Para(role, tuple(head))]
    if not enum.separate:
        return [Para(role, tuple(head + _enumeration_runs(enum)))]
    paras = [Para(role, tuple(head))] if head else []
    for label, item in zip(enum.labels, enum.items):
        paras.append(Para("正文", (Run(label, "列举序号"), Run(_closed(item)))))
    return paras


SEAL_CHARS = 8.0  # GB/T 9704 7.3.5.1: seals (42 mm) side by side never touch: their centres 8 characters apart
_DATE_RIGHT_SEALED = 4.0  # 成文日期 右空四字
_SIGNATURE_GAP = "\u3000"  # between two units' names on one line (full-width spaces, the line grid's cells)


_AUTOSPACE_CHARS = 0.2  # the room an office suite adds where Chinese meets Latin letters or digits (measured: 3.2 pt)


def _printed_width(text: str) -> float:
    """Width on the page in characters, with the room added between Chinese and digits (“2026年10月8日”)."""
    wide = [page_width(c) == 1.0 for c in text]
    return page_width(text) + _AUTOSPACE_CHARS * sum(a != b for a, b in zip(wide, wide[1:]))


def signature_units(unit: str) -> list[str]:
    """The issuing units a 落款 names: one, or several (联合行文) separated by spaces or full-width spaces."""
    return unit.split()


def _signature(block: Signature) -> list[Para]:
    """GB/T 9704 7.3.5: 落款 and 成文日期, sealed (7.3.5.1) or not (7.3.5.2), for one unit or several."""
    units = signature_units(block.unit)
    if len(units) > 1:
        return _joint_signature(units, block)
    w_name, w_date = page_width(block.unit), page_width(block.date)
    if block.sealed:
        r_date = _DATE_RIGHT_SEALED
        r_name = max(0.0, r_date + (w_date - w_name) / 2)
        blanks = [BLANK, BLANK] if block.unit else [BLANK]
    else:
        r_date = max(2.0, w_name - w_date)
        r_name = max(0.0, r_date + w_date + 2 - w_name)
        blanks = [BLANK]
    paras = blanks
    if block.unit:
        paras.append(Para("落款", (Run(block.unit),), right_chars=r_name))
    if block.date:
        paras.append(Para("成文日期", (Run(block.date),), right_chars=r_date, origin=block.date_origin))
    return paras


def _joint_signature(units: list[str], block: Signature) -> list[Para]:
    """联合行文. Sealed (7.3.5.1): the names in the units' order, two to a line side by side, each under its own
    seal, the last name centred over the date (an odd last one alone); a line too wide for two names holds one.
    Unsealed (7.3.5.2): the lead unit first, the others below it, one a line, right-aligned, then the date
    starting two characters right of the longest name's first character."""
    w_date = _printed_width(block.date)
    paras = [BLANK]
    if block.sealed:
        paras.append(BLANK)
        centre = _DATE_RIGHT_SEALED + w_date / 2  # the last seal's centre, from the type area's right edge
        rows = [units[i:i + 2] for i in range(0, len(units), 2)] if len(units) % 2 == 0 else \
            [units[i:i + 2] for i in range(0, len(units) - 1, 2)] + [units[-1:]]
        pairs = [row for row in rows if len(row) == 2]
        apart = max([SEAL_CHARS] + [(page_width(a) + page_width(b)) / 2 + 2 for a, b in pairs])
        if any(centre + apart + page_width(a) / 2 > _BODY_CHARS_PER_LINE for a, _ in pairs):
            rows = [[unit] for unit in units]
        for row in rows:
            right = page_width(row[-1])
            text = row[-1] if len(row) == 1 else \
                row[0] + _SIGNATURE_GAP * max(1, math.ceil(apart - (page_width(row[0]) + right) / 2)) + row[1]
            paras.append(Para("落款", (Run(text),), right_chars=max(0.0, centre - right / 2)))
        r_date = _DATE_RIGHT_SEALED
    else:
        widest = max(page_width(unit) for unit in units)
        r_date = max(2.0, widest - w_date)
        r_name = max(0.0, r_date + w_date + 2 - widest)
        paras += [Para("落款", (Run(unit),), right_chars=r_name) for unit in units]
    if block.date:
        paras.append(Para("成文日期", (Run(block.date),), right_chars=r_date, origin=block.date_origin))
    return paras


def _attachments(block: Attachments) -> list[Para]:
    paras = [BLANK]
    if len(block.items) == 1:
        return paras + [Para("附件说明", (Run("附件：" + block.items[0]),), attachment="single")]
    for i, (label, name) in enumerate(zip(block.labels, block.items)):
        prefix = "附件：" if i == 0 else ""
        paras.append(Para("附件说明", (Run(prefix + label + name),), attachment="first" if i == 0 else "next"))
    return paras


def _masthead(block: Masthead) -> list[Para]:
    paras: list[Para] = []
    if block.copy_number:
        paras.append(Para("份号", (Run(block.copy_number),)))
    for line in (block.secrecy, block.urgency):
        if line:
            paras.append(Para("密级", (Run(line),)))
    size = min(ISSUER_MARK_MAX_PT, float(int(TYPE_WIDTH_PT / max(page_width(block.issuer_mark), 1))))
    # GB/T 9704 7.2.4: the mark's top edge 35 mm below the type area's top (80 mm for 上行文, which
    # carry 签发人); the lines above it (份号, 密级, 紧急程度) already take LINE_MM each.
    wanted = (MARK_OFFSET_UPWARD_MM if block.signer else MARK_OFFSET_MM) - len(paras) * LINE_MM - MARK_TOP_INSET_MM
    paras += [Para("发文机关标志", (Run(block.issuer_mark),), font_size=size, space_before_mm=max(0.0, wanted)),
              BLANK, BLANK]
    number = block.document_number or ""
    if block.signer:  # 上行文: 发文字号 left, 签发人 right, one character in from each side
        paras.append(Para("发文字号", (Run(number), Run("\t签发人："), Run(block.signer, "签发人")),
                          rule="red", inset_chars=(1, 1), align="left"))
    else:
        paras.append(Para("发文字号", (Run(number),), rule="red", align="center"))
    return paras + [BLANK, BLANK]  # the title stands two lines below the red rule


def _imprint(block: Imprint) -> list[Para]:
    """GB/T 9704 7.4: 抄送 and 印发 rows, one character in from each end, ruled above, between and below."""
    rows = []
    if block.copy_to:
        copy_to = block.copy_to if block.copy_to.endswith("。") else block.copy_to + "。"
        rows.append("抄送：" + copy_to)
    printed = (block.print_date or "") + "印发" if block.print_date else ""
    rows.append((block.printer or "") + ("\t" + printed if printed else ""))
    last = len(rows) - 1
    rules = ["imprint-only"] if not last else ["imprint-first"] + ["imprint-middle"] * (last - 1) + ["imprint-last"]
    return [Para("版记", (Run(text),), in_frame=True, inset_chars=(1, 1), rule=rule) for text, rule in zip(rows, rules)]


SIGNATURE_ROLES = ("落款", "成文日期")
_NOT_BODY = ("附件说明", "落款", "成文日期", "版记")
_BODY_CHARS_PER_LINE = 28
_KEPT_PARAGRAPH_LINES = 8  # a closing paragraph up to this long moves over whole with the signature
_CHAIN_LINES = 20  # a page holds 22; two lines' slack for a paragraph that runs one line longer than reckoned


def _lines(para: Para) -> int:
    """About how many body lines ``para`` takes (28 characters a line, the first two indented)."""
    return max(1, -(-int(page_width(para.text) + 2) // _BODY_CHARS_PER_LINE))


def _keep_signature_with_body(paras: list[Laid]) -> list[Laid]:
    """GB/T 9704 7.3.5: the page holding 落款 and 成文日期 carries body text, and the two never part.

    Every paragraph from the body's last two lines to the 落款 keeps with the next one, and the body's
    last paragraph (with the one before it when the last holds a single line) keeps its last two lines
    together. LibreOffice moves a kept paragraph whole and gives up when the chain outgrows a page
    (it then parts 落款 from 成文日期; so it does with the part of a long paragraph that falls on the last
    page), so a body paragraph joins the chain only while it is short and the chain fits the page.
    """
    start = next((i for i, para in enumerate(paras) if para.role in SIGNATURE_ROLES), None)
    if start is None:
        return paras
    out = list(paras)
    # The 版记's frames take the foot of the last page (measured: a row costs LibreOffice two body lines).
    limit = _CHAIN_LINES - 2 * sum(1 for para in paras if para.in_frame)
    chain = 0
    for i in range(start, len(out)):
        if out[i].role in SIGNATURE_ROLES:
            chain += 1
            if out[i].role == "落款" and i + 1 < len(out) and out[i + 1].role in SIGNATURE_ROLES:
                out[i] = out[i]._replace(keep_next=True)
    body_lines = 0
    for i in range(start - 1, -1, -1):
        para = out[i]
        if isinstance(para, Grid):  # a table's rows never split; the chain stops at it
            break
        if para.role in _NOT_BODY or not para.text:
            out[i] = para._replace(keep_next=True)
            chain += _lines(para)
            continue
        chain += _lines(para)
        if chain > limit or _lines(para) > _KEPT_PARAGRAPH_LINES:
            break
        out[i] = para._replace(keep_next=True, widow_control=True)
        body_lines += _lines(para)
        if body_lines >= 2:
            break
    return out


def _table(block: Table) -> list[Para | Grid]:
    """A table's title (kept with it), its grid, its note, and a blank line after."""
    out: list[Para | Grid] = []
    if block.title:
        out.append(Para("表题", (Run(block.title),), keep_next=True))
    out.append(lay_out_table(block))
    if block.note:
        note = block.note if block.note.startswith(("注", "说明")) else "注：" + block.note
        out.append(Para("表注", (Run(note),)))
    return out + [BLANK]


def layout(doc: Document) -> list[Laid]:
    """The paragraphs (and tables) of ``doc`` in order (numbered first if it is not: no number is ever left out)."""
    if not doc.numbered:
        doc = number_document(doc)
    paras: list[Laid] = []
    for block in doc.blocks:
        start = len(paras)
        _lay_out_block(block, paras)
        if block.origin:
            paras[start:] = [para._replace(origin=block.origin) if para.text and not para.origin else para
                             for para in paras[start:]]
    return _keep_signature_with_body(paras)


def _lay_out_block(block: Block, paras: list[Laid]) -> None:
    """Append ``block``'s paragraphs (and tables) to ``paras``."""
    if isinstance(block, Title):
        # One line as given (or made by the template) is broken between words; lines given are kept.
        lines = break_title(block.lines[0]) if len(block.lines) == 1 else block.lines
        paras.extend(Para("标题", (Run(line),)) for line in lines)
        paras.append(BLANK)
    elif isinstance(block, Recipient):
        paras.append(Para("主送机关", (Run(block.text),)))
    elif isinstance(block, Heading):
        role = HEADING_ROLES[block.level]
        if block.runs_in:
            head = [Run(block.number + _closed(block.title), role)]
            if block.text:
                head.append(Run(block.text))
            paras.extend(_with_enumeration("正文", head, block.enumeration))
        else:
            paras.append(Para(role, (Run(block.number + block.title),)))
    elif isinstance(block, Paragraph):
        head = [Run(_closed(block.lead), "引语")] if block.lead else []
        if block.text:
            head.append(Run(block.text))
        paras.extend(_with_enumeration("正文", head, block.enumeration))
    elif isinstance(block, Attachments):
        paras.extend(_attachments(block))
    elif isinstance(block, Signature):
        paras.extend(_signature(block))
    elif isinstance(block, Masthead):
        paras.extend(_masthead(block))
    elif isinstance(block, Imprint):
        paras.extend(_imprint(block))
    elif isinstance(block, Table):
        paras.extend(_table(block))
    elif isinstance(block, Annex):  # GB/T 9704 7.3.7: a new page, 附件N on its first line, the title on the third
        paras += [Para("附件标识", (Run(block.label),), page_break=True), BLANK]
        lines = break_title(block.title) if block.title else []
        paras.extend(Para("附件标题", (Run(line),)) for line in lines)
        paras.append(BLANK)
