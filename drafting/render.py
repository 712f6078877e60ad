"""Render a form through its Jinja template into line markup (see markup.py)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2 import TemplateError as JinjaError, TemplateNotFound
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from .errors import Location, Problem, TemplateError, excerpt_of
from .model import Form, Item, Section
from .nodes import suggest
from .resources import template_folders
from .schema import BUILTIN_PREFIX, template_names
from .wording import FILTERS, FUNCTIONS, FigureTable, period_context

TEMPLATE_SUFFIX = ".j2"
MAX_OUTPUT_CHARS = 20_000_000   # a report is a few hundred thousand characters at most
MAX_SECONDS = 30.0


class RenderLimit(Exception):
    """A template produced too much output or ran too long."""


def bounded_render(template: Any, context: dict[str, Any], max_chars: int = MAX_OUTPUT_CHARS,
                   max_seconds: float = MAX_SECONDS) -> str:
    """Render chunk by chunk, stopping once the output or the time passes its bound."""
    import time

    deadline = time.monotonic() + max_seconds
    chunks: list[str] = []
    size = 0
    for index, chunk in enumerate(template.generate(context)):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_chars:
            raise RenderLimit(f"输出超过 {max_chars // 1_000_000} 百万字")
        if index % 256 == 0 and time.monotonic() > deadline:
            raise RenderLimit(f"运行超过 {max_seconds:.0f} 秒")
    return "".join(chunks)


class MarkupText(str):
    """Markup produced by a filter: passed through untouched, unlike plain values."""


def blank_none(value: Any) -> Any:
    """Jinja finalizer: print None as nothing. (Form texts never hold a line break: validation splits them.)"""
    return "" if value is None else value


def _item_markup(item: Item, out: list[str]) -> None:
    if item.heading:
        options = []
        if item.continuous:
            options.append("continuous")
        if item.children_level:
            options.append(f"children={item.children_level}")
        out.append(f"@heading[{','.join(options)}] {item.heading}" if options else f"@heading {item.heading}")
        if item.text:
            out.append(f"@text {item.text}")
    elif item.lead:
        out.append(f"@lead {item.lead}")
        if item.text:
            out.append(f"@text {item.text}")
    elif item.text:
        out.extend(f"@para {line}" for line in item.text.splitlines() if line.strip())
    if item.enumeration:
        if not (item.heading or item.lead or item.text):
            out.append("@para")
        out.append("@enum[separate]" if item.separate else "@enum")
        out.extend(f"@item {entry}" for entry in item.enumeration)
    if item.heading:
        for child in item.children:
            _item_markup(child, out)
        out.append("@end")


def items_filter(items: Iterable[Item] | None) -> MarkupText:
    """Jinja filter ``条目``: body items as markup, each heading closed by @end."""
    out: list[str] = []
    for item in items or ():
        _item_markup(item, out)
    return MarkupText("\n".join(out))


def paragraphs_filter(paragraphs: Iterable[str] | str | None) -> MarkupText:
    """Jinja filter ``段落``: each text as a paragraph."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return MarkupText("\n".join(f"@para {p}" for p in paragraphs or () if p))


def _section_context(section: Section | None) -> dict[str, Any] | None:
    if section is None:
        return None
    return {"标题": section.heading, "下级": section.items}


_EMPTY_BY_TYPE: dict[str, Any] = {"标题": (), "段落": (), "条目": (), "是否": False}


