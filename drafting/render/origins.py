"""The form path of everything a template prints (正文/0/下级/1, 开头/2, 存在问题/标题), for the markup's ``from=``.

Paths are the web page's field paths (serve/fieldpaths.py): field names, list indexes and item keys
joined by ``/``. Items carry theirs in ``Item.origin``; texts and lists of texts are wrapped in str and
tuple subclasses that carry an ``origin`` attribute; the ``来源`` filter prints it as ``[from=…]``.
"""
from __future__ import annotations

from typing import Any

from ..document.markup import origin_option
from ..form.model import Form, Item, Section
from .sandbox import MarkupText


class Sourced(str):
    """A form text that knows the path of the field it was typed in."""

    origin: str

    def __new__(cls, value: str, origin: str) -> Sourced:
        text = super().__new__(cls, value)
        text.origin = origin
        return text

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Sourced, (str(self), self.origin))


class Texts(tuple):
    """A field's list of texts (开头, 结尾, 附件), each a :class:`Sourced`, the list knowing the field's path."""

    origin: str

    def __new__(cls, values: Any, origin: str) -> Texts:
        texts = super().__new__(cls, (Sourced(str(v), f"{origin}/{i}") if isinstance(v, str) else v
                                      for i, v in enumerate(values or ())))
        texts.origin = origin
        return texts

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Texts, (tuple(self), self.origin))


class SectionView(dict):
    """A 部分 as templates see it (``标题``, ``下级``), knowing the path of its heading."""

    origin: str


def _items(items: tuple[Item, ...], base: str) -> tuple[Item, ...]:
    return tuple(item._replace(origin=f"{base}/{i}", children=_items(item.children, f"{base}/{i}/下级"))
                 for i, item in enumerate(items))


def _valued(value: Any, name: str) -> Any:
    if isinstance(value, Section):
        return value._replace(items=_items(value.items, f"{name}/下级"))
    if isinstance(value, tuple) and value and all(isinstance(v, Item) for v in value):
        return _items(value, name)
    return value


def with_origins(form: Form) -> Form:
    """``form`` with every item's ``origin`` set to its path."""
    pages = tuple(page._replace(items=_items(page.items, f"附件/{page.number - 1}/内容"))
                  for page in form.attachment_pages)
    return form.replace(body=_items(form.body, "正文"), problems=_valued(form.problems, "存在问题"),
                   next_steps=_valued(form.next_steps, "下一步"), attachment_pages=pages,
                   extra={name: _valued(value, name) for name, value in form.extra.items()})


def sourced(value: Any, name: str) -> Any:
    """A context value with its path: a list of texts as :class:`Texts`, a text as :class:`Sourced`."""
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return Texts(value, name)
    if isinstance(value, str) and not isinstance(value, Sourced):
        return Sourced(value, name)
    return value


def section_view(section: Section | None, name: str) -> SectionView | None:
    """A 部分 as templates see it; its heading's path is ``NAME/标题``."""
    if section is None:
        return None
    view = SectionView({"标题": section.heading, "下级": section.items})
    view.origin = f"{name}/标题"
    return view


def origin_filter(value: Any) -> MarkupText:
    """Jinja filter ``来源``: ``[from=PATH]`` for a value of the form that knows its path, else nothing."""
    return MarkupText(origin_option(getattr(value, "origin", None)))
