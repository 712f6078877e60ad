"""Template declarations: the fields a template needs, read with line marks from ``NAME.yaml`` beside ``NAME.j2``.

One declaration drives validation, ``draft new`` (a commented form), ``draft schema`` (JSON
Schema) and the checks of what a template expects. A declaration names the template it builds
on (基于) and adds or changes fields.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import FormError, Location, Problem, TemplateError, display_name, os_reason
from ..records import NamedTuple
from ..styles import MAX_LEVEL
from .fields import Field
from .nodes import NodeReader, describe
from .resolver import TEMPLATE_BYTES, FolderResolver, Resolver, as_written, on_disk
from .source import SourceText, compose

TEMPLATE_SUFFIX = ".j2"
SPEC_SUFFIX = ".yaml"
BUILTIN_PREFIX = "内置/"
BASE_TEMPLATE = "通用"

# Field types a declaration may use, and what each holds.
TYPES = {
    "文字": "一行文字", "标题": "一行或多行文字", "段落": "一段或多段文字（列表，或文字里每行一段）",
    "条目": "一个或几个条目", "部分": "几个条目；标题可以自拟", "日期": "日期，如 2023-07-10",
    "期间": "2023Q3 或 2023年第三季度、2023H1 或 2023年上半年、2023 或 2023年度、2023-07", "是否": "是 或 否", "指标": "指标名称到数值的对照",
    "版式": "文稿的字体字号方案", "表单文件": "另一份表单的文件名", "版头": "红头（版头、版记）各项",
    "模板": "模板名", "沿用": "沿用上期文字的编号列表（draft next 生成）",
    "附件": "附件的名称，每个附件一项；要印出内容的附件另起一页，印在正文之后",
    "指标文件": "指标所在的 Excel 或 WPS 表格（.xlsx 或 .csv）和其中的工作表",
}

_TOP = [Field("描述"), Field("基于"), Field("字段")]
_FIELD_KEYS = {"类型": "type", "别名": "aliases", "必填": "required", "说明": "doc", "示例": "example",
               "层级": "level", "应有": "expected", "全称": "label"}


class FieldSpec(NamedTuple):
    """One field of a form: its name, aliases, type, whether required, what it means, an example."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    doc: str = ""
    example: Any = None
    level: int = 1
    expected: bool = False   # 应有: a form without it gets a warning (C301), an empty one an error (C302)
    label: str = ""          # 全称: the name messages use (下一步 → 下一步工作打算)

    @property
    def shown(self) -> str:
        """The name messages use."""
        return self.label or self.name


class TemplateSpec(NamedTuple):
    """A template's declaration: name, one-line description, where it comes from, its fields."""

    name: str
    description: str
    origin: str
    path: Path | None
    fields: tuple[FieldSpec, ...] = ()

    def field(self, name: str) -> FieldSpec | None:
        """The field called ``name`` or one of its aliases."""
        for spec in self.fields:
            if name == spec.name or name in spec.aliases:
                return spec
        return None

    def canonical(self, name: str) -> str | None:
        """The canonical name of field ``name`` (given by name or alias); None if it is not declared."""
        found = self.field(name.strip())
        return found.name if found is not None else None


def _data(node: yaml.Node) -> Any:
    """The plain data of a node (an example), constructed as PyYAML's safe loader would."""
    constructor = yaml.constructor.SafeConstructor()
    return constructor.construct_document(node)


