"""What every route of the county server is handed: the data folder, its database, the clock, the pools, the site."""
from __future__ import annotations

import datetime
from typing import Any, Callable

import anyio
from anyio import to_thread

from ..options import Options
from ..records import NamedTuple
from .guard import Site

Clock = Callable[[], datetime.datetime]


def utc_now() -> datetime.datetime:
    """The time now, in UTC (the server's clock unless a test passes its own)."""
    return datetime.datetime.now(datetime.timezone.utc)


class Context(NamedTuple):
    """The server's resources, made once by ``create_county_app`` and passed to every route."""

    data_dir: Any          # county.datadir.DataDir
    engine: Any            # its SQLAlchemy Engine
    services: Any          # serve.services.Services (build, PDFs with the shared LibreOffice)
    options: Options
    pools: Any             # serve.jobs.Pools shared by every mounted form page
    site: Site
    clock: Clock
    limiter: Any           # anyio.CapacityLimiter: database calls at once, off the event loop
    logins: Any            # a smaller one for password checks (Argon2id: 64 MB and a few hundred ms each,
                           # run outside any transaction: server.auth)

    async def db(self, work: Callable[..., Any], *args: Any) -> Any:
        """``work(session, now, *args)`` in one transaction on a worker thread (committed unless it raises)."""
        return await to_thread.run_sync(self.db_now, work, *args, limiter=self.limiter)

    async def read(self, work: Callable[..., Any], *args: Any) -> Any:
        """``work(session, now, *args)`` in a reading transaction on a worker thread (nothing is committed)."""
        return await to_thread.run_sync(self.read_now, work, *args, limiter=self.limiter)

    def db_now(self, work: Callable[..., Any], *args: Any) -> Any:
        """``work(session, now, *args)`` in one transaction, on the calling thread (a worker already)."""
        from ..county.db import session_scope

        with session_scope(self.engine) as session:
            return work(session, self.clock(), *args)

    def read_now(self, work: Callable[..., Any], *args: Any) -> Any:
        """``work(session, now, *args)`` in a reading transaction on the calling thread."""
        from ..county.db import session_scope

        with session_scope(self.engine, read_only=True) as session:
            return work(session, self.clock(), *args)


def make_limiter(workers: int) -> Any:
    """At most ``workers`` database calls on threads at once."""
    return anyio.CapacityLimiter(workers)
