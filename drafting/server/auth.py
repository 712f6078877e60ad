"""Logging in and out of the county server: the login page, its pre-login CSRF cookie, sessions kept in the database."""
from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..errors import DraftError, Location, Problem
from .access import address_of, local_page
from .context import Context
from .guard import LOGIN_COOKIE, MAX_FORM, SESSION_COOKIE, TOKEN_FIELD, Identity, read_body
from .pages import render



def _identity(session: Any, now: Any, token: str, touch: bool = True) -> Identity | None | bool:
    """The live session's identity for the cookie ``token`` (None: unknown, ended, idle too long, account disabled);
    ``touch`` False, in a reading transaction: True instead when its last use must be written (or it ended)."""
    from ..county.accounts import session_for, session_needs_write
    from ..county.models import Account, Unit

    if not touch and session_needs_write(session, token, now):
        return True
    row = session_for(session, token, now)  # reading: its move of the last use, under a minute, is not kept
    if row is None:
        return None
    account = session.get(Account, row.account_id)
    if account is None or account.disabled:
        return None
    unit = session.get(Unit, account.unit_id)
    return Identity(account.id, account.name, account.unit_id, unit.name if unit else "", account.role, row.csrf, token)


def resolver(context: Context) -> Any:
    """The guard's lookup of a cookie's session, on a worker thread: a reading transaction, and a writing one only
    when the session's last use is to be moved (at most once a minute) or it is to be ended."""
    async def resolve(token: str) -> Identity | None:
        """The identity of a cookie's session, looked up on a worker thread."""
        if len(token) > 200:
            return None
        found = await context.read(_identity, token, False)
        if found is True:
            found = await context.db(_identity, token)
        return found  # type: ignore[return-value]
    return resolve


def login_page(context: Context, request: Request, message: str = "", name: str = "", status: int = 200,
               wanted_back: str = "") -> Response:
    """The login form, with a fresh pre-login token in a cookie and in the form (double submit); ``next`` (the page
    the user was sent from, or ``wanted_back`` on a refused login) comes back once logged in."""
    token = secrets.token_urlsafe(24)
    wanted = local_page(request.query_params.get("next") or (wanted_back or None))
    page = render("login.html", csrf=token, message=message, name=name, identity=None, token="",
                  back="" if wanted == "/" else wanted)
    response = HTMLResponse(page, status_code=status)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=context.site.secure, path="/login")
    return response


def _stored(session: Any, now: Any, name: str) -> str | None:
    """The password hash of ``name`` (None: no such account), read without the write lock."""
    from ..county.accounts import stored_hash

    return stored_hash(session, name)


def _settled(session: Any, now: Any, name: str, checked: str | None, right: bool, new_hash: str | None,
             address: str) -> tuple[str | None, str]:
    """The new session's cookie token for a right password; else None and the one refusal every reason gets
    (settle_login has recorded which in the audit log)."""
    from ..county.accounts import settle_login, start_session
    from ..county.errors import LoginRefused

    try:
        account = settle_login(session, name, checked, right, new_hash, address, now)
    except LoginRefused as refused:
        return None, _said(refused)
    token, _ = start_session(session, account, now)
    return token, ""


async def _login(context: Context, name: str, password: str, address: str) -> tuple[str | None, str]:
    """A login in three steps, the Argon2 check (most of a second) outside any transaction so that a flood of
    logins never holds the database's write lock: read the hash, check it on the logins' few threads, settle."""
    from anyio import to_thread

    from ..county.accounts import verified

    checked = await context.read(_stored, name)
    right, new_hash = await to_thread.run_sync(verified, password, checked, limiter=context.logins)
    return await context.db(_settled, name, checked, right, new_hash, address)


class LoginExpired(DraftError):
    """The login form came back without the pre-login token its page was given (opened too long ago, or forged)."""


def _said(error: Any) -> str:
    """A refusal as the login page says it: message, code, hint."""
    first = error.problems[0]
    return f"{first.message}（{first.code}）。{first.hint or ''}"


def _logout(session: Any, now: Any, identity: Identity, address: str) -> None:
    """End the session of ``identity`` and record the logout."""
    from ..county.accounts import end_session
    from ..county.audit import record

    end_session(session, identity.token, now)
    record(session, account=identity.name, unit=identity.unit, address=address, action="退出登录", object="",
           result="成功", now=now)


async def form_fields(request: Request) -> dict[str, str]:
    """A small urlencoded form's fields (the last of a repeated name); empty when it is too large."""
    body, complete = await read_body(request.receive, MAX_FORM)
    if not complete:
        return {}
    return {key: values[-1] for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}


def routes(context: Context) -> list[Any]:
    """/login (GET, POST) and /logout (POST)."""
    from starlette.routing import Route

    async def show(request: Request) -> Response:
        """GET /login: the login form."""
        return login_page(context, request)

    async def login(request: Request) -> Response:
        """POST /login: a session for the right name and password, else the login page with one message."""
        fields = await form_fields(request)
        expected = request.cookies.get(LOGIN_COOKIE, "")
        given = fields.get(TOKEN_FIELD, "")
        name, password = fields.get("username", "").strip(), fields.get("password", "")
        if not expected or not secrets.compare_digest(expected.encode(), given.encode()):
            expired = Problem(Location("登录"), "登录页已过期", "请重新输入用户名和密码", "K108")
            return login_page(context, request, _said(LoginExpired([expired])), name, 200, fields.get("next", ""))
        if len(name) > 200 or len(password) > 1000:  # no account has such a name; Argon2 is not run on a flood
            name, password = "", ""
        token, refused = await _login(context, name, password, address_of(request))
        if token is None:
            return login_page(context, request, refused, name, 200, fields.get("next", ""))
        response = RedirectResponse(local_page(fields.get("next")), status_code=303)  # back where the user was sent from
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=context.site.secure, path="/")
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    async def logout(request: Request) -> Response:
        """POST /logout: the session ended, back to the login page."""
        identity = request.scope.get("draft_identity")
        if identity is not None:
            await context.db(_logout, identity, address_of(request))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return [Route("/login", show, methods=["GET"]), Route("/login", login, methods=["POST"]),
            Route("/logout", logout, methods=["POST"])]
