"""``draft templates``, ``draft new`` and ``draft schema``: what a template declares, listed, as a form, as JSON Schema."""
from __future__ import annotations

import json
from pathlib import Path

from ..atomic import write_new
from ..authoring.jsonschema import json_schema
from ..authoring.newform import new_form
from ..errors import FormError, Location, Problem
from ..form.declarations import TemplateSpec, find_spec, template_names
from ..form.nodes import suggest
from ..form.resolver import FolderResolver
from ..options import Session


def spec_named(name: str, session: Session) -> TemplateSpec:
    """The declaration of template ``name``, or a FormError with suggestions."""
    resolver = session.resolver or FolderResolver(session.options.root)
    folders = resolver.template_folders(None, session.options.template_dirs)
    try:
        return find_spec(name, folders, session.caches.specs, resolver)
    except KeyError:
        choices = [n for n, _ in template_names(folders, resolver)]
        raise FormError(Problem(Location("命令行"), f"没有模板“{name}”{suggest(name, choices)}",
                                "可用的模板：" + "、".join(choices) + "（draft templates 列出说明）", "T001")) from None


def list_templates(session: Session) -> list[TemplateSpec]:
    """Every template a form may name, with its declaration."""
    resolver = session.resolver or FolderResolver(session.options.root)
    folders = resolver.template_folders(None, session.options.template_dirs)
    return [spec_named(name, session) for name, _ in template_names(folders, resolver)]


def new_form_text(name: str, session: Session) -> str:
    """The commented form ``draft new`` writes for template ``name``."""
    return new_form(spec_named(name, session))


def write_new_form(name: str, output: Path, session: Session) -> None:
    """Write the new form to ``output`` (never over an existing file unless --overwrite). Raises OutputError."""
    write_new(output, new_form_text(name, session).encode("utf-8"), session.options.overwrite,
              "换一个文件名，或加 --overwrite")


def schema_text(name: str, session: Session) -> str:
    """The JSON Schema of template ``name``'s forms, as text."""
    return json.dumps(json_schema(spec_named(name, session)), ensure_ascii=False, indent=2)
