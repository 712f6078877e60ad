"""A plain ``draft build`` command line, read without loading click (a third of a one-report build's start-up).

Only a command line whose every word is unambiguous is read here: ``build``, then forms and the build's own
options, each written whole (``-o 输出.docx``, ``--output=输出.docx``), with values click would take as they are.
Anything else — help, a misspelt or unknown option, short options run together, a value click would refuse or
convert, a folder that is not there — gives None, and click parses the command line, with its usage errors in
Chinese. tests/cli/test_plain.py holds every reading here to click's own.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from .building import BuildArguments

_FLAGS = {"--pdf": "pdf", "--tighten": "tighten", "--changed": "changed", "-q": "quiet", "--quiet": "quiet",
          "--force": "force", "--follow-links": "follow_links", "--replace-edited": "replace_edited",
          "--fix-text": "fix_text"}
_VALUES = {"-o": "output_text", "--output": "output_text", "-f": "fmt", "--format": "fmt", "-j": "jobs",
           "--jobs": "jobs", "--root": "root", "-t": "template_dirs", "--template-dir": "template_dirs"}
_FORMATS = ("docx", "txt")
_MAX_JOBS = 64  # -j's click.IntRange(1, 64)
_COMPLETION = "_DRAFT_COMPLETE"  # click's shell completion asks through this variable: click answers it


def plain_build(args: list[str], environ: Mapping[str, str] = os.environ) -> BuildArguments | None:
    """``args`` (the words after ``draft``) read as click reads ``draft build``'s, or None when click should read them."""
    if not args or args[0] != "build" or _COMPLETION in environ:
        return None
    forms: list[str] = []
    values: dict[str, Any] = {}
    words = iter(args[1:])
    for word in words:
        if word == "--":  # the rest are forms, whatever they look like
            forms.extend(words)
            break
        if word == "-" or not word.startswith("-"):
            forms.append(word)
            continue
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if name in _FLAGS and not equals:
            values[_FLAGS[name]] = True
            continue
        if name not in _VALUES:
            return None
        if not equals:
            value = next(words, None)  # type: ignore[assignment]
            if value is None:
                return None
        key, read = _VALUES[name], _value(_VALUES[name], value)
        if read is None:
            return None
        if key == "template_dirs":
            values[key] = values.get(key, ()) + (read,)
        else:
            values[key] = read  # given twice, the last one counts (as in click)
    if not forms:
        return None
    return BuildArguments(tuple(forms), **values)


def _value(key: str, text: str) -> Any:
    """An option's value as click would convert it, or None where click might refuse it or read it otherwise."""
    if text.startswith("-") and text != "-":
        return None  # click would take it as the value; what was meant is for click to say
    if key == "output_text":
        return text
    if key == "fmt":
        return text if text in _FORMATS else None
    if key == "jobs":
        return int(text) if text.isascii() and text.isdigit() and 1 <= int(text) <= _MAX_JOBS else None
    # --root and -t: click.Path(exists=True, file_okay=False): an existing, readable folder
    return Path(text) if text and os.path.isdir(text) and os.access(text, os.R_OK) else None
