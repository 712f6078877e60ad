"""Earlier-period forms (上期, 去年同期): their figures fill this form's comparisons, by figure name."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import FormError
from ..options import Caches
from .declarations import base_spec
from .figures import Figure
from .forgiving import forgive
from .nodes import NodeReader
from .paths import named_file, without_excerpts
from .reader import FormReader
from .resolver import FolderResolver, Resolver
from .source import compose, read_source


def load_figures(path: Path, caches: Caches | None = None, fix: bool = False,
                 resolver: Resolver | None = None) -> dict[str, Figure]:
    """Only the 指标 of another form (the previous period's), read through ``resolver``. Raises FormError.

    Every form of a batch names the same earlier forms, so each is read once per command
    (again if it changes on disk).
    """
    resolver = resolver or FolderResolver()
    try:
        status = resolver.status(path)
        key = (str(path), status.mtime_ns, status.size, fix)
    except OSError:
        return _read_figures(path, fix, resolver)
    table = caches.bounded(caches.earlier_figures) if caches is not None else {}
    if key not in table:
        table[key] = _read_figures(path, fix, resolver)
    return dict(table[key])


def _read_figures(path: Path, fix: bool, resolver: Resolver) -> dict[str, Figure]:
    source, _ = read_source(path, fix, resolver)
    source, _ = forgive(source)  # read as forgivingly as the form itself: full-width colons, full-width indents
    root = compose(source)
    reader = FormReader(source)
    figures: dict[str, Figure] = {}
    if isinstance(root, yaml.MappingNode):
        spec = base_spec()
        from_file: dict[str, Figure] = {}
        for key_node, value_node in root.value:
            name = spec.canonical(str(key_node.value)) if isinstance(key_node, yaml.ScalarNode) else None
            if name == "指标":
                figures = reader.figures(value_node)
            elif name == "指标文件":  # an earlier form fed by a spreadsheet: its figures come from there
                from .spreadsheet import figures_from_file

                from_file = figures_from_file(reader, value_node, path.parent, resolver.nested())
        figures = {**from_file, **figures}
    if reader.problems:
        raise FormError(reader.problems)
    return figures


def with_earlier_values(reader: FormReader, node: yaml.Node, form_dir: Path, figures: dict[str, Figure],
                        key: str, caches: Caches | None, fix: bool, resolver: Resolver) -> dict[str, Figure]:
    """Fill each figure's 上期/去年同期 from the named form, by figure name (values typed inline win).

    The named form is what ``resolver`` gives for the name (by default: inside the form's folder
    tree, or --root); its problems are reported at their place in it without quoting its lines.
    """
    attribute = "previous" if key == "上期" else "last_year"
    name = NodeReader.text(reader, node, key)
    if name is None:
        return figures
    path = named_file(reader, node, name, form_dir, resolver, f"{key}的表单", "写相对本表单的文件名，如 2023Q2.yaml", "E125")
    if path is None:
        return figures
    try:
        earlier = load_figures(path, caches, fix, resolver)
    except FormError as exc:
        reader.problems.extend(without_excerpts(exc.problems))
        return figures
    updated = {}
    for figure_name, figure in figures.items():
        if getattr(figure, attribute) is None and figure_name in earlier:
            figure = figure._replace(**{attribute: earlier[figure_name].value})
        updated[figure_name] = figure
    return updated
