"""Render a form through its Jinja template into line markup, and say where in the template a problem is."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, PrefixLoader, StrictUndefined
from jinja2 import TemplateError as JinjaError, TemplateNotFound
from jinja2 import TemplateSyntaxError, UndefinedError

from ..chars import XML_ILLEGAL, split_lines
from ..errors import Location, Problem, TemplateError, excerpt_of, os_reason
from ..form.declarations import BUILTIN_PREFIX, template_names
from ..form.model import Form
from ..form.nodes import suggest
from ..form.resolver import TEMPLATE_BYTES, Resolver
from ..resources import template_folders
from .context import MARKUP_FILTERS, form_context
from .budget import BoundedEnvironment
from .filters import FILTERS, FUNCTIONS, FilterBug
from .marks import Mark, printer
from .sandbox import (TEMPLATE_SUFFIX, ConfinedLoader, RenderLimit, blank_none, bounded_render,
                      bytecode_cache)


@lru_cache(maxsize=8)
def environment(search_path: tuple[str, ...], resolver: Resolver | None = None) -> BoundedEnvironment:
    """One sandboxed, strict Jinja environment per template search path and resolver (templates are cached).

    The last folder holds the built-ins, also reachable as ``内置/NAME.j2`` so that a user
    template of the same name can extend the built-in one. Paths never leave these folders;
    with a resolver, templates are read only through it.
    """
    loader = ChoiceLoader([ConfinedLoader(list(search_path), resolver),
                           PrefixLoader({BUILTIN_PREFIX.rstrip("/"): ConfinedLoader(search_path[-1], resolver)})])
    env = BoundedEnvironment(
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
    env.filters.update(MARKUP_FILTERS)
    return env




def render_markup(form: Form, marks: list[Mark] | None = None) -> tuple[str, str]:
    """Render ``form`` with its template. Returns (markup, template name).

    Given ``marks``, notes in it which template line printed each line (for :func:`located_markup_problems`).
    Raises TemplateError naming the template file and line.
    """
    folders = _search_path(form)
    env = environment(folders, form.resolver)
    name = form.template + TEMPLATE_SUFFIX
    try:
        template = env.get_template(name)
        return bounded_render(template, form_context(form), marks=marks), name
    except RenderLimit as exc:
        file, line = _template_frame(exc)
        raise TemplateError(_template_problem(file or str(Path(folders[0]) / name), line,
                                              f"模板停止运行：{exc}（可能有失控的循环）", None,
                                              "检查模板里的 for 循环", form.resolver)) from None
    except TemplateNotFound as exc:
        file, line = _template_frame(exc)
        if file is not None:  # an {% include %} / {% import %} / {% extends %} inside a template
            raise TemplateError(_template_problem(
                file, line, f"模板引用的“{exc.name}”找不到，或不在模板文件夹内",
                None, "模板只能引用模板文件夹里的文件（不能用 ..、绝对路径或指向外面的链接）", form.resolver)) from None
        where = form.locations.get("模板", Location(form.name))
        missing = exc.name[: -len(TEMPLATE_SUFFIX)] if exc.name.endswith(TEMPLATE_SUFFIX) else exc.name
        choices = [n for n, _ in template_names([Path(f) for f in folders], form.resolver)]
        raise TemplateError(Problem(where, f"找不到模板“{missing}”{suggest(missing, choices)}",
                                    "可用的模板：" + "、".join(choices), "T001")) from None
    except TemplateSyntaxError as exc:
        from .messages import translate  # only for a template that fails

        said = translate(exc.message or "", sorted(env.filters))
        raise TemplateError(_template_problem(exc.filename or exc.name or name, exc.lineno,
                                              f"模板语法错误：{said.message}", exc.source,
                                              resolver=form.resolver)) from None
    except UndefinedError as exc:
        file, line = _template_frame(exc)
        raise TemplateError(_template_problem(file or name, line, f"模板用到了未定义的内容：{_undefined_name(exc)}",
                                              None, "检查变量名是否与表单字段一致（如 落款、期间.简称）", form.resolver)) from None
    except OSError as exc:  # a template file that cannot be read: the template's problem, not the form's
        raise TemplateError(Problem(Location(_shown_path(getattr(exc, "filename", None) or str(Path(folders[0]) / name))),
                                    f"模板文件无法读取：{os_reason(exc)}", "检查模板文件的权限", "T003")) from None
    except UnicodeDecodeError:
        raise TemplateError(Problem(Location(_shown_path(str(Path(folders[0]) / name))),
                                    "模板文件（或它引用的模板）不是 UTF-8 编码，无法读取",
                                    "用 UTF-8 编码另存模板文件", "T003")) from None
    except FilterBug:
        raise
    except (JinjaError, TypeError, ValueError, LookupError, AttributeError) as exc:
        from .messages import python_error

        file, line = _template_frame(exc)
        reason = python_error(exc) if not isinstance(exc, JinjaError) else "模板的写法不对"
        raise TemplateError(_template_problem(file or name, line, f"模板运行出错：{reason}", None,
                                              resolver=form.resolver)) from None
    except (ArithmeticError, RuntimeError) as exc:  # RecursionError is a RuntimeError
        file, line = _template_frame(exc)
        raise TemplateError(_template_problem(file or name, line, _arithmetic_message(exc), None,
                                              "检查模板里的计算、宏和 include", form.resolver)) from None


def _arithmetic_message(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "模板里的宏或 include 无限地调用自己"
    from .messages import python_error

    return f"模板里的计算出错：{python_error(exc)}"


def clean_markup_problems(form: Form, markup: str, marks: list[Mark]) -> TemplateError | None:
    """A located error when the template printed characters a Word file cannot hold (None when it did not).

    ``marks`` are the render's (see :func:`render_markup`).
    """
    found = XML_ILLEGAL.search(markup)
    if found is None:
        return None
    line = markup.count("\n", 0, found.start()) + 1
    origin = markup_origin(form, markup, marks, line)
    message = f"模板写出了 Word 文件不能容纳的字符 U+{ord(found.group()):04X}"
    hint = "删掉模板里产生这个字符的转义写法（如 \\x00、\\ufffe）"
    if origin is None:
        return TemplateError(Problem(Location(f"模板“{form.template}{TEMPLATE_SUFFIX}”的输出", line), message, hint, "T011"))
    return TemplateError(_template_problem(origin[0], origin[1], message, None, hint, form.resolver)._replace(code="T011"))


def _undefined_name(exc: UndefinedError) -> str:
    message = str(exc.message or exc)
    if "is undefined" in message:
        return message.replace(" is undefined", "").strip()
    return message


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line of the innermost template frame of a runtime error."""
    import traceback  # only when a template fails

    frames: list[tuple[str | None, int | None]] = [
        (frame.f_code.co_filename, lineno) for frame, lineno in traceback.walk_tb(exc.__traceback__)
        if frame.f_code.co_filename.endswith(TEMPLATE_SUFFIX)]
    if not frames:
        return None, None
    if isinstance(exc, RecursionError):  # the line that starts the cycle again, wherever the stack ran out
        seen: set[tuple[str | None, int | None]] = set()
        for index, frame in enumerate(frames):
            if frame in seen:
                return frames[index - 1]
            seen.add(frame)
    return frames[-1]


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
                      hint: str | None = "对照 docs/templates.md 的“模板的写法”检查这一行", resolver: Resolver | None = None) -> Problem:
    shown = _shown_path(file)
    if source is None:
        source = _template_text(file, resolver)
    return Problem(Location(shown, line), message, hint, "T002",
                   excerpt=excerpt_of(split_lines(source), line) if source else None)


