"""Where a form's text is kept besides its file: the form app asks its store before it reads a form and around
every write of one, so a server that keeps forms elsewhere (the county's database) can bring the file up to date,
refuse a write, and record what was written. ``draft serve``'s folder is its own store: ``FolderStore`` does nothing.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Callable, ContextManager, Iterator, Protocol, TypeVar

from ..errors import DraftError
from .workspace import WorkspaceError

Wrote = Callable[[Path], None]  # told the path written, once the write succeeded
_Result = TypeVar("_Result")


class FormStore(Protocol):
    """What the form app asks before reading a form and around writing one. ``name`` is the form's name in the folder
    (``白河镇-2026Q3.yaml``); both are called on worker threads, never on the event loop, and entered before the
    Editor's lock is taken (so a store's own lock never waits inside it)."""

    def reading(self, name: str) -> ContextManager[object]:
        """Held while form ``name`` is read from disk to open, preview or plan a merge; entered and left before a
        build, 审核稿, 对照稿 or next period's form starts (nothing is held through a PDF). The store may bring the
        file up to date on entering, or refuse (a DraftError, said as for ``writing``)."""

    def writing(self, name: str, as_copy: bool) -> ContextManager[Wrote]:
        """Held around the version check and write of form ``name`` (``as_copy``: a copy beside it is written);
        yields a callable the app calls with the path written once the write succeeded. Raises a DraftError
        (a WorkspaceError with the store's own code) to refuse: the page is told with a 409 and its words."""


class FolderStore:
    """The folder is the only copy of each form (``draft serve``): nothing to bring up to date or record."""

    @contextmanager
    def reading(self, name: str) -> Iterator[None]:
        """Nothing to do before reading ``name``."""
        yield

    @contextmanager
    def writing(self, name: str, as_copy: bool) -> Iterator[Wrote]:
        """Nothing to do around writing ``name``: the file written is all there is."""
        yield _written


def _written(path: Path) -> None:
    """A write the folder alone keeps."""


class StoreRefused(WorkspaceError):
    """A store's refusal (its own words and code), answered to the page as a conflict (409)."""


def _refused(error: DraftError) -> StoreRefused:
    """``error`` as the store's refusal (it keeps its problems; an error already said as one stays as it is)."""
    return error if isinstance(error, StoreRefused) else StoreRefused(error.problems)


class _Through:
    """A store's context manager whose DraftErrors — on entering, from the callable, on leaving after a body that
    went well — are the store's refusals (StoreRefused); an error of the body passes through unchanged."""

    def __init__(self, manager: ContextManager[object]) -> None:
        self.manager = manager
        self.yielded: object = None

    def __enter__(self) -> object:
        try:
            self.yielded = self.manager.__enter__()
        except DraftError as error:
            raise _refused(error) from None
        return self.yielded

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> bool | None:
        try:
            return self.manager.__exit__(kind, error, trace)
        except DraftError as raised:
            if raised is error:
                raise
            raise _refused(raised) from None

    def told(self, path: Path) -> None:
        """Tell the store the path written (what it yielded, called with its errors as refusals)."""
        try:
            self.yielded(path)  # type: ignore[operator]
        except DraftError as error:
            raise _refused(error) from None


def reading(store: FormStore, name: str) -> ContextManager[object]:
    """``store.reading(name)``, its own errors said as the store's refusals."""
    return _Through(store.reading(name))


@contextmanager
def writing(store: FormStore, name: str, as_copy: bool) -> Iterator[Wrote]:
    """``store.writing(name, as_copy)``, its own errors said as the store's refusals; yields the callable to tell
    it the path written."""
    through = _Through(store.writing(name, as_copy))
    with through:
        yield through.told


def read_first(store: FormStore, names: list[str], work: Callable[..., _Result], *args: object) -> _Result:
    """``work(*args)`` once ``store.reading`` of each of ``names`` was entered and left: the files are brought up to
    date first, and nothing is held through a build or a PDF."""
    for name in names:
        with reading(store, name):
            pass
    return work(*args)
