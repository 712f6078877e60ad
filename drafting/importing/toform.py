"""Write a recognised report as a form (YAML with comments) that ``draft build`` turns back into it."""
from __future__ import annotations

from typing import Any

from ..form.literal import literal_texts
from ..form.roundtrip import block_list, dump_new, eol_comment, flow_list, start_comment
from ..form.schema import RED_HEADER
from .recognise import _NEXT, _PROBLEMS, Node, Report, guess_period

NOT_TEXTS = frozenset({"模板", "期间", "日期", "指标", "合并"})  # keys whose values are not the report's words


def _table(node: Node) -> Any:
    """A table node as a 表格 item: title, header rows, rows, merges as Excel ranges, note."""
    from ruamel.yaml.comments import CommentedMap

    from ..form.tables import column_letters

    table = node.table
    assert table is not None
    entry = CommentedMap()
    if node.title:
        entry["标题"] = node.title
    header = [flow_list(row) for row in table.rows[:table.header_rows]]
    if header:
        entry["表头"] = header[0] if len(header) == 1 else block_list(header)
    entry["行"] = block_list(flow_list(row) for row in table.rows[table.header_rows:])
    if table.merges:
        entry["合并"] = flow_list(f"{column_letters(c)}{r + 1}:{column_letters(c + cols - 1)}{r + rows}"
                             for r, c, rows, cols in table.merges)
    if node.text:
        entry["注"] = node.text
    item = CommentedMap()
    item["表格"] = entry
    return item


def _item(node: Node, comments: list[tuple[Any, Any, str]]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if node.table is not None:
        return _table(node)
    if node.level:
        item = CommentedMap()
        item["标题"] = node.title
        if node.text is not None:
            item["内容"] = node.text
    elif node.lead or node.items:
        item = CommentedMap()
        if node.lead:
            item["引语"] = node.lead
        if node.text:
            item["内容"] = node.text
    else:
        return node.text
    if node.items:
        item["列举"] = CommentedSeq(node.items)
        if node.separate:
            item["分段"] = True
    if node.continuous:
        item["连续编号"] = True
    if node.children_level:
        item["下级层级"] = node.children_level
    if node.children:
        children = CommentedSeq()
        for child in node.children:
            children.append(_item(child, comments))
            if child.notes:
                comments.append((children, len(children) - 1, "；".join(child.notes)))
        item["下级"] = children
    return item


def _items(nodes: list[Node], comments: list[tuple[Any, Any, str]]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq()
    for node in nodes:
        seq.append(_item(node, comments))
        if node.notes:
            comments.append((seq, len(seq) - 1, "；".join(node.notes)))
    return seq


def _named_sections(report: Report) -> tuple[list[Node], Node | None, Node | None]:
    """Split off trailing 存在问题 and 下一步 level-1 sections (in that order) from the body."""
    body = list(report.body)
    next_steps = problems = None
    if body and body[-1].level == 1 and _NEXT.search(body[-1].title) and body[-1].text is None:
        next_steps = body.pop()
    if body and body[-1].level == 1 and _PROBLEMS.search(body[-1].title) and body[-1].text is None:
        problems = body.pop()
    return body, problems, next_steps


def _attachments(report: Report, comments: list[tuple[Any, Any, str]]) -> list[Any]:
    """附件: the names of the 附件说明, those with pages of their own as {名称, 内容}."""
    from ruamel.yaml.comments import CommentedMap

    names = list(report.attachments) or [title for _, title, _ in report.annexes]
    pages = {number: items for number, _, items in report.annexes}
    entries: list[Any] = []
    for number, name in enumerate(names, start=1):
        if number in pages and pages[number]:
            entry = CommentedMap()
            entry["名称"] = name
            entry["内容"] = _items(pages[number], comments)
            entries.append(entry)
        else:
            entries.append(name)
    return entries


def report_to_yaml(report: Report, source_name: str, figures: dict[str, str] | None = None) -> str:
    """The form text for ``report``: the 工作总结 template when its sections fit, else 通用.

    ``figures`` (from extract_figures) become the 指标 block.
    """
    from ruamel.yaml.comments import CommentedMap

    comments: list[tuple[Any, Any, str]] = []
    form = CommentedMap()
    period = guess_period(report)
    body, problems, next_steps = _named_sections(report)
    summary = bool(report.title) and period is not None and (problems is not None or next_steps is not None)
    form["模板"] = "工作总结" if summary else "通用"
    if report.red_header:
        header = CommentedMap()
        for key in RED_HEADER.names():
            if key in report.red_header:
                header[key] = report.red_header[key]
        form["版头"] = header
    if report.title:
        form["标题"] = report.title[0] if len(report.title) == 1 else list(report.title)
    if report.recipient:
        form["主送"] = report.recipient
    if summary and period is not None:
        form["期间"] = period.code
    if report.unit:
        form["落款"] = report.unit
    if report.date:
        form["日期"] = report.date
    if figures:
        block = CommentedMap()
        for name, value in figures.items():
            block[name] = value
        form["指标"] = block
        eol_comment(form, "指标", "从原文提取的数字，正文用 {{ 指标.名称 }} 引用；名称可以改得更明白")
    if report.opening:
        form["开头"] = report.opening[0] if len(report.opening) == 1 else list(report.opening)
    nodes = body if summary else report.body
    if nodes:
        form["正文"] = _items(nodes, comments)
    if summary:
        for key, node, default in (("存在问题", problems, "存在问题"),
                                   ("下一步", next_steps, f"{period.next_label}工作打算" if period else "")):
            if node is None:
                continue
            if node.title == default:
                form[key] = _items(node.children, comments)
            else:
                section = CommentedMap()
                section["标题"] = node.title
                section["下级"] = _items(node.children, comments)
                form[key] = section
    if report.closing:
        form["结尾"] = report.closing[0] if len(report.closing) == 1 else list(report.closing)
    if report.attachments or report.annexes:
        form["附件"] = _attachments(report, comments)
    literal_texts(form, NOT_TEXTS)  # the document's words print as written: “{{ 7*7 }}件” is not 49件
    for container, key, text in comments:
        eol_comment(container, key, f"导入时不确定：{text}")
    counts = report.heading_counts()
    header = (f"由 draft import 从“{source_name}”导入。\n"
              f"识别出：一级标题 {counts[1]} 个、二级 {counts[2]} 个、三级 {counts[3]} 个、四级 {counts[4]} 个。\n"
              "编号由 draft 重新生成；原文中的空白、占位符等原样保留，运行 draft check 查看。")
    start_comment(form, header)
    return dump_new(form)
