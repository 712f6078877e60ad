"""Validate a form against its template's declared fields, reporting every problem in one pass."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml

from ..errors import WARNING, FormError, Problem, display_name
from ..options import Caches, Session
from .declarations import FieldSpec, base_spec, find_spec, template_names
from .earlier import with_earlier_values
from .fields import COMMON_ATTRIBUTES, RED_HEADER_ATTRIBUTES, RED_HEADER_FIELDS, Field
from .figures import Figure
from .forgiving import forgive
from .model import Form, RedHeader
from .nodes import NodeReader, describe, suggest
from .period import parse_period
from .profile import builtin_profile, read_form_profile
from .reader import FormReader
from .resolver import FolderResolver, Resolver
from .source import SourceText, compose, fix_text, read_source
from .texts import Text, text_refs

DEFAULT_TEMPLATE = "工作总结"


def _template_name(reader: NodeReader, root: yaml.MappingNode) -> tuple[str, yaml.Node | None]:
    spec = base_spec()
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and spec.canonical(str(key_node.value)) == "模板":
            return (NodeReader.text(reader, value_node, "模板") or DEFAULT_TEMPLATE), value_node
    return DEFAULT_TEMPLATE, None


def load_form(path: Path, session: Session | None = None) -> Form:
    """Read, parse and validate a form file. Raises FormError listing every problem (and --fix-text's notices)."""
    session = session or Session()
    return _loaded(*read_source(path, session.options.fix_text, session.resolver), session)


def load_form_text(path: Path, text: str, session: Session | None = None) -> Form:
    """Read and validate ``text`` as if it were the form file ``path`` (its files are found beside ``path``).

    ``draft serve`` checks a form being edited in the browser this way, before it is saved.
    Raises FormError listing every problem.
    """
    session = session or Session()
    source = SourceText(path, display_name(path), text)
    return _loaded(*(fix_text(source) if session.options.fix_text else (source, [])), session)


def _loaded(source: SourceText, notices: list[Problem], session: Session) -> Form:
    source, forgiven = forgive(source)
    notices = notices + forgiven
    try:
        form = validate(source, compose(source), session)
    except FormError as error:
        widened = FormError(notices + error.problems)
        widened.partial = error.partial
        raise widened from None
    return form.replace(notices=tuple(notices)) if notices else form


def validate(source: SourceText, root: yaml.Node | None, session: Session | None = None) -> Form:
    """Validate a composed form. Raises FormError listing every problem."""
    session = session or Session()
    reader = FormReader(source)
    if root is None:
        reader.error(None, f"表单“{source.name}”是空的", "参照 examples/ 里的示例表单填写", "E100")
        raise FormError(reader.problems)
    if not isinstance(root, yaml.MappingNode):
        reader.mapping(root, [], "表单")
        raise FormError(reader.problems)
    resolver = session.resolver or FolderResolver(session.options.root)
    folders = resolver.template_folders(source.path.parent, session.options.template_dirs)
    name, name_node = _template_name(reader, root)
    try:
        spec = find_spec(name, folders, session.caches.specs, resolver)
    except KeyError:
        choices = [n for n, _ in template_names(folders, resolver)]
        reader.error(name_node, f"找不到模板“{name}”{suggest(name, choices)}", "可用的模板：" + "、".join(choices), "T001")
        raise FormError(reader.problems) from None
    values = reader.mapping(root, [Field(f.name, f.aliases) for f in spec.fields], "表单")
    for field_spec in spec.fields:
        if field_spec.required and field_spec.name not in values:
            reader.error(root, f"表单缺少必填字段“{field_spec.name}”", _required_hint(field_spec, name), "E109")
    read = _Reading(reader, source.path.parent, resolver, session.caches)
    results: dict[str, Any] = {}
    for field_spec in spec.fields:
        if field_spec.name in values and field_spec.type not in ("模板", "表单文件"):
            results[field_spec.name] = read.value(field_spec, values[field_spec.name])
    # 指标文件 fills the 指标 block; a figure typed inline wins over the file's, unless it is only a blank row (no
    # value, no earlier values): a name waiting for a number must not hide the number the sheet has for it.
    from_file: dict[str, Figure] = results.pop("指标文件", None) or {}
    typed: dict[str, Figure] = results.pop("指标", None) or {}
    figures: dict[str, Figure] = {**from_file, **{name: figure for name, figure in typed.items()
                                                  if name not in from_file or not _blank(figure)}}
    for field_spec in spec.fields:
        if field_spec.type == "表单文件" and field_spec.name in values:
            figures = with_earlier_values(reader, values[field_spec.name], source.path.parent, figures,
                                          field_spec.name, session.caches, session.options.fix_text, resolver)
    attachment_pages: tuple[Any, ...] = ()
    if {f.name: f.type for f in spec.fields}.get("附件") == "附件" and results.get("附件") is not None:
        results["附件"], attachment_pages = results["附件"]  # names for the 附件说明, and the pages of those with content
    reader.problems.extend(_unknown_table_figures(source, results, figures))
    problems = sorted(reader.problems, key=_position)
    if isinstance(results.get("主送"), Text):
        results["主送"] = _with_colon(reader, results["主送"])
    declared = {f.name: f.type for f in spec.fields}
    is_common = {k: k in COMMON_ATTRIBUTES and COMMON_ATTRIBUTES[k][1] == declared[k] for k in results}
    common = {COMMON_ATTRIBUTES[k][0]: v for k, v in results.items() if is_common[k] and v is not None}
    extra = {k: v for k, v in results.items() if not is_common[k]}
    common.setdefault("profile", builtin_profile())
    if attachment_pages:
        common["attachment_pages"] = attachment_pages
    locations = {key: source.location(node) for key, node in values.items()}
    form = Form(path=source.path, name=source.name, template=name, locations=locations, figures=figures,
                source=source, extra=extra, spec=spec, template_folders=tuple(str(f) for f in folders),
                findings=tuple(reader.findings), resolver=session.resolver,
                unread_figures=frozenset(reader.unread_figures - set(figures)), **common)
    form = form.replace(texts=text_refs(form))
    if problems:  # what could be read goes along, so the checks can run on it in the same round
        error = FormError(problems)
        error.partial = form
        raise error
    return form


def _blank(figure: Figure) -> bool:
    """A figure with a name (and perhaps a unit) but no number of any period and no source."""
    return figure.value is None and figure.previous is None and figure.last_year is None and figure.source is None


class _Reading:
    """Reads one declared field by its type."""

    def __init__(self, reader: FormReader, form_dir: Path, resolver: Resolver, caches: Caches) -> None:
        self.reader, self.form_dir, self.resolver, self.caches = reader, form_dir, resolver, caches

    def figures_file(self, node: yaml.Node) -> Any:
        """指标文件: the figures of a CSV or Excel file (its readers loaded only for a form that names one)."""
        from .spreadsheet import figures_from_file

        return figures_from_file(self.reader, node, self.form_dir, self.resolver, self.caches)

    def value(self, spec: FieldSpec, node: yaml.Node) -> Any:
        if not self.reader._standard_tag(node, spec.name):  # !!python/object and friends: data only
            return None
        readers: dict[str, Callable[[yaml.Node], Any]] = {
            "文字": lambda n: self.reader.text(n, spec.name),
            "标题": lambda n: self.reader.paragraphs(n, spec.name),
            "段落": lambda n: self.reader.paragraphs(n, spec.name),
            "附件": self.attachments,
            "指标文件": self.figures_file,
            "条目": lambda n: self.reader.items(n, spec.level, spec.name),
            "部分": lambda n: self.reader.section(n, spec.name),
            "日期": self.reader.date,
            "期间": self.period,
            "是否": lambda n: self.reader.boolean(n, spec.name),
            "指标": self.reader.figures,
            "版式": lambda n: read_form_profile(self.reader, n, self.form_dir, self.resolver),
            "版头": self.red_header,
            "沿用": lambda n: tuple(str(self.reader.scalar(c, spec.name)) for c in self.reader.sequence(n, spec.name)),
        }
        return readers[spec.type](node)

    def attachments(self, node: yaml.Node) -> Any:
        from .tables import TableReading

        return TableReading(self.reader, self.reader.items).attachments(node)

    def period(self, node: yaml.Node) -> Any:
        period = parse_period(self.reader.scalar(node, "期间"))
        if period is None:
            self.reader.error(node, f"期间{describe(node)}无法识别",
                              "写成 2023年第三季度 或 2023Q3、2023年上半年 或 2023H1、2023年度 或 2023、2023年7月 或 2023-07", "E122")
        return period

    def red_header(self, node: yaml.Node) -> RedHeader | None:
        values = self.reader.mapping(node, RED_HEADER_FIELDS, "版头")
        if not isinstance(node, yaml.MappingNode):
            return None
        read: dict[str, Any] = {RED_HEADER_ATTRIBUTES[f.name]: self.reader.text(values[f.name], f.name)
                                for f in RED_HEADER_FIELDS if f.name in values and f.name != "印发日期"}
        if not read.get("issuer_mark"):
            self.reader.error(node, "版头缺少“发文机关标志”", "写上发文机关标志，如“中共青山县委政法委员会文件”", "E126")
        read["issuer_mark"] = read.get("issuer_mark") or ""
        if "印发日期" in values:
            read["print_date"] = self.reader.date(values["印发日期"])
        return RedHeader(**read)


def _with_colon(reader: FormReader, recipient: Text) -> Text:
    """主送机关 ends in a full-width colon (GB/T 9704 7.3.2): complete it, and say so (C212)."""
    if recipient.endswith("："):
        return recipient
    mended = recipient[:-1] + "：" if recipient.endswith(":") else recipient + "："
    reader.findings.append(Problem(recipient.location, f"主送机关“{recipient}”后面应有全角冒号“：”，已经补上",
                                   f"写成“主送: {mended}”", "C212", WARNING, reader.source.excerpt(recipient.location.line)))
    return Text(mended, recipient.location, recipient.end_line, recipient.label)


def _unknown_table_figures(source: SourceText, results: dict[str, Any], figures: dict[str, Figure]) -> list[Problem]:
    """A 指标表 naming a figure the 指标 block does not have (E157), wherever the table stands."""
    from .model import Attachment, FiguresTable, Item, Section

    found: list[Problem] = []

    def walk(value: Any) -> None:
        if isinstance(value, Item):
            if isinstance(value.table, FiguresTable):
                for name, where in zip(value.table.names, value.table.name_locations):
                    if name not in figures:
                        found.append(Problem(where, f"指标表里的“{name}”不在“指标”里{suggest(name, list(figures))}",
                                             "先在“指标:”里写上它，或改正名称", "E157", excerpt=source.excerpt(where.line)))
            for child in value.children:
                walk(child)
        elif isinstance(value, (Section, Attachment)):
            for item in value.items:
                walk(item)
        elif isinstance(value, tuple):
            for entry in value:
                walk(entry)

    for value in results.values():
        walk(value)
    return found


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.location.line or 0, problem.location.column or 0)


def _required_hint(spec: FieldSpec, template: str) -> str:
    hints = {
        "落款": "写上发文机关全称，如“落款: 中共某某县委政法委员会”",
        "日期": "写上成文日期，如“日期: 2023-07-10”",
        "期间": "工作总结要写报告期，如“期间: 2023H1”（上半年）",
    }
    return hints.get(spec.name, f"模板“{template}”需要它：{spec.doc}" if spec.doc else f"加上“{spec.name}: …”")
