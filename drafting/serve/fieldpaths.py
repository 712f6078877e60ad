"""Which field of the page a line of the form text belongs to: ``标题``, ``正文/0/下级/1/内容``, ``指标/3``.

The page marks each input with such a path; a finding at ``file:line:col`` is shown beside the
input whose node starts last at or before it.
"""
from __future__ import annotations

import bisect

import yaml

from ..errors import Location
from ..form.declarations import TemplateSpec
from ..form.fields import Field
from ..form.schema import ATTACHMENT, FIGURE, ITEM, RED_HEADER, SECTION, TABLE, canonical_key, field_types, spec_fields
from ..records import NamedTuple

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


class FieldPaths(NamedTuple):
    """Start positions (line, column, 1-based) of the page's fields, sorted, with their paths."""

    starts: list[tuple[int, int]]
    paths: list[str]


def composed(text: str) -> yaml.Node | None:
    """The form text's YAML node tree (None when it cannot be read)."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None


def field_paths(text: str, spec: TemplateSpec, root: yaml.Node | None = None) -> FieldPaths:
    """Every field path of ``text`` (a form of ``spec``'s template) and where its node starts; ``root``: the text's
    node tree when the caller composed it already."""
    entries: list[tuple[tuple[int, int], str]] = []
    root = root if root is not None else composed(text)

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
            name = _named(key, ITEM.fields)
            if name is None:
                mark(key, path)
                continue
            mark(key, f"{path}/{name}")
            kind = ITEM.kind(name)
            if kind == "条目":
                item_list(value, f"{path}/{name}")
            elif kind == "文字列表" and isinstance(value, yaml.SequenceNode):
                for j, entry in enumerate(value.value):
                    mark(entry, f"{path}/{name}/{j}")
            elif kind == "表格" and isinstance(value, yaml.MappingNode):
                for part_key, part in value.value:
                    part_name = _named(part_key, TABLE.fields)
                    mark(part_key, f"{path}/{name}/{part_name or ''}".rstrip("/"))
                    if part_name is not None and TABLE.kind(part_name) == "行" and isinstance(part, yaml.SequenceNode):
                        for r, row in enumerate(part.value):
                            mark(row, f"{path}/{name}/{part_name}/{r}")

    kinds = field_types(spec)
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
                    sub = _named(sub_key, SECTION.fields)
                    if sub is not None:
                        mark(sub_key, f"{name}/{sub}")
                    if sub is not None and SECTION.kind(sub) == "条目":
                        item_list(sub_value, f"{name}/{sub}")
            elif kind == "部分":
                item_list(value, f"{name}/下级")
            elif kind == "附件" and isinstance(value, yaml.SequenceNode):
                for index, entry in enumerate(value.value):
                    mark(entry, f"{name}/{index}")
                    for part_key, part in entry.value if isinstance(entry, yaml.MappingNode) else ():
                        part_name = _named(part_key, ATTACHMENT.fields)
                        if part_name is not None and ATTACHMENT.kind(part_name) == "条目":
                            item_list(part, f"{name}/{index}/{part_name}")
                        elif part_name is not None:
                            mark(part_key, f"{name}/{index}/{part_name}")
            elif kind == "指标" and isinstance(value, yaml.MappingNode):
                for row, (figure_key, figure_value) in enumerate(value.value):
                    mark(figure_key, f"{name}/{row}")
                    if isinstance(figure_value, yaml.MappingNode):
                        for part, _ in figure_value.value:
                            field = _named(part, FIGURE.fields)
                            mark(part, f"{name}/{row}/{field}" if field else f"{name}/{row}")
            elif kind == "版头" and isinstance(value, yaml.MappingNode):
                for part, _ in value.value:
                    field = _named(part, RED_HEADER.fields)
                    if field is not None:
                        mark(part, f"{name}/{field}")
    entries.sort(key=lambda entry: entry[0])
    return FieldPaths([e[0] for e in entries], [e[1] for e in entries])


def _named(key: yaml.Node, fields: tuple[Field, ...]) -> str | None:
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


