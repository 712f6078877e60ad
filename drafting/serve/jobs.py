"""The server's heavy work (previews, saves, builds, PDFs) run off the event loop, a few at a time, with a time limit.

A job runs on a daemon thread of its own, at most ``workers`` at once (a slot is taken before its thread starts); the request awaits it for at most ``limit``
seconds, then the page is told in Chinese (S024) that it took too long and to use the command line. Daemon threads,
not an executor's: a runaway build must not keep ``draft serve`` from stopping at Ctrl-C.
"""
from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable

from ..errors import DraftError, Location, Problem
from ..records import NamedTuple


class TookTooLong(DraftError):
    """A job the page stopped waiting for (it may still finish on its thread; its files are written atomically)."""


class Limits(NamedTuple):
    """How much of the server's work runs at once and how long a page waits for it."""

    preview_workers: int = 4
    preview_seconds: float = 60.0
    build_workers: int = 2
    build_seconds: float = 300.0


class Jobs:
    """Work run on daemon threads, at most ``workers`` at a time, each awaited for at most ``limit`` seconds."""

    def __init__(self, workers: int, limit: float, what: str) -> None:
        self.slots = asyncio.Semaphore(workers)  # taken on the event loop, given back when a job's thread ends
        self.limit = limit
        self.what = what  # 生成 / 预览: how the message names the work

    async def run(self, work: Callable[..., Any], *args: Any) -> Any:
        """``work(*args)`` on a thread of its own; its result or its exception here. Raises TookTooLong past the limit
        (waiting for a free slot included)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[Any] = loop.create_future()

        def target() -> None:
            try:
                outcome: tuple[Any, BaseException | None] = (work(*args), None)
            except BaseException as error:  # handed to the request, which words it (or saves a bug report)
                outcome = (None, error)
            try:
                loop.call_soon_threadsafe(self._finish, done, *outcome)
            except RuntimeError:  # the server stopped meanwhile: nobody waits for this result
                pass

        async def started() -> Any:
            await self.slots.acquire()
            threading.Thread(target=target, name=f"draft-{self.what}", daemon=True).start()
            return await asyncio.shield(done)

        try:
            return await asyncio.wait_for(started(), self.limit)
        except asyncio.TimeoutError:
            seconds = f"{self.limit:g}"
            raise TookTooLong(Problem(Location("draft serve"), f"{self.what}用了超过 {seconds} 秒，页面不再等待",
                                      "表单较大时请在命令行运行 draft build（加 --pdf 生成 PDF），它不受这个时限", "S024")) from None

    def _finish(self, done: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
        """A job's thread ended: its slot is free again, its outcome goes to the request if it still waits."""
        self.slots.release()
        _settle(done, result, error)


class Pools(NamedTuple):
    """The server's two bounded sets of workers, made once and shared by every form app it mounts: ``editing``
    (opening, previews, saves, uploads) and ``commands`` (builds, PDFs, new, next, the Word round trip)."""

    editing: Jobs
    commands: Jobs

    @classmethod
    def within(cls, limits: Limits = Limits()) -> Pools:
        """Fresh pools sized and timed by ``limits`` (``draft serve`` makes one for its one folder)."""
        return cls(Jobs(limits.preview_workers, limits.preview_seconds, "预览"),
                   Jobs(limits.build_workers, limits.build_seconds, "生成"))


def _settle(done: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    """Hand a job's outcome to the request awaiting it (unless it stopped waiting)."""
    if done.done():
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)
