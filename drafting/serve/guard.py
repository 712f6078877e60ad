"""What keeps a local server local: its own Host only, and for every change a session token and no foreign Origin."""
from __future__ import annotations

import json
import secrets
from typing import Any, Awaitable, Callable

TOKEN_HEADER = "x-draft-token"
SAFE_METHODS = (b"GET", b"HEAD", "GET", "HEAD")
# Nothing loads unless named: pages run their own script only; styles may be inline (the preview's fonts and
# indents). No CSP directive stops a <meta http-equiv=refresh> (Chromium never shipped navigate-to): the page
# keeps such elements out of the document itself (form.js, showPreview), and the writer escapes every value.
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; manifest-src 'self'; frame-src 'none'; object-src 'none'; "
          "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
HEADERS = [(b"content-security-policy", POLICY.encode()), (b"x-frame-options", b"DENY"),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"cache-control", b"no-store")]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def new_token() -> str:
    """A token for one run of the server, put in each page and asked of every request that changes something."""
    return secrets.token_urlsafe(24)


def allowed_hosts(port: int) -> tuple[str, ...]:
    """The Host headers this server answers: its own loopback address (a DNS-rebound name is refused)."""
    return (f"127.0.0.1:{port}", f"localhost:{port}")


class Guard:
    """ASGI middleware: refuses a foreign Host (400), and a change without the token or from a foreign Origin (403)."""

    def __init__(self, app: App, port: int, token: str) -> None:
        self.app, self.port, self.token = app, port, token
        self.hosts = allowed_hosts(port)
        self.origins = tuple(f"http://{host}" for host in self.hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if headers.get("host") not in self.hosts:
            await _refuse(send, 400, "请求的地址不是本机的 draft serve（Host 不符），已拒绝",
                          f"在浏览器里打开 http://127.0.0.1:{self.port}/", "S042")
            return
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and origin not in self.origins:
                await _refuse(send, 403, "请求来自别的网页（Origin 不符），已拒绝", "只能在 draft serve 自己的页面上操作", "S043")
                return
            given = headers.get(TOKEN_HEADER, "").encode("latin-1")  # bytes: any header compares, none raises
            if not secrets.compare_digest(given, self.token.encode("ascii")):
                await _refuse(send, 403, "请求没有带本次会话的令牌，已拒绝", "刷新页面后再操作；页面若是在重启 draft serve 之前打开的，请重新打开", "S043")
                return

        await self.app(scope, receive, with_headers(send, HEADERS))


Header = tuple[bytes, bytes]


def with_headers(send: Send, added: list[Header]) -> Send:
    """``send`` that adds ``added`` to the response's headers, but for those the response sets itself."""
    async def headed(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            message = dict(message, headers=list(message.get("headers", []))
                           + [(k, v) for k, v in added if k not in present])
        await send(message)
    return headed


async def refuse_json(send: Send, status: int, message: str, hint: str, code: str, added: list[Header]) -> None:
    """Answer with a Chinese refusal as JSON (what the pages' scripts show) and the headers ``added``."""
    body = json.dumps({"error": message, "hint": hint, "code": code}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())] + added})
    await send({"type": "http.response.body", "body": body})


async def _refuse(send: Send, status: int, message: str, hint: str, code: str) -> None:
    """A refusal of draft serve's, with its security headers."""
    await refuse_json(send, status, message, hint, code, HEADERS)
