"""The store the form app asks around reads and writes: the folder's does nothing; a store's own errors — entering,
told the path written, leaving — become its refusal (StoreRefused, answered 409); the body's errors pass unchanged."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from drafting.errors import DraftError, Location, Problem
from drafting.serve.store import FolderStore, StoreRefused, read_first, reading, writing
from drafting.serve.workspace import WorkspaceError


def _error(code: str) -> DraftError:
    return DraftError(Problem(Location("表单"), "不行", "换个办法", code))


class Refusing:
    """A store that fails at the step it is told to, and notes how each context ended."""

    def __init__(self, at: str) -> None:
        self.at = at
        self.ended: list[str] = []

    @contextmanager
    def reading(self, name: str):
        if self.at == "enter":
            raise _error("K001")
        yield

    @contextmanager
    def writing(self, name: str, as_copy: bool):
        if self.at == "enter":
            raise _error("K001")

        def told(path: Path) -> None:
            if self.at == "told":
                raise _error("K002")

        try:
            yield told
        except BaseException as error:
            self.ended.append(type(error).__name__)
            raise
        self.ended.append("ok")
        if self.at == "leave":
            raise _error("K003")


def test_the_folder_store_does_nothing(tmp_path):
    store = FolderStore()
    with reading(store, "a.yaml") as held:
        assert held is None
    with writing(store, "a.yaml", False) as wrote:
        wrote(tmp_path / "a.yaml")
    assert read_first(store, ["a.yaml", "b.yaml"], lambda x: x * 2, 21) == 42


@pytest.mark.parametrize("at, code", [("enter", "K001"), ("told", "K002"), ("leave", "K003")])
def test_a_stores_own_errors_are_its_refusals(tmp_path, at, code):
    store = Refusing(at)
    with pytest.raises(StoreRefused) as caught:
        with writing(store, "a.yaml", False) as wrote:
            wrote(tmp_path / "a.yaml")
    assert isinstance(caught.value, WorkspaceError) and caught.value.problems[0].code == code


def test_a_refused_read_is_a_refusal_and_nothing_is_run():
    ran = []
    with pytest.raises(StoreRefused):
        read_first(Refusing("enter"), ["a.yaml"], ran.append, 1)
    assert not ran


def test_an_error_of_the_body_passes_through_unchanged_and_the_store_sees_it():
    store = Refusing("never")
    with pytest.raises(WorkspaceError) as caught:
        with writing(store, "a.yaml", False):
            raise WorkspaceError(Problem(Location("a.yaml"), "被别的程序改过", "重新载入", "S012"))
    assert not isinstance(caught.value, StoreRefused) and caught.value.problems[0].code == "S012"
    assert store.ended == ["WorkspaceError"]
