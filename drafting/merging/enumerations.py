"""A whole “；三是……” entry deleted from an 一是……二是…… list printed in a paragraph: found against the block as
the template prints it without that entry (renumbered, or with the leader's own numbers left), and the template
words a deletion leaves unbalanced, worded for the conflict."""
from __future__ import annotations

import difflib
import re

from ..document.numerals import enumeration_label
from ..records import NamedTuple
from .texts import edited_pieces, located, template_words

ENTRY_PATH = re.compile(r"(.+/列举)/(\d+)")
MAX_MISSING = 3  # entries whose words are gone from the edited block, at most, for one of them to be the deleted one
JOIN_STRIP = "。；;，,、 "  # what the template strips off an entry's end before its ； or 。 (writers/layout.py)


class Entry(NamedTuple):
    """One 列举 entry as printed in a block: its form path, where its label starts, and its words' span."""

    path: str
    label_start: int
    start: int
    end: int  # the entry's ； or 。 is at ``end``


class Deletion(NamedTuple):
    """An entry found deleted: its path, its number (1-based), its printed words, and the other texts' new prints."""

    path: str
    number: int
    printed: str
    pieces: dict[str, str]


def printed_entries(block: str, spans: list[tuple[str, int, int]]) -> dict[str, list[Entry]]:
    """The 列举 printed in ``block`` whole, by list path: each entry after its label, ended by ； and the last by 。
    in one paragraph, or (分段) each ended by 。 in a paragraph of its own; a list not printed so is left out."""
    found: dict[str, list[tuple[int, str, int, int]]] = {}
    for path, start, end in spans:
        match = ENTRY_PATH.fullmatch(path)
        if match:
            found.setdefault(match.group(1), []).append((int(match.group(2)), path, start, end))
    lists: dict[str, list[Entry]] = {}
    for list_path, spanned in found.items():
        entries: list[Entry] = []
        separate = block[spanned[0][3]:spanned[0][3] + 2] == "。\n"
        for n, (index, path, start, end) in enumerate(spanned):
            label = enumeration_label(n + 1)
            ending = "。" if n == len(spanned) - 1 or separate else "；"
            if index != n or block[start - len(label):start] != label or block[end:end + 1] != ending:
                break
            if entries and entries[-1].end + 1 + separate != start - len(label):
                break
            entries.append(Entry(path, start - len(label), start, end))
        else:
            if len(entries) >= 2:
                lists[list_path] = entries
    return lists


def _label_choices(count: int, gone: int) -> list[list[str]]:
    """The labels the entries left may carry after entry ``gone`` is deleted: renumbered as the template will,
    or as the leader left them (the deleted entry's own label gone, or the next one's)."""
    choices = [[enumeration_label(n + 1) for n in range(count - 1)],
               [enumeration_label(n + 1) for n in range(count) if n != gone]]
    if gone + 1 < count:
        choices.append([enumeration_label(n + 1) for n in range(count) if n != gone + 1])
    unique: list[list[str]] = []
    for labels in choices:
        if labels not in unique:
            unique.append(labels)
    return unique


def _without(block: str, entries: list[Entry], gone: int, labels: list[str]) -> str:
    """``block`` printed with entry ``gone`` left out and the others numbered ``labels``."""
    kept = [e for n, e in enumerate(entries) if n != gone]
    if entries[0].end + 1 < entries[1].label_start:  # 分段: a paragraph each
        words = "\n".join(label + block[e.start:e.end] + "。" for label, e in zip(labels, kept))
    else:
        words = "".join(label + block[e.start:e.end] + ("。" if n == len(kept) - 1 else "；")
                        for n, (label, e) in enumerate(zip(labels, kept)))
    return block[:entries[0].label_start] + words + block[entries[-1].end + 1:]


def deleted_entry(block: str, edited: str, texts: list[tuple[str, str]]) -> Deletion | None:
    """The one 列举 entry (label and words) the leader deleted from ``block``, the other texts' edits kept; None
    when no single deleted entry explains ``edited`` (all deleted, a label deleted with its words left, …)."""
    spans = located(block, texts)
    for entries in printed_entries(block, spans).values():
        # an entry whose words are all still there was not deleted; more entries gone than a deletion and a rewrite
        # or two explain is no single deletion (and each try compares the whole block: a bound on the work)
        missing = [gone for gone, entry in enumerate(entries)
                   if edited.count(block[entry.start:entry.end]) < block.count(block[entry.start:entry.end])]
        if len(missing) > MAX_MISSING:
            continue
        for gone in missing:
            entry = entries[gone]
            words = block[entry.start:entry.end]
            others = [(path, printed) for path, printed in texts if path != entry.path]
            for labels in _label_choices(len(entries), gone):
                variant = _without(block, entries, gone, labels)
                pieces = edited_pieces(variant, edited, located(variant, others))
                if pieces is not None:
                    return Deletion(entry.path, gone + 1, words, pieces)
    return None


def template_word_edits(block: str, edited: str, spans: list[tuple[str, int, int]]) -> tuple[list[tuple[str, str]], str]:
    """The leader's changes that touch the template's own words (between the form's texts): each (as printed, as
    edited), and ``edited`` with those put back as printed (the edits inside the form's texts left as made)."""
    matcher = difflib.SequenceMatcher(None, block, edited, autojunk=False)
    glue = template_words(block, spans)
    changed: list[tuple[str, str]] = []
    kept: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal" and _touches(glue, i1, i2):
            changed.append((block[i1:i2], edited[j1:j2]))
            kept.append(block[i1:i2])
        else:
            kept.append(edited[j1:j2])
    return changed, "".join(kept)


def _touches(glue: list[tuple[int, int]], i1: int, i2: int) -> bool:
    """Whether a change of ``block[i1:i2]`` touches the template's words (as texts.edited_pieces tells it)."""
    return any(start < i2 and i1 < end or (i1 == i2 and start < i1 < end) for start, end in glue)


def describe(changed: list[tuple[str, str]], limit: int = 20) -> str:
    """The template words changed, in one Chinese phrase: 删去了“三是”、把“；”改成了“，”."""
    def cut(text: str) -> str:
        text = text.replace("\n", "↵")
        return text if len(text) <= limit else text[:limit - 1] + "…"
    said = [f"删去了“{cut(old)}”" if not new else f"加上了“{cut(new)}”" if not old else f"把“{cut(old)}”改成了“{cut(new)}”"
            for old, new in changed[:3]]
    return "、".join(said) + ("等" if len(changed) > 3 else "")
