"""``draft import``: recognise an existing report's structure and write a form that rebuilds it.

Recognition works on paragraph texts (a .txt line or a .docx paragraph, with Word's automatic
numbering written out): title, 主送, opening, numbered levels 一、（一）1.（1） and their variants,
headings that stand alone or run into their paragraph, lead sentences, 一是……二是…… lists, the
存在问题 and 下一步 sections, closing, 附件说明, 落款 and 成文日期. Where a rebuild would not give
the same text, the text is kept as written and a comment in the form says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document.numerals import ReadLabel, enumeration_label, read_heading_label
from ..errors import FormError, Location, Problem
from ..form.period import Period, parse_period
from ..ooxml.reader import ReadParagraph, ReadTable
from .annexes import split_annexes
from ..styles import HEADING_ROLES
from .redheader import take_red_header

_CN = "一二三四五六七八九十百零〇"
_LEVEL_OF_ROLE = {role: level for level, role in HEADING_ROLES.items()}
_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ENDS = "。：:！？!?；;…"
_PROBLEMS = re.compile(r"存在(的)?问题|问题(和|与)不足|不足之处|困难和问题|存在不足")
_NEXT = re.compile(r"下一步|工作打算|工作思路|工作计划|下阶段|下一阶段")
_CLOSING = re.compile(r"^(特此|以上|妥否|当否|专此|此致)")
_REPORT_WORDS = re.compile(r"报告|总结|汇报|意见|方案|通知|请示|计划|要点|情况")
LEAD_MAX = 22


@dataclass
class Node:
    """A recognised block: a numbered heading (with children) or a paragraph."""

    level: int = 0              # 0: a paragraph
    number: int = 0             # the number the original typed
    typed: str = ""             # the label as typed (一、 （一） 1、 …)
    title: str = ""
    text: str | None = None     # run-in text, or the paragraph's text
    lead: str | None = None
    items: list[str] = field(default_factory=list)
    separate: bool = False
    children: list[Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    continuous: bool = False
    children_level: int | None = None
    table: ReadTable | None = None  # a table item; its title and note in ``title`` and ``text``


@dataclass
class Report:
    """What was recognised in a report."""

    title: list[str] = field(default_factory=list)
    recipient: str | None = None
    opening: list[str] = field(default_factory=list)
    body: list[Node] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    unit: str | None = None
    date: str | None = None
    notes: list[str] = field(default_factory=list)
    red_header: dict[str, str] = field(default_factory=dict)
    annexes: list[tuple[int, str, list[Node]]] = field(default_factory=list)  # (number, title, items)

    def heading_counts(self) -> dict[int, int]:
        """How many headings were found at each level."""
        counts = {1: 0, 2: 0, 3: 0, 4: 0}

        def walk(nodes: list[Node]) -> None:
            for node in nodes:
                if node.level:
                    counts[node.level] += 1
                walk(node.children)
        walk(self.body)
        return counts


def _match_heading(line: str) -> ReadLabel | None:
    """The heading number typed at the start of ``line`` (read by the inverse of the numbering code)."""
    return read_heading_label(line)


def _split_first_sentence(text: str, limit: int) -> tuple[str, str] | None:
    """(first sentence with its 。 or ：, the rest) when the rest is not empty and the first is short."""
    for index, char in enumerate(text[: limit + 1]):
        if char in "。：:":
            if index + 1 < len(text):
                return text[: index + 1], text[index + 1:]
            return None
    return None


def _heading(line: str, label: ReadLabel) -> Node:
    rest = line[len(label.typed):]
    node = Node(level=label.level, number=label.number, typed=label.typed)
    split = _split_first_sentence(rest, 60)
    if split:
        node.title, node.text = split
    else:
        node.title = rest
        if len(rest) > 40:
            node.notes.append("这一行较长、没有句号，按单独成行的标题导入；如果它其实是段落，请改为普通段落")
    return node


def _enumeration(text: str) -> tuple[str, list[str]] | None:
    """(intro, items) when ``text`` is an 一是……二是…… list that rebuilds to exactly ``text``."""
    start = text.find("一是")
    if start < 0 or "二是" not in text:
        return None
    parts = re.split(rf"([{_CN}]+是)", text[start:])
    labels, bodies = parts[1::2], parts[2::2]
    if [enumeration_label(i) for i in range(1, len(labels) + 1)] != labels or len(labels) < 2:
        return None
    items = [b.rstrip("。；;，,、 ") for b in bodies]
    rebuilt = text[:start] + "".join(f"{label}{item}{'。' if i == len(items) - 1 else '；'}"
                                     for i, (label, item) in enumerate(zip(labels, items)))
    return (text[:start], items) if rebuilt == text and all(items) else None


def _paragraph(text: str) -> Node:
    node = Node(text=text)
    listed = _enumeration(text)
    if listed:
        node.text, node.items = listed[0] or None, listed[1]
    return node


def _styled(paragraph: ReadParagraph, number: int) -> Node | None:
    """A heading or lead sentence as drafting's own styles mark it (None: the styles say nothing)."""
    level = _LEVEL_OF_ROLE.get(paragraph.role or "")
    if level:  # a heading standing alone
        label = read_heading_label(paragraph.text)
        typed = label.typed if label else ""
        return Node(level=level, number=label.number if label else number, typed=typed,
                    title=paragraph.text[len(typed):])
    level = _LEVEL_OF_ROLE.get(paragraph.lead_role or "")
    if level and paragraph.lead:  # a heading run into its paragraph
        label = read_heading_label(paragraph.lead + "\x00")
        typed = label.typed if label else ""
        rest = paragraph.text[len(paragraph.lead):]
        return Node(level=level, number=label.number if label else number, typed=typed,
                    title=paragraph.lead[len(typed):], text=rest)
    if paragraph.lead_role == "引语" and paragraph.lead:
        node = _paragraph(paragraph.text[len(paragraph.lead):])
        node.lead = paragraph.lead
        return node
    return None