def _template_text(file: str, resolver: Resolver | None) -> str | None:
    """A template file's text for quoting (through ``resolver``, else from disk); None when it cannot be read."""
    if resolver is None:
        return Path(file).read_bytes().decode("utf-8", errors="replace") if os.path.isfile(file) else None
    try:
        return resolver.read_bytes(Path(file), TEMPLATE_BYTES).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return None


def _search_path(form: Form) -> tuple[str, ...]:
    if form.template_folders:
        return form.template_folders
    found = form.resolver.template_folders(form.path.parent) if form.resolver is not None else \
        template_folders(form.path.parent)
    return tuple(str(f) for f in found)


def markup_origin(form: Form, markup: str, marks: list[Mark], line: int) -> tuple[str, int] | None:
    """The template file and line that printed line ``line`` of ``markup``, read from the render's ``marks``.

    The marks (render/marks.py) say which template frame printed the chunk that starts the line; a chunk of
    literal template data that spans several lines is followed down the template's own lines.
    """
    found = printer(marks, markup, line)
    if found is None:
        return None
    return found.file, _data_line(found.file, found.line, found.skipped, found.text, form.resolver)


def _data_line(file: str, lineno: int, skipped: int, text: str, resolver: Resolver | None = None) -> int:
    """The template line of ``text`` when it is literal template data that starts ``skipped`` lines into its chunk."""
    try:
        source = _template_text(file, resolver)
    except OSError:
        return lineno
    if source is None:
        return lineno
    lines = split_lines(source)
    words = text.split()
    first_word = words[0] if words else ""  # what the template wrote literally (constant values fold into it)
    for candidate in (lineno + skipped, lineno + skipped + 1):  # +1: trim_blocks ate the line break after a tag
        if 0 < candidate <= len(lines) and first_word and lines[candidate - 1].strip().startswith(first_word):
            return candidate
    return lineno


def located_markup_problems(form: Form, error: TemplateError, markup: str,
                            marks: list[Mark]) -> TemplateError:
    """``error`` from reading ``markup``, each problem moved to the template file and line that printed it.

    ``marks`` are the ones :func:`render_markup` noted while rendering ``markup``: the template is not run again.
    """
    problems = []
    for problem in error.problems:
        origin = markup_origin(form, markup, marks, problem.location.line) if problem.location.line else None
        if origin is None:
            problems.append(problem)
            continue
        moved = _template_problem(origin[0], origin[1], problem.message, None, problem.hint, form.resolver)
        problems.append(moved._replace(code=problem.code))
    return TemplateError(problems)
