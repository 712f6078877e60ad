"""Which field of the page a line of the form text belongs to: ``标题``, ``正文/0/下级/1/内容``, ``指标/3``.

The page marks each input with such a path; a finding at ``file:line:col`` is shown beside the
input whose node starts last at or before it.
"""
from __future__ import annotations

import bisect
from typing import NamedTuple

import yaml

from ..errors import Location
from ..form.declarations import TemplateSpec
from ..form.fields import ATTACHMENT_FIELDS, FIGURE_FIELDS, ITEM_FIELDS, RED_HEADER_FIELDS, SECTION_FIELDS, TABLE_FIELDS
from .formstate import canonical_key, spec_fields

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


class FieldPaths(NamedTuple):
    """Start positions (line, column, 1-based) of the page's fields, sorted, with their paths."""

    starts: list[tuple[int, int]]
    paths: list[str]


def field_paths(text: str, spec: TemplateSpec) -> FieldPaths:
    """Every field path of ``text`` (a form of ``spec``'s template) and where its node starts."""
    entries: list[tuple[tuple[int, int], str]] = []
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        root = None

    def at(node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def mark(node: yaml.Node, path: str) -> None:
        entries.append((at(node), path))

    def item_list(node: yaml.Node, path: str) -> None:
        children = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for i, child in enumerate(children):
            item(child, f"{path}/{i}")

    def item(node: yaml.Node, path: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            mark(node, f"{path}/内容")
            return
        for key, value in node.value:
            name = _named(key, ITEM_FIELDS)
            if name is None:
                mark(key, path)
                continue
            mark(key, f"{path}/{name}")
            if name == "下级":
                item_list(value, f"{path}/下级")
            elif name == "列举" and isinstance(value, yaml.SequenceNode):
                for j, entry in enumerate(value.value):
                    mark(entry, f"{path}/列举/{j}")
            elif name == "表格" and isinstance(value, yaml.MappingNode):
                for part_key, part in value.value:
                    part_name = _named(part_key, TABLE_FIELDS)
                    mark(part_key, f"{path}/表格/{part_name or ''}".rstrip("/"))
                    if part_name == "行" and isinstance(part, yaml.SequenceNode):
                        for r, row in enumerate(part.value):
                            mark(row, f"{path}/表格/行/{r}")

    kinds = {f.name: f.type for f in spec.fields}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            name = _named(key, spec_fields(spec))
            if name is None:
                continue
            mark(key, name)
            kind = kinds.get(name)
            if kind == "条目":
                item_list(value, name)
            elif kind == "部分" and isinstance(value, yaml.MappingNode):
                for sub_key, sub_value in value.value:
                    sub = _named(sub_key, SECTION_FIELDS)
                    if sub is not None:
                        mark(sub_key, f"{name}/{sub}")
                    if sub == "下级":
                        item_list(sub_value, f"{name}/下级")
            elif kind == "部分":
                item_list(value, f"{name}/下级")
            elif kind == "附件" and isinstance(value, yaml.SequenceNode):
                for index, entry in enumerate(value.value):
                    mark(entry, f"{name}/{index}")
                    for part_key, part in entry.value if isinstance(entry, yaml.MappingNode) else ():
                        part_name = _named(part_key, ATTACHMENT_FIELDS)
                        if part_name == "名称":
                            mark(part_key, f"{name}/{index}/名称")
                        elif part_name == "内容":
                            item_list(part, f"{name}/{index}/内容")
            elif kind == "指标" and isinstance(value, yaml.MappingNode):
                for row, (figure_key, figure_value) in enumerate(value.value):
                    mark(figure_key, f"{name}/{row}")
                    if isinstance(figure_value, yaml.MappingNode):
                        for part, _ in figure_value.value:
                            field = _named(part, FIGURE_FIELDS)
                            mark(part, f"{name}/{row}/{field}" if field else f"{name}/{row}")
            elif kind == "版头" and isinstance(value, yaml.MappingNode):
                for part, _ in value.value:
                    field = _named(part, RED_HEADER_FIELDS)
                    if field is not None:
                        mark(part, f"{name}/{field}")
    entries.sort(key=lambda entry: entry[0])
    return FieldPaths([e[0] for e in entries], [e[1] for e in entries])


def _named(key: yaml.Node, fields: list) -> str | None:
    """The canonical name of a mapping key node among ``fields`` (None: not one of them, or not a text)."""
    return canonical_key(key.value, fields) if isinstance(key, yaml.ScalarNode) else None


def path_at(paths: FieldPaths, location: Location, file: str) -> str | None:
    """The path of the field at ``location`` (None: another file, or before every field)."""
    if file and location.file != file:
        return None
    if location.line is None:
        return None
    where = (location.line, location.column or 1)
    index = bisect.bisect_right(paths.starts, where) - 1
    return paths.paths[index] if index >= 0 else None


