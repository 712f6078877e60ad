"""Template declarations: the fields a template needs, read from ``NAME.yaml`` beside ``NAME.j2``.

One declaration drives validation, ``draft new`` (a commented form) and ``draft schema``
(JSON Schema). A declaration names the template it builds on (基于) and adds or changes fields.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .errors import FormError, Location, Problem

TEMPLATE_SUFFIX = ".j2"
SPEC_SUFFIX = ".yaml"
BUILTIN_PREFIX = "内置/"

# Field types a declaration may use, and what each holds.
TYPES = {
    "文字": "一行文字", "标题": "一行或多行文字", "段落": "一段或多段文字（列表，或文字里每行一段）",
    "条目": "条目列表", "部分": "条目列表，或 {标题: 自拟标题, 下级: [条目…]}", "日期": "日期，如 2023-07-10",
    "期间": "2023、2023H1、2023Q3、2023-07", "是否": "是 或 否", "指标": "指标名称到数值的对照",
    "版式": "版式名、版式文件或要改的项", "表单文件": "另一份表单的文件名", "版头": "红头（版头、版记）各项",
    "模板": "模板名", "沿用": "沿用上期文字的编号列表（draft next 生成）",
}


class FieldSpec(NamedTuple):
    """One field of a form: its name, aliases, type, whether required, what it means, an example."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    doc: str = ""
    example: Any = None
    level: int = 1


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


def _load_yaml(path: Path) -> Any:
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FormError(Problem(Location(str(path)), f"模板声明文件“{path.name}”无法读取：{exc}",
                                "对照 templates/通用.yaml 检查它的格式", "T020")) from None


def _fields(raw: Any, path: Path) -> list[FieldSpec]:
    if not isinstance(raw, dict):
        raise FormError(Problem(Location(str(path)), "模板声明的“字段”应当是一组字段", None, "T021"))
    fields = []
    for name, spec in raw.items():
        spec = spec or {}
        kind = spec.get("类型", "文字")
        if kind not in TYPES:
            raise FormError(Problem(Location(str(path)), f"字段“{name}”的类型“{kind}”无法识别",
                                    "可用的类型：" + "、".join(TYPES), "T022"))
        fields.append(FieldSpec(str(name), kind, tuple(str(a) for a in spec.get("别名", ())),
                                bool(spec.get("必填", False)), str(spec.get("说明", "")), spec.get("示例"),
                                int(spec.get("层级", 1))))
    return fields


_EXTENDS = re.compile(r"\{%-?\s*extends\s+[\"']([^\"']+)[\"']")


def _template_path(name: str, folders: list[Path]) -> Path | None:
    for folder in folders:
        candidate = folder / (name + TEMPLATE_SUFFIX)
        if candidate.is_file():
            return candidate
    return None


def load_spec(name: str, folders: list[Path], builtin: Path, _seen: tuple[str, ...] = ()) -> TemplateSpec:
    """The declaration of template ``name`` found in ``folders`` (user folders first, then ``builtin``).

    Fields are inherited along 基于 (or, without a declaration, along the template's
    ``{% extends %}``) and changed by the fields the template declares itself.
    """
    if name.startswith(BUILTIN_PREFIX):
        name, folders = name[len(BUILTIN_PREFIX):], [builtin]
    template = _template_path(name, folders)
    if template is None or str(template) in _seen:  # missing, or a cycle of extends
        raise KeyError(name)
    spec_path = template.with_suffix(SPEC_SUFFIX)
    raw = _load_yaml(spec_path) if spec_path.is_file() else {}
    parent = raw.get("基于")
    if parent is None and not spec_path.is_file():
        found = _EXTENDS.search(template.read_text(encoding="utf-8"))
        # Undeclared: the fields of the template it extends, else those of the built-in 通用.
        parent = found.group(1).removesuffix(TEMPLATE_SUFFIX) if found else BUILTIN_PREFIX + "通用"
    origin = "内置" if template.parent == builtin else str(template.parent)
    fields: list[FieldSpec] = []
    if parent:
        base = load_spec(str(parent), folders if not str(parent).startswith(BUILTIN_PREFIX) else [builtin],
                         builtin, _seen + (str(template),))
        fields = list(base.fields)
        description = base.description
    else:
        description = ""
    for own in _fields(raw.get("字段", {}), spec_path):
        for i, existing in enumerate(fields):
            if existing.name == own.name:
                fields[i] = _merge(existing, own, raw["字段"][own.name] or {})
                break
        else:
            fields.append(own)
    return TemplateSpec(name, str(raw.get("描述", description or "（没有说明）")), origin, template, tuple(fields))


def _merge(base: FieldSpec, own: FieldSpec, given: dict) -> FieldSpec:
    """A field redeclared by a derived template: what it states wins, the rest is inherited."""
    changes: dict[str, Any] = {}
    for key, attr in (("类型", "type"), ("别名", "aliases"), ("必填", "required"), ("说明", "doc"),
                      ("示例", "example"), ("层级", "level")):
        if key in given:
            changes[attr] = getattr(own, attr)
    return base._replace(**changes)


def template_names(folders: list[Path]) -> list[tuple[str, Path]]:
    """Every template a form may name, first found wins; files starting with _ are partials."""
    seen: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")):
            name = path.name[: -len(TEMPLATE_SUFFIX)]
            inside = path.resolve().parent == folder.resolve()  # not a link to somewhere else
            if inside and not name.startswith("_") and name not in seen:
                seen[name] = path
    return list(seen.items())
