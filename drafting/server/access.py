"""Who may see what: the logged-in identity of a request, the one “not found” every refusal of another unit's page gets, and the audit line of an action."""
from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..errors import DraftError
from .guard import Identity, identity_of
from .pages import render

MAX_ID_DIGITS = 18  # an id in a path: below 2**63, the databases' largest integer

NOT_FOUND = ("没有这个页面，或您的账号不能查看它", "从首页重新选择；各乡镇只能看到本单位的表单", "K104")


class Refusal(Exception):
    """A route's answer that is not its page: a redirect to /login, or the 404 a stranger's page gets."""

    def __init__(self, response: Response) -> None:
        super().__init__("refused")
        self.response = response


def problem_page(identity: Identity | None, message: str, hint: str, code: str, status: int,
                 heading: str = "无法打开") -> HTMLResponse:
    """A page that says in Chinese what went wrong, where, and what to do."""
    return HTMLResponse(render("problem.html", identity=identity, token=identity.csrf if identity else "",
                               heading=heading, message=message, hint=hint, code=code), status_code=status)


def not_found(identity: Identity | None) -> Refusal:
    """The same 404 for a page that does not exist and for one this account may not see."""
    return Refusal(problem_page(identity, *NOT_FOUND, status=404))


def said(identity: Identity, error: DraftError, status: int = 409) -> HTMLResponse:
    """The county layer's refusal (a K code) as a page."""
    first = error.problems[0]
    return problem_page(identity, first.message, first.hint or "", first.code or "", status, "没有完成")


def who(request: Request, county: bool = False) -> Identity:
    """The request's identity; a GET without one goes to /login. ``county``: a unit's clerk gets the 404."""
    identity = identity_of(request.scope)
    if identity is None:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise Refusal(RedirectResponse(login_address(wanted), status_code=303))
    if county and not identity.is_county:
        raise not_found(identity)
    return identity


def login_address(wanted: str) -> str:
    """/login, asked to come back to ``wanted`` (a page of this server) once logged in."""
    from urllib.parse import quote

    return "/login" if local_page(wanted) == "/" else "/login?next=" + quote(wanted, safe="/")


def local_page(wanted: str | None) -> str:
    """``wanted`` when it is a page of this server (a path: no scheme, no other host, no line break), else "/"."""
    if (not wanted or len(wanted) > 1000 or not wanted.startswith("/") or wanted.startswith("//")
            or "\\" in wanted or any(ord(c) < 32 or ord(c) == 127 for c in wanted) or wanted.startswith("/login")):
        return "/"
    return wanted


def address_of(request: Request) -> str:
    """The client's address as the audit log records it."""
    return request.client.host if request.client else ""


def audit(db: Any, identity: Identity, address: str, action: str, object_: str, result: str, now: Any) -> None:
    """One audit line for an action of ``identity`` (written with the action's own transaction)."""
    from ..county.audit import record

    record(db, account=identity.name, unit=identity.unit, address=address, action=action, object=object_,
           result=result, now=now)


def refusing(handler: Any) -> Any:
    """``handler`` whose Refusal is answered with its response."""
    async def call(request: Request) -> Response:
        try:
            return await handler(request)
        except Refusal as refusal:
            return refusal.response
    return call


def bounded_ids(route: Any) -> Any:
    """``route`` (a Route or Mount) whose ``{…:int}`` ids match at most MAX_ID_DIGITS digits: a longer one is no row
    (the same 404), never an integer the database cannot hold (an internal error)."""
    if hasattr(route, "path_regex"):
        route.path_regex = re.compile(route.path_regex.pattern.replace("[0-9]+", f"[0-9]{{1,{MAX_ID_DIGITS}}}"))
    return route
