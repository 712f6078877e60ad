"""The two versions draft diff compares, as .docx bytes: a form built through the pipeline, a .docx read as it is;
and a form's 上期 (its earlier period's form), found through the form's own resolver."""
from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import yaml

from ..errors import DraftError, FormError, Location, Problem, UsageError, display_name, os_reason
from ..form.declarations import base_spec
from ..form.resolver import FolderResolver, Refusal
from ..form.source import compose
from ..options import Session
from ..pipeline.stages import read, run
from ..records import NamedTuple

FORM_SUFFIXES = (".yaml", ".yml")
MAX_DOCX_BYTES = 100_000_000  # a report with pictures is a few MB


class DiffError(DraftError):
    """A version cannot be compared: a missing or unreadable file, not a .docx, a form without 上期 (codes D0xx)."""


class Version(NamedTuple):
    """One version compared: its .docx bytes, its name as shown, and the path it came from."""

    data: bytes
    shown: str
    path: Path


def version(path: Path, session: Session) -> Version:
    """``path`` as a .docx: a form (.yaml) built as draft build builds it, a .docx read. Raises DiffError, or the
    form's own FormError / TemplateError."""
    shown = display_name(path)
    suffix = path.suffix.lower()
    if suffix not in FORM_SUFFIXES + (".docx",):
        raise UsageError(Problem(Location(shown), f"“{shown}”既不是表单（.yaml）也不是 Word 文稿（.docx）",
                                 "draft diff 对照两份表单或 .docx；旧版 .doc 请先在 Word 里另存为 .docx", "D002"))
    if not path.is_file():
        reason = "是一个文件夹" if path.is_dir() else "不存在"
        raise DiffError(Problem(Location(shown), f"要对照的文件“{shown}”{reason}", "检查文件名和所在的文件夹", "D001"))
    if suffix in FORM_SUFFIXES:
        return Version(run(read(path, session), "docx", session).data, shown, path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCX_BYTES:
            raise DiffError(Problem(Location(shown), f"“{shown}”有 {size // 1_000_000} MB，超出对照的上限"
                                    f"（{MAX_DOCX_BYTES // 1_000_000} MB）", "删去文稿里的大图片后再对照", "D003"))
        data = path.read_bytes()
    except OSError as exc:
        raise DiffError(Problem(Location(shown), f"要对照的文件“{shown}”读不了：{os_reason(exc)}",
                                "检查文件的权限，或是否正被别的程序占用", "D001")) from None
    if not zipfile.is_zipfile(path):
        raise DiffError(unreadable_docx(shown))
    return Version(data, shown, path)


def unreadable_docx(shown: str) -> Problem:
    """What is said of a .docx that is not a readable Word file."""
    return Problem(Location(shown), f"“{shown}”不是能读取的 Word 文稿（.docx）：文件已损坏、加了密码，或是改了扩展名的旧版 .doc",
                   "用 Word 或 LibreOffice 打开它，另存为 .docx 后再对照", "D002")


def previous_form(path: Path, session: Session) -> Path:
    """The form a form names as its 上期 (read through the form reader and its resolver). Raises FormError as
    reading the form does, or DiffError (D005) when it names none."""
    form = read(path, session)
    shown = display_name(path)
    if "上期" not in form.locations or form.source is None:
        raise DiffError(Problem(Location(shown), f"表单“{shown}”没有写“上期”，不知道与哪一期对照",
                                "在表单里写上“上期: 上一期的表单.yaml”，或直接给出两个文件：draft diff 上期.yaml 本期.yaml",
                                "D005"))
    root = compose(form.source)
    spec = base_spec()
    name = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and spec.canonical(str(key.value)) == "上期":
                name = str(value.value).strip() if isinstance(value, yaml.ScalarNode) else None
    resolver = form.resolver or session.resolver or FolderResolver(session.options.root)
    found = resolver.resolve(path.parent, name, "上期的表单") if name else None
    if found is None or isinstance(found, Refusal):  # reading the form said why already; this is a safeguard
        raise FormError(Problem(form.locations["上期"], f"表单“{shown}”的“上期”读不了", "写相对本表单的文件名，如 2023Q2.yaml",
                                "D005"))
    return found


def revision_date(given: str | None, now: datetime.datetime | None = None) -> str:
    """The date the tracked changes carry, ISO 8601 in UTC (``given`` as a date, or a time with or without a zone;
    now when None). Raises UsageError (D009) for one that cannot be read."""
    if given is None:
        moment = now or datetime.datetime.now(datetime.timezone.utc)
    else:
        try:
            moment = datetime.datetime.fromisoformat(given.strip().replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(Problem(Location("命令行"), f"--date 给的时间“{given}”无法识别",
                                     "写成 2024-07-10 或 2024-07-10T09:30:00+08:00", "D009")) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def opened(version: Version):  # type: ignore[no-untyped-def]
    """``version``'s .docx read for comparing. Raises DiffError (D002, D003) for one that is not readable."""
    from ..ooxml.comparable import open_docx
    from ..ooxml.parser import UNREADABLE_DOCX
    from ..ooxml.reader import DocxTooLarge

    try:
        return open_docx(version.data)
    except DocxTooLarge:
        raise DiffError(Problem(Location(version.shown), f"“{version.shown}”解压后内容过大，不像一份报告（可能是“压缩炸弹”）",
                                "确认文件来源；报告正文解压后不会超过几十 MB", "D003")) from None
    except UNREADABLE_DOCX:
        raise DiffError(unreadable_docx(version.shown)) from None
