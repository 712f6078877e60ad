"""Each submission's pages under ``/s/<id>/``: serve's form page mounted on its working folder, 提交, and its versions."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import DraftError
from .access import address_of, audit, not_found, refusing, said, who
from .context import Context
from .guard import Identity, Receive, Scope, Send, identity_of, refuse
from .pages import path_url, render, shown_time
from .store import SubmissionStore, count_latest, refusal, working_name

MAX_APPS = 256               # form apps kept (one per submission and account that opened it)
HIDDEN = ("/api/new", "/api/next")   # a submission's folder holds its one form: no new forms beside it
# What the audit log calls a change made on the form page (reads — previews, sheet lists, a merge's plan — are not logged).
LOGGED = {"/api/save": "保存", "/api/upload": "上传", "/api/merge/save": "导入修改稿", "/api/build": "生成文稿",  # 生成 Word 文稿 or 生成 PDF, as its body asks
          "/api/annotate": "生成审核稿", "/api/diff-previous": "生成对照稿", "/api/note/remove": "删掉批注"}
UNWRITABLE = ("/api/upload", "/api/merge/save")  # writes into the folder besides the form's own (which the store refuses)
BUILD_BODY_KEPT = 64 * 1024  # of a build request's body, read for the audit's Word-or-PDF (serve's own limit refuses more)
TONES = {"退回": "returned", "已提交": "submitted", "已采用": "accepted"}


def form_url(submission: Any) -> str:
    """The form page of a submission's working copy."""
    return f"/s/{submission.id}/form/{path_url(working_name(submission))}"


def _account(db: Any, identity: Identity) -> Any:
    """The account row of ``identity``."""
    from ..county.models import Account

    return db.get(Account, identity.account_id)


def _visible(db: Any, now: Any, identity: Identity, submission_id: int) -> Any:
    """The submission if this account may see it (its unit's, or any for the county), else None."""
    from ..county.errors import CountyError
    from ..county.rounds import submission_for

    try:
        found = submission_for(db, _account(db, identity), submission_id)
    except CountyError:
        return None
    return found if found.version > 0 else None  # the county's own form before its first roll-up has no text yet


class FormApps:
    """The mounted form apps (``/s/<id>/…``): access checked per request, one app per submission and account."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.apps: OrderedDict[tuple[int, int], Any] = OrderedDict()
        self.lock = threading.Lock()

    def app_for(self, identity: Identity, seen: dict[str, Any]) -> Any:
        """The cached form app of this submission for this account (made on first use)."""
        from ..serve.app import form_app
        from ..serve.editing import Editor
        from ..serve.workspace import Workspace

        key = (seen["id"], identity.account_id)
        with self.lock:
            app = self.apps.get(key)
            if app is not None:
                self.apps.move_to_end(key)
                return app
        workspace = Workspace(seen["folder"], names_only=True)  # a township never sees the server's paths
        editor = Editor(workspace, self.context.options)
        app = form_app(workspace, editor, self.context.services, self.context.options,
                       self.context.pools, base=f"/s/{seen['id']}", store=_request_store, extras=_extras,
                       token=lambda request: identity_of(request.scope).csrf)
        with self.lock:
            self.apps[key] = app
            while len(self.apps) > MAX_APPS:
                self.apps.popitem(last=False)
        return app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        identity = identity_of(scope)
        request = Request(scope)
        path = _route_path(scope)
        if identity is None:
            await RedirectResponse("/login", status_code=303)(scope, receive, send)
            return
        submission_id = scope["path_params"]["sid"]
        seen = await self.context.read(_seen_with_folder, self.context, identity, submission_id)
        if seen is None or path.startswith(HIDDEN):
            if path.startswith("/api/"):
                await refuse(send, 404, "没有这个页面，或您的账号不能查看它", "从首页重新选择；各乡镇只能看到本单位的表单", "K104")
            else:
                await not_found(identity).response(scope, receive, send)
            return
        if path in ("", "/"):
            await RedirectResponse(f"/s/{submission_id}/form/{path_url(seen['name'])}", status_code=303)(scope, receive, send)
            return
        if seen["refused"] is not None and scope["method"] == "POST" and path in UNWRITABLE:
            await refuse(send, 409, *seen["refused"])  # a file beside a form this account cannot change now
            return
        app = self.app_for(identity, seen)
        action = LOGGED.get(path) if scope["method"] == "POST" else None
        store = SubmissionStore(self.context, seen["id"], identity, seen["name"], address_of(request),
                                action or "保存", seen["object"])
        scope = dict(scope, draft_submission=seen, draft_store=store)
        if action is None:
            await app(scope, receive, send)
            return
        status: list[int] = []

        async def noted(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        body = bytearray()

        async def heard() -> dict[str, Any]:
            message = await receive()
            if message["type"] == "http.request" and len(body) < BUILD_BODY_KEPT:
                body.extend(message.get("body", b"")[:BUILD_BODY_KEPT - len(body)])
            return message

        await app(scope, heard if path == "/api/build" else receive, noted)
        if store.recorded:  # the version's audit line went in with it
            return
        result = "成功" if status and status[0] < 400 else f"未完成（{status[0] if status else '无回答'}）"
        if path == "/api/build":
            action = "生成 PDF" if _asks_pdf(bytes(body)) else "生成 Word 文稿"
        await self.context.db(_logged, identity, address_of(request), action, seen["object"], result)


def _request_store(request: Request) -> SubmissionStore:
    """The store FormApps made for this request (it knows who saves, from where, and what the audit calls it)."""
    return request.scope["draft_store"]


def _asks_pdf(body: bytes) -> bool:
    """Whether a build request's JSON body asked for PDF (``"pdf": true``); anything unreadable counts as Word."""
    import json

    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and bool(data.get("pdf"))


