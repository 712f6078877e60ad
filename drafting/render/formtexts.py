"""Render the template language inside a form's own texts (``{{ 指标.化解 }}`` → 2869件)."""
from __future__ import annotations

import time
from functools import lru_cache
from typing import Any, Callable

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from ..chars import XML_ILLEGAL
from ..errors import FormError, Problem
from ..form.figures import Figure, FigureError
from ..form.model import Form, TextRef
from ..form.texts import locate, map_texts
from ..options import Caches
from .budget import BoundedEnvironment
from .filters import (FILTERS, FUNCTIONS, PLACEHOLDER, WORDING_FIELD, FigureTable, FilterBug, lenient,
                      period_context)
from .sandbox import RenderLimit, blank_none, bounded_render, bytecode_cache, one_line

_MARKERS = ("{{", "{%", "{#")
TEXT_OUTPUT_CHARS = 1_000_000  # what the texts of one form may print in all
TEXT_SECONDS = 1.0            # and how long they may take (a real form needs milliseconds)


def _finalize_lenient(value: Any) -> Any:
    if isinstance(value, Figure) and value.value is None:
        return PLACEHOLDER + value.unit
    return blank_none(value)


@lru_cache(maxsize=2)
def text_environment(force: bool) -> BoundedEnvironment:
    """The Jinja environment a form's own texts render in (the template's filters and functions; ``force``: lenient,
    a missing figure prints 【待填】)."""
    env = BoundedEnvironment(undefined=StrictUndefined, autoescape=False,
                               finalize=_finalize_lenient if force else blank_none)
    wrap: Callable[[Callable[..., Any]], Callable[..., Any]] = lenient if force else (lambda f: f)
    env.filters.update({name: wrap(f) for name, f in FILTERS.items()})
    env.globals.update({name: wrap(f) for name, f in FUNCTIONS.items()})
    return env


def _compiled(force: bool, source: str, slot: str, caches: Caches) -> Template:
    """A form's texts compiled once per process, and kept compiled between runs.

    The compiled code goes to Jinja's bytecode cache under ``slot`` (the form's path), so
    rebuilding an unchanged form skips the compiler; a changed text replaces the form's entry.
    """
    key = (force, source)
    compiled = caches.bounded(caches.compiled_texts, 32)  # forms of one batch often share their texts
    template = compiled.get(key)
    if template is None:
        env = text_environment(force)
        cache = bytecode_cache()
        if cache is None:
            template = env.from_string(source)
        else:
            bucket = cache.get_bucket(env, f"<{'draft' if force else 'strict'} form texts> {slot}", None, source)
            if bucket.code is None:
                bucket.code = env.compile(source)
                cache.set_bucket(bucket)
            template = env.template_class.from_code(env, bucket.code, env.make_globals(None))
        compiled[key] = template
    return template


class Expansion:
    """What rendering a form's texts gave: each raw text's result, the figures used, the problems."""

    __slots__ = ("rendered", "used", "problems")

    def __init__(self) -> None:
        """Start empty: no text rendered, no figure used, no problem."""
        self.rendered: dict[str, str] = {}
        self.used: set[str] = set()
        self.problems: list[Problem] = []


def _problem(form: Form, ref: TextRef, message: str, hint: str, code: str) -> Problem:
    return Problem(ref.location, message, hint, code, excerpt=form.excerpt(ref.location.line))


_SEPARATOR = "\x1e"  # a control character: the form reader refuses it in texts, so it cannot collide


def expand(form: Form, force: bool = False, caches: Caches | None = None) -> Expansion:
    """Render every text that uses the template language; collect problems instead of stopping.

    All the texts of one form share one budget of TEXT_SECONDS, however many of them are hostile.

    All texts are compiled as one template (one compile instead of one per text); on any
    error the texts are rendered one by one so that each problem is located. The result is
    kept for the same form, so that check and build render the texts once.
    """
    caches = caches or Caches()
    last = caches.expansion
    if last is not None and last[0] is form and last[1] == force:
        return last[2]
    # The check's strict rendering and --force's lenient one share one time budget per form.
    deadline = last[3] if last is not None and last[0] is form else time.monotonic() + TEXT_SECONDS
    result = _expand(form, force, caches, deadline)
    caches.expansion = (form, force, result, deadline)
    return result


def texts_context(form: Form, table: FigureTable) -> dict[str, Any]:
    """What a form's texts may use: its figures (through ``table``), period, date, unit and form-wide wording."""
    return {"指标": table, "期间": period_context(form.period), "日期": form.date, "落款": form.unit,
            WORDING_FIELD: form.extra.get(WORDING_FIELD)}


