"""The county server's application: logins, the dashboard and audit pages, and each submission's form page under /s/<id>/.

The event loop only reads requests and writes answers: every database call runs on a bounded set of threads
(Context.db), previews and saves on serve's editing pool, builds and PDFs on its smaller commands pool, both
shared by every mounted form page, with the one LibreOffice holder the caller passes in ``services``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..options import Options
from . import auth, dashboard, units
from .access import bounded_ids, problem_page
from .context import Clock, Context, make_limiter, utc_now
from .guard import BUSY, CountyGuard, busy, identity_of, site_for

WEB = Path(__file__).parent / "web"
DB_WORKERS = 8   # database calls on threads at once (SQLite serialises writes anyway; PostgreSQL's pool is 5 + 10)
LOGIN_WORKERS = 2  # password checks at once: Argon2id takes 64 MB each, and this machine has two cores


def create_county_app(data_dir: Any, services: Any, *, options: Options = Options(), port: int = 8800,
                      public_origin: str | None = None, pools: Any = None, clock: Clock = utc_now,
                      bound_host: str | None = None) -> Any:
    """The guarded application of ``data_dir`` (a county.datadir.DataDir) reached on 127.0.0.1:``port`` and at
    ``public_origin`` (behind a reverse proxy); ``services`` run builds and PDFs, ``pools`` (serve.jobs.Pools)
    bound the work of every form page, ``clock`` tells the time (tests pass their own); ``bound_host``: the
    non-loopback address it listens on, whose Host header it answers too."""
    from ..serve.app import WEB as SERVE_WEB
    from ..serve.jobs import Pools

    context = Context(data_dir, data_dir.engine(), services, options, pools or Pools.within(),
                      site_for(port, public_origin, bound_host), clock, make_limiter(DB_WORKERS),
                      make_limiter(LOGIN_WORKERS))
    routes = [*auth.routes(context), *dashboard.routes(context), *units.routes(context),
              Mount("/static", StaticFiles(directory=SERVE_WEB / "static"), name="static"),
              Mount("/county-static", StaticFiles(directory=WEB / "static"), name="county-static")]
    app = Starlette(routes=[bounded_ids(route) for route in routes], exception_handlers={404: _not_found, 405: _not_allowed, 500: _internal})
    return CountyGuard(app, context.site, auth.resolver(context))


async def _not_found(request: Request, exc: Exception) -> Response:
    """A page or address that does not exist (the same answer as a page this account may not see)."""
    identity = identity_of(request.scope)
    if request.url.path.startswith("/api/") or request.method != "GET":
        return JSONResponse({"error": "没有这个页面", "hint": "回到首页重新选择", "code": "K104"}, status_code=404)
    return problem_page(identity, "没有这个页面，或您的账号不能查看它", "从首页重新选择；各乡镇只能看到本单位的表单", "K104", 404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    """A method the address does not take."""
    return JSONResponse({"error": "这个地址不能这样访问", "hint": "从县级服务器的页面上操作", "code": "K105"}, status_code=405)


async def _internal(request: Request, exc: Exception) -> Response:
    """drafting's own defect: its traceback saved for a bug report, the page said in Chinese (K113 instead when the
    database was busy past its wait or unreachable: nothing to report, only to retry)."""
    from ..crash import INTERNAL, save_traceback

    if busy(exc):
        return problem_page(identity_of(request.scope), *BUSY, 503, "数据库正忙")
    return problem_page(identity_of(request.scope), INTERNAL, f"详细信息已保存到 {save_traceback()}，请把它发给开发者", "X001", 500,
                        "内部错误")
