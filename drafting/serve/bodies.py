"""The requests the pages send, read with bounds: a JSON object of at most MAX_BODY bytes and MAX_DEPTH levels, an
uploaded file of at most MAX_UPLOAD bytes, and the fields they must carry; and the JSON a refusal is answered with."""
from __future__ import annotations

import json
from typing import Any, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..errors import DraftError, Location, Problem
from .uploads import MAX_UPLOAD, too_large as upload_too_large

MAX_BODY = 8_000_000  # a request the pages send is a form's fields: far below this


class BadRequest(DraftError):
    """A request the pages would never send (not JSON, too large, a field of the wrong kind)."""


def problem_json(error: DraftError, status: int = 400) -> JSONResponse:
    """``error`` answered as the pages read a refusal: its first message, hint and code, and every line the CLI prints."""
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


async def json_body(request: Request) -> dict[str, Any]:
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


async def upload_body(request: Request, shown: str, refusal: Callable[[str], DraftError] = upload_too_large) -> bytes:
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


def text_field(data: dict[str, Any], key: str) -> str:
    """The text at ``key`` of a request (empty when absent). Raises BadRequest (S021) for anything but a string."""
    value = data.get(key, "")
    if not isinstance(value, str):
        raise BadRequest(Problem(Location("请求"), f"“{key}”应是一段文字", "刷新页面后再试", "S021"))
    return value


def state_field(data: dict[str, Any]) -> dict[str, Any]:
    """The page's fields (``state``) of a request. Raises BadRequest (S021) when they are missing."""
    state = data.get("state")
    if not isinstance(state, dict):
        raise BadRequest(Problem(Location("请求"), "没有收到表单的内容", "刷新页面后再试", "S021"))
    return state