def _apply_leads(group: list[Node]) -> None:
    """Mark lead sentences where most paragraphs of a group open with a short sentence."""
    paragraphs = [n for n in group if n.level == 0 and n.text and not n.items and not n.lead]
    candidates = [(n, _split_first_sentence(n.text, LEAD_MAX)) for n in paragraphs]
    with_lead = [(n, s) for n, s in candidates if s]
    if not with_lead or len(with_lead) < max(1, round(0.6 * len(paragraphs))):
        return
    if len(paragraphs) == 1 and len(with_lead[0][1][0]) > 15:
        return
    for node, (lead, rest) in with_lead:
        node.lead, node.text = lead, rest
        listed = _enumeration(rest)
        if listed:
            node.text, node.items = listed[0] or None, listed[1]


def _merge_separate_lists(group: list[Node]) -> list[Node]:
    """Consecutive paragraphs opening 一是, 二是 … become one list, each item its own paragraph."""
    out: list[Node] = []
    i = 0
    while i < len(group):
        run = []
        while i + len(run) < len(group):
            node = group[i + len(run)]
            label = enumeration_label(len(run) + 1)
            if node.level or not node.text or node.lead or node.items or not node.text.startswith(label):
                break
            item = node.text[len(label):]
            if not item or item[-1] not in _ENDS:
                break
            run.append(item)
        if len(run) >= 2:
            out.append(Node(items=run, separate=True))
            i += len(run)
        else:
            out.append(group[i])
            i += 1
    return out


def _tidy(nodes: list[Node]) -> list[Node]:
    nodes = _merge_separate_lists(nodes)
    _apply_leads(nodes)
    for node in nodes:
        if node.level:
            node.children = _tidy(node.children)
    return nodes


