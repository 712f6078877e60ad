"""What one YAML file may hold, checked once after composing and before anything reads or quotes a node.

Aliases are followed as a reader would follow them, so an alias bomb counts all it would expand to;
a node that refers to itself is refused. Every file drafting reads as YAML (forms, earlier forms,
profiles, declarations) passes through here, so no field and no message can expand a bomb.
"""
from __future__ import annotations

import yaml

from ..errors import Location, Problem

MAX_BYTES = 10_000_000      # a form file: a report of 1,000 pages is a few MB
MAX_NODES = 200_000         # values and keys, aliases expanded
MAX_DEPTH = 64              # nested lists and fields (a form has about 8)
MAX_SCALAR_CHARS = 1_000_000  # one text


def check_tree(name: str, root: yaml.Node | None, may_alias: bool = True) -> list[Problem]:
    """Problems with the size and shape of ``root``: too many values, too deep, a text too long, a cycle.

    ``may_alias`` False (the text holds no ``*``): the nodes form a plain tree, walked without memos.
    """
    if root is None:
        return []
    if not may_alias:
        return _check_plain_tree(name, root)
    expanded: dict[int, int] = {}  # node id → values it expands to
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            expanded[key] = 1 + sum(expanded[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if expanded[key] > MAX_NODES:
                return [_problem(name, _heaviest(node, expanded), f"表单的内容展开后超过 {MAX_NODES // 10000} 万项"
                                 "（多半是层层引用的别名 *名称）", "删去重复引用的锚点（&名称）和别名（*名称）", "E120")]
            if depth[key] > MAX_DEPTH:
                return [_problem(name, node, f"嵌套层数超过 {MAX_DEPTH} 层", "表单最多四级标题，检查是否有多余的 [ ] 或缩进",
                                 "E011")]
            continue
        if key in expanded:
            continue
        if key in on_path:
            return [_problem(name, node, "别名引用了它自己所在的内容（循环引用）", "删去这个别名（*名称）", "E127")]
        if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_SCALAR_CHARS:
            return [_problem(name, node, f"一段文字超过 {MAX_SCALAR_CHARS // 10000} 万字", "把它拆开或删短", "E128")]
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in expanded)
    return []


def _check_plain_tree(name: str, root: yaml.Node) -> list[Problem]:
    """check_tree for a document without aliases: every node is met once."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    count = 0
    while stack:
        node, level = stack.pop()
        count += 1
        if level > MAX_DEPTH:
            return [_problem(name, node, f"嵌套层数超过 {MAX_DEPTH} 层", "表单最多四级标题，检查是否有多余的 [ ] 或缩进", "E011")]
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR_CHARS:
                return [_problem(name, node, f"一段文字超过 {MAX_SCALAR_CHARS // 10000} 万字", "把它拆开或删短", "E128")]
        elif isinstance(node, yaml.MappingNode):
            stack.extend((part, level + 1) for pair in node.value for part in pair)
        else:
            stack.extend((child, level + 1) for child in node.value)
    if count > MAX_NODES:
        return [_problem(name, root, f"表单的内容超过 {MAX_NODES // 10000} 万项", "把它拆成几份表单", "E120")]
    return []


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _heaviest(node: yaml.Node, expanded: dict[int, int]) -> yaml.Node:
    """The node where the blow-up happens: the first child that is itself too large, descended to the last one."""
    while True:
        heavy = next((c for c in _children(node) if expanded.get(id(c), 0) > MAX_NODES), None)
        if heavy is None:
            return node
        node = heavy


def _problem(name: str, node: yaml.Node, message: str, hint: str, code: str) -> Problem:
    mark = node.start_mark
    return Problem(Location(name, mark.line + 1, mark.column + 1), message, hint, code)