class _DeclarationReader(NodeReader):
    """Reads one declaration file, collecting every problem with its place."""

    def field_spec(self, name: str, node: yaml.Node) -> tuple[FieldSpec, set[str]] | None:
        """The field declared as ``name: {类型: …}``, and which of its keys were stated."""
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return FieldSpec(name, "文字"), set()
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"字段“{name}”应当写成“{name}: {{类型: 文字, 说明: …}}”，实际是{describe(node)}",
                       "每个字段下面写 类型、说明、示例 等项，见 templates/通用.yaml", "T021")
            return None
        values = self.mapping(node, [Field(k) for k in _FIELD_KEYS], f"字段“{name}”")
        given: dict[str, Any] = {}
        if "类型" in values:
            kind = self.text(values["类型"], "类型")
            if kind is None:  # not one text: already said
                return None
            if kind not in TYPES:
                self.error(values["类型"], f"字段“{name}”的类型{describe(values['类型'])}无法识别",
                           "可用的类型：" + "、".join(TYPES), "T022")
                return None
            given["type"] = kind
        if "别名" in values:
            given["aliases"] = tuple(a for a in (self.text(n, "别名") for n in self.sequence(values["别名"], "别名")) if a)
        for key in ("必填", "应有"):
            if key in values:
                given[_FIELD_KEYS[key]] = self.boolean(values[key], key)
        for key in ("说明", "全称"):
            if key in values:
                given[_FIELD_KEYS[key]] = self.text(values[key], key) or ""
        if "示例" in values:
            given["example"] = _data(values["示例"])
        if "层级" in values:
            level = self.scalar(values["层级"], "层级")
            if isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= MAX_LEVEL:
                given["level"] = level
            else:
                self.error(values["层级"], f"字段“{name}”的层级应为 1 到 {MAX_LEVEL} 的整数，实际是{describe(values['层级'])}",
                           "例如 层级: 2 表示条目从二级标题（（一））编起", "T023")
        return FieldSpec(name, given.get("type", "文字"))._replace(**given), set(given)


class _Declaration(NamedTuple):
    description: str | None
    parent: str | None
    fields: tuple[tuple[FieldSpec, set[str]], ...]


def read_declaration(path: Path, resolver: Resolver | None = None) -> _Declaration:
    """Read a declaration file (through ``resolver``, else from disk). Raises TemplateError listing every problem, located."""
    name = display_name(path)
    try:
        data = (resolver or FolderResolver()).read_bytes(path, TEMPLATE_BYTES)
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "不是 UTF-8 编码" if isinstance(exc, UnicodeDecodeError) else os_reason(exc)
        raise TemplateError(Problem(Location(name), f"模板声明文件“{name}”无法读取：{reason}",
                                    "用 UTF-8 编码保存它，对照 templates/通用.yaml 检查格式", "T020")) from None
    from ..resources import user_cache_folder
    from . import fields, nodes, source, speccache

    folder = user_cache_folder("declarations")
    version = speccache.code_version((__file__, fields.__file__, nodes.__file__, source.__file__)) if folder else ""
    kept = speccache.load(folder, data, version) if folder else None
    if kept is not None:  # read before, by this very code: the same fields
        description, parent, known = kept
        return _Declaration(description, parent, tuple((FieldSpec(*spec), stated) for spec, stated in known))
    declaration = _read_declaration(path, name, text)
    if folder:
        speccache.store(folder, data, version, declaration.description, declaration.parent, declaration.fields)
    return declaration


def _read_declaration(path: Path, name: str, text: str) -> _Declaration:
    """Read a declaration's ``text`` (from ``path``, called ``name`` in messages). Raises TemplateError."""
    source = SourceText(path, name, text)
    try:
        root = compose(source)
    except FormError as exc:  # the declaration's YAML: the template's fault, with the form's messages
        raise TemplateError(exc.problems) from None
    reader = _DeclarationReader(source)
    if root is None:
        return _Declaration(None, None, ())
    values = reader.mapping(root, _TOP, "模板声明")
    description = reader.text(values["描述"], "描述") if "描述" in values else None
    parent = reader.text(values["基于"], "基于") if "基于" in values else None
    fields: list[tuple[FieldSpec, set[str]]] = []
    if "字段" in values:
        for field_name, node in reader.mapping_any(values["字段"], "模板声明的“字段”").items():
            read = reader.field_spec(field_name, node)
            if read is not None:
                fields.append(read)
    if reader.problems:
        raise TemplateError(reader.problems)
    return _Declaration(description, parent, tuple(fields))


_EXTENDS = r"\{%-?\s*extends\s+[\"']([^\"']+)[\"']"  # compiled (by re) when a template is read


def _template_path(name: str, folders: list[Path], resolver: Resolver) -> Path | None:
    for folder in folders:
        candidate = folder / on_disk(name + TEMPLATE_SUFFIX)
        if resolver.is_file(candidate):
            return candidate
    return None