def _route_path(scope: Scope) -> str:
    """The request's path inside the mount (``/form/…``, ``/api/save``): Mount put ``/s/<id>`` in root_path."""
    root = scope.get("root_path", "")
    return scope["path"][len(root):] if root and scope["path"].startswith(root) else scope["path"]


def _seen_with_folder(db: Any, now: Any, context: Context, identity: Identity, submission_id: int) -> dict[str, Any] | None:
    """What the form page, its store and the audit need of a submission this account may see (else None)."""
    submission = _visible(db, now, identity, submission_id)
    if submission is None:
        return None
    return {"id": submission.id, "name": working_name(submission), "state": submission.state,
            "comment": submission.comment or "", "folder": context.data_dir.forms_folder(submission),
            "object": f"{submission.unit.name} {submission.round.template} {submission.round.period}",
            "refused": _words(refusal(submission, identity)), "mine": submission.unit_id == identity.unit_id}


def _words(refused: Any) -> tuple[str, str, str] | None:
    """A store's refusal as (message, hint, code) for a JSON answer; None when there is none."""
    if refused is None:
        return None
    first = refused.problems[0]
    return first.message, first.hint or "", first.code or ""


def _logged(db: Any, now: Any, identity: Identity, address: str, action: str, object_: str, result: str) -> None:
    """One audit line for a change made on the form page."""
    audit(db, identity, address, action, object_, result, now)


def _extras(request: Request) -> dict[str, Any]:
    """The county's additions to the form page: the state banner (with the return comment), 提交, 历史版本, 首页."""
    seen = request.scope["draft_submission"]
    base = f"/s/{seen['id']}"
    can_submit = seen["mine"] and seen["state"] in ("未填", "填写中", "退回")  # the page saves its edits first
    readonly = seen["refused"] is not None  # the page's fields still take typing: the banner says it will not be kept
    shown = seen["state"] + ("（只能查看，不能修改）" if readonly else "")
    return {"banner": {"state": shown, "comment": seen["comment"] if seen["state"] == "退回" else "",
                       "tone": TONES.get(seen["state"], "")},
            "submit": f"{base}/submit" if can_submit else "", "versions": f"{base}/versions", "home": "/",
            "readonly": readonly}


def _submitted(db: Any, now: Any, identity: Identity, address: str, submission_id: int) -> str | None:
    """提交 of a submission (None: not visible to this account; another unit's, as the county sees it: K044);
    county.rounds writes the audit line."""
    from ..county.rounds import submit

    submission = _visible(db, now, identity, submission_id)
    if submission is None:
        return None
    submit(db, _account(db, identity), submission, now, address)
    return submission.state


