"""Text that must print as written in a form whose texts are templates: ``{{``, ``{%`` and ``{#`` escaped.

Imported reports and the units' rendered texts gathered by ``draft rollup`` are words, never code:
``{{ 7*7 }}件`` must print as typed, not as 49件, and a unit's ``{{ 指标.案件 }}`` must not pick the
county's figure.
"""
from __future__ import annotations

import re
from typing import Any

_OPENING = re.compile(r"\{[{%#]")  # what opens a template tag: {{, {% or {#
_PLAIN_NAME = re.compile(r"[^\W\d]\w*")


class Code(str):
    """A text meant as template code (a 合计 cell's ``{{ 指标.名称 }}``): ``literal`` leaves it as it is (a plain str)."""


def literal(text: str) -> str:
    """``text`` written so that rendering prints it as it is: ``{{`` becomes ``{{ '{{' }}`` (and so ``{%``, ``{#``)."""
    if isinstance(text, Code) or "{" not in text:
        return str(text)  # a plain str: the YAML writer knows no subclass
    return _OPENING.sub(lambda opening: "{{ '" + opening.group() + "' }}", text)


def literal_texts(data: Any, skip: frozenset[str] = frozenset()) -> Any:
    """``data`` (form data: dicts, lists, texts) with every text made literal, in place; keys in ``skip`` untouched."""
    if isinstance(data, str):
        return literal(data)
    if isinstance(data, dict):
        for key, value in list(data.items()):
            if key not in skip:
                data[key] = literal_texts(value)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            data[index] = literal_texts(value)
    return data


def figure_reference(name: str, filters: str = "") -> Code:
    """``{{ 指标.名称 }}`` for figure ``name`` (a quoted key when the name is not a plain word)."""
    plain = _PLAIN_NAME.fullmatch(name) is not None and not hasattr(dict, name)
    key = f".{name}" if plain else "[\"" + "".join(c if c.isalnum() else f"\\U{ord(c):08x}" for c in name) + "\"]"
    return Code("{{ 指标" + key + filters + " }}")
