"""drafting.records.NamedTuple makes the same classes as typing.NamedTuple, annotations kept as written."""
from __future__ import annotations

import pickle
import typing

import pytest

from drafting.records import NamedTuple


class Point(NamedTuple):
    """A point on a page."""

    x: int
    y: int = 0
    label: str | None = None

    def moved(self, dx: int) -> Point:
        """The point ``dx`` to the right."""
        return self._replace(x=self.x + dx)


class TypedPoint(typing.NamedTuple):
    """The same record made by typing."""

    x: int
    y: int = 0
    label: str | None = None


def test_the_class_behaves_as_typings_does():
    point = Point(1, label="甲")
    assert point == (1, 0, "甲") and tuple(point) == tuple(TypedPoint(1, label="甲"))
    assert Point._fields == TypedPoint._fields and Point._field_defaults == TypedPoint._field_defaults
    assert repr(point) == "Point(x=1, y=0, label='甲')" and point._asdict() == {"x": 1, "y": 0, "label": "甲"}
    assert Point._make([2, 3, None]).moved(1) == Point(3, 3) and Point.__doc__ == "A point on a page."
    assert Point.__module__ == __name__ and Point.__qualname__ == "Point" and Point.__mro__ == (Point, tuple, object)
    assert pickle.loads(pickle.dumps(point)) == point
    with pytest.raises(TypeError):
        Point()
    with pytest.raises(AttributeError):
        point.x = 5  # type: ignore[misc]


def test_annotations_are_kept_as_written():
    assert Point.__annotations__ == {"x": "int", "y": "int", "label": "str | None"}
    assert typing.get_type_hints(Point) == typing.get_type_hints(TypedPoint)


def test_what_typing_refuses_is_refused():
    with pytest.raises(TypeError, match="Non-default namedtuple field y cannot follow default field x"):
        class Wrong(NamedTuple):
            x: int = 0
            y: int
    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):
        class Overwriting(NamedTuple):
            x: int

            def _replace(self, **changes):  # type: ignore[no-untyped-def]
                return self
    with pytest.raises(TypeError):
        NamedTuple("Functional", [("x", int)])
