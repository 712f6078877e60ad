"""The templates a form may name: each one's declaration found by name, and the whole list."""
from __future__ import annotations

from ..errors import FormError, Location, Problem
from ..options import Session
from .declarations import TemplateSpec, find_spec, template_names
from .nodes import suggest
from .resolver import FolderResolver


def spec_named(name: str, session: Session) -> TemplateSpec:
    """The declaration of template ``name``, or a FormError with suggestions (looked up through the session's
    resolver)."""
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
