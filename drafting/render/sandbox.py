"""Rendering inside bounds: confined loading, and one render's own meter for its output, time and memory (see budget)."""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound

from .budget import CODE_VERSION, RenderLimit, limits

TEMPLATE_SUFFIX = ".j2"
MAX_OUTPUT_CHARS = 20_000_000   # a report is a few hundred thousand characters at most
MAX_SECONDS = 1.5  # a template renders 10,000 paragraphs in 0.3 s


def bounded_render(template: Any, context: dict[str, Any], max_chars: int = MAX_OUTPUT_CHARS,
                   max_seconds: float = MAX_SECONDS) -> str:
    """Render chunk by chunk with a meter of its own (any thread, several at once), stopping past any bound."""
    chunks: list[str] = []
    size = 0
    with limits(max_seconds) as meter:
        for index, chunk in enumerate(template.generate(context)):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_chars:
                raise RenderLimit(f"输出超过 {max_chars // 1_000_000} 百万字")
            if index % 256 == 0:
                meter.check_time()
    return "".join(chunks)


class MarkupText(str):
    """Markup produced by a filter: passed through untouched, unlike plain values."""




def one_line(text: str) -> str:
    """A form value printed into markup: line breaks removed, so no value can start a directive line."""
    if "\n" not in text and "\r" not in text:
        return text
    return text.replace("\r", "").replace("\n", "")


def blank_none(value: Any) -> Any:
    """Jinja finalizer: print None as nothing."""
    return "" if value is None else value


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses files whose real path (after symlinks) leaves its folders."""

    def get_source(self, environment, template):  # type: ignore[no-untyped-def]
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        if not any(real.startswith(os.path.realpath(folder) + os.sep) for folder in self.searchpath):
            raise TemplateNotFound(template)
        return source, filename, uptodate


@lru_cache(maxsize=1)
def bytecode_cache():  # type: ignore[no-untyped-def]
    """Compiled templates kept between runs in the user's cache folder (none if it cannot be written)."""
    from jinja2 import FileSystemBytecodeCache

    from ..resources import user_cache_folder

    folder = user_cache_folder(f"jinja-{CODE_VERSION}")  # code compiled by another version is not reused
    return FileSystemBytecodeCache(folder) if folder else None
