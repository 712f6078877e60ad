"""The web application of ``draft serve`` (Starlette): the home page, the form page, and the JSON the pages call.

The event loop only reads requests and writes answers: opening a form, previews and saves run on worker threads
(the Editor holds a lock over its caches), builds, PDFs, new and next on a smaller bounded set (see jobs.py), each
with a time limit the page reports (S024), so one user's long PDF never keeps the home page or a preview waiting.
The pipeline keeps no process-wide state (render budgets are per call, see drafting.render.meter), so building on
several threads at once is safe; PDFs share the server's one LibreOffice holder, which lends it one job at a time.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import DraftError, Location, Problem
from ..options import Options
from . import actions, annotating, diffing, docxmerge
from .editing import Editor, TooLarge
from .guard import Guard
from .jobs import Jobs, Limits, TookTooLong
from .pages import form_page, home_page
from .services import Services
from .uploads import MAX_UPLOAD, listed_sheets, save_upload, too_large as upload_too_large, upload_target
from .workspace import DOWNLOADS, Workspace, WorkspaceError

MERGE_REFUSALS = (WorkspaceError, TooLarge, TookTooLong)  # said by ``guarded`` with their own status
MAX_BODY = 8_000_000  # a request the pages send is a form's fields: far below this
WEB = Path(__file__).parent / "web"


class BadRequest(DraftError):
    """A request the pages would never send (not JSON, too large, a field of the wrong kind)."""


def _problem_json(error: DraftError, status: int = 400) -> JSONResponse:
    from ..diagnostics import problem_lines

    lines = [line for problem in error.problems for line in problem_lines(problem)]
    first = error.problems[0] if error.problems else Problem(Location(""), "请求无法处理")
    return JSONResponse({"error": first.message, "hint": first.hint or "", "code": first.code, "lines": lines},
                        status_code=status)


MAX_DEPTH = 64  # lists and objects nested in a request (a form's fields reach about 8)


def _too_large() -> BadRequest:
    return BadRequest(Problem(Location("请求"), "提交的内容太大", "一份表单不会这么大；请检查是否粘贴了整本文件", "S020"))


def _malformed() -> BadRequest:
    return BadRequest(Problem(Location("请求"), "提交的内容不是页面应发的格式", "刷新页面后再试", "S021"))


def _too_deep() -> BadRequest:
    return BadRequest(Problem(Location("请求"), f"提交的内容嵌套超过 {MAX_DEPTH} 层", "页面不会发这样的内容：刷新页面后再试",
                              "S023"))


async def _body(request: Request) -> dict[str, Any]:
    """The request's JSON object: refused from its Content-Length, or while streaming, past MAX_BODY; at most MAX_DEPTH deep."""
    declared = request.headers.get("content-length", "").strip().lstrip("0")
    if declared.isascii() and declared.isdigit() and (len(declared) > 12 or int(declared) > MAX_BODY):
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _too_large()
        chunks.append(chunk)
    try:
        data = json.loads(b"".join(chunks).decode("utf-8"))
    except ValueError:  # not UTF-8, not JSON, a number past Python's digit limit
        raise _malformed() from None
    except RecursionError:  # the parser's own guard, met some hundreds of levels down
        raise _too_deep() from None
    if not isinstance(data, dict):
        raise _malformed()
    if _nesting(data) > MAX_DEPTH:
        raise _too_deep()
    return data