def _expand(form: Form, force: bool, caches: Caches, deadline: float) -> Expansion:
    result = Expansion()
    table = FigureTable(form.figures, lenient=force)
    context = texts_context(form, table)
    env = text_environment(force)
    texts = list(dict.fromkeys(ref.text for ref in form.texts if any(m in ref.text for m in _MARKERS)))
    if texts and not any("{%" in text for text in texts):
        try:
            joined = bounded_render(_compiled(force, _SEPARATOR.join(texts), str(form.path), caches), context,
                                    TEXT_OUTPUT_CHARS, max(0.05, (deadline - time.monotonic()) / 2))
            parts = joined.split(_SEPARATOR) if XML_ILLEGAL.search(joined.replace(_SEPARATOR, "")) is None else []
        except FilterBug:
            raise
        except (TemplateError, FigureError, TypeError, ValueError, ArithmeticError, LookupError, RuntimeError,
                RenderLimit):
            parts = []
        if len(parts) == len(texts):
            result.rendered = dict(zip(texts, parts))
            result.used = set(table.used)
            return result
    for ref in form.texts:
        if ref.text in result.rendered or not any(m in ref.text for m in _MARKERS):
            continue
        table.missing.clear()
        try:
            seconds = max(0.1, deadline - time.monotonic())
            rendered = bounded_render(env.from_string(ref.text), context, TEXT_OUTPUT_CHARS, seconds)
            illegal = XML_ILLEGAL.search(rendered)
            if illegal is not None:
                result.problems.append(_problem(form, ref, f"{ref.field}里的模板写出了 Word 文件不能容纳的字符 "
                                                           f"U+{ord(illegal.group()):04X}",
                                                "删掉 {{ }} 里产生这个字符的转义写法（如 \\x00）", "F008"))
                continue
            result.rendered[ref.text] = rendered
        except RenderLimit as exc:
            result.problems.append(_problem(form, ref, f"{ref.field}里的模板停止运行：{exc}",
                                            "文字里的 {{ }} 或 {% %} 做的事太多（循环、乘方、重复），请删掉或改小", "F007"))
        except TemplateSyntaxError as exc:
            from .messages import translate  # only for a text that fails

            said = translate(exc.message or "", sorted(env.filters))
            where = ref.location
            if said.snippet:
                offset = said.offset if said.offset is not None else ref.text.find(said.snippet)
                if offset >= 0:
                    where = locate(form, ref, offset, said.snippet)
            result.problems.append(Problem(where, f"{ref.field}里的模板写法有误：{said.message}",
                                           "引用指标写成 {{ 指标.名称 }}，过滤器写成 {{ 指标.名称 | 同比 }}", "F004",
                                           excerpt=form.excerpt(where.line)))
        except UndefinedError:
            name = table.missing[-1] if table.missing else None
            if name is not None and name in form.unread_figures:
                continue  # its value was refused where it is written (E124): that one message says it
            if name is not None:
                hint = "先在“指标:”里定义它" + (f"；已有的指标：{'、'.join(form.figures)}" if form.figures else "")
                snippet = next((s for s in (f"指标.{name}", name) if s in ref.text), "")
                where = locate(form, ref, ref.text.find(snippet), snippet) if snippet else ref.location
                result.problems.append(Problem(where, f"{ref.field}引用的指标“{name}”没有定义", hint, "F001",
                                               excerpt=form.excerpt(where.line)))
            else:
                result.problems.append(_problem(form, ref, f"{ref.field}里用到了未定义的内容",
                                                "可用的有：指标、期间、日期、落款，以及 docs/figures.md 里列出的过滤器", "F005"))
        except SecurityError:
            result.problems.append(_problem(form, ref, f"{ref.field}里的模板写法访问了不允许访问的内容",
                                            "文字里只能引用指标、期间、日期、落款和过滤器", "F006"))
        except TemplateError:
            result.problems.append(_problem(form, ref, f"{ref.field}里的 {{{{ }}}} 写法不对",
                                            "检查 {{ }} 里的写法，见 docs/figures.md 的“指标与过滤器”", "F005"))
        except FigureError as exc:
            code = "F002" if "还没有填写数值" in str(exc) else "F003"
            hint = ("填上数值后再生成；确需先出草稿可加 --force，空缺处印成“【待填】”" if code == "F002"
                    else exc.hint or "检查指标的数值和单位")
            result.problems.append(_problem(form, ref, f"{ref.field}：{exc}", hint, code))
        except RecursionError:
            result.problems.append(_problem(form, ref, f"{ref.field}里的宏无限地调用自己",
                                            "删掉文字里的 {% macro %}", "F007"))
        except FilterBug:
            raise
        except (TypeError, ValueError, ArithmeticError, LookupError, RuntimeError) as exc:
            from .messages import python_error

            result.problems.append(_problem(form, ref, f"{ref.field}里的计算出错：{python_error(exc)}",
                                            "检查过滤器的写法和参数，见 docs/figures.md 的“指标与过滤器”", "F003"))
    result.used = set(table.used)
    return result


def expanded_form(form: Form, force: bool = False, caches: Caches | None = None) -> Form:
    """``form`` with its texts rendered. Raises FormError listing every text that could not be."""
    expansion = expand(form, force, caches)
    if expansion.problems:
        raise FormError(expansion.problems)
    if not expansion.rendered:
        return form

    def rewrite(text: str) -> str:
        rendered = expansion.rendered.get(text)
        if rendered is None:
            return text
        # A one-line text stays one line whatever it prints ({{ "\n@heading X" }} is text, not a heading);
        # the lines of a paragraph item are each printed as a paragraph anyway.
        return rendered if "\n" in text else one_line(rendered)

    return map_texts(form, rewrite)
