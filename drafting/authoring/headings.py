"""How ``draft rollup`` matches the units' headings at every level: the same words, or nearly, once periods,
unit names and the words every report's headings share are set aside."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Union

from ..form.model import Item

SIMILAR = 0.8  # headings whose remaining words are this alike (difflib ratio) are one heading
_PERIODS = re.compile(r"\d{4}年度?|20\d\d|前三季度|第?[一二三四1-4]季度|[上下]半年|全年|年度|今年|本年|本期|本季度|本月|"
                      r"(?:[一二三四五六七八九十]{1,3}|\d{1,2})月份?|以来|期间")
_PUNCTUATION = re.compile(r"[\s。，、；：:,.;！!？?（）()“”\"'《》]")
# Words any report's work heading holds: “工作开展情况” and “第三季度主要工作” both say only “the work done”.
_GENERIC = ("工作", "开展", "情况", "主要", "有关", "总体", "基本", "进展", "完成", "做法", "成效")


def heading_key(heading: str, names: Iterable[str] = ()) -> str:
    """The words a heading is matched by: no punctuation, period, unit name or generic word."""
    key = _PUNCTUATION.sub("", heading)
    for name in sorted(set(names), key=len, reverse=True):
        if name:
            key = key.replace(name, "")
    key = _PERIODS.sub("", key)
    for word in _GENERIC:
        key = key.replace(word, "")
    return key


def same_heading(first: str, second: str) -> bool:
    """Two heading keys name one heading: equal (both only generic words included), or at least SIMILAR alike."""
    if first == second:
        return True
    return bool(first and second) and difflib.SequenceMatcher(None, first, second).ratio() >= SIMILAR


@dataclass
class Group:
    """A heading several units share, with what each brought under it (its own items and sub-groups)."""

    item: Item
    key: str
    members: list[Union["Group", Item]] = field(default_factory=list)

    def as_item(self) -> Item:
        """The merged heading as one item: the first unit's wording, every unit's material below."""
        return self.item._replace(text=None, lead=None, enumeration=(), separate=False, table=None,
                                  children=tuple(m.as_item() if isinstance(m, Group) else m for m in self.members))


def _own_material(item: Item) -> list[Item]:
    """What a heading item holds besides its heading: its run-in text (as a paragraph) and its children."""
    own: list[Item] = []
    if item.text or item.enumeration or item.table is not None:
        own.append(Item(item.location, text=item.text, enumeration=item.enumeration, separate=item.separate,
                        table=item.table))
    return own + list(item.children)


def merge(into: list[Union[Group, Item]], items: Iterable[Item], unit: str, names: tuple[str, ...],
          prefixed: Callable[[Item, str], Item]) -> None:
    """Add one unit's ``items`` to the level ``into``: a heading joins the group it matches, else starts one;
    any other item is kept, prefixed with its unit."""
    for item in items:
        if not item.heading:
            into.append(prefixed(item, unit))
            continue
        key = heading_key(str(item.heading), names)
        group = next((g for g in into if isinstance(g, Group) and same_heading(g.key, key)), None)
        if group is None:
            group = Group(item, key)
            into.append(group)
        merge(group.members, _own_material(item), unit, names, prefixed)

