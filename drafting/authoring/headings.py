"""How ``draft rollup`` matches the units' headings at every level: the same words, or nearly, once periods,
unit names and the words every report's headings share are set aside."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Union

from ..form.model import Item

SIMILAR = 0.8  # headings whose remaining words are this alike (difflib ratio) are one heading
FUZZY_GROUPS = 200  # a level's first groups a heading is compared with for likeness (any group for an exact match)
FUZZY_LENGTH = 60   # keys longer than this match only exactly (a heading is a line, not a paragraph)
_PERIODS = re.compile(r"\d{4}年度?|20\d\d|前三季度|第?[一二三四1-4]季度|[上下]半年|全年|年度|今年|本年|本期|本季度|本月|"
                      r"(?:[一二三四五六七八九十]{1,3}|\d{1,2})月份?|以来|期间")
_PUNCTUATION = re.compile(r"[\s。，、；：:,.;！!？?（）()“”\"'《》]")
# Words any report's work heading holds: “工作开展情况” and “第三季度主要工作” both say only “the work done”.
_GENERIC = ("工作", "开展", "情况", "主要", "有关", "总体", "基本", "进展", "完成", "做法", "成效")


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of the units' names in a heading (longest first), or None when there are none."""
    listed = sorted({name for name in names if name}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, listed))) if listed else None


def heading_key(heading: str, names: re.Pattern[str] | None = None) -> str:
    """The words a heading is matched by: no punctuation, unit name, period or generic word."""
    key = _PUNCTUATION.sub("", heading)
    if names is not None:
        key = names.sub("", key)
    key = _PERIODS.sub("", key)
    for word in _GENERIC:
        key = key.replace(word, "")
    return key


def same_heading(first: str, second: str) -> bool:
    """Two heading keys name one heading: equal (both only generic words included), or at least SIMILAR alike."""
    return first == second or bool(first and second) and _alike(_matcher(second), first)


@dataclass
class Level:
    """One level of the merged headings: its entries in order, its groups by key (an exact match costs one look-up)."""

    entries: list[Union["Group", Item]] = field(default_factory=list)
    groups: dict[str, "Group"] = field(default_factory=dict)

    def find(self, key: str) -> "Group | None":
        """The group ``key`` belongs to: the same key, else the first of at most FUZZY_GROUPS groups SIMILAR to it."""
        if key in self.groups:
            return self.groups[key]
        if not key or len(key) > FUZZY_LENGTH:
            return None
        matcher = _matcher(key)  # what difflib learns of ``key`` is learnt once, not once per group
        for index, (other, group) in enumerate(self.groups.items()):
            if index >= FUZZY_GROUPS:
                return None
            if other and len(other) <= FUZZY_LENGTH and _alike(matcher, other):
                return group
        return None

    def as_items(self) -> tuple[Item, ...]:
        """The level's entries as items, each group merged into one heading."""
        return tuple(entry.as_item() if isinstance(entry, Group) else entry for entry in self.entries)


def _matcher(key: str) -> difflib.SequenceMatcher[str]:
    """A matcher holding ``key`` as its second sequence (the one difflib indexes)."""
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)
    return matcher


def _alike(matcher: difflib.SequenceMatcher[str], other: str) -> bool:
    """``other`` at least SIMILAR to the matcher's key (the cheap upper bounds first)."""
    matcher.set_seq1(other)
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


@dataclass
class Group:
    """A heading several units share, with what each brought under it (its own items and sub-groups)."""

    item: Item
    key: str
    members: Level = field(default_factory=Level)

    def as_item(self) -> Item:
        """The merged heading as one item: the first unit's wording, every unit's material below."""
        return self.item._replace(text=None, lead=None, enumeration=(), separate=False, table=None,
                                  children=self.members.as_items())


def _own_material(item: Item) -> list[Item]:
    """What a heading item holds besides its heading: its run-in text (as a paragraph) and its children."""
    own: list[Item] = []
    if item.lead or item.text or item.enumeration or item.table is not None:
        own.append(Item(item.location, lead=item.lead, text=item.text, enumeration=item.enumeration,
                        separate=item.separate, table=item.table))
    return own + list(item.children)


def merge(into: Level, items: Iterable[Item], unit: str, names: re.Pattern[str] | None,
          prefixed: Callable[[Item, str], Item]) -> None:
    """Add one unit's ``items`` to the level ``into``: a heading joins the group it matches, else starts one;
    any other item is kept, prefixed with its unit."""
    for item in items:
        if not item.heading:
            into.entries.append(prefixed(item, unit))
            continue
        key = heading_key(str(item.heading), names)
        group = into.find(key)
        if group is None:
            group = Group(item, key)
            into.entries.append(group)
            into.groups[key] = group
        merge(group.members, _own_material(item), unit, names, prefixed)
