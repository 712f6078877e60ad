"""``draft templates``, ``draft new`` and ``draft schema``: what a template declares, listed, as a form, as JSON Schema."""
from __future__ import annotations

import json
from pathlib import Path

from ..atomic import write_new
from ..authoring.jsonschema import json_schema
from ..authoring.newform import new_form
from ..form.catalogue import list_templates, spec_named  # noqa: F401 (draft templates lists them)
from ..options import Session


def new_form_text(name: str, session: Session) -> str:
    """The commented form ``draft new`` writes for template ``name``."""
    return new_form(spec_named(name, session))


def write_new_form(name: str, output: Path, session: Session) -> Path:
    """Write the new form to ``output`` (never over an existing file unless --overwrite); returns it. Raises OutputError."""
    write_new(output, new_form_text(name, session).encode("utf-8"), session.options.overwrite,
              "换一个文件名，或加 --overwrite")
    return output


def schema_text(name: str, session: Session) -> str:
    """The JSON Schema of template ``name``'s forms, as text."""
    return json.dumps(json_schema(spec_named(name, session)), ensure_ascii=False, indent=2)
