"""``NamedTuple`` as typing's, without checking each field's annotation when the class is made.

Under ``from __future__ import annotations`` every annotation is a string, and ``typing.NamedTuple`` turns each
into a ``ForwardRef``, compiling it: a one-report build defines some 65 records with 330 fields, and those checks
were about 5 ms of its start-up. The classes made here are the same ``collections.namedtuple`` classes, with the
same fields, defaults, methods and docstrings; their ``__annotations__`` keep the strings as written. Type
checkers read ``typing.NamedTuple`` itself (the ``TYPE_CHECKING`` branch).
"""
from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

__all__ = ["NamedTuple"]

# What typing.NamedTuple neither copies from the class body nor lets it override (typing._special, _prohibited).
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make",
                         "_replace", "_asdict", "_source"})

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    class _RecordMeta(type):
        """Makes each ``class X(NamedTuple)`` a ``collections.namedtuple`` class, as typing's metaclass does."""

        def __new__(cls, typename: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
            """The namedtuple class for the body ``namespace``: annotated names are the fields, values the defaults."""
            if bases != (_Record,):
                raise TypeError("can only inherit from a NamedTuple type")
            annotations = namespace.get("__annotations__", {})
            default_names: list[str] = []
            for field_name in annotations:
                if field_name in namespace:
                    default_names.append(field_name)
                elif default_names:
                    raise TypeError(f"Non-default namedtuple field {field_name} cannot follow default field"
                                    f"{'s' if len(default_names) > 1 else ''} {', '.join(default_names)}")
            record = collections.namedtuple(typename, list(annotations), module=namespace["__module__"],
                                            defaults=[namespace[name] for name in default_names])
            record.__annotations__ = record.__new__.__annotations__ = dict(annotations)
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in record._fields:
                    setattr(record, key, value)
            return record

    _Record = type.__new__(_RecordMeta, "NamedTuple", (), {})

    def NamedTuple(*args: Any, **kwargs: Any) -> type:  # noqa: N802 - the name typing gives it
        """Only the class form is offered: ``class Name(NamedTuple): field: type = default``."""
        raise TypeError("use the class form: class Name(NamedTuple): ...")

    NamedTuple.__mro_entries__ = lambda bases: (_Record,)
