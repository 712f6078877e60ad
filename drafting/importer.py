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
from pathlib import Path

from .errors import FormError, Location, Problem
from .numerals import enumeration_label
from .period import Period, parse_period
from .source import display_name

_CN = "一二三四五六七八九十百零〇"
LEVEL_PATTERNS = [
    (1, re.compile(rf"^([{_CN}]+)[、，,．.]\s*")),
    (2, re.compile(rf"^[（(]([{_CN}]+)[）)]\s*")),
    (3, re.compile(r"^([0-9０-９]{1,3})[.．、](?![0-9０-９])\s*")),
    (4, re.compile(r"^[（(]([0-9０-９]{1,3})[）)]\s*")),
]
_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ENDS = "。：:！？!?；;…"
_PROBLEMS = re.compile(r"存在(的)?问题|问题(和|与)不足|不足之处|困难和问题|存在不足")
_NEXT = re.compile(r"下一步|工作打算|工作思路|工作计划|下阶段|下一阶段")
_CLOSING = re.compile(r"^(特此|以上|妥否|当否|专此|此致)")
_REPORT_WORDS = re.compile(r"报告|总结|汇报|意见|方案|通知|请示|计划|要点|情况")
LEAD_MAX = 22


def _cn_value(text: str) -> int:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if text.isdigit() or text.translate(str.maketrans("０１２３４５６７８９", "0123456789")).isdigit():
        return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = digits.get(char, 0)
    return total + current


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


def _match_heading(line: str) -> tuple[int, re.Match] | None:
    for level, pattern in LEVEL_PATTERNS:
        found = pattern.match(line)
        if found and len(line) > found.end():
            return level, found
    return None


def _split_first_sentence(text: str, limit: int) -> tuple[str, str] | None:
    """(first sentence with its 。 or ：, the rest) when the rest is not empty and the first is short."""
    for index, char in enumerate(text[: limit + 1]):
        if char in "。：:":
            if index + 1 < len(text):
                return text[: index + 1], text[index + 1:]
            return None
    return None


def _heading(line: str, level: int, found: re.Match) -> Node:
    rest = line[found.end():]
    node = Node(level=level, number=_cn_value(found.group(1)), typed=line[: found.end()])
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


def _apply_leads(group: list[Node]) -> None:
    """Mark lead sentences where most paragraphs of a group open with a short sentence."""
    paragraphs = [n for n in group if n.level == 0 and n.text and not n.items]
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


_DOC_NUMBER = re.compile(r"^(\S*〔\d{4}〕\d+号)(?:\s*签发人[：:]\s*(\S+))?$")
_SECRECY = re.compile(r"^(绝密|机密|秘密)(?:★(.+))?$")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_PRINTED = re.compile(r"^(.+?)\s+(\d{4}年\d{1,2}月\d{1,2}日)印发$")


def _red_header(lines: list[str], report: Report) -> list[str]:
    """Take a red header's 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人) and 版记 off the lines."""
    content = [line for line in lines]
    head = [i for i, line in enumerate(content) if line.strip()][:6]
    found: dict[str, str] = {}
    last = -1
    for i in head:
        line = content[i].strip()
        number = _DOC_NUMBER.match(line.replace("\t", " "))
        if re.fullmatch(r"\d{6}", line) and not found:
            found["份号"], last = line, i
        elif _SECRECY.match(line):
            secrecy = _SECRECY.match(line)
            found["密级"], last = secrecy.group(1), i
            if secrecy.group(2):
                found["保密期限"] = secrecy.group(2)
        elif _URGENCY.match(line):
            found["紧急程度"], last = line, i
        elif line.endswith("文件") and len(line) <= 30 and "发文机关标志" not in found:
            found["发文机关标志"], last = line, i
        elif number and "发文机关标志" in found:
            found["发文字号"], last = number.group(1), i
            if number.group(2):
                found["签发人"] = number.group(2)
            break
        else:
            break
    if "发文机关标志" not in found:
        return lines
    report.red_header = found
    content = content[last + 1:]
    while content and not content[-1].strip():
        content.pop()
    if content and _PRINTED.match(content[-1].strip().replace("\t", " ")):
        printed = _PRINTED.match(content.pop().strip().replace("\t", " "))
        report.red_header["印发机关"], report.red_header["印发日期"] = printed.group(1), printed.group(2)
        if content and content[-1].strip().startswith("抄送："):
            report.red_header["抄送"] = content.pop().strip()[3:]
    return content


