"""The text checks that need no form: each finding as a spot (offset, exact text) in one text, for forms and .docx alike."""
from __future__ import annotations

import re
from typing import Iterator

from ..chars import INVISIBLE
from ..errors import WARNING, Location, Problem, Severity, Subject
from ..records import NamedTuple
from .rules import MEASURES, RULE_GROUPS, Rule

PAIRS = {"“": "”", "《": "》", "（": "）", "【": "】", "‘": "’"}
BRACKETS = re.compile("[" + "".join(PAIRS) + "".join(PAIRS.values()) + "]")
BRACKET_CHARS = frozenset(PAIRS) | frozenset(PAIRS.values())
MAX_PER_RULE = 20  # findings of one rule in one text; the rest are summed up


class Spot(NamedTuple):
    """One finding in one text: at ``offset``, concerning ``snippet`` (None: the text as a whole, a summing-up)."""

    offset: int
    snippet: str | None
    severity: Severity
    code: str
    message: str
    hint: str


def pattern_spots(masked: str, rules: list[tuple[Rule, Severity]]) -> Iterator[Spot]:
    """The pattern rules' spots in ``masked`` (template code blanked to \\x01); ``rules`` each with its severity."""
    for rule, severity in rules:
        pattern, code, message, hint = rule.pattern, rule.code, rule.message, rule.hint
        for count, match in enumerate(pattern.finditer(masked)):
            if count == MAX_PER_RULE:
                rest = sum(1 for _ in pattern.finditer(masked)) - MAX_PER_RULE
                yield Spot(0, None, severity, code, f"同类问题还有 {rest} 处（{code}）", hint)
                break
            before = masked[max(0, match.start() - 2):match.start()]
            unit = re.match(MEASURES, masked[match.end():])
            text = message.format(match.group(), before + match.group() + (unit.group() if unit else ""))
            snippet = masked[max(0, match.start() - 2):match.end()] if code == "C201" else match.group()
            offset = max(0, match.start() - 2) if code == "C201" else match.start()
            if "\x01" in snippet:
                snippet, offset = match.group(), match.start()
            yield Spot(offset, snippet, severity, code, text.replace("\u00a0", " "), hint)


def unbalanced_spots(masked: str) -> Iterator[Spot]:
    """Quotation marks, brackets and 书名号 without their partner."""
    closers = {close: open_ for open_, close in PAIRS.items()}
    stack: list[tuple[str, int]] = []
    for match in BRACKETS.finditer(masked):
        offset, char = match.start(), match.group()
        if char in PAIRS:
            stack.append((char, offset))
        elif char in closers:
            if stack and stack[-1][0] == closers[char]:
                stack.pop()
            else:
                yield Spot(offset, char, WARNING, "C205", f"“{char}”没有与之配对的“{closers[char]}”",
                           "检查括号、引号、书名号是否成对")
    for char, offset in stack:
        yield Spot(offset, char, WARNING, "C205", f"“{char}”没有与之配对的“{PAIRS[char]}”", "检查括号、引号、书名号是否成对")


def invisible_spots(masked: str) -> Iterator[Spot]:
    """Zero-width characters and direction controls (at most MAX_PER_RULE)."""
    for count, match in enumerate(INVISIBLE.finditer(masked)):
        if count == MAX_PER_RULE:
            break
        yield Spot(match.start(), match.group(), WARNING, "C209",
                   f"有看不见的字符 U+{ord(match.group()):04X}（零宽字符或文字方向控制符）",
                   "多是从网页或聊天软件复制带进来的；加 --fix-text 自动删除")


def capped(streams: list[Iterator[Spot]]) -> Iterator[Spot]:
    """At most MAX_PER_RULE spots of each code from each stream, then one saying there are more (read lazily)."""
    for stream in streams:
        counts: dict[str, int] = {}
        for spot in stream:
            seen = counts.get(spot.code, 0)
            if seen == MAX_PER_RULE:
                yield Spot(0, None, spot.severity, spot.code,
                           f"同类问题还有更多（{spot.code}），只列出前 {MAX_PER_RULE} 处", spot.hint)
                break
            counts[spot.code] = seen + 1
            yield spot


def plain_findings(texts: list[str], name: str) -> list[Problem]:
    """The form-free checks on paragraphs of a document (a .docx being annotated): blanks, placeholders,
    punctuation, unpaired brackets, invisible characters. A finding's line is its paragraph's number (1-based),
    its column the character's; its subject the exact text."""
    whole = "\n".join(texts)
    present = set(whole)
    rules = [(rule, severity) for group, severity in RULE_GROUPS for rule in group if rule.applies(whole, present)]
    brackets = not BRACKET_CHARS.isdisjoint(present)
    invisible = INVISIBLE.search(whole) is not None
    findings: list[Problem] = []
    for number, text in enumerate(texts, start=1):
        if not text.strip():
            continue
        streams: list[Iterator[Spot]] = []
        if rules:
            streams.append(pattern_spots(text, rules))
        if brackets:
            streams.append(unbalanced_spots(text))
        if invisible:
            streams.append(invisible_spots(text))
        within = Location(name, number)
        for spot in capped(streams):
            subject = None if spot.snippet is None else Subject(spot.snippet, text[:spot.offset].count(spot.snippet),
                                                                within)
            findings.append(Problem(Location(name, number, spot.offset + 1), spot.message, spot.hint, spot.code,
                                    spot.severity, text[:200], subject))
    return findings
