"""What each ``{{ … }}`` expression in a form's texts prints: the web form labels its chips with it."""
from __future__ import annotations

import re
import time

from jinja2 import TemplateError

from ..form.figures import FigureError
from ..form.model import Form
from ..options import Caches
from .filters import FigureTable, FilterBug
from .formtexts import _compiled, text_environment, texts_context
from .sandbox import RenderLimit, bounded_render, one_line

EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
MAX_EXPRESSIONS = 500   # distinct expressions labelled per form (a real form has a few dozen)
MAX_PRINTED = 60        # characters of a chip's printed value
SECONDS = 0.5           # all of one form's expressions together
OUTPUT_CHARS = 100_000  # what they may print in all
_SEPARATOR = "\x1e"     # refused in form texts, so it cannot collide


def expressions(form: Form) -> list[str]:
    """The distinct ``{{ … }}`` expressions of the form's texts, in order (texts with ``{% %}`` left out)."""
    found = (m.group() for ref in form.texts if "{%" not in ref.text for m in EXPRESSION.finditer(ref.text))
    return list(dict.fromkeys(found))[:MAX_EXPRESSIONS]


def printed(form: Form, caches: Caches | None = None) -> dict[str, str]:
    """Each expression with what it prints (a blank figure as 【待填】); one that cannot print is left out.

    The expressions are compiled together once and kept in ``caches`` (compiling costs ten times the render):
    the next preview of the same expressions only renders them.
    """
    wanted = expressions(form)
    if not wanted:
        return {}
    context = texts_context(form, FigureTable(form.figures))  # as the texts print: the form-wide wording too
    env = text_environment(True)
    deadline = time.monotonic() + SECONDS
    try:
        together = _compiled(True, _SEPARATOR.join(wanted), f"{form.path} chips", caches or Caches())
        joined = bounded_render(together, context, OUTPUT_CHARS, SECONDS / 2)
        parts = joined.split(_SEPARATOR)
        if len(parts) == len(wanted):
            return {e: _short(p) for e, p in zip(wanted, parts)}
    except FilterBug:
        raise
    except (TemplateError, FigureError, TypeError, ValueError, ArithmeticError, LookupError, RuntimeError, RenderLimit):
        pass
    shown: dict[str, str] = {}
    for expression in wanted:  # one by one: the ones that print keep their value
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            shown[expression] = _short(bounded_render(env.from_string(expression), context, OUTPUT_CHARS, left))
        except FilterBug:
            raise
        except (TemplateError, FigureError, TypeError, ValueError, ArithmeticError, LookupError, RuntimeError,
                RenderLimit, RecursionError):
            continue
    return shown


def _short(text: str) -> str:
    """``text`` on one line, cut to MAX_PRINTED characters."""
    line = one_line(text)
    return line if len(line) <= MAX_PRINTED else line[:MAX_PRINTED - 1] + "…"