def _history(db: Any, now: Any, identity: Identity, submission_id: int, number: int | None) -> dict[str, Any] | None:
    """The versions page's data: every version (newest first) and the text of version ``number``."""
    from ..county.errors import CountyError
    from ..county.versions import version_text, versions

    submission = _visible(db, now, identity, submission_id)
    if submission is None:
        return None
    found = sorted(versions(db, submission, texts=False), key=lambda v: v.number, reverse=True)  # one text is read
    listed = [{"number": v.number, "at": shown_time(v.created_at), "by": v.author.name if v.author else "",
               "note": v.note} for v in found]
    shown = None
    if number is not None:
        try:
            text = version_text(db, submission, number)
        except CountyError:  # no such version (K031): the same 404 as a page that is not there
            return None
        shown = {"number": number, "text": text, "latest": number == found[0].number}
    return {"submission_id": submission.id, "unit": submission.unit.name, "period": submission.round.period,
            "name": working_name(submission), "versions": listed, "shown": shown,
            "can_restore": refusal(submission, identity) is None}


def _restored(db: Any, now: Any, context: Context, identity: Identity, address: str, submission_id: int,
              number: int) -> bool:
    """Version ``number`` saved again as the newest version, the working copy rewritten; False: not visible."""
    from ..county.versions import lock_submission, restore, sync_working_copy

    if _visible(db, now, identity, submission_id) is None:
        return False
    submission = lock_submission(db, submission_id)
    refused = refusal(submission, identity)
    if refused is not None:
        raise refused
    version = restore(db, submission, number, _account(db, identity), now)
    sync_working_copy(context.data_dir, submission, version.text)
    audit(db, identity, address, "恢复版本", working_name(submission), f"第 {number} 版恢复为第 {version.number} 版", now)
    return True


def routes(context: Context) -> list[Any]:
    """/s/<id>/submit, /s/<id>/versions[/<n>[/restore]] and the mounted form apps under /s/<id>/."""
    from starlette.routing import Mount

    async def submit_form(request: Request) -> Response:
        """POST /s/<id>/submit: 提交 (JSON for the page's script, a redirect for a plain form)."""
        identity = who(request)
        wants_json = not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
        try:
            state = await context.db(_submitted, identity, address_of(request), request.path_params["sid"])
        except DraftError as error:
            if wants_json:
                first = error.problems[0]
                return JSONResponse({"error": first.message, "hint": first.hint or "", "code": first.code,
                                     "lines": [first.message + (f"（{first.code}）" if first.code else "")]}, status_code=409)
            return said(identity, error)
        if state is None:
            raise not_found(identity)
        if wants_json:
            return JSONResponse({"state": state, "lines": ["已提交：等县里审核。审核前不能再修改。"]})
        return RedirectResponse("/", status_code=303)

    async def history(request: Request) -> Response:
        """GET /s/<id>/versions[/<n>]: every version, and the text of one."""
        identity = who(request)
        number = request.path_params.get("number")
        found = await context.read(_history, identity, request.path_params["sid"], number)
        if found is None:
            raise not_found(identity)
        return HTMLResponse(render("versions.html", identity=identity, token=identity.csrf, **found))

    async def restore_version(request: Request) -> Response:
        """POST /s/<id>/versions/<n>/restore: that version saved again as the newest."""
        identity = who(request)
        sid, number = request.path_params["sid"], request.path_params["number"]
        try:
            done = await context.db(_restored, context, identity, address_of(request), sid, number)
        except DraftError as error:
            return said(identity, error)
        if not done:
            raise not_found(identity)
        await count_latest(context, sid)
        return RedirectResponse(f"/s/{sid}/versions", status_code=303)

    return [Route("/s/{sid:int}/submit", refusing(submit_form), methods=["POST"]),
            Route("/s/{sid:int}/versions", refusing(history)),
            Route("/s/{sid:int}/versions/{number:int}", refusing(history)),
            Route("/s/{sid:int}/versions/{number:int}/restore", refusing(restore_version), methods=["POST"]),
            Mount("/s/{sid:int}", app=FormApps(context))]
