"""Validate a form against its template's declared fields, reporting every problem in one pass."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from .collector import paused_collector
from .errors import FormError, Problem
from .figures import Figure
from .formreader import FormReader
from .model import Form, RedHeader
from .nodes import Field, NodeReader, suggest
from .period import parse_period
from .profile import builtin_profile, read_form_profile
from .resources import template_folders
from .schema import FieldSpec, TemplateSpec, load_spec, template_names
from .source import SourceText, compose, fixing_text, read_source

DEFAULT_TEMPLATE = "工作总结"

# Fields every template shares map onto Form attributes (when declared with their usual type);
# any other declared field goes to Form.extra and reaches the template by name.
COMMON_ATTRIBUTES = {
    "标题": ("title", "标题"), "主送": ("recipient", "文字"), "落款": ("unit", "文字"), "日期": ("date", "日期"),
    "期间": ("period", "期间"), "开头": ("opening", "段落"), "正文": ("body", "条目"),
    "存在问题": ("problems", "部分"), "下一步": ("next_steps", "部分"), "结尾": ("closing", "段落"),
    "附件": ("attachments", "段落"), "印章": ("sealed", "是否"), "两级编号": ("two_level", "是否"),
    "版式": ("profile", "版式"), "版头": ("red_header", "版头"),
}
SECTION_TYPES = ("标题", "段落", "条目", "部分")

RED_HEADER_FIELDS = [
    Field("份号", ("copy_number",)), Field("密级", ("secrecy",)), Field("保密期限", ("secrecy_term",)),
    Field("紧急程度", ("urgency",)), Field("发文机关标志", ("发文机关", "issuer_mark")),
    Field("发文字号", ("document_number",)), Field("签发人", ("signer",)), Field("抄送", ("copy_to",)),
    Field("印发机关", ("printer",)), Field("印发日期", ("print_date",)),
]


def _template_name(reader: NodeReader, root: yaml.Node) -> tuple[str, yaml.Node | None]:
    for key_node, value_node in root.value:
        if getattr(key_node, "value", None) in ("模板", "template"):
            return (NodeReader.text(reader, value_node, "模板") or DEFAULT_TEMPLATE), value_node
    return DEFAULT_TEMPLATE, None


def find_spec(name: str, folders: list[Path]) -> TemplateSpec:
    """The declaration of template ``name`` (``folders`` ends with the built-ins). Raises KeyError."""
    return _cached_spec(name, tuple(folders))


@lru_cache(maxsize=64)
def _cached_spec(name: str, folders: tuple[Path, ...]) -> TemplateSpec:
    return load_spec(name, list(folders), folders[-1])


@paused_collector()
def load_form(path: Path, template_dirs: Iterable[Path] = ()) -> Form:
    """Read, parse and validate a form file. Raises FormError listing every problem."""
    source = read_source(path)
    return validate(source, compose(source), template_dirs)


def validate(source: SourceText, root: yaml.Node | None, template_dirs: Iterable[Path] = ()) -> Form:
    """Validate a composed form. Raises FormError listing every problem."""
    reader = FormReader(source)
    if root is None:
        reader.error(None, f"表单“{source.name}”是空的", "参照 examples/ 里的示例表单填写", "E100")
        raise FormError(reader.problems)
    if not isinstance(root, yaml.MappingNode):
        reader.mapping(root, [], "表单")
        raise FormError(reader.problems)
    folders = template_folders(source.path.parent, template_dirs)
    name, name_node = _template_name(reader, root)
    try:
        spec = find_spec(name, folders)
    except KeyError:
        choices = [n for n, _ in template_names(folders)]
        reader.error(name_node, f"找不到模板“{name}”{suggest(name, choices)}", "可用的模板：" + "、".join(choices), "T001")
        raise FormError(reader.problems) from None
    values = reader.mapping(root, [Field(f.name, f.aliases) for f in spec.fields], "表单")
    for field_spec in spec.fields:
        if field_spec.required and field_spec.name not in values:
            reader.error(root, f"表单缺少必填字段“{field_spec.name}”", _required_hint(field_spec, name), "E109")
    read = _Reading(reader, source.path.parent)
    results: dict[str, Any] = {}
    for field_spec in spec.fields:
        if field_spec.name in values and field_spec.type not in ("模板", "表单文件"):
            reader.current_section = field_spec.name if field_spec.type in SECTION_TYPES else ""
            results[field_spec.name] = read.value(field_spec, values[field_spec.name])
            reader.current_section = ""
    figures: dict[str, Figure] = results.pop("指标", None) or {}
    for field_spec in spec.fields:
        if field_spec.type == "表单文件" and field_spec.name in values:
            figures = _with_earlier_values(reader, values[field_spec.name], source.path.parent, figures,
                                           field_spec.name)
    if reader.problems:
        raise FormError(sorted(reader.problems, key=_position))
    declared = {f.name: f.type for f in spec.fields}
    is_common = {k: k in COMMON_ATTRIBUTES and COMMON_ATTRIBUTES[k][1] == declared[k] for k in results}
    common = {COMMON_ATTRIBUTES[k][0]: v for k, v in results.items() if is_common[k] and v is not None}
    extra = {k: v for k, v in results.items() if not is_common[k]}
    common.setdefault("profile", builtin_profile())
    locations = {key: source.location(node) for key, node in values.items()}
    return Form(path=source.path, name=source.name, template=name, locations=locations, figures=figures,
                texts=tuple(reader.texts), source_text=source.text, extra=extra, spec=spec,
                template_folders=tuple(str(f) for f in folders), **common)


class _Reading:
    """Reads one declared field by its type."""

    def __init__(self, reader: FormReader, form_dir: Path) -> None:
        self.reader, self.form_dir = reader, form_dir

    def value(self, spec: FieldSpec, node: yaml.Node) -> Any:
        if not self.reader._standard_tag(node, spec.name):  # !!python/object and friends: data only
            return None
        readers: dict[str, Callable[[yaml.Node], Any]] = {
            "文字": lambda n: self.reader.text(n, spec.name),
            "标题": lambda n: self.reader.paragraphs(n, spec.name),
            "段落": lambda n: self.reader.paragraphs(n, spec.name),
            "条目": lambda n: self.reader.items(n, spec.level, spec.name),
            "部分": lambda n: self.reader.section(n, spec.name),
            "日期": self.reader.date,
            "期间": self.period,
            "是否": lambda n: self.reader.boolean(n, spec.name),
            "指标": self.reader.figures,
            "版式": lambda n: read_form_profile(self.reader, n, self.form_dir),
            "版头": self.red_header,
            "沿用": lambda n: tuple(str(self.reader.scalar(c, spec.name)) for c in self.reader.sequence(n, spec.name)),
        }
        return readers[spec.type](node)

    def period(self, node: yaml.Node) -> Any:
        period = parse_period(self.reader.scalar(node, "期间"))
        if period is None:
            self.reader.error(node, f"期间“{node.value}”无法识别",
                              "写成 2023（全年）、2023H1（上半年）、2023Q3（第三季度）或 2023-07（月份）", "E122")
        return period

    def red_header(self, node: yaml.Node) -> RedHeader | None:
        values = self.reader.mapping(node, RED_HEADER_FIELDS, "版头")
        if not isinstance(node, yaml.MappingNode):
            return None
        text = {f.name: self.reader.text(values[f.name], f.name) for f in RED_HEADER_FIELDS
                if f.name in values and f.name != "印发日期"}
        if not text.get("发文机关标志"):
            self.reader.error(node, "版头缺少“发文机关标志”", "写上发文机关标志，如“中共青山县委政法委员会文件”", "E126")
        print_date = self.reader.date(values["印发日期"]) if "印发日期" in values else None
        return RedHeader(issuer_mark=text.get("发文机关标志") or "", copy_number=text.get("份号"),
                         secrecy=text.get("密级"), secrecy_term=text.get("保密期限"), urgency=text.get("紧急程度"),
                         document_number=text.get("发文字号"), signer=text.get("签发人"), copy_to=text.get("抄送"),
                         printer=text.get("印发机关"), print_date=print_date)


_earlier_figures: dict[tuple[str, int, int, bool], dict[str, Figure]] = {}  # by (path, mtime, size, --fix-text)


def load_figures(path: Path) -> dict[str, Figure]:
    """Only the 指标 of another form (the previous period's). Raises FormError.

    Every form of a batch names the same earlier forms, so each is read once per process
    (again if it changes on disk).
    """
    try:
        status = path.stat()
        key = (str(path.resolve()), status.st_mtime_ns, status.st_size, fixing_text())
    except OSError:
        return _read_figures(path)
    if key not in _earlier_figures:
        if len(_earlier_figures) >= 256:
            _earlier_figures.clear()
        _earlier_figures[key] = _read_figures(path)
    return dict(_earlier_figures[key])


def _read_figures(path: Path) -> dict[str, Figure]:
    source = read_source(path)
    root = compose(source)
    reader = FormReader(source)
    figures: dict[str, Figure] = {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if getattr(key_node, "value", None) in ("指标", "figures"):
                figures = reader.figures(value_node)
    if reader.problems:
        raise FormError(reader.problems)
    return figures


def _with_earlier_values(reader: FormReader, node: yaml.Node, form_dir: Path, figures: dict[str, Figure],
                         key: str) -> dict[str, Figure]:
    """Fill each figure's 上期/去年同期 from the named form, by figure name (values typed inline win)."""
    attribute = "previous" if key == "上期" else "last_year"
    name = NodeReader.text(reader, node, key)
    if name is None:
        return figures
    path = form_dir / name
    if not path.is_file():
        reader.error(node, f"找不到{key}的表单“{name}”", "写相对本表单的文件名，如 2023Q2.yaml", "E125")
        return figures
    try:
        earlier = load_figures(path)
    except FormError as exc:
        reader.problems.extend(exc.problems)
        return figures
    updated = {}
    for figure_name, figure in figures.items():
        if getattr(figure, attribute) is None and figure_name in earlier:
            figure = figure._replace(**{attribute: earlier[figure_name].value})
        updated[figure_name] = figure
    return updated


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.location.line or 0, problem.location.column or 0)


def _required_hint(spec: FieldSpec, template: str) -> str:
    hints = {
        "落款": "写上发文机关全称，如“落款: 中共某某县委政法委员会”",
        "日期": "写上成文日期，如“日期: 2023-07-10”",
        "期间": "工作总结要写报告期，如“期间: 2023H1”（上半年）",
    }
    return hints.get(spec.name, f"模板“{template}”需要它：{spec.doc}" if spec.doc else f"加上“{spec.name}: …”")