def load_spec(name: str, folders: list[Path], builtin: Path, _seen: tuple[str, ...] = (),
              resolver: Resolver | None = None) -> TemplateSpec:
    """The declaration of template ``name`` found in ``folders`` (user folders first, then ``builtin``), read
    through ``resolver`` (else from disk).

    Fields are inherited along 基于 (or, without a declaration, along the template's
    ``{% extends %}``) and changed by the fields the template declares itself. Raises KeyError
    when the template does not exist, TemplateError when its declaration is malformed.
    """
    resolver = resolver or FolderResolver()
    if name.startswith(BUILTIN_PREFIX):
        name, folders = name[len(BUILTIN_PREFIX):], [builtin]
    if not name or name.startswith("_") or "/" in name or "\\" in name or name.startswith("."):
        raise KeyError(name)  # partials and paths are not templates
    template = _template_path(name, folders, resolver)
    if template is None or str(template) in _seen:  # missing, or a cycle of extends
        raise KeyError(name)
    spec_path = template.with_suffix(SPEC_SUFFIX)
    has_declaration = resolver.is_file(spec_path)
    declared = read_declaration(spec_path, resolver) if has_declaration else _Declaration(None, None, ())
    parent = declared.parent
    is_base = template.parent == builtin and name == BASE_TEMPLATE
    if parent is None and not is_base:  # no 基于: the template's own {% extends %} says what it builds on
        try:
            found = re.search(_EXTENDS, resolver.read_bytes(template, TEMPLATE_BYTES).decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else "不是 UTF-8 编码"
            raise TemplateError(Problem(Location(display_name(template)), f"模板“{template.name}”无法读取：{reason}",
                                        "用 UTF-8 编码另存这个模板文件，并检查它的权限", "T003")) from None
        # Undeclared: the fields of the template it extends, else those of the built-in 通用.
        parent = found.group(1).removesuffix(TEMPLATE_SUFFIX) if found else BUILTIN_PREFIX + BASE_TEMPLATE
    origin = "内置" if template.parent == builtin else str(template.parent)
    fields: list[FieldSpec] = []
    description = ""
    if parent:
        try:
            if parent == BUILTIN_PREFIX + BASE_TEMPLATE and builtin == _builtin_folder():
                base = base_spec()  # read once per process, whichever template builds on it
            else:
                base = load_spec(parent, folders if not parent.startswith(BUILTIN_PREFIX) else [builtin],
                                 builtin, _seen + (str(template),), resolver)
        except KeyError:
            raise TemplateError(Problem(Location(display_name(spec_path if has_declaration else template)),
                                        f"模板“{name}”基于的模板“{parent}”找不到",
                                        "检查“基于”或 {% extends %} 里的模板名", "T024")) from None
        fields, description = list(base.fields), base.description
    for own, stated in declared.fields:
        for i, existing in enumerate(fields):
            if existing.name == own.name:
                fields[i] = existing._replace(**{attr: getattr(own, attr) for attr in stated})
                break
        else:
            fields.append(own)
    return TemplateSpec(name, declared.description or description or "（没有说明）", origin, template, tuple(fields))


def template_names(folders: list[Path], resolver: Resolver | None = None) -> list[tuple[str, Path]]:
    """Every template a form may name (listed by ``resolver``, else on disk), first found wins; _NAME are partials."""
    resolver = resolver or FolderResolver()
    seen: dict[str, Path] = {}
    for folder in folders:
        for path in resolver.template_files(folder, TEMPLATE_SUFFIX):  # not links to somewhere else
            written = as_written(path.name)  # a name that is not UTF-8 cannot be written in a form
            name = written[: -len(TEMPLATE_SUFFIX)] if written else ""
            if name and not name.startswith("_") and name not in seen:
                seen[name] = path
    return list(seen.items())


def find_spec(name: str, folders: list[Path], cache: dict[Any, Any] | None = None,
              resolver: Resolver | None = None) -> TemplateSpec:
    """The declaration of template ``name`` (``folders`` ends with the built-ins, read through ``resolver``), kept in ``cache``.

    Raises KeyError when there is no such template, TemplateError when its declaration is malformed.
    """
    key = (name, tuple(folders))
    if cache is not None and key in cache:
        return cache[key]
    spec = load_spec(name, list(folders), folders[-1], resolver=resolver)
    if cache is not None:
        cache[key] = spec
    return spec


def _builtin_folder() -> Path:
    from ..resources import templates_dir

    return templates_dir().resolve()


@lru_cache(maxsize=1)
def base_spec() -> TemplateSpec:
    """The built-in 通用 declaration: the fields (and aliases) every template shares."""
    builtin = _builtin_folder()
    return load_spec(BASE_TEMPLATE, [builtin], builtin)