def _classify(node: Node) -> None:
    """Set a heading's skipped child level and whether its grandchildren are numbered continuously."""
    child_heads = [c for c in node.children if c.level]
    levels = {c.level for c in child_heads}
    if len(levels) == 1 and min(levels) > node.level + 1:
        node.children_level = min(levels)
    elif len(levels) > 1:
        node.notes.append("下级标题的层级不一致，导入后按嵌套重新编号")
    groups = [[g for g in c.children if g.level] for c in child_heads]
    flat = [g.number for group in groups for g in group]
    if sum(1 for g in groups if g) > 1 and flat == list(range(1, len(flat) + 1)) \
            and any(group and group[0].number != 1 for group in groups[1:]):
        node.continuous = True


def _note_numbers(headings: list[Node], offset: int) -> None:
    for expected, node in enumerate(headings, start=offset + 1):
        if node.number != expected:
            node.notes.append(f"原文编号为“{node.typed.strip()}”，重建后按顺序编号为第{expected}项")


def _check_numbers(nodes: list[Node], offset: int = 0) -> None:
    """Note numbers a rebuild will change; find skipped levels and continuous numbering."""
    headings = [n for n in nodes if n.level]
    _note_numbers(headings, offset)
    for node in headings:
        _classify(node)
        if not node.continuous:
            _check_numbers(node.children)
            continue
        child_heads = [c for c in node.children if c.level]
        _note_numbers(child_heads, 0)
        running = 0
        for child in child_heads:
            _classify(child)
            _check_numbers(child.children, running)
            running += sum(1 for g in child.children if g.level)


def recognise(paragraphs: list[str] | list[ReadParagraph]) -> Report:
    """Recognise the structure of a report given as paragraphs (blank paragraphs allowed).

    A .docx that drafting wrote carries its roles in its styles (标题, 一级标题 …, 引语, 落款 …):
    those are trusted first; the text patterns decide where the styles say nothing.
    """
    paras = [p if isinstance(p, ReadParagraph) else ReadParagraph(p, "") for p in paragraphs]
    paras = [p._replace(text=p.text.rstrip()) for p in paras]
    while paras and not paras[-1].text.strip() and paras[-1].table is None:
        paras.pop()
    report = Report()
    first, end = take_red_header([p.text for p in paras], report.red_header)
    paras = paras[first:end]
    styled = any(p.role not in (None, "正文") for p in paras)  # drafting's own styles (Normal is anyone's)
    start = 0
    while start < len(paras) and not paras[start].text.strip():
        start += 1
    head = []
    i = start
    if styled:  # drafting's 标题 style
        while i < len(paras) and paras[i].role == "标题" and paras[i].text.strip():
            head.append(paras[i].text.strip())
            i += 1
        if head:
            report.title, start = head, i
    else:  # short leading lines followed by a blank line
        while i < len(paras) and _title_like(paras[i].text.strip()):
            head.append(paras[i].text.strip())
            i += 1
        if head and i < len(paras) and not paras[i].text.strip() and len(head) <= 4:
            report.title, start = head, i
    main, annexes = split_annexes(paras[start:], styled)
    content = [p._replace(text=p.text.strip()) for p in main if p.text.strip() or p.table is not None]
    # 落款 and 成文日期 at the end.
    if content and (content[-1].role == "成文日期" or _DATE.match(content[-1].text)):
        report.date = content.pop().text
        if content and (content[-1].role == "落款" or _unit_like(content[-1].text)):
            lines = [content.pop().text]
            while content and content[-1].role == "落款":  # a joint signature: several units, a line or two each
                lines.insert(0, content.pop().text)
            report.unit = "\u3000".join(unit for line in lines for unit in line.split())
    texts = [p.text for p in content]
    # 附件说明.
    for index in range(len(texts) - 1, -1, -1):
        if texts[index].startswith("附件：") or texts[index].startswith("附件:"):
            first_name = texts[index].split("：", 1)[-1].split(":", 1)[-1]
            rest = texts[index + 1:]
            numbered = re.match(r"^1[.．]", first_name)
            names = [re.sub(r"^\d+[.．]", "", first_name)] if numbered else [first_name]
            if all(re.match(rf"^{n}[.．]", line) for n, line in enumerate(rest, start=2)) and (numbered or not rest):
                names += [re.sub(r"^\d+[.．]", "", line) for line in rest]
                report.attachments, content = names, content[:index]
            break
    # 主送: a short line ending in ： before the opening.
    if content and (content[0].role == "主送机关" or _recipient_like(content[0].text)):
        report.recipient = content.pop(0).text
    # Closing: a last paragraph such as “特此报告。”.
    if content and _CLOSING.match(content[-1].text) and len(content[-1].text) <= 40 \
            and not _match_heading(content[-1].text):
        report.closing.append(content.pop().text)
    report.opening, report.body = _nodes(content, styled)
    for number, title, paragraphs in annexes:
        opening, items = _nodes([p._replace(text=p.text.strip()) for p in paragraphs
                                 if p.text.strip() or p.table is not None], styled)
        report.annexes.append((number, title, [_paragraph(text) for text in opening] + items))
    return report


