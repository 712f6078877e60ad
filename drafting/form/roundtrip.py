"""Round-trip YAML (ruamel.yaml): a form read and written back with its comments, key order, aliases and indentation."""
from __future__ import annotations

import io
from typing import Any

WIDTH = 100_000  # never re-wrap a user's long lines


def round_trip_yaml(text: str | None = None) -> Any:
    """A ruamel.yaml round-trip reader/writer; given ``text``, it writes lists indented as ``text`` does.

    Forms indent their lists in two ways (``- item`` under its key, or two spaces in); the writer
    follows the form so that saving changes only the lines that were edited.
    """
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.allow_unicode = True
    mapping, sequence, offset = 2, 4, 2
    if text is not None and _indentless_lists(text):
        sequence, offset = 2, 0
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _indentless_lists(text: str) -> bool:
    """Whether the first block list item of ``text`` stands in its key's own column (``key:`` / ``- item``)."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if not stripped.startswith("- ") or number == 0:
            continue
        above = next((lines[i] for i in range(number - 1, -1, -1)
                      if lines[i].strip() and not lines[i].lstrip().startswith("#")), "")
        if above.rstrip().endswith(":"):
            return len(line) - len(stripped) == len(above) - len(above.lstrip())
    return False


def load_round_trip(text: str) -> tuple[Any, Any]:
    """The round-trip writer for ``text`` and ``text`` read as commented data (a CommentedMap for a form)."""
    yaml = round_trip_yaml(text)
    return yaml, yaml.load(text)


def dump_round_trip(yaml: Any, data: Any) -> str:
    """``data`` written back as YAML text by ``yaml``."""
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
