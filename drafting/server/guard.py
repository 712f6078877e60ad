"""What every request to the county server passes first: its Host, its Origin, its session and, for a change, its CSRF token."""
from __future__ import annotations

import secrets
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs

import anyio

from ..records import NamedTuple
from ..serve.guard import HEADERS as SERVE_HEADERS
from ..serve.guard import App, Receive, Scope, Send, refuse_json, with_headers

TOKEN_HEADER = "x-draft-token"
TOKEN_FIELD = "csrf"            # the same token in a plain HTML form's hidden field
SESSION_COOKIE = "draft_session"
LOGIN_COOKIE = "draft_login"     # the pre-login CSRF value the login form must echo
MAX_FORM = 64_000                # a plain HTML form the county pages post (a comment, a login)
SAFE_METHODS = ("GET", "HEAD")
BODY_IDLE = 30.0                 # seconds a request's body may pause between chunks (a slow-body attack holds no more)
# draft serve's security headers (the same content policy: the form pages are serve's), but the referrer policy
# same-origin, not no-referrer: under no-referrer Chromium sends “Origin: null” with a plain form's POST
HEADERS = [(name, b"same-origin" if name == b"referrer-policy" else value) for name, value in SERVE_HEADERS]


class Identity(NamedTuple):
    """Who a request comes from: the account and unit of its live session, and that session's CSRF token."""

    account_id: int
    name: str
    unit_id: int
    unit: str
    role: str            # "county" | "unit"
    csrf: str
    token: str           # the cookie's value (ended at logout)

    @property
    def is_county(self) -> bool:
        """Whether this account administers the county (dashboard, audit, every unit's forms)."""
        return self.role == "county"


Resolver = Callable[[str], Awaitable["Identity | None"]]


class Site(NamedTuple):
    """Where the server is reached: the Host headers it answers and the Origins a change may come from."""

    hosts: tuple[str, ...]
    origins: tuple[str, ...]
    secure: bool          # cookies marked Secure (the public origin is https)


def site_for(port: int, public_origin: str | None, bound_host: str | None = None) -> Site:
    """The loopback address on ``port``, the address ``bound_host`` the server listens on (when not loopback) and,
    when given, the public origin (``https://host[:port]``) behind a proxy."""
    hosts = [f"127.0.0.1:{port}", f"localhost:{port}"]
    if bound_host:
        hosts.append(f"[{bound_host}]:{port}" if ":" in bound_host else f"{bound_host}:{port}")
    origins = [f"http://{host}" for host in hosts]
    secure = False
    if public_origin:
        origin = public_origin.rstrip("/")
        scheme, _, host = origin.partition("://")
        hosts.append(host)
        if scheme == "https" and host.endswith(":443"):
            hosts.append(host[:-4])
        elif scheme == "http" and host.endswith(":80"):
            hosts.append(host[:-3])
        origins.append(origin)
        secure = scheme == "https"
    return Site(tuple(hosts), tuple(origins), secure)


