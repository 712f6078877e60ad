"""``draft new``: a ready-to-fill form, commented in Chinese, written from a template's declaration."""
from __future__ import annotations

from ..form.declarations import TYPES, TemplateSpec
from ..form.roundtrip import comment_lines, dump_new, new_form_yaml


def new_form(spec: TemplateSpec) -> str:
    """The text of a form for ``spec``: every field with its meaning and an example that builds.

    Fields without an example are left commented out, so the form builds as it is.
    """
    writer = new_form_yaml()
    lines = [*comment_lines(f"{spec.name}：{spec.description}"),
             "# 由 draft new 生成。按注释填写，然后运行：draft build 本文件名.yaml",
             "# 编号（一、（一）1.（1）一是……）由 draft 自动生成，不要自己写序号；数字写在“指标”里。", ""]
    for field in spec.fields:
        example = spec.name if field.type == "模板" else field.example
        doc = field.doc or TYPES.get(field.type, "")
        required = "（必填）" if field.required else ""
        lines += comment_lines(f"{field.name}{required}：{doc}")
        if example is None or example == [] or example == {}:
            lines.append(f"# {field.name}:")
        else:
            lines += dump_new({field.name: example}, writer).rstrip("\n").split("\n")
        lines.append("")
    return "\n".join(lines)
