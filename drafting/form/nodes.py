"""Typed reads of YAML nodes that record every problem with its location."""
from __future__ import annotations

import datetime
from typing import Any

import yaml

from ..chars import XML_ILLEGAL, shorten
from ..errors import Problem
from .fields import Field
from .source import STANDARD_TAGS, SourceText, scalar_value

MAX_NODES = 200_000


class NodeReader:
    """Reads nodes of one source, collecting problems instead of stopping at the first."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self._visited = 0

    def error(self, node: yaml.Node | None, message: str, hint: str | None = None,
              code: str = "E100") -> None:
        """Record a problem at ``node``."""
        self.problems.append(self.source.problem(node, message, hint, code))

    def _count(self, node: yaml.Node) -> bool:
        self._visited += 1
        if self._visited == MAX_NODES:
            self.error(node, "表单过大，或含有层层展开的别名（*名称）", "请删去重复引用的锚点和别名", "E120")
        return self._visited < MAX_NODES

    def mapping(self, node: yaml.Node, fields: list[Field], what: str) -> dict[str, yaml.Node]:
        """Read a mapping of known keys; returns {canonical name: value node}."""
        if not self._count(node):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what}应当是“字段: 内容”形式的一组字段，实际是{describe(node)}",
                       "对照 docs/form.md 的表单示例调整缩进和写法", "E103")
            return {}
        if not self._standard_tag(node, what):
            return {}
        by_name = {f.name: f.name for f in fields}
        by_name.update({a: f.name for f in fields for a in f.aliases})
        found: dict[str, yaml.Node] = {}
        seen_keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or not key.strip():
                self.error(key_node, f"{what}里有无法识别的字段名", "字段名应是一段文字，如“标题”", "E101")
                continue
            if not self._standard_tag(key_node, f"{what}的字段名"):
                continue
            key = key.strip()
            canonical = by_name.get(key)
            if canonical is None:
                self.error(key_node, f"{what}里没有“{key}”这个字段{suggest(key, list(by_name))}",
                           "可用的字段有：" + "、".join(f.name for f in fields), "E101")
                continue
            if canonical in seen_keys:
                first = self.source.location(seen_keys[canonical])
                self.error(key_node, f"字段“{key}”重复出现（第{first.line}行已经写过）",
                           "删掉其中一个，或把内容合并到一处", "E102")
                continue
            seen_keys[canonical] = key_node
            found[canonical] = value_node
        return found

    def _standard_tag(self, node: yaml.Node, what: str) -> bool:
        """Refuse YAML tags such as !!python/object on any node: forms are data only."""
        if node.tag in STANDARD_TAGS:
            return True
        self.error(node, f"{what}用了不支持的 YAML 标签“{node.tag}”",
                   "表单只能包含文字、数字、日期、列表和字段，请删掉以 ! 开头的标签", "E105")
        return False

    def mapping_any(self, node: yaml.Node, what: str) -> dict[str, yaml.Node]:
        """Read a mapping whose keys are free text (e.g. font names)."""
        if isinstance(node, yaml.MappingNode) and not self._standard_tag(node, what):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what}应当是“名称: 内容”形式的一组字段，实际是{describe(node)}", None, "E103")
            return {}
        found: dict[str, yaml.Node] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or not str(key_node.value).strip():
                self.error(key_node, f"{what}里有无法识别的名称", "名称应是一段文字", "E101")
                continue
            if not self._standard_tag(key_node, f"{what}的名称"):
                continue
            key = str(key_node.value).strip()
            if key in first_seen:
                first = self.source.location(first_seen[key])
                self.error(key_node, f"“{key}”重复出现（第{first.line}行已经写过）", "删掉其中一个，或把内容合并到一处", "E102")
                continue
            first_seen[key], found[key] = key_node, value_node
        return found

    def scalar(self, node: yaml.Node, what: str) -> Any:
        """Return a scalar's value, or record a problem and return None."""
        if not self._count(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what}应当是一项内容，实际是{describe(node)}", "把它写成一行文字", "E104")
            return None
        if not self._standard_tag(node, what):
            return None
        return scalar_value(node)

    def text(self, node: yaml.Node, what: str, *, multiline: bool = False) -> str | None:
        """Read one line of text (numbers are taken as written); None when empty."""
        value = self.scalar(node, what)
        if value is None:
            return None
        if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.datetime)):
            text = node.value
        else:
            text = str(value) if not isinstance(value, str) else value
        if isinstance(value, float):
            text = node.value  # keep 1.50 as typed, not 1.5
        text = text.strip()
        illegal = XML_ILLEGAL.search(text)
        if illegal:  # arrived through a YAML escape such as "\a" or "\ud800"
            self.error(node, f"{what}里有 Word 文件不能容纳的字符 U+{ord(illegal.group()):04X}",
                       "删掉这个转义写法（如 \\a、\\ud800）", "E003")
            text = XML_ILLEGAL.sub("", text)
        if not multiline and "\n" in text:
            self.error(node, f"{what}只能写一段，不能换行", "多段内容请写成列表，每段一项", "E106")
            text = text.replace("\n", "")
        return text or None

    def paragraphs(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """Read paragraphs: one text (each line a paragraph) or a list of texts."""
        if isinstance(node, yaml.SequenceNode):
            out: list[str] = []
            for child in node.value:
                out.extend(self.paragraphs(child, what))
            return tuple(out)
        text = self.text(node, what, multiline=True)
        if text is None:
            return ()
        return tuple(line.strip() for line in text.splitlines() if line.strip())

    def boolean(self, node: yaml.Node, what: str) -> bool:
        """Read 是/否/true/false."""
        value = self.scalar(node, what)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip() in ("是", "否"):
            return value.strip() == "是"
        if value is not None:
            self.error(node, f"{what}应为“是”或“否”（true/false），实际是{describe(node)}", "写成 是 或 否", "E107")
        return False

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """Read a list's nodes; a single value counts as a list of one."""
        if not self._count(node):
            return []
        if isinstance(node, yaml.SequenceNode):
            return list(node.value) if self._standard_tag(node, what) else []
        if isinstance(node, yaml.ScalarNode) and node.value == "" and node.tag.endswith(":null"):
            return []
        return [node]


def describe(node: yaml.Node) -> str:
    """Name a node in Chinese for messages: its value (cut short) or its kind, never a whole structure."""
    if isinstance(node, yaml.MappingNode):
        return "一组字段"
    if isinstance(node, yaml.SequenceNode):
        return "一个列表"
    value = str(node.value)
    return f"“{shorten(value)}”" if value else "空值"


def suggest(word: str, choices: list[str]) -> str:
    """A ‘您是否想写…’ suffix naming the closest known key, or an empty string."""
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.4)
    return f"，您是否想写“{close[0]}”？" if close else ""
