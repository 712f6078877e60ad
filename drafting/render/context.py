"""What a template sees of a form, and the filters that turn form content into line markup (see document/markup)."""
from __future__ import annotations

from typing import Any, Iterable

from ..form.fields import RED_HEADER_ATTRIBUTES
from ..form.model import Attachment, Form, Item, RedHeader, Section, Table
from ..document.markup import origin_option
from .filters import FigureTable, format_date, period_context
from .origins import origin_filter, section_view, sourced, with_origins
from .sandbox import MarkupText, one_line
from .tables import annex_markup, table_markup


def _item_markup(item: Item, out: list[str]) -> None:
    origin = origin_option(item.origin)
    if isinstance(item.table, Table):
        out.extend(table_markup(item.table, item.origin))
        return
    if item.heading:
        options = []
        if item.continuous:
            options.append("continuous")
        if item.children_level:
            options.append(f"children={item.children_level}")
        heading = one_line(item.heading)
        out.append(f"@heading[{','.join(options)}]{origin} {heading}" if options else f"@heading{origin} {heading}")
        if item.text:
            out.append(f"@text {one_line(item.text)}")
    elif item.lead:
        out.append(f"@lead{origin} {one_line(item.lead)}")
        if item.text:
            out.append(f"@text {one_line(item.text)}")
    elif item.text:
        text_origin = origin_option(item.origin and item.origin + "/内容")
        out.extend(f"@para{text_origin} {line}" for line in item.text.split("\n") if line.strip())
    if item.enumeration:
        if not (item.heading or item.lead or item.text):
            out.append(f"@para{origin}")
        out.append("@enum[separate]" if item.separate else "@enum")
        out.extend(f"@item {one_line(entry)}" for entry in item.enumeration)
    if item.heading:
        for child in item.children:
            _item_markup(child, out)
        out.append("@end")


def items_filter(items: Iterable[Item] | None) -> MarkupText:
    """Jinja filter ``条目``: body items as markup, each heading closed by @end."""
    out: list[str] = []
    for item in items or ():
        _item_markup(item, out)
    return MarkupText("\n".join(out))


def paragraphs_filter(paragraphs: Iterable[str] | str | None) -> MarkupText:
    """Jinja filter ``段落``: each text as a paragraph."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return MarkupText("\n".join(f"@para{origin_option(getattr(p, 'origin', None))} {one_line(p)}"
                                for p in paragraphs or () if p))


def masthead_filter(header: dict[str, Any] | None) -> MarkupText:
    """Jinja filter ``版头``: the 版头 of a red-header document as markup (nothing without one)."""
    if not header:
        return MarkupText("")
    secrecy = header.get("密级") or ""
    if secrecy and header.get("保密期限"):
        secrecy += f"★{header['保密期限']}"
    lines = [("copynumber", header.get("份号")), ("secrecy", secrecy), ("urgency", header.get("紧急程度")),
             ("issuer", header.get("发文机关标志")), ("docnumber", header.get("发文字号")),
             ("signer", header.get("签发人"))]
    return MarkupText("\n".join(f"@{name}{origin_option(RED_HEADER)} {one_line(value)}" for name, value in lines if value))


def imprint_filter(header: dict[str, Any] | None) -> MarkupText:
    """Jinja filter ``版记``: 抄送, 印发机关 and 印发日期 as markup (nothing when neither 抄送 nor 印发机关)."""
    if not header or not (header.get("抄送") or header.get("印发机关")):
        return MarkupText("")
    printed = header.get("印发日期")
    lines = [("copyto", header.get("抄送")), ("printer", header.get("印发机关") or ""),
             ("printdate", format_date(printed) if printed else None)]
    return MarkupText("\n".join(f"@{name}{origin_option(RED_HEADER)} {one_line(value)}".rstrip()
                                for name, value in lines if value is not None))


def annex_filter(pages: Iterable[Attachment] | None, count: int = 0) -> MarkupText:
    """Jinja filter ``附件页``: the attachments with content, each on pages of its own (``count``: all 附件)."""
    return annex_markup(pages, int(count or 0), items_filter)


MARKUP_FILTERS = {"条目": items_filter, "段落": paragraphs_filter, "版头": masthead_filter, "版记": imprint_filter,
                  "附件页": annex_filter, "来源": origin_filter}
RED_HEADER = "版头"  # the field 版头 and 版记 are printed from


def _red_header_context(header: RedHeader | None) -> dict[str, Any] | None:
    if header is None:
        return None
    return {name: getattr(header, attribute) for name, attribute in RED_HEADER_ATTRIBUTES.items()}


_EMPTY_BY_TYPE: dict[str, Any] = {"标题": (), "段落": (), "条目": (), "是否": False}


def form_context(form: Form) -> dict[str, Any]:
    """The variables a template sees, named as in the form (items and texts knowing their paths); omitted ones empty."""
    form = with_origins(form)
    context = {
        "标题": form.title, "主送": form.recipient, "落款": form.unit, "日期": form.date,
        "期间": period_context(form.period), "开头": sourced(form.opening, "开头"), "正文": form.body,
        "存在问题": section_view(form.problems, "存在问题"), "下一步": section_view(form.next_steps, "下一步"),
        "结尾": sourced(form.closing, "结尾"), "附件": sourced(form.attachments, "附件"),
        "附件页": form.attachment_pages, "印章": form.sealed,
        "版头": _red_header_context(form.red_header), "指标": FigureTable(form.figures),
        **{name: section_view(value, name) if isinstance(value, Section) else sourced(value, name)
           if isinstance(value, tuple) else value for name, value in form.extra.items()},
    }
    for field in form.spec.fields if form.spec is not None else ():
        context.setdefault(field.name, _EMPTY_BY_TYPE.get(field.type))
    return context