def form_context(form: Form) -> dict[str, Any]:
    """The variables a template sees, named as in the form; declared fields the form omits are empty."""
    context = {
        "标题": form.title, "主送": form.recipient, "落款": form.unit, "日期": form.date,
        "期间": period_context(form.period), "开头": form.opening, "正文": form.body,
        "存在问题": _section_context(form.problems), "下一步": _section_context(form.next_steps),
        "结尾": form.closing, "附件": form.attachments, "印章": form.sealed,
        "指标": FigureTable(form.figures),
        **{name: _section_context(value) if isinstance(value, Section) else value
           for name, value in form.extra.items()},
    }
    for field in form.spec.fields if form.spec is not None else ():
        context.setdefault(field.name, _EMPTY_BY_TYPE.get(field.type))
    return context


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

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "drafting", "jinja")
    try:
        os.makedirs(folder, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return None
    except OSError:
        return None
    return FileSystemBytecodeCache(folder)


@lru_cache(maxsize=8)
def environment(search_path: tuple[str, ...]) -> SandboxedEnvironment:
    """One sandboxed, strict Jinja environment per template search path (templates are cached).

    The last folder holds the built-ins, also reachable as ``内置/NAME.j2`` so that a user
    template of the same name can extend the built-in one. Paths never leave these folders.
    """
    loader = ChoiceLoader([ConfinedLoader(list(search_path)),
                           PrefixLoader({BUILTIN_PREFIX.rstrip("/"): ConfinedLoader(search_path[-1])})])
    env = SandboxedEnvironment(
        loader=loader,
        bytecode_cache=bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=blank_none,
    )
    env.filters.update(FILTERS)
    env.globals.update(FUNCTIONS)
    env.filters.update({"条目": items_filter, "段落": paragraphs_filter})
    return env


def render_markup(form: Form) -> tuple[str, str]:
    """Render ``form`` with its template. Returns (markup, template name).

    Raises TemplateError naming the template file and line.
    """
    folders = form.template_folders or tuple(str(f) for f in template_folders(form.path.parent))
    env = environment(folders)
    name = form.template + TEMPLATE_SUFFIX
    try:
        template = env.get_template(name)
        return bounded_render(template, form_context(form)), name
    except RenderLimit as exc:
        file, line = _template_frame(exc)
        raise TemplateError(_template_problem(file or str(Path(folders[0]) / name), line,
                                              f"模板停止运行：{exc}（可能有失控的循环）", None,
                                              "检查模板里的 for 循环")) from None
    except TemplateNotFound as exc:
        file, line = _template_frame(exc)
        if file is not None:  # an {% include %} / {% import %} / {% extends %} inside a template
            raise TemplateError(_template_problem(
                file, line, f"模板引用的“{exc.name}”找不到，或不在模板文件夹内",
                None, "模板只能引用模板文件夹里的文件（不能用 ..、绝对路径或指向外面的链接）")) from None
        where = form.locations.get("模板", Location(form.name))
        missing = exc.name[: -len(TEMPLATE_SUFFIX)] if exc.name.endswith(TEMPLATE_SUFFIX) else exc.name
        choices = [n for n, _ in template_names([Path(f) for f in folders])]
        raise TemplateError(Problem(where, f"找不到模板“{missing}”{suggest(missing, choices)}",
                                    "可用的模板：" + "、".join(choices), "T001")) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(_template_problem(exc.filename or exc.name or name, exc.lineno,
                                              f"模板语法错误：{exc.message}", exc.source)) from None
    except UndefinedError as exc:
        file, line = _template_frame(exc)
        raise TemplateError(_template_problem(file or name, line, f"模板用到了未定义的内容：{_undefined_name(exc)}",
                                              None, "检查变量名是否与表单字段一致（如 落款、期间.简称）")) from None
    except (JinjaError, TypeError, ValueError, AttributeError, KeyError) as exc:
        file, line = _template_frame(exc)
        raise TemplateError(_template_problem(file or name, line, f"模板运行出错：{exc}", None)) from None


def _undefined_name(exc: UndefinedError) -> str:
    message = str(exc.message or exc)
    if "is undefined" in message:
        return message.replace(" is undefined", "").strip()
    return message


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line of the innermost template frame of a runtime error."""
    import traceback  # only when a template fails

    found: tuple[str | None, int | None] = (None, None)
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIX):
            found = (filename, lineno)
    return found


def _shown_path(file: str) -> str:
    """A template's path as a user reads it: 内置模板/NAME for built-ins, else relative when below."""
    path = Path(file)
    if path.is_absolute():
        builtin = template_folders(None)[-1]
        if path.parent == builtin:
            return f"内置模板/{path.name}"
        relative = os.path.relpath(path)
        return relative if not relative.startswith("..") else str(path)
    return file


def _template_problem(file: str, line: int | None, message: str, source: str | None,
                      hint: str | None = "对照 README 的“模板”一节检查这一行") -> Problem:
    shown = _shown_path(file)
    if source is None and os.path.isfile(file):
        source = Path(file).read_text(encoding="utf-8")
    return Problem(Location(shown, line), message, hint, "T002",
                   excerpt=excerpt_of(source, line) if source else None)
