"""``draft import --figures``: numbers with units move out of the texts into the form's 指标, named whole.

A figure's name is the noun phrase the text prints next to it — before it (受理执行案件2343件), or after a
classifier (22个县级部门) — cut at word boundaries by rjieba, never mid-word. The unit stays as printed (万元 is
not 亿元); a figure printed twice (same name, same value) is one figure used twice; a name met again with
another value takes more of the words before it, else a number. Each figure looks at a window of at most
``_WINDOW`` characters on either side, so the work grows linearly with the text.
"""
from __future__ import annotations

import re
from ..form.figures import Figure, split_number_unit
from ..form.literal import Code, figure_reference
from ..ooxml.reader import ReadTable
from .recognise import Node, Report

_UNITS = ("万人次", "人次", "万元", "亿元", "万人", "万户", "万亩", "万吨", "平方米", "公里", "件", "人", "次", "个",
          "名", "起", "处", "条", "户", "篇", "期", "场", "项", "家", "所", "份", "元", "亩", "吨", "台", "辆", "座",
          "%", "％")
_FIGURE = re.compile(r"(?<![\d.,．A-Za-z])(\d+(?:\.\d+)?)(" + "|".join(map(re.escape, _UNITS)) + r")(?![\d.．])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WINDOW = 16        # characters looked at on either side of a figure for its name
_NAME_CHARS = 10    # whole words, from the figure outwards, up to this many characters
_NAME_WORDS = 4     # and this many words
_LONGER_NAME = 14   # a name met with another value may take this many characters
_LONGER_WORDS = 6   # and words
# Not figures: ordinals (第3次), changes (下降11.81%), bounds and targets (不少于10个, 500万元以上).
_CHANGES = ("上升", "下降", "增长", "减少", "提高", "降低", "增加", "下滑", "回落", "增幅", "降幅", "同比", "环比")
_CHANGED = _CHANGES + tuple(change + "了" for change in _CHANGES)
_BOUNDS_BEFORE = ("第", "不少于", "不低于", "不超过", "不高于", "至少", "最多", "最少", "低于", "高于", "少于", "多于")
_BOUNDS_AFTER = ("以上", "以下", "以内", "左右", "上下", "之内", "百分点", "余", "多")
_CLASSIFIERS = frozenset("个名项家所条份篇场台辆座户处起件次期")
# Words around a name that are not part of it: when, where, how much, and the verbs that link it to its value.
_FILLERS = frozenset({"上半年", "下半年", "全年", "今年", "今年以来", "年内", "同期", "目前", "截至", "其中", "同时",
                      "全县", "全市", "全区", "全镇", "全乡", "全省", "全州", "全旗", "共", "共计", "累计", "合计", "总计",
                      "达", "达到", "为", "是", "有", "占", "保持", "保持在", "超", "超过", "约", "近", "计", "分别",
                      "分别为", "仅", "只有", "实现", "完成", "稳定在"})
_ENDS_A_PHRASE = ("p", "c", "u", "r", "t", "d", "f", "m", "q", "w", "x")  # a word the noun phrase before a figure starts after
_NOUNS = ("n", "vn", "j")  # parts of speech of the word a noun phrase ends with
_NOT_IN_NAME = ("p", "c", "u", "d", "r", "m", "q", "t", "f", "x", "w", "y", "e", "o", "z")  # tags a name never starts or ends with


def extract_figures(report: Report) -> dict[str, str]:
    """Move numbers with units out of the texts into figures, referenced as {{ 指标.名称 }}.

    Conservative: only where the figure prints back exactly as written, never ordinals (第3次), comparisons
    (下降11.81%) or bounds (不少于10个), and only in texts without template syntax already.
    """
    figures: dict[str, str] = {}
    namer = _Namer(figures)

    def walk(nodes: list[Node]) -> None:
        for node in nodes:
            node.text = namer.replace_in(node.text)
            node.items = [namer.replace_in(item) or item for item in node.items]
            if node.table is not None:
                node.table = namer.replace_in_table(node.table)
            walk(node.children)

    report.opening = [namer.replace_in(p) or p for p in report.opening]
    walk(report.body)
    for _, _, pages in report.annexes:  # an attachment's own pages (a 任务分解表)
        walk(pages)
    report.closing = [namer.replace_in(p) or p for p in report.closing]
    return figures


class _Namer:
    """Names the figures of one report, keeping one name per (name, value) and a different name per value."""

    def __init__(self, figures: dict[str, str]) -> None:
        self.figures = figures
        self.numbers: dict[str, int] = {}  # the next number to try after a name (名称2, 名称3 …): never counted from 2 again
        self.numbered: dict[tuple[str, str], str] = {}  # (name, value) → the numbered name it was given

    def replace_in(self, text: str | None) -> str | None:
        """``text`` with each figure it prints replaced by its reference (a Code when any was)."""
        if not text or "{" in text or "}" in text:
            return text
        out: list[str] = []
        last = 0  # where the text not yet copied starts: a name's words start there or later
        counted = ""  # the noun the figure before counted (3个方面): not the name of the next (方面12个问题)
        for match in _FIGURE.finditer(text):
            if not self._a_figure(text, match):
                continue
            if not _prints_back(match.group()):
                continue  # 0.50万元 would print back as 0.5万元
            named = self._name(text, match, last, counted)
            if named is None:
                continue
            name, counted = named
            out += [text[last:match.start()], figure_reference(name)]
            last = match.end()
        return Code("".join(out) + text[last:]) if out else text  # the references stay code when the form is written

    def replace_in_table(self, table: ReadTable) -> ReadTable:
        """``table`` with each body cell that is only a figure replaced by its reference, named by its row's
        first cell (and its column's header when the row holds several figures)."""
        header = table.rows[table.header_rows - 1] if table.header_rows else ()
        rows = list(table.rows)
        for r in range(table.header_rows, len(rows)):
            row = list(rows[r])
            label = _identifier(row[0]) if row else ""
            cells = [c for c in range(1, len(row)) if _FIGURE.fullmatch(row[c].strip()) and _prints_back(row[c].strip())]
            if not label or not cells:
                continue
            for c in cells:
                column = _identifier(header[c]) if c < len(header) and len(cells) > 1 else ""
                row[c] = figure_reference(self._unique([label + column], row[c].strip()))
            rows[r] = tuple(row)
        return table._replace(rows=tuple(rows))

    @staticmethod
    def _a_figure(text: str, match: re.Match[str]) -> bool:
        """Whether the number is a figure: not an ordinal, a change, a bound or a target."""
        before = text[max(match.start() - 4, 0):match.start()]
        after = text[match.end():match.end() + 3]
        return not (before.endswith(_BOUNDS_BEFORE) or before.endswith(_CHANGED) or after.startswith(_BOUNDS_AFTER))

    def _name(self, text: str, match: re.Match[str], floor: int, counted: str) -> tuple[str, str] | None:
        """(name, the noun after it that it counts, if so) of the figure ``match``, whose name's words start at
        ``floor`` or later; ``counted`` is the noun the figure before counted. None when it has no name."""
        value = match.group()
        after: list[str] = []
        if match.group(2) in _CLASSIFIERS:  # 22个县级部门: the noun follows its classifier
            end = match.end()
            while end < len(text) and end - match.end() < _WINDOW and _CJK.match(text[end]):
                end += 1
            after = _phrase_after(_tag(text[match.end():end])) if end > match.end() else []
        start = match.start()
        while start > floor and match.start() - start < _WINDOW and _CJK.match(text[start - 1]):
            start -= 1
        before = _phrase_before(_tag(text[start:match.start()])) if start < match.start() else []
        words = [word for word, _ in before]
        if after and (not before or not before[-1][1].startswith(_NOUNS) or "".join(words) == counted):
            return self._unique(["".join(after)], value), "".join(after)  # 对照反馈的3个方面: the noun after
        if not before:
            return None
        return self._unique(["".join(_last_words(words, _NAME_CHARS, _NAME_WORDS)),
                             "".join(_last_words(words, _LONGER_NAME, _LONGER_WORDS))], value), ""

    def _unique(self, candidates: list[str], value: str) -> str:
        """The first candidate free or holding ``value`` already; else the first numbered (名称2, 名称3 …)."""
        for name in dict.fromkeys(candidates):
            if self.figures.get(name, value) == value:
                self.figures[name] = value
                return name
        base = candidates[0]
        if (base, value) in self.numbered:  # 化解2 again: the same figure used twice
            return self.numbered[base, value]
        number = self.numbers.get(base, 2)
        while self.figures.get(f"{base}{number}", value) != value:
            number += 1
        self.numbers[base] = number
        name = self.numbered[base, value] = f"{base}{number}"
        self.figures[name] = value
        return name


def _prints_back(printed: str) -> bool:
    """Whether a figure read from ``printed`` prints it back exactly (0.50万元 would print as 0.5万元)."""
    parsed = split_number_unit(printed)
    return parsed is not None and str(Figure("", parsed[0], parsed[1])) == printed


def _identifier(text: str) -> str:
    """``text``'s letters and digits, as a figure's name (none when it starts with a digit)."""
    name = "".join(c for c in text if c.isalnum() or c == "_")
    return name if name and not name[0].isdigit() and len(name) <= _LONGER_NAME else ""


def _tag(text: str) -> list[tuple[str, str]]:
    """``text`` as (word, part of speech), by rjieba (imported on first use: only --figures needs it)."""
    import rjieba

    return [(word, tag) for word, tag in rjieba.tag(text)]


def _phrase_before(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The noun phrase the words before a figure end with: linking verbs (达, 为), adverbs and the like dropped
    from its end, when and where (上半年, 全县) from its start."""
    words = list(words)
    while words and (words[-1][0] in _FILLERS or words[-1][1].startswith(_NOT_IN_NAME + ("a",))):  # 稳定|在95%
        words.pop()
    start = len(words)
    while start > 0 and words[start - 1][0] not in _FILLERS and not words[start - 1][1].startswith(_ENDS_A_PHRASE):
        start -= 1
    phrase = words[start:]
    while phrase and (phrase[0][0] in _FILLERS or phrase[0][1].startswith(_NOT_IN_NAME)):
        phrase.pop(0)
    return phrase


def _phrase_after(words: list[tuple[str, str]]) -> list[str]:
    """The noun a classifier counts: the nouns right after it (县级部门), or nothing when a verb follows."""
    phrase = []
    for word, tag in words:
        if not (tag.startswith(("n", "b", "j")) or tag == "vn") or len(phrase) >= 3:
            break
        phrase.append(word)
        if tag.startswith("n"):  # 7个人民法庭结案2149件: the noun counted ends at the first noun
            break
    return phrase if sum(map(len, phrase)) >= 2 else []


def _last_words(words: list[str], limit: int, most: int) -> list[str]:
    """The last of ``words``, at ``most`` words that fit in ``limit`` characters (at least one: a word is never cut)."""
    kept: list[str] = []
    length = 0
    for word in reversed(words):
        if kept and (length + len(word) > limit or len(kept) == most):
            break
        kept.insert(0, word)
        length += len(word)
    while len(kept) < len(words) and len(kept) > 1 and len(kept[0]) == 1:  # 常态|化|开展反恐演练, cut after 常态:
        kept.pop(0)  # a lone character left from a word the segmenter split is no start for a name (总|投资 is)
    return kept