def recognise(paragraphs: list[str]) -> Report:
    """Recognise the structure of a report given as paragraph texts (blank paragraphs allowed)."""
    lines = [p.rstrip() for p in paragraphs]
    while lines and not lines[-1].strip():
        lines.pop()
    report = Report()
    lines = _red_header(lines, report)
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    # Title: short leading lines followed by a blank line.
    head = []
    i = start
    while i < len(lines) and lines[i].strip() and len(lines[i].strip()) <= 40 and not _match_heading(lines[i].strip()) \
            and lines[i].strip()[-1] not in _ENDS:
        head.append(lines[i].strip())
        i += 1
    if head and i < len(lines) and not lines[i].strip() and len(head) <= 4:
        report.title, start = head, i
    content = [line.strip() for line in lines[start:] if line.strip()]
    # 落款 and 成文日期 at the end.
    if content and _DATE.match(content[-1]):
        report.date = content.pop()
        if content and len(content[-1]) <= 30 and content[-1][-1] not in _ENDS and not _match_heading(content[-1]):
            report.unit = content.pop()
    # 附件说明.
    for index in range(len(content) - 1, -1, -1):
        if content[index].startswith("附件：") or content[index].startswith("附件:"):
            first = content[index].split("：", 1)[-1].split(":", 1)[-1]
            rest = content[index + 1:]
            numbered = re.match(r"^1[.．]", first)
            names = [re.sub(r"^\d+[.．]", "", first)] if numbered else [first]
            if all(re.match(rf"^{n}[.．]", line) for n, line in enumerate(rest, start=2)) and (numbered or not rest):
                names += [re.sub(r"^\d+[.．]", "", line) for line in rest]
                report.attachments, content = names, content[:index]
            break
    # 主送: a short line ending in ： before the opening.
    if content and len(content[0]) <= 40 and content[0][-1] in "：:" and "。" not in content[0] \
            and not _match_heading(content[0]):
        report.recipient = content.pop(0)
    # Closing: a last paragraph such as “特此报告。”.
    if content and _CLOSING.match(content[-1]) and len(content[-1]) <= 40 and not _match_heading(content[-1]):
        report.closing.append(content.pop())
    stack: list[Node] = []
    for line in content:
        found = _match_heading(line)
        if found:
            level, match = found
            node = _heading(line, level, match)
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else report.body).append(node)
            stack.append(node)
        elif stack:
            stack[-1].children.append(_paragraph(line))
        elif report.body:
            report.body.append(_paragraph(line))
        else:
            report.opening.append(line)
    report.body = _tidy(report.body)
    _check_numbers(report.body)
    return report


_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(人次|万元|亿元|件|人|次|个|名|起|处|条|户|篇|期|场|项|家|所|份|元|%)")
_NAME_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,6})$")
_NOT_A_NAME = re.compile(r"^(共|累计|全县|全年|已|达|为|了|约|近|超|共计)+")
_CHANGES = ("上升", "下降", "增长", "减少", "提高", "降低", "增加", "第")


def extract_figures(report: Report) -> dict[str, str]:
    """Move numbers with units out of the texts into figures, referenced as {{ 指标.名称 }}.

    Conservative: only where the figure prints back exactly as written, never ordinals (第3次)
    or comparisons (下降11.81%), and only in texts without template syntax already.
    """
    from .figures import Figure, split_number_unit

    figures: dict[str, str] = {}

    def replace_in(text: str | None) -> str | None:
        if not text or "{" in text or "}" in text:
            return text
        out, last = [], 0
        for match in _FIGURE.finditer(text):
            before = _NAME_BEFORE.search(text[:match.start()])
            if before is None or before.group(1).endswith(_CHANGES):
                continue
            name = _NOT_A_NAME.sub("", before.group(1)) or before.group(1)
            parsed = split_number_unit(match.group())
            if parsed is None or str(Figure(name, parsed[0], parsed[1])) != match.group():
                continue
            unique, n = name, 2
            while unique in figures:
                unique, n = f"{name}{n}", n + 1
            figures[unique] = match.group()
            out += [text[last:match.start()], f"{{{{ 指标.{unique} }}}}"]
            last = match.end()
        return "".join(out) + text[last:] if out else text

    def walk(nodes: list[Node]) -> None:
        for node in nodes:
            node.text = replace_in(node.text) if not node.items else node.text
            walk(node.children)

    report.opening = [replace_in(p) or p for p in report.opening]
    walk(report.body)
    report.closing = [replace_in(p) or p for p in report.closing]
    return figures


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


