"""The pattern rules of ``draft check``: what each looks for, its code, its message and its advice."""
from __future__ import annotations

import re

from ..errors import ERROR, WARNING

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》【】…—"
MEASURES = "人次|万元|亿元|次|件|人|个|期|名|起|条|户|家|所|处|份|元|篇|场|批|项|%|％"
_VERBS = "开展|召开|举办|组织|排查|化解|研判|备案|培训|处置|办理|受理|查处|检查|走访|调解|发布|接待|出动|督查|约谈|通报|演练|评估|监测"


class Rule:
    """One pattern check, compiled on first use and tried only on texts holding one of its trigger characters.

    Most reports never contain a trigger (“X”, “*”, half-width punctuation), and a pattern with a CJK
    character class takes milliseconds to compile, so a build pays only for the rules its texts need.
    ``confirm`` is a cheap pattern that must also match first, for triggers common in clean text (“.”).
    """

    __slots__ = ("source", "flags", "code", "message", "hint", "trigger", "confirm", "_pattern")

    def __init__(self, source: str, code: str, message: str, hint: str, trigger: str = "", confirm: str = "",
                 flags: int = 0) -> None:
        self.source, self.flags, self.code, self.message, self.hint = source, flags, code, message, hint
        self.trigger = frozenset(trigger)
        self.confirm = confirm
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(self.source, self.flags)
        return self._pattern

    def applies(self, text: str, present: set[str]) -> bool:
        """Whether ``text`` (whose characters are ``present``) could match at all."""
        if self.trigger and self.trigger.isdisjoint(present):
            return False
        return not self.confirm or re.search(self.confirm, text) is not None


# A message may use {0} for the matched text.
BLANKS = [
    Rule(rf"(?<=[{_CJK}])[ \u00a0\u3000\t]+(?=(?:{MEASURES}))", "C201",
          "“{1}”前面是空白，漏填了数字", "填上数字；还没有统计结果时，在“指标”里记为 null 并在文中引用它",
          trigger=" \u00a0\u3000\t"),
    Rule(rf"(?:{_VERBS})(?=(?:次|件|期|名|人次|起|场)(?![数均间内以后性的序要级]))", "C201",
          "“{0}”后面直接跟着量词，漏填了数字", "在动词和量词之间填上数字", trigger="次件期名起场"),
]
PLACEHOLDERS = [
    Rule(r"[XxＸｘ×]{2,}|(?<![A-Za-z])[XＸ](?![A-Za-z])(?=[\d" + _CJK + r"])|(?<=[\d" + _CJK + r"])[XＸ](?![A-Za-z])",
          "C202", "“{0}”是没有替换的占位符", "换成实际内容", trigger="XxＸｘ×"),
    Rule(rf"(?<=[{_CJK}“‘])[*＊]+|[*＊]+(?=[{_CJK}”’])", "C202", "“{0}”遮住了文字", "把被遮盖的字补全",
          trigger="*＊"),
    Rule(r"[（(][?？]+[）)]|[?？]{2,}", "C202", "“{0}”表示数字或内容还不确定", "核实后写上确定的内容",
          trigger="?？"),
    Rule(r"待补充|待填写?|待定|待核实|待确认|【待填】|TODO|TBD|FIXME", "C202",
          "“{0}”是还没有完成的内容", "补写完整后再上报", trigger="待TtFf", flags=re.I),
]
PUNCTUATION = [
    Rule(rf"(?<=[{_CJK}{_CJK_PUNCT}])[,;:?!]|[,;:?!](?=[{_CJK}])", "C203",
          "中文里用了半角标点“{0}”", "改成全角标点（，；：？！）", trigger=",;:?!"),
    Rule(rf"(?<=[{_CJK}])[()]|[()](?=[{_CJK}])", "C203", "中文里用了半角括号“{0}”", "改成全角括号（）",
          trigger="()"),
    Rule(rf"(?<=[{_CJK}])\.(?=[{_CJK}])", "C203", "中文里用了半角句点“.”", "改成句号“。”或顿号“、”",
          trigger=".", confirm=r"[^\x00-\x7f]\.[^\x00-\x7f]"),
    Rule(r"-{2,}", "C203", "用了连字符“{0}”代替破折号", "改成破折号“——”", trigger="-"),
    Rule(rf"(?<![\d.\-])\d+(?:\.\d+)?-\d+(?:\.\d+)?(?=[{_CJK}%])", "C203", "数值范围“{0}”用了连字符",
          "数值范围用浪纹线，如“5～8名”（GB/T 15835）", trigger="-"),
    Rule(r"[\"']", "C204", "用了英文直引号“{0}”", "中文引号用“”和‘’", trigger="\"'"),
]
RULE_GROUPS = ((BLANKS, ERROR), (PLACEHOLDERS, ERROR), (PUNCTUATION, WARNING))