def _nesting(data: Any) -> int:
    """How deep lists and objects nest in ``data`` (walked without recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in (value.values() if isinstance(value, dict) else value))
    return deepest


async def _upload_body(request: Request, shown: str, refusal: Callable[[str], DraftError] = upload_too_large) -> bytes:
    """An uploaded file's bytes: refused from its Content-Length, or while streaming, past MAX_UPLOAD (``refusal``:
    S071 for a spreadsheet, S091 for an edited .docx)."""
    declared = request.headers.get("content-length", "").strip().lstrip("0")
    if declared.isascii() and declared.isdigit() and (len(declared) > 12 or int(declared) > MAX_UPLOAD):
        raise refusal(shown)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPLOAD:
            raise refusal(shown)
        chunks.append(chunk)
    return b"".join(chunks)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise BadRequest(Problem(Location("请求"), f"“{key}”应是一段文字", "刷新页面后再试", "S021"))
    return value


def _state(data: dict[str, Any]) -> dict[str, Any]:
    state = data.get("state")
    if not isinstance(state, dict):
        raise BadRequest(Problem(Location("请求"), "没有收到表单的内容", "刷新页面后再试", "S021"))
    return state


def create_app(folder: Path, port: int, token: str, services: Services, options: Options = Options(),
               limits: Limits = Limits()) -> Any:
    """The guarded application serving ``folder`` on 127.0.0.1:``port`` for pages that carry ``token``;
    ``services`` run the commands (new, next, build and PDFs with the owner's LibreOffice) within ``limits``."""
    workspace = Workspace(folder)
    editor = Editor(workspace, options)
    editing = Jobs(limits.preview_workers, limits.preview_seconds, "预览")
    commands = Jobs(limits.build_workers, limits.build_seconds, "生成")

    def guarded(handler: Any) -> Any:
        async def call(request: Request) -> Response:
            try:
                return await handler(request)
            except WorkspaceError as error:
                code = error.problems[0].code if error.problems else ""
                return _problem_json(error, 409 if code in ("S011", "S012", "S073", "S092", "S093") else 404 if code == "S004"
                                     else 413 if code in ("S071", "S091") else 400)
            except BadRequest as error:
                return _problem_json(error, 400)
            except TooLarge as error:
                return _problem_json(error, 413)
            except TookTooLong as error:
                return _problem_json(error, 504)
            except DraftError as error:
                return JSONResponse(actions.failure(error)._asdict(), status_code=422)
            except Exception:  # drafting's own defect: saved for a bug report, said in Chinese
                from ..crash import INTERNAL, save_traceback

                return JSONResponse({"error": INTERNAL, "hint": f"详细信息已保存到 {save_traceback()}，请把它发给开发者",
                                     "code": "X001", "lines": [INTERNAL]}, status_code=500)
        return call

    async def home(request: Request) -> Response:
        return HTMLResponse(home_page(workspace, token, options))

    async def form(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            return HTMLResponse(await editing.run(opened, name))
        except WorkspaceError as error:
            return HTMLResponse(home_page(workspace, token, options, error.problems), status_code=404)
        except (TooLarge, TookTooLong) as error:
            status = 413 if isinstance(error, TooLarge) else 504
            return HTMLResponse(home_page(workspace, token, options, error.problems), status_code=status)
        except DraftError as error:
            return HTMLResponse(home_page(workspace, token, options, error.problems, broken=name), status_code=422)

    def opened(name: str) -> str:
        """The form page of ``name`` as it is on disk now (on a worker thread)."""
        return form_page(workspace, editor, editor.open(name), token, options, services.can_print())

    def previewed(name: str, version: str, state: dict[str, Any]) -> Any:
        """The preview of the page's fields (on a worker thread)."""
        return editor.preview(editor.base(name, version), state)

    def saved(name: str, version: str, state: dict[str, Any], as_copy: bool) -> dict[str, Any]:
        """The page's fields written into the form, and the page's new data (on a worker thread)."""
        target, base = editor.save(editor.base(name, version), state, as_copy=as_copy)
        written = workspace.name(target)
        return {"name": written, "version": base.version, "state": editor.state(base), "lines": [f"已保存：{written}"]}

    async def preview(request: Request) -> Response:
        data = await _body(request)
        shown = await editing.run(previewed, _text(data, "name"), _text(data, "version"), _state(data))
        return JSONResponse({"html": shown.html, "css": shown.css, "findings": shown.findings,
                             "numbers": shown.numbers, "errors": shown.errors, "figures": shown.figures,
                             "printed": shown.printed, "sheetFigures": shown.sheet_figures})

    async def save(request: Request) -> Response:
        data = await _body(request)
        return JSONResponse(await editing.run(saved, _text(data, "name"), _text(data, "version"), _state(data),
                                              bool(data.get("copy"))))

    async def build(request: Request) -> Response:
        data = await _body(request)
        names = data.get("names")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise BadRequest(Problem(Location("请求"), "没有选中要生成的表单", "先勾选表单", "S022"))
        pdf = bool(data.get("pdf"))
        done = await commands.run(actions.build_forms, workspace, services, names,
                                  options._replace(force=bool(data.get("force"))), pdf)
        return JSONResponse(done._asdict(), status_code=422 if done.failed and not done.downloads else 200)

    async def annotate(request: Request) -> Response:
        data = await _body(request)
        done = await commands.run(annotating.annotate_form, workspace, services, _text(data, "name"), options)
        return JSONResponse(done._asdict(), status_code=422 if done.failed else 200)

    async def new(request: Request) -> Response:
        data = await _body(request)
        done = await commands.run(actions.new_form, workspace, services, _text(data, "template"), _text(data, "name"),
                                  options)
        return JSONResponse(done._asdict(), status_code=422 if done.failed else 200)

    async def next_period(request: Request) -> Response:
        data = await _body(request)
        done = await commands.run(actions.next_form, workspace, services, _text(data, "name"), options)
        return JSONResponse(done._asdict(), status_code=422 if done.failed else 200)

    async def diff_previous(request: Request) -> Response:
        data = await _body(request)
        done = await commands.run(diffing.diff_previous, workspace, services, _text(data, "name"), options)
        return JSONResponse(done._asdict(), status_code=422 if done.failed else 200)

    async def upload(request: Request) -> Response:
        form_name, file = request.query_params.get("form", ""), request.query_params.get("file", "")
        upload_target(workspace, form_name, file)  # a wrong name or type is refused before the body is read
        raw = await _upload_body(request, file)
        done = await editing.run(save_upload, workspace, form_name, file, raw, request.query_params.get("replace") == "1")
        return JSONResponse({"file": done.file, "sheets": done.sheets, "lines": [f"已上传：{done.file}"]})

    async def sheets(request: Request) -> Response:
        data = await _body(request)
        done = await editing.run(listed_sheets, workspace, _text(data, "form"), _text(data, "file"))
        return JSONResponse({"file": done.file, "sheets": done.sheets})

    async def merge_plan(request: Request) -> Response:
        """导入修改稿: the change list of the edited .docx in the body (nothing is written)."""
        query = request.query_params
        file = docxmerge.edited_name(query.get("file", ""))  # a file that is not a .docx is refused before it is read
        raw = await _upload_body(request, file, docxmerge.too_large)
        try:
            listed = await commands.run(docxmerge.planned, workspace, editor, services, options, query.get("form", ""),
                                        query.get("version", ""), file, raw, query.get("reject") == "1")
        except MERGE_REFUSALS:
            raise
        except DraftError as error:  # the merge's own refusal (damaged, encrypted, another report): its words, its code
            return _problem_json(error, 422)
        return JSONResponse(listed, status_code=422 if listed["refused"] else 200)

    async def merge_save(request: Request) -> Response:
        """保存所选修改: the ticked changes of the edited .docx in the body written into the form."""
        query = request.query_params
        file = docxmerge.edited_name(query.get("file", ""))
        ids = docxmerge.ticked(query.get("accept", ""))
        raw = await _upload_body(request, file, docxmerge.too_large)
        try:
            done = await commands.run(docxmerge.merged, workspace, editor, services, options, query.get("form", ""),
                                      query.get("version", ""), file, raw, query.get("reject") == "1", ids,
                                      query.get("fingerprint", ""))
        except MERGE_REFUSALS:
            raise
        except DraftError as error:
            return _problem_json(error, 422)
        return JSONResponse(done, status_code=422 if done["failed"] else 200)

    async def download(request: Request) -> Response:
        path = workspace.path(request.path_params["name"], DOWNLOADS)
        return FileResponse(path, filename=path.name)

    routes = [
        Route("/", guarded(home)), _any_name(Route("/form/{name:path}", guarded(form))),
        Route("/api/preview", guarded(preview), methods=["POST"]), Route("/api/save", guarded(save), methods=["POST"]),
        Route("/api/build", guarded(build), methods=["POST"]), Route("/api/new", guarded(new), methods=["POST"]),
        Route("/api/next", guarded(next_period), methods=["POST"]),
        Route("/api/annotate", guarded(annotate), methods=["POST"]),
        Route("/api/diff-previous", guarded(diff_previous), methods=["POST"]),
        Route("/api/upload", guarded(upload), methods=["POST"]), Route("/api/sheets", guarded(sheets), methods=["POST"]),
        Route("/api/merge/plan", guarded(merge_plan), methods=["POST"]),
        Route("/api/merge/save", guarded(merge_save), methods=["POST"]),
        _any_name(Route("/download/{name:path}", guarded(download))),
        Mount("/static", StaticFiles(directory=WEB / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_allowed})
    return Guard(app, port, token)


def _any_name(route: Route) -> Route:
    """``route`` with its ``{name:path}`` matching any character, a line break too (a file name may hold one)."""
    route.path_regex = re.compile(route.path_regex.pattern, re.DOTALL)
    return route


async def _not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": "没有这个页面", "hint": "回到首页 / 重新选择", "code": "S040"}, status_code=404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": "这个地址不能这样访问", "hint": "从 draft serve 的页面上操作", "code": "S041"},
                        status_code=405)