def read_paragraphs(path: Path, encoding: str | None = None) -> tuple[list[str], list[Problem]]:
    """The paragraphs of a .txt or .docx file and warnings about what was left out. Raises FormError."""
    name = display_name(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FormError(Problem(Location(name), f"找不到文件“{name}”", "检查文件名和所在文件夹", "I001")) from None
    except OSError as exc:
        raise FormError(Problem(Location(name), f"无法读取“{name}”：{exc.strerror}", "检查文件权限", "I001")) from None
    if not raw.strip():
        raise FormError(Problem(Location(name), f"“{name}”是空文件", "请给出一份报告的 .docx 或 .txt 文件", "I002"))
    warnings: list[Problem] = []
    if path.suffix.lower() == ".docx" or raw[:2] == b"PK":
        from .ooxml import read_docx
        import zipfile
        try:
            document = read_docx(raw)
        except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:  # lxml errors are SyntaxErrors
            raise FormError(Problem(Location(name), f"“{name}”不是有效的 Word 文件（.docx）",
                                    "用 Word 或 WPS 打开后另存为 .docx 再导入", "I003")) from exc
        if document.tables:
            warnings.append(Problem(Location(name), f"文件里有 {document.tables} 个表格，没有导入",
                                    "表格内容请另行处理（可作为附件）", "I101", "警告"))
        if document.drawings:
            warnings.append(Problem(Location(name), f"文件里有 {document.drawings} 处图片或文本框，没有导入",
                                    "图片、文本框里的文字请另行处理", "I102", "警告"))
        return _clean([p.text for p in document.paragraphs], name, warnings), warnings
    if path.suffix.lower() == ".doc" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FormError(Problem(Location(name), f"“{name}”是旧版 Word 格式（.doc），无法直接读取",
                                "用 Word 或 WPS 打开后另存为 .docx 再导入", "I003"))
    if b"\x00" in raw[:4096]:
        raise FormError(Problem(Location(name), f"“{name}”不是文本文件（像是二进制文件）",
                                "请给出 .docx 或 .txt 文件", "I002"))
    for candidate in ([encoding] if encoding else ["utf-8-sig", "gb18030"]):
        try:
            text = raw.decode(candidate)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        raise FormError(Problem(Location(name), f"无法识别“{name}”的文字编码",
                                "用 --encoding 指定编码，如 --encoding gbk", "I004"))
    return _clean(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), name, warnings), warnings


def _clean(paragraphs: list[str], name: str, warnings: list[Problem]) -> list[str]:
    """Drop characters a Word file cannot hold, saying how many went."""
    from .source import XML_ILLEGAL
    dropped = sum(len(XML_ILLEGAL.findall(p)) for p in paragraphs)
    if dropped:
        warnings.append(Problem(Location(name), f"删除了 {dropped} 个 Word 文件不能容纳的控制字符", None, "I103", "警告"))
        paragraphs = [XML_ILLEGAL.sub("", p) for p in paragraphs]
    return paragraphs


def check_is_report(report: Report, name: str) -> None:
    """Refuse a text that does not look like a report (no numbered headings, no report words)."""
    counts = report.heading_counts()
    words = "".join(report.title) + "".join(report.opening[:2])
    if sum(counts.values()) == 0 and not _REPORT_WORDS.search(words):
        raise FormError(Problem(Location(name), f"“{name}”里没有找到“一、”“（一）”这样的标题，也没有“报告”“总结”等字样，"
                                                "看起来不是一份公文或报告",
                                "确实要导入时加 --force，全文会作为普通段落导入", "I005"))
