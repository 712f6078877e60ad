"""“导入修改稿” on the form page: an edited .docx uploaded, its change list grouped by form path, the ticked changes
saved into the form through the handed services (the merge of ``draft import --into``), with the page's version check.

The edited file is never written into the folder: the page sends it again with the ticked ids, the merge is planned
again, and the save goes through only when the form is still the version the page holds and the change list is
still the one the page showed (its fingerprint).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..errors import Location, Problem
from ..options import Options
from .editing import Editor
from .notes import leader_notes
from .services import Services
from .store import FormStore, reading, writing
from .uploads import MAX_UPLOAD
from .workspace import Workspace, WorkspaceError, version_of

MAX_IDS = 100_000  # ticked ids a save may carry (a change list is far shorter)


class EditedTooLarge(WorkspaceError):
    """An edited .docx past MAX_UPLOAD (S091)."""


def edited_name(file: str) -> str:
    """The uploaded file's name as messages show it. Raises WorkspaceError (S090) when it is not a .docx."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in file.replace("\\", "/").rsplit("/", 1)[-1])
    shown = shown if len(shown) <= 80 else shown[:80] + "…"
    if not file.lower().endswith(".docx"):
        raise WorkspaceError(Problem(Location(shown or "修改稿"), f"“{shown}”不是 .docx 文件，没有导入",
                                     "导入修改稿只收 Word 文档：在 Word 或 WPS 里另存为 .docx（Word 文档）后再选", "S090"))
    return shown


def too_large(shown: str) -> EditedTooLarge:
    """The refusal of an edited .docx past MAX_UPLOAD, said in Chinese."""
    return EditedTooLarge(Problem(Location(shown), f"修改稿“{shown}”超过 {MAX_UPLOAD // 1_000_000} MB，没有导入",
                                  "一份报告不会这么大：在 Word 里删掉大图片后另存为 .docx 再选", "S091"))


def stale(workspace: Workspace, path: Path) -> WorkspaceError:
    """The refusal when the form changed on disk since the page read it (the page offers to reload)."""
    return WorkspaceError(Problem(Location(workspace.name(path)),
                                  "这份表单在打开之后被别的程序改过，没有合并修改稿，以免覆盖那些修改",
                                  "选择“重新载入”看别处的修改，再导入一次修改稿", "S092"))


def mismatch(shown: str) -> WorkspaceError:
    """The refusal when the change list is no longer the one the page showed."""
    return WorkspaceError(Problem(Location(shown), "修改稿的改动清单与页面上显示的不一样了，没有合并",
                                  "关掉改动清单，再导入一次修改稿", "S093"))


def ticked(text: str) -> list[str]:
    """The ticked change ids of a save (``1,4,5``). Raises WorkspaceError (S021) for anything the page never sends."""
    ids = [part for part in text.split(",") if part] if text else []
    if len(ids) > MAX_IDS or not all(part.isascii() and part.isdigit() and len(part) < 10 for part in ids):
        raise WorkspaceError(Problem(Location("请求"), "选中的改动不是页面应发的格式", "刷新页面后再试", "S021"))
    return ids


def planned(workspace: Workspace, editor: Editor, store: FormStore, services: Services, options: Options, name: str,
            version: str, file: str, data: bytes, reject: bool) -> dict[str, Any]:
    """The change list of the edited ``data`` for the form ``name`` the page holds at ``version`` (on a worker
    thread): the form on disk, once the store brought it up to date, must still be that version; nothing is written."""
    with reading(store, name):
        base = editor.base(name, version)
    if version_of(_read(workspace, base.path)) != version:
        raise stale(workspace, base.path)
    listed = services.plan_merge(base.path, data, file, reject, options)
    return {"file": file, "reject": reject, "fingerprint": listed.fingerprint, "refused": listed.refused,
            "lines": workspace.said(listed.report.texts()), "groups": grouped(listed.changes, base.data),
            "choosable": sum(1 for c in listed.changes if c["choosable"])}


def merged(workspace: Workspace, editor: Editor, store: FormStore, services: Services, options: Options, name: str,
           version: str, file: str, data: bytes, reject: bool, ids: list[str], shown: str) -> dict[str, Any]:
    """The ticked changes saved into the form (on a worker thread, inside the store's ``writing``, then holding the
    editor's lock as a save does), and the page's new data: its version and fields, and the CLI's words."""
    with writing(store, name, False) as wrote, editor.lock:
        base = editor.base(name, version)
        done = services.apply_merge(base.path, data, file, set(ids), reject, shown,
                                    lambda raw: version_of(raw) == version, options)
        if done.stale:
            raise stale(workspace, base.path)
        if done.mismatch:
            raise mismatch(file)
        if done.report.files:
            wrote(base.path)
        answer: dict[str, Any] = {"lines": workspace.said(done.report.texts()), "failed": done.report.failed, "name": name,
                                  "version": version, "merged": bool(done.report.files)}
        if done.report.files:
            fresh = editor.open(name)
            answer.update(version=fresh.version, state=editor.state(fresh), notes=leader_notes(fresh.text, fresh.spec),
                          files=[workspace.name(path) for path in done.report.files])
        return answer


def grouped(changes: list[dict[str, Any]], data: Any) -> list[dict[str, Any]]:
    """The changes grouped by form path, the groups in the form's order (by the line each is written at), each with
    a label a clerk reads (``正文 › 第1项“加强组织领导” › 内容``)."""
    groups: dict[str, dict[str, Any]] = {}
    for change in changes:
        group = groups.setdefault(change["path"], {"path": change["path"], "label": label(change["path"], data),
                                                   "line": change["line"], "changes": []})
        if change["line"] is not None and (group["line"] is None or change["line"] < group["line"]):
            group["line"] = change["line"]
        group["changes"].append(change)
    return sorted(groups.values(), key=lambda g: (math.inf if g["line"] is None else g["line"],
                                                  int(g["changes"][0]["id"]) if g["changes"][0]["id"].isdigit() else 0))


def label(path: str, data: Any) -> str:
    """A form path said for a clerk: list positions as 第N项 with the item's 标题 (or 引语), ``下级`` left out."""
    if not path:
        return "（不在表单的某一项里）"
    said: list[str] = []
    node = data
    for part in path.split("/"):
        if part.isdigit() and not isinstance(node, dict):  # a position (in a list, or in one the form does not have yet)
            index = int(part)
            node = node[index] if isinstance(node, list) and index < len(node) else None
            title = (node.get("标题") or node.get("引语")) if isinstance(node, dict) else None
            said.append(f"第{index + 1}项" + (f"“{_short(str(title))}”" if isinstance(title, str) and title.strip() else ""))
            continue
        if part == "下级":  # a 部分 written as its list alone stands for its 下级
            node = node.get(part) if isinstance(node, dict) else node
            continue
        node = node.get(part) if isinstance(node, dict) else None
        said.append(part)
    return " › ".join(said)


def _short(text: str, room: int = 16) -> str:
    """``text`` on one line, cut to ``room`` characters."""
    one = " ".join(text.split())
    return one if len(one) <= room else one[:room] + "…"


def _read(workspace: Workspace, path: Path) -> bytes:
    """The form's bytes now. Raises WorkspaceError (S004) when it is gone."""
    try:
        return path.read_bytes()
    except OSError:
        raise WorkspaceError(Problem(Location(workspace.name(path)), f"找不到文件“{workspace.name(path)}”",
                                     "回到首页重新选择", "S004")) from None
