"""The web application of ``draft serve`` (Starlette): the home page, the form page, and the JSON the pages call.

The event loop only reads requests and writes answers: opening a form, previews and saves run on worker threads
(the Editor holds a lock over its caches), builds, PDFs, new and next on a smaller bounded set (see jobs.py), each
with a time limit the page reports (S024), so one user's long PDF never keeps the home page or a preview waiting.
The pipeline keeps no process-wide state (render budgets are per call, see drafting.render.meter), so building on
several threads at once is safe; PDFs share the server's one LibreOffice holder, which lends it one job at a time.

``form_app`` is the routes of one folder, unguarded, for a server that mounts several (the county's, one per
submission, under ``base``); ``create_app`` is ``draft serve``'s: that app at the root, behind its Guard.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Awaitable, Callable, TypeVar, Union

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import DraftError, Location, Problem
from ..options import Options
from . import actions, annotating, diffing, docxmerge
from .bodies import MAX_BODY, BadRequest, json_body, problem_json, state_field, text_field, upload_body
from .editing import Editor, TooLarge
from .guard import Guard
from .jobs import Limits, Pools, TookTooLong
from .notes import leader_notes
from .pages import form_page, home_page
from .services import Services
from .store import FolderStore, FormStore, StoreRefused, reading, read_first, writing
from .uploads import listed_sheets, save_upload, upload_target
from .workspace import DOWNLOADS, Workspace, WorkspaceError

__all__ = ["MAX_BODY", "create_app", "form_app", "static_app"]
MERGE_REFUSALS = (WorkspaceError, TooLarge, TookTooLong)  # said by ``guarded`` with their own status
CONFLICTS = ("S011", "S012", "S073", "S092", "S093", "S100")  # refusals the page answers with reload / copy / replace
WEB = Path(__file__).parent / "web"
_Value = TypeVar("_Value")
PerRequest = Union[_Value, Callable[[Request], _Value]]  # a value, or how to find it from the request


def create_app(folder: Path, port: int, token: str, services: Services, options: Options = Options(),
               limits: Limits = Limits()) -> Any:
    """The guarded application serving ``folder`` on 127.0.0.1:``port`` for pages that carry ``token``;
    ``services`` run the commands (new, next, build and PDFs with the owner's LibreOffice) within ``limits``."""
    workspace = Workspace(folder)
    app = form_app(workspace, Editor(workspace, options), services, options, Pools.within(limits), token=token)
    return Guard(app, port, token)


def static_app() -> StaticFiles:
    """The pages' scripts and style sheet, served at ``/static/`` (a server mounting several form apps mounts it once)."""
    return StaticFiles(directory=WEB / "static")


def _given(value: Any, request: Request) -> Any:
    """``value``, or what it finds for ``request`` when it is a callable."""
    return value(request) if callable(value) else value


def form_app(workspace: Workspace, editor: Editor, services: Services, options: Options, pools: Pools,
             base: str = "", store: PerRequest[FormStore] = FolderStore(), extras: PerRequest[dict[str, Any] | None] = None,
             token: PerRequest[str] = "") -> Starlette:
    """The routes of one folder's forms (no Guard: the caller guards them), for pages whose every URL starts with
    ``base`` (``/s/12``; the caller mounts the app there, so its routes are relative to it). ``pools`` run the work,
    shared by every app the caller mounts; ``store`` is asked before each read and around each write of a form;
    ``extras`` (see pages.form_page) add the county's banner, 提交 and 历史版本 to the form page; ``token`` is the
    value the pages send back in X-Draft-Token. ``extras``, ``token`` and ``store`` may be callables of the request
    (the county's store is the request's own, so that it records who saved from where)."""
    editing, commands = pools.editing, pools.commands

    def guarded(handler: Any) -> Any:
        async def call(request: Request) -> Response:
            try:
                return await handler(request)
            except WorkspaceError as error:
                code = error.problems[0].code if error.problems else ""
                return problem_json(error, 409 if code in CONFLICTS or isinstance(error, StoreRefused) else 404
                                    if code == "S004" else 413 if code in ("S071", "S091") else 400)
            except BadRequest as error:
                return problem_json(error, 400)
            except TooLarge as error:
                return problem_json(error, 413)
            except TookTooLong as error:
                return problem_json(error, 504)
            except DraftError as error:
                failed = actions.failure(error)
                return JSONResponse(failed._replace(lines=workspace.said(failed.lines))._asdict(), status_code=422)
            except Exception:  # drafting's own defect: saved for a bug report, said in Chinese
                from ..crash import INTERNAL, save_traceback

                return JSONResponse({"error": INTERNAL, "hint": f"详细信息已保存到 {save_traceback()}，请把它发给开发者",
                                     "code": "X001", "lines": [INTERNAL]}, status_code=500)
        return call

    def home_for(request: Request, *said: Any, **marked: Any) -> str:
        """The folder's home page as ``request``'s user gets it (with any refusal to say)."""
        return home_page(workspace, _given(token, request), options, *said, base=base, **marked)

    async def home(request: Request) -> Response:
        return HTMLResponse(home_for(request))

    async def form(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            return HTMLResponse(await editing.run(opened, name, request))
        except StoreRefused as error:
            return HTMLResponse(home_for(request, error.problems), status_code=409)
        except WorkspaceError as error:
            return HTMLResponse(home_for(request, error.problems), status_code=404)
        except (TooLarge, TookTooLong) as error:
            status = 413 if isinstance(error, TooLarge) else 504
            return HTMLResponse(home_for(request, error.problems), status_code=status)
        except DraftError as error:
            return HTMLResponse(home_for(request, error.problems, broken=name), status_code=422)

    def opened(name: str, request: Request) -> str:
        """The form page of ``name`` as it is on disk now, once the store brought it up to date (on a worker thread)."""
        with reading(_given(store, request), name):
            read = editor.open(name)
        return form_page(workspace, editor, read, _given(token, request), options, services.can_print(), base=base,
                         extras=_given(extras, request))

    def previewed(current: FormStore, name: str, version: str, state: dict[str, Any]) -> Any:
        """The preview of the page's fields (on a worker thread)."""
        with reading(current, name):
            opened_form = editor.base(name, version)
        return editor.preview(opened_form, state)

    def saved(current: FormStore, name: str, version: str, state: dict[str, Any], as_copy: bool) -> dict[str, Any]:
        """The page's fields written into the form inside the store's ``writing``, and the page's new data (on a
        worker thread)."""
        with writing(current, name, as_copy) as wrote:
            target, fresh = editor.save(editor.base(name, version), state, as_copy=as_copy)
            wrote(target)
        written = workspace.name(target)
        return {"name": written, "version": fresh.version, "state": editor.state(fresh), "lines": [f"已保存：{written}"],
                "notes": leader_notes(fresh.text, fresh.spec)}

    def note_removed(current: FormStore, name: str, version: str, line: int, words: str) -> dict[str, Any]:
        """The 批注 comment at ``line`` deleted from the form inside the store's ``writing`` (on a worker thread)."""
        with writing(current, name, False) as wrote:
            target, fresh = editor.remove_note(editor.base(name, version), line, words)
            wrote(target)
        return {"name": workspace.name(target), "version": fresh.version, "state": editor.state(fresh),
                "notes": leader_notes(fresh.text, fresh.spec), "lines": [f"已删掉这条批注：{words}"]}

    async def remove_note(request: Request) -> Response:
        """处理完了，删掉: one 批注 comment line (``line``, ``text``) deleted from the form the page has (``version``)."""
        data = await json_body(request)
        line = data.get("line")
        if not isinstance(line, int) or isinstance(line, bool):
            raise BadRequest(Problem(Location("请求"), "没有说要删掉哪一条批注", "刷新页面后再试", "S021"))
        return JSONResponse(await editing.run(note_removed, _given(store, request), text_field(data, "name"),
                                              text_field(data, "version"), line, text_field(data, "text")))

    async def preview(request: Request) -> Response:
        data = await json_body(request)
        shown = await editing.run(previewed, _given(store, request), text_field(data, "name"), text_field(data, "version"),
                                  state_field(data))
        return JSONResponse({"html": shown.html, "css": shown.css, "findings": shown.findings,
                             "numbers": shown.numbers, "errors": shown.errors, "figures": shown.figures,
                             "printed": shown.printed, "sheetFigures": shown.sheet_figures})

    async def save(request: Request) -> Response:
        data = await json_body(request)
        return JSONResponse(await editing.run(saved, _given(store, request), text_field(data, "name"),
                                              text_field(data, "version"), state_field(data), bool(data.get("copy"))))

    async def build(request: Request) -> Response:
        data = await json_body(request)
        names = data.get("names")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise BadRequest(Problem(Location("请求"), "没有选中要生成的表单", "先勾选表单", "S022"))
        pdf = bool(data.get("pdf"))
        done = await commands.run(read_first, _given(store, request), names, actions.build_forms, workspace, services, names,
                                  options._replace(force=bool(data.get("force"))), pdf)
        return JSONResponse(done._asdict(), status_code=422 if done.failed and not done.downloads else 200)

    def on_one_form(action: Callable[..., actions.Done]) -> Callable[[Request], Awaitable[Response]]:
        """The handler of a button that runs ``action`` on the page's one form (审核稿, 下一期, 与上期对照)."""
        async def handler(request: Request) -> Response:
            name = text_field(await json_body(request), "name")
            done = await commands.run(read_first, _given(store, request), [name], action, workspace, services, name,
                                      options)
            return JSONResponse(done._asdict(), status_code=422 if done.failed else 200)
        return handler

    async def new(request: Request) -> Response:
        data = await json_body(request)
        done = await commands.run(actions.new_form, workspace, services, text_field(data, "template"), text_field(data, "name"),
                                  options)
        return JSONResponse(done._asdict(), status_code=422 if done.failed else 200)

    async def upload(request: Request) -> Response:
        form_name, file = request.query_params.get("form", ""), request.query_params.get("file", "")
        upload_target(workspace, form_name, file)  # a wrong name or type is refused before the body is read
        raw = await upload_body(request, file)
        done = await editing.run(save_upload, workspace, form_name, file, raw, request.query_params.get("replace") == "1")
        return JSONResponse({"file": done.file, "sheets": done.sheets, "lines": [f"已上传：{done.file}"]})

    async def sheets(request: Request) -> Response:
        data = await json_body(request)
        done = await editing.run(listed_sheets, workspace, text_field(data, "form"), text_field(data, "file"))
        return JSONResponse({"file": done.file, "sheets": done.sheets})

    async def merge_plan(request: Request) -> Response:
        """导入修改稿: the change list of the edited .docx in the body (nothing is written)."""
        query = request.query_params
        file = docxmerge.edited_name(query.get("file", ""))  # a file that is not a .docx is refused before it is read
        raw = await upload_body(request, file, docxmerge.too_large)
        try:
            listed = await commands.run(docxmerge.planned, workspace, editor, _given(store, request), services, options, query.get("form", ""),
                                        query.get("version", ""), file, raw, query.get("reject") == "1")
        except MERGE_REFUSALS:
            raise
        except DraftError as error:  # the merge's own refusal (damaged, encrypted, another report): its words, its code
            return problem_json(error, 422)
        return JSONResponse(listed, status_code=422 if listed["refused"] else 200)

    async def merge_save(request: Request) -> Response:
        """保存所选修改: the ticked changes of the edited .docx in the body written into the form."""
        query = request.query_params
        file = docxmerge.edited_name(query.get("file", ""))
        ids = docxmerge.ticked(query.get("accept", ""))
        raw = await upload_body(request, file, docxmerge.too_large)
        try:
            done = await commands.run(docxmerge.merged, workspace, editor, _given(store, request), services, options, query.get("form", ""),
                                      query.get("version", ""), file, raw, query.get("reject") == "1", ids,
                                      query.get("fingerprint", ""))
        except MERGE_REFUSALS:
            raise
        except DraftError as error:
            return problem_json(error, 422)
        return JSONResponse(done, status_code=422 if done["failed"] else 200)

    async def download(request: Request) -> Response:
        path = workspace.path(request.path_params["name"], DOWNLOADS)
        return FileResponse(path, filename=path.name)

    routes = [
        Route("/", guarded(home)), _any_name(Route("/form/{name:path}", guarded(form))),
        Route("/api/preview", guarded(preview), methods=["POST"]), Route("/api/save", guarded(save), methods=["POST"]),
        Route("/api/build", guarded(build), methods=["POST"]), Route("/api/new", guarded(new), methods=["POST"]),
        Route("/api/next", guarded(on_one_form(actions.next_form)), methods=["POST"]),
        Route("/api/annotate", guarded(on_one_form(annotating.annotate_form)), methods=["POST"]),
        Route("/api/diff-previous", guarded(on_one_form(diffing.diff_previous)), methods=["POST"]),
        Route("/api/upload", guarded(upload), methods=["POST"]), Route("/api/sheets", guarded(sheets), methods=["POST"]),
        Route("/api/merge/plan", guarded(merge_plan), methods=["POST"]),
        Route("/api/note/remove", guarded(remove_note), methods=["POST"]),
        Route("/api/merge/save", guarded(merge_save), methods=["POST"]),
        _any_name(Route("/download/{name:path}", guarded(download))),
        Mount("/static", static_app(), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_allowed})


def _any_name(route: Route) -> Route:
    """``route`` with its ``{name:path}`` matching any character, a line break too (a file name may hold one)."""
    route.path_regex = re.compile(route.path_regex.pattern, re.DOTALL)
    return route


async def _not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": "没有这个页面", "hint": "回到首页 / 重新选择", "code": "S040"}, status_code=404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": "这个地址不能这样访问", "hint": "从 draft serve 的页面上操作", "code": "S041"},
                        status_code=405)
