"""Spreadsheets the form page uploads into its form's folder (指标文件), and the sheets a spreadsheet holds.

A file is written only when it is an .xlsx or .csv of at most MAX_UPLOAD bytes that the form reader can
open (check_workbook's budgets, then openpyxl read-only), under a plain file name beside the form, and
never over a file that is there unless the page asked the clerk first (``replace``).
"""
from __future__ import annotations

from pathlib import Path, PurePath

from ..errors import Location, Problem
from ..form.spreadsheet import MAX_BYTES, SheetError, sheet_names
from ..records import NamedTuple
from .workspace import Workspace, WorkspaceError

UPLOAD_SUFFIXES = (".xlsx", ".csv")
MAX_UPLOAD = MAX_BYTES  # what the form reader reads of a 指标文件
_FORBIDDEN = set('/\\:*?"<>|')


class Uploaded(NamedTuple):
    """A spreadsheet in the form's folder: its name relative to the form, and its sheets (none for a .csv)."""

    file: str
    sheets: list[str]


class UploadTooLarge(WorkspaceError):
    """An upload past MAX_UPLOAD (S071)."""


def too_large(shown: str) -> UploadTooLarge:
    """The refusal of an upload past MAX_UPLOAD, said in Chinese."""
    return UploadTooLarge(Problem(Location(shown), f"上传的表格“{shown}”超过 {MAX_UPLOAD // 1_000_000} MB，没有保存",
                                  "指标表只需要指标那一张工作表：删掉其他工作表和图片后另存，再上传", "S071"))


def upload_target(workspace: Workspace, form: str, file: str) -> Path:
    """Where ``file`` (a plain file name) goes: beside form ``form``, inside the folder. Raises WorkspaceError."""
    shown = file if len(file) <= 80 else file[:80] + "…"
    if not file.lower().endswith(UPLOAD_SUFFIXES):
        raise WorkspaceError(Problem(Location(shown), f"“{shown}”不是 .xlsx 或 .csv 表格，没有上传",
                                     "用 Excel 或 WPS 另存为 .xlsx（Excel 工作簿）或 .csv 后再选", "S070"))
    if (not file.strip() or any(ch in _FORBIDDEN or not ch.isprintable() for ch in file) or file.startswith(".")
            or PurePath(file).name != file):
        raise WorkspaceError(Problem(Location(shown), f"文件名“{shown}”不能用作表格的文件名，没有上传",
                                     "把文件改成普通的名字（如 三季度指标.xlsx，不含 / \\ : * ? 等符号）再选", "S072"))
    form_path = workspace.path(form)
    folder = workspace.name(form_path.parent)
    name = file if folder == "." else f"{folder}/{file}"
    return workspace.path(name, UPLOAD_SUFFIXES, must_exist=False)


def read_sheets(raw: bytes, path: Path, shown: str) -> list[str]:
    """The sheets of the spreadsheet ``raw`` (none for a .csv), read within the reader's budgets. Raises WorkspaceError."""
    if path.suffix.lower() == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                raw.decode(encoding)
                return []
            except UnicodeDecodeError:
                continue
        raise WorkspaceError(Problem(Location(shown), f"无法识别“{shown}”的文字编码，没有上传", "另存为 UTF-8 编码的 .csv", "S070"))
    try:
        return sheet_names(raw, shown)
    except SheetError as error:
        first = error.problems[0]
        raise WorkspaceError(Problem(first.location, first.message + "，没有上传", first.hint, "S070")) from None


def save_upload(workspace: Workspace, form: str, file: str, raw: bytes, replace: bool) -> Uploaded:
    """Write the spreadsheet ``raw`` as ``file`` beside ``form``; refused (S073) over a file there unless ``replace``."""
    from ..atomic import write_atomic, write_new

    target = upload_target(workspace, form, file)
    if len(raw) > MAX_UPLOAD:
        raise too_large(file)
    sheets = read_sheets(raw, target, file)
    if not replace:
        if target.is_file() and not target.is_symlink() and _same_bytes(target, raw):
            return Uploaded(file, sheets)  # the very file already there (chosen from the form's folder): nothing to ask
        if target.exists() or target.is_symlink():
            raise WorkspaceError(Problem(Location(workspace.name(target)), f"表单旁边已经有“{file}”，没有覆盖它",
                                         "确认要用新选的文件替换它，或把新文件改个名字再选", "S073"))
        write_new(target, raw, False, "把新文件改个名字再选")
    else:
        write_atomic(target, raw)
    return Uploaded(file, sheets)


def _same_bytes(path: Path, raw: bytes) -> bool:
    """Whether the regular file at ``path`` holds exactly ``raw`` (read no further than its length)."""
    from ..form.resolver import FolderResolver

    try:
        return FolderResolver().read_bytes(path, MAX_UPLOAD) == raw
    except OSError:
        return False


def listed_sheets(workspace: Workspace, form: str, file: str) -> Uploaded:
    """The sheets of spreadsheet ``file`` beside ``form``, as the form reader reads it."""
    from ..form.resolver import FolderResolver, NotRegularFile, TooLarge

    target = upload_target(workspace, form, file)
    try:
        raw = FolderResolver().read_bytes(target, MAX_UPLOAD)
    except TooLarge:
        raise too_large(file) from None
    except (OSError, NotRegularFile):
        raise WorkspaceError(Problem(Location(file), f"找不到文件“{file}”", "重新选择表格文件", "S004")) from None
    return Uploaded(file, read_sheets(raw, target, file))