def _nodes(content: list[ReadParagraph], styled: bool) -> tuple[list[str], list[Node]]:
    """The opening paragraphs before the first heading, and the body's nodes (headings hold their children)."""
    opening: list[str] = []
    body: list[Node] = []
    stack: list[Node] = []
    title: str | None = None
    for paragraph in content:
        if paragraph.table is not None or paragraph.role in ("表题", "表注"):
            last = (stack[-1].children if stack else body)
            if paragraph.role == "表题":
                title = paragraph.text
            elif paragraph.role == "表注" and last and last[-1].table is not None:
                last[-1].text = paragraph.text
            else:
                last.append(Node(table=paragraph.table, title=title or ""))
                title = None
            continue
        node = _styled(paragraph, 0) if styled else None
        if node is None:
            label = _match_heading(paragraph.text)
            node = _heading(paragraph.text, label) if label else None
        if node is not None and node.level:
            while stack and stack[-1].level >= node.level:
                stack.pop()
            (stack[-1].children if stack else body).append(node)
            stack.append(node)
            continue
        node = node or _paragraph(paragraph.text)
        if stack:
            stack[-1].children.append(node)
        elif body:
            body.append(node)
        else:
            opening.append(paragraph.text)
    body = _tidy(body)
    _check_numbers(body)
    return opening, body


def _title_like(line: str) -> bool:
    return bool(line) and len(line) <= 40 and not _match_heading(line) and line[-1] not in _ENDS


def _unit_like(line: str) -> bool:
    return len(line) <= 30 and line[-1] not in _ENDS and not _match_heading(line)


def _recipient_like(line: str) -> bool:
    return len(line) <= 40 and line[-1] in "：:" and "。" not in line and not _match_heading(line)


def guess_period(report: Report) -> Period | None:
    """The reporting period named in the title (or opening): 2023年上半年, 第三季度, 2023年 …"""
    text = "".join(report.title) + "".join(report.opening[:1])
    year_match = re.search(r"(20\d\d)\s*年", text)
    if not year_match:
        return None
    year = year_match.group(1)
    quarter = re.search(r"第([一二三四])季度", text)
    if quarter:
        return parse_period(f"{year}Q{'一二三四'.index(quarter.group(1)) + 1}")
    if "上半年" in text:
        return parse_period(f"{year}H1")
    if "下半年" in text:
        return parse_period(f"{year}H2")
    return parse_period(year) if re.search(r"年(度)?工作总结|全年", text) else None


def check_is_report(report: Report, name: str) -> None:
    """Refuse a text that does not look like a report (no numbered headings, no report words)."""
    counts = report.heading_counts()
    words = "".join(report.title) + "".join(report.opening[:2])
    if sum(counts.values()) == 0 and not _REPORT_WORDS.search(words):
        raise FormError(Problem(Location(name), f"“{name}”里没有找到“一、”“（一）”这样的标题，也没有“报告”“总结”等字样，"
                                                "看起来不是一份公文或报告",
                                "确实要导入时加 --force，全文会作为普通段落导入", "I005"))
