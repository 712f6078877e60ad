"""``draft import --figures``: numbers with units move out of the texts into the form's 指标."""
from __future__ import annotations

import re

from ..form.figures import Figure, split_number_unit
from ..form.literal import Code
from .recognise import Node, Report

_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(人次|万元|亿元|件|人|次|个|名|起|处|条|户|篇|期|场|项|家|所|份|元|%)")
_NAME_LENGTH = 6
_NAME_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,%d})$" % _NAME_LENGTH)
_NOT_A_NAME = re.compile(r"^(共|累计|全县|全年|已|达|为|了|约|近|超|共计)+")
_CHANGES = ("上升", "下降", "增长", "减少", "提高", "降低", "增加", "第")


def extract_figures(report: Report) -> dict[str, str]:
    """Move numbers with units out of the texts into figures, referenced as {{ 指标.名称 }}.

    Conservative: only where the figure prints back exactly as written, never ordinals (第3次)
    or comparisons (下降11.81%), and only in texts without template syntax already.
    """
    figures: dict[str, str] = {}
    seen: dict[str, int] = {}

    def replace_in(text: str | None) -> str | None:
        if not text or "{" in text or "}" in text:
            return text
        out, last = [], 0
        for match in _FIGURE.finditer(text):
            # only the few characters a name can take are searched: the whole text before it was quadratic
            before = _NAME_BEFORE.search(text, max(match.start() - _NAME_LENGTH, 0), match.start())
            if before is None or before.group(1).endswith(_CHANGES):
                continue
            name = _NOT_A_NAME.sub("", before.group(1)) or before.group(1)
            parsed = split_number_unit(match.group())
            if parsed is None or str(Figure(name, parsed[0], parsed[1])) != match.group():
                continue
            n = seen.get(name, 0) + 1  # the n-th figure of this name: 受理, 受理2, 受理3 …
            seen[name] = n
            unique = name if n == 1 else f"{name}{n}"
            while unique in figures:  # a name that itself ends in a digit can meet a numbered one
                n += 1
                seen[name] = n
                unique = f"{name}{n}"
            figures[unique] = match.group()
            out += [text[last:match.start()], f"{{{{ 指标.{unique} }}}}"]
            last = match.end()
        return Code("".join(out) + text[last:]) if out else text  # the references stay code when the form is written

    def walk(nodes: list[Node]) -> None:
        for node in nodes:
            node.text = replace_in(node.text) if not node.items else node.text
            walk(node.children)

    report.opening = [replace_in(p) or p for p in report.opening]
    walk(report.body)
    report.closing = [replace_in(p) or p for p in report.closing]
    return figures
