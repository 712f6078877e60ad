"""``draft new``: a ready-to-fill form, commented in Chinese, written from a template's declaration."""
from __future__ import annotations

from typing import Any

import yaml

from ..form.declarations import TYPES, TemplateSpec


class FormDumper(yaml.SafeDumper):
    """Block style, Chinese as is, list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=FormDumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=100000).rstrip("\n")


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in text.splitlines() if line.strip()]


def new_form(spec: TemplateSpec) -> str:
    """The text of a form for ``spec``: every field with its meaning and an example that builds.

    Fields without an example are left commented out, so the form builds as it is.
    """
    lines = [f"# {spec.name}：{spec.description}",
             "# 由 draft new 生成。按注释填写，然后运行：draft build 本文件名.yaml",
             "# 编号（一、（一）1.（1）一是……）由 draft 自动生成，不要自己写序号；数字写在“指标”里。", ""]
    for field in spec.fields:
        example = spec.name if field.type == "模板" else field.example
        doc = field.doc or TYPES.get(field.type, "")
        required = "（必填）" if field.required else ""
        lines += _comment(f"{field.name}{required}：{doc}")
        if example is None or example == [] or example == {}:
            lines.append(f"# {field.name}:")
        else:
            dumped = _dump({field.name: example})
            lines += dumped.splitlines()
        lines.append("")
    return "\n".join(lines)
