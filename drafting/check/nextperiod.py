"""What a form carried into a new period still says of the old one: words of another period (C206)
and texts or tables kept as ``draft next`` carried them, not yet reviewed (C401)."""
from __future__ import annotations

import bisect
import re
from typing import Iterator

from ..errors import WARNING, Problem, subject_in
from ..form.model import Form, TextRef
from ..form.texts import form_tables, locate, reviewable, table_fingerprint, text_fingerprint

_PLANS = re.compile(r"(?:的)?(?:工作|重点)?(?:打算|计划|思路|安排|任务|目标)")
# “锚定全年目标任务”, “完成全年任务”: the year's aims, which a quarterly report names on purpose
_AIMS = r"(?:的)?(?:各项)?(?:工作|重点|主要)?(?:目标|任务|计划|部署|安排)"  # compiled (by re) when 全年 is met
_YEAR = re.compile(r"(20\d\d)年")
_SENTENCE_END = "。；！？"
_NOT_CHECKED = ("", "下一步", "结尾")  # plans name later periods on purpose; settings name none
_NAMES = "附件"  # attachments' names: like a title, and may name the next period's plans (任务分解表)


def _finding(form: Form, ref: TextRef, offset: int, snippet: str, message: str, hint: str) -> Problem:
    loc = locate(form, ref, offset, snippet)
    subject = subject_in(ref.text, offset, snippet, ref.location)
    return Problem(loc, message, hint, "C206", WARNING, form.excerpt(loc.line), subject)


def period_words(form: Form) -> dict[str, str]:
    """Words that contradict the form's period, each with what the period is called."""
    period = form.period
    if period is None:
        return {}
    quarters = [f"第{n}季度" for n in "一二三四"] + [f"{n}季度" for n in "一二三四"]
    own = {f"第{'一二三四'[period.index - 1]}季度", f"{'一二三四'[period.index - 1]}季度"} \
        if period.kind == "quarter" else set()
    words: list[str] = []
    if period.kind == "quarter":
        words = ["上半年", "下半年", "全年"] + [q for q in quarters if q not in own]
    elif period.kind == "half":
        words = ["下半年", "第三季度", "第四季度", "三季度", "四季度"] if period.index == 1 else \
            ["上半年", "第一季度", "第二季度", "一季度", "二季度"]
    return {w: period.full for w in words}


def _next_year_plans(form: Form, masked: str, end: int, names: bool) -> bool:
    """Whether the year ending at ``end`` opens the next period's plans (“及2027年第一季度工作打算”)."""
    following = form.period.next() if form.period is not None else None
    if following is None or following.year == form.period.year or masked[end - 5:end - 1] != str(following.year):
        return False
    if names:
        return True
    after = end + len(following.short) if following.kind != "year" and masked.startswith(following.short, end) else end
    return _PLANS.match(masked, after) is not None


def period_findings(form: Form, ref: TextRef, masked: str, words: dict[str, str]) -> Iterator[Problem]:
    """C206: another period's words in a text of this period's account, another year in a title or name."""
    if ref.section in _NOT_CHECKED or form.period is None:
        return
    names = ref.section == _NAMES
    following = form.period.next().short
    next_words = {following, following.removeprefix("第")}
    for word, name in words.items():
        if word not in masked:
            continue
        for match in re.finditer(re.escape(word), masked):
            if word in next_words and (names or _PLANS.match(masked, match.end())):
                continue  # “……及下半年工作打算” names the next period on purpose
            if word == "全年" and re.compile(_AIMS).match(masked, match.end()):
                continue
            if word.endswith("季度") and masked[max(0, match.start() - 1):match.start()] == "第" and \
                    not word.startswith("第"):
                continue  # “第三季度” is found by its own entry
            yield _finding(form, ref, match.start(), word, f"“{word}”与表单的期间（{name}）不符",
                           "检查是否沿用了上一期的文字，或改正表单的“期间”")
    if "年" not in masked:
        return
    reported: set[int] = set()  # sentences already flagged: one finding per sentence
    ends = [i for i, char in enumerate(masked) if char in _SENTENCE_END]
    this_year = [m.start() for m in re.finditer("今年", masked)]
    for m in _YEAR.finditer(masked):
        if int(m.group(1)) == form.period.year or _next_year_plans(form, masked, m.end(), names):
            continue
        index = bisect.bisect_left(ends, m.start())
        start = ends[index - 1] + 1 if index else 0
        stop = ends[index] if index < len(ends) else len(masked)
        said = bisect.bisect_left(this_year, start)  # a “今年” inside this sentence?
        in_sentence = said < len(this_year) and this_year[said] < stop
        if start not in reported and (in_sentence or ref.section in ("标题", _NAMES)):
            reported.add(start)
            yield _finding(form, ref, m.start(), m.group(), f"“{m.group()}”与表单的年份（{form.period.year}年）不符",
                           "检查是否沿用了去年的文字")


def carried_over_findings(form: Form) -> Iterator[Problem]:
    """C401: texts, and whole tables, still exactly as draft next carried them over from the last period."""
    if not form.extra.get("沿用上期"):
        return
    carried = set(form.extra["沿用上期"])
    reported: set[str] = set()
    for ref in form.texts:
        mark = text_fingerprint(ref.text)
        if mark in carried and reviewable(ref) and mark not in reported:
            reported.add(mark)
            yield Problem(ref.location, f"这段文字沿用自上一期，还没有复核（编号 {mark}）",
                          f"改写后提醒自动消失；确认无需修改就从“沿用上期”里删掉 {mark}", "C401", WARNING,
                          form.excerpt(ref.location.line))
    for table, section in form_tables(form):
        mark = table_fingerprint(table)
        if mark in carried and mark not in reported and section not in ("", "标题", "附件"):
            reported.add(mark)
            named = f"“{table.title}”" if table.title else ""
            yield Problem(table.location, f"表格{named}整张沿用自上一期，还没有复核（编号 {mark}）",
                          f"改写表格里的任一处后提醒自动消失；确认整张表无需修改就从“沿用上期”里删掉 {mark}", "C401",
                          WARNING, form.excerpt(table.location.line))