def cookies_of(headers: dict[str, str]) -> dict[str, str]:
    """The request's cookies by name (the last of a repeated name wins)."""
    found: dict[str, str] = {}
    for part in headers.get("cookie", "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            found[name] = value
    return found


def identity_of(scope: Scope) -> Identity | None:
    """The identity CountyGuard found for this request (None: not logged in)."""
    return scope.get("draft_identity")


class CountyGuard:
    """ASGI middleware: a foreign Host (400), a change from a foreign Origin or without the session's token (403);
    the session's identity put in the scope for the routes to check role and unit."""

    def __init__(self, app: App, site: Site, resolve: Resolver, open_paths: tuple[str, ...] = ("/login",),
                 body_idle: float = BODY_IDLE) -> None:
        self.app, self.site, self.resolve, self.open_paths = app, site, resolve, open_paths
        self.body_idle = body_idle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if headers.get("host") not in self.site.hosts:
            await refuse(send, 400, "请求的地址不是这台县级服务器的地址（Host 不符），已拒绝",
                         f"在浏览器里打开 {self.site.origins[-1]}/", "K100")
            return
        paced, started = _Paced(receive, self.body_idle), []

        async def noting(message: dict[str, Any]) -> None:
            started.append(True)
            await send(message)

        with anyio.CancelScope() as cancel:
            paced.scope = cancel
            await self._checked(scope, headers, paced, noting)
        if cancel.cancelled_caught and not started:
            await refuse(send, 408, f"请求的内容超过 {self.body_idle:g} 秒没有传完，已停止等待", "检查网络后重新操作", "K112")

    async def _checked(self, scope: Scope, headers: dict[str, str], receive: Receive, send: Send) -> None:
        """The session, Origin and token checks of a request to this server's Host, then the app."""
        token = cookies_of(headers).get(SESSION_COOKIE, "")
        try:
            identity = await self.resolve(token) if token else None
        except Exception as error:  # the database: busy past its wait, or unreachable — said, never a bare 500
            await refuse_failure(send, error)
            return
        scope = dict(scope, draft_identity=identity)
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and origin not in self.site.origins:
                await refuse(send, 403, "请求来自别的网页（Origin 不符），已拒绝", "只能在县级服务器自己的页面上操作", "K101")
                return
            if scope["path"] not in self.open_paths:
                if identity is None:
                    await refuse(send, 401, "还没有登录，或登录已超时（30 分钟无操作）",
                                "刷新本页就转到登录页，重新登录后回到这份表单：没保存的修改留在这个浏览器里，会自动恢复", "K103")
                    return
                receive, given = await _token_given(headers, receive)
                if given is None or not secrets.compare_digest(given.encode("utf-8"), identity.csrf.encode("utf-8")):
                    await refuse(send, 403, "请求没有带本次登录的令牌，已拒绝", "刷新页面后再操作；页面若是在重新登录之前打开的，请重新打开",
                                 "K102")
                    return

        await self.app(scope, receive, with_headers(send, HEADERS))


class _Paced:
    """A request's ``receive`` whose body may pause at most ``idle`` seconds between chunks: past that the request
    is cancelled (its guard answers 408). Once the body is complete, waiting (for a disconnect) is not timed."""

    def __init__(self, receive: Receive, idle: float) -> None:
        self.receive, self.idle, self.complete = receive, idle, False
        self.scope: Any = None   # the CancelScope the guard runs the request in

    async def __call__(self) -> dict[str, Any]:
        if self.complete:
            return await self.receive()
        with anyio.move_on_after(self.idle) as waited:
            message = await self.receive()
        if waited.cancelled_caught:
            if self.scope is not None:
                self.scope.cancel()
            await anyio.sleep_forever()  # cancelled at once: the request ends here
        self.complete = message["type"] != "http.request" or not message.get("more_body", False)
        return message


async def _token_given(headers: dict[str, str], receive: Receive) -> tuple[Receive, str | None]:
    """The CSRF token of a change: its X-Draft-Token header, else the ``csrf`` field of a small urlencoded form
    (the body read here is handed on unchanged)."""
    if TOKEN_HEADER in headers:
        return receive, headers[TOKEN_HEADER]
    if not headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return receive, None
    body, complete = await read_body(receive, MAX_FORM)
    if not complete:
        return receive, None
    field = parse_qs(body.decode("utf-8", "replace")).get(TOKEN_FIELD, [None])[-1]
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay, field


async def read_body(receive: Receive, limit: int) -> tuple[bytes, bool]:
    """A request's body, at most ``limit`` bytes (False: it was longer, or the client went away)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"", False
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", False
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks), True


def busy(error: BaseException) -> bool:
    """Whether ``error`` is the database's: locked past its wait (SQLite), or not reachable (PostgreSQL down)."""
    from sqlalchemy.exc import OperationalError

    return isinstance(error, OperationalError)


BUSY = ("数据库正忙或暂时连不上，这次操作没有完成", "稍等片刻再试；一直如此，请县里的管理员检查数据库（draft server 的运行记录）", "K113")


async def refuse_failure(send: Send, error: BaseException) -> None:
    """Answer a request that failed before its page ran: K113 when the database is busy or down, else drafting's
    own defect (X001, its traceback saved for a bug report)."""
    if busy(error):
        await refuse(send, 503, *BUSY)
        return
    from ..crash import INTERNAL, save_traceback

    await refuse(send, 500, INTERNAL, f"详细信息已保存到 {save_traceback()}，请把它发给开发者", "X001")


async def refuse(send: Send, status: int, message: str, hint: str, code: str) -> None:
    """Answer with a Chinese refusal as JSON (what the pages' scripts show) and the security headers."""
    await refuse_json(send, status, message, hint, code, HEADERS)
