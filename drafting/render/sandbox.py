"""Rendering inside bounds: confined loading, and one render's own meter for its output, time and memory (see budget)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound

from .budget import CODE_VERSION, RenderLimit, limits
from .bytecode import SafeBytecodeCache
from .marks import MAX_MARKS, Mark, closing_mark, innermost

TEMPLATE_SUFFIX = ".j2"
MAX_OUTPUT_CHARS = 20_000_000   # a report is a few hundred thousand characters at most
MAX_SECONDS = 1.5  # a template renders 10,000 paragraphs in 0.3 s


def bounded_render(template: Any, context: dict[str, Any], max_chars: int = MAX_OUTPUT_CHARS,
                   max_seconds: float = MAX_SECONDS, marks: list[Mark] | None = None) -> str:
    """Render chunk by chunk with a meter of its own (any thread, several at once), stopping past any bound.

    Given ``marks``, notes in it which template frame printed each chunk that may start a line (see marks.py).
    """
    chunks: list[str] = []
    size = 0
    blank = True  # whether the output's last line is blank so far (a chunk that continues it may start its text)
    with limits(max_seconds) as meter:
        generator = inner = template.generate(context)
        for index, chunk in enumerate(generator):
            chunks.append(chunk)
            if marks is not None and chunk:
                if chunk.isspace():  # starts no line's text
                    blank = blank or "\n" in chunk
                else:
                    if blank or "\n" in chunk:
                        frame = inner.gi_frame
                        if frame is None or inner.gi_yieldfrom is not None:  # the last printer returned, or went deeper
                            inner = innermost(generator)
                            frame = inner.gi_frame
                        marks.append((size, size + len(chunk), frame.f_code, frame.f_globals, frame.f_lasti))
                    last = chunk[-1]
                    blank = last == "\n" or (last.isspace() and chunk[chunk.rfind("\n") + 1:].isspace())
            size += len(chunk)
            if size > max_chars:
                raise RenderLimit(f"输出超过 {max_chars // 1_000_000} 百万字")
            if index % 256 == 0:
                meter.check_time()
                if marks is not None and len(marks) > MAX_MARKS:
                    marks.append(closing_mark(size))
                    marks = None
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
    """A FileSystemLoader that refuses files whose real path (after symlinks) leaves its folders.

    Given a resolver (``drafting.form.resolver.Resolver``), it finds and reads templates only through it.
    """

    def __init__(self, searchpath: Any, resolver: Any = None) -> None:
        super().__init__(searchpath)
        self.resolver = resolver

    def get_source(self, environment, template):  # type: ignore[no-untyped-def]
        if self.resolver is not None:
            return self._resolved_source(template)
        from ..form.resolver import as_written, on_disk

        source, filename, uptodate = super().get_source(environment, on_disk(template))
        real = os.path.realpath(filename)
        if not any(real.startswith(os.path.realpath(folder) + os.sep) for folder in self.searchpath):
            raise TemplateNotFound(template)
        return source, as_written(filename) or filename, uptodate

    def _resolved_source(self, template: str) -> tuple[str, str, Any]:
        """The template ``template`` as the resolver finds it in the first folder that has it."""
        from jinja2.loaders import split_template_path

        from ..form.resolver import TEMPLATE_BYTES, Refusal, as_written

        name = "/".join(split_template_path(template))  # refuses ..
        for folder in self.searchpath:
            path = self.resolver.resolve(Path(folder), name, "模板")
            inside = self.resolver.resolve(Path(folder), ".", "模板")  # a link must not lead out of the folder
            if isinstance(path, Refusal) or isinstance(inside, Refusal) or inside not in path.parents \
                    or not self.resolver.is_file(path):
                continue
            status = self.resolver.status(path)
            source = self.resolver.read_bytes(path, TEMPLATE_BYTES).decode(self.encoding)
            # The name as UTF-8 (Jinja's cache keys and messages need it), whatever the locale's encoding.
            return source, as_written(str(path)) or str(path), lambda: self._unchanged(path, status)
        raise TemplateNotFound(template)

    def _unchanged(self, path: Path, status: Any) -> bool:
        """Whether the resolver still gives ``path`` as it was when loaded."""
        try:
            return bool(self.resolver.status(path) == status)
        except OSError:
            return False


@lru_cache(maxsize=1)
def bytecode_cache() -> SafeBytecodeCache | None:
    """Compiled templates kept between runs in the user's cache folder (none unless that folder is safely ours)."""
    from ..resources import user_cache_folder

    folder = user_cache_folder(f"jinja-{CODE_VERSION}")  # code compiled by another version is not reused
    return SafeBytecodeCache(folder) if folder else None
