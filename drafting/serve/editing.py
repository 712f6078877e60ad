"""One form being edited in the browser: opened from disk, previewed as typed, saved back without losing a comment."""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from ..errors import ERROR, NOTICE, DraftError, FormError, Location, Problem, display_name
from ..form.declarations import TemplateSpec
from ..form.model import Form
from ..options import Options, Session
from .fieldpaths import field_paths, path_at
from .formstate import form_state
from .merge import Merger, figure_names
from .workspace import Workspace, WorkspaceError, version_of

MAX_BASES = 16  # versions of forms kept for pages that are open
# Past this many characters a form is edited with a text editor and built with ``draft build``: the page holds every
# field in the browser and previews on each keystroke (measured in bench/serve_scale.py: about 2 s per preview here).
MAX_FORM_CHARS = 200_000
_Call = TypeVar("_Call", bound=Callable[..., Any])


class TooLarge(DraftError):
    """A form too large to edit in the browser (S014): the command line builds it."""


def too_large(name: str, chars: int) -> TooLarge:
    """The refusal for a form of ``chars`` characters, said in Chinese."""
    return TooLarge(Problem(Location(name), f"这份表单有 {chars} 个字符，超过网页编辑的上限 {MAX_FORM_CHARS} 个字符，页面不再打开或预览它",
                            "请用文本编辑器修改表单，在命令行运行 draft build 生成文稿（draft check 检查）", "S014"))


def _locked(method: _Call) -> _Call:
    """``method`` run holding the Editor's lock: the pages' requests run on several threads."""
    @functools.wraps(method)
    def call(self: "Editor", *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return method(self, *args, **kwargs)
    return call  # type: ignore[return-value]


@dataclass
class Base:
    """A form as it was read from disk: its text, version, round-trip data and template."""

    path: Path
    text: str
    version: str
    yaml: Any
    data: Any
    spec: TemplateSpec


@dataclass
class Preview:
    """What the page shows after an edit: the document, the findings by field, the heading numbers."""

    html: str
    css: str
    findings: list[dict[str, Any]]
    numbers: dict[str, str]
    errors: int
    text: str
    figures: list[str] = field(default_factory=list)  # every figure's name, the spreadsheet's included
    printed: dict[str, str] = field(default_factory=dict)  # what each {{ … }} prints: the chips' labels
    sheet_figures: list[dict[str, str]] = field(default_factory=list)  # the spreadsheet's, with their cells


@dataclass
class Editor:
    """The forms of one workspace as the pages have them open (by version), with one session's caches."""

    workspace: Workspace
    options: Options = Options()
    bases: dict[tuple[Path, str], Base] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)  # the bases and the sessions' caches

    def __post_init__(self) -> None:
        self.session = Session(self.options)
        self.draft_session = Session(self.options._replace(force=True))  # the preview prints 【待填】 for a blank

    @_locked
    def open(self, name: str) -> Base:
        """Read form ``name`` as it is on disk now. Raises FormError when its YAML cannot be read."""
        from ..form.roundtrip import load_round_trip
        from ..form.source import read_source

        path = self.workspace.path(name)
        for session in (self.session, self.draft_session):  # a template changed on disk shows at the next page load
            session.caches.specs.clear()
        from ..form.budgets import MAX_BYTES
        from ..form.forgiving import forgive
        from ..form.resolver import FolderResolver
        from ..form.source import compose

        # Read as the form reader reads: a regular file opened without blocking, within its size, and its tree
        # within the budgets (aliases expanded) before ruamel or the page walks it.
        source, _ = forgive(read_source(path)[0])  # full-width colons typed after a field name, read as meant
        if len(source.text) > MAX_FORM_CHARS:
            raise too_large(source.name, len(source.text))
        compose(source)
        try:
            raw = FolderResolver().read_bytes(path, MAX_BYTES)
        except OSError:  # replaced or removed since it was read just above
            raise WorkspaceError(Problem(Location(self.workspace.name(path)), f"找不到文件“{self.workspace.name(path)}”",
                                         "回到首页重新选择", "S004")) from None
        try:
            yaml, data = load_round_trip(source.text)
        except Exception:  # ruamel's own errors: the form's YAML is broken; draft check says where, in Chinese
            raise FormError(_reading_problems(path, self.session) or [Problem(
                Location(source.name), "这份表单的 YAML 格式有误", "用 draft check 查看并在文本编辑器里改正", "S010")]) from None
        if not isinstance(data, dict):
            raise FormError(Problem(Location(source.name), "这份表单不是“字段: 内容”形式", "参照 examples/ 里的示例表单", "S010"))
        spec = self._spec(path, source.text)
        base = Base(path, source.text, version_of(raw), yaml, data, spec)
        if len(self.bases) >= MAX_BASES:
            self.bases.pop(next(iter(self.bases)))
        self.bases[(path, base.version)] = base
        return base

    def _spec(self, path: Path, text: str) -> TemplateSpec:
        """The declaration of the form's template (its fields), also when the form has mistakes."""
        from ..form.validate import load_form_text

        try:
            return load_form_text(path, text, self.session).spec
        except FormError as error:
            if isinstance(error.partial, Form) and error.partial.spec is not None:
                return error.partial.spec
            from ..form.declarations import base_spec

            return base_spec()

    @_locked
    def base(self, name: str, version: str) -> Base:
        """The form ``name`` as the page opened it. Raises WorkspaceError when that version is gone."""
        path = self.workspace.path(name)
        found = self.bases.get((path, version))
        if found is not None:
            return found
        current = self.open(name)
        if current.version != version:
            raise WorkspaceError(Problem(Location(self.workspace.name(path)), "页面打开的那一版表单已经不在了（文件在别处被修改过）",
                                         "重新载入页面；未保存的修改已留在浏览器里，可以再恢复", "S011"))
        return current

    @_locked
    def state(self, base: Base) -> dict[str, Any]:
        """The page's fields for ``base``."""
        return form_state(base.data, base.spec)

    def text_for(self, base: Base, state: dict[str, Any]) -> str:
        """The form's text with the page's fields merged in (what saving would write)."""
        from ..form.roundtrip import copied, dump_round_trip

        data = copied(base.data)  # linear: ruamel's own deep copy costs the square of a table's rows
        try:
            Merger(data).merge(base.spec, state)
        except (AttributeError, TypeError, ValueError, KeyError):  # a shape the pages never send
            raise WorkspaceError(Problem(Location(self.workspace.name(base.path)), "页面发来的表单内容不完整，没有处理",
                                         "刷新页面后再试", "S021")) from None
        text = dump_round_trip(base.yaml, data)
        if len(text) > MAX_FORM_CHARS:
            raise too_large(self.workspace.name(base.path), len(text))
        return text

    @_locked
    def preview(self, base: Base, state: dict[str, Any]) -> Preview:
        """Check and render the page's fields as the CLI would (findings with the same codes and words)."""
        text = self.text_for(base, state)
        shown = self.preview_text(base.path, text, base.spec)
        shown.findings[:0] = _figure_name_findings(state, base.path)
        return shown

    def preview_text(self, path: Path, text: str, spec: TemplateSpec) -> Preview:
        """Check and render ``text`` as the form at ``path``."""
        from ..pipeline.checking import findings_of
        from ..pipeline.stages import read_text
        from ..render.printed import printed

        paths = field_paths(text, spec)
        form: Form | None = None
        try:  # the pipeline's read and check stages, as draft check runs them
            form = read_text(path, text, self.session)
            findings = findings_of(form, self.session)
        except FormError as error:  # the reading problems and the check's findings on what could be read
            findings = list(error.problems)
            form = error.partial if isinstance(error.partial, Form) else None
        except DraftError as error:
            findings = list(error.problems)
        html, css, numbers = "", "", {}
        if form is not None and any(p.code in _MARKED for p in findings):
            form = _marked(form, text, spec)
        if form is not None and not any(p.severity == ERROR and not p.code.startswith(("C", "F"))
                                        and p.code not in _MARKED for p in findings):
            html, css, numbers = self._document(form)
        shown = [finding_json(p, path_at(paths, p.location, display_name(path))) for p in findings if p.severity != NOTICE]
        return Preview(html, css, shown, numbers, sum(1 for p in findings if p.severity == ERROR), text,
                       list(form.figures) if form is not None else [], printed(form, self.draft_session.caches) if form is not None else {},
                       sheet_figures(form.figures.values()) if form is not None else [])

    def _document(self, form: Form) -> tuple[str, str, dict[str, str]]:
        """The preview's HTML and style sheet, and each heading's number by its origin (the field path of its item)."""
        from ..pipeline.stages import document as build_document
        from ..document.ast import Heading
        from ..writers.html import style_sheet, write_html

        try:
            document = build_document(form, self.draft_session)
        except DraftError:
            return "", "", {}
        assert form.profile is not None
        numbers: dict[str, str] = {}
        for block in document.blocks:
            if isinstance(block, Heading) and block.origin and block.number:
                numbers.setdefault(block.origin, block.number)
        return write_html(document, form.profile).decode("utf-8"), style_sheet(form.profile), numbers

    @_locked
    def save(self, base: Base, state: dict[str, Any], as_copy: bool = False) -> tuple[Path, Base]:
        """Write the page's fields into the form (atomically); ``as_copy`` writes a new file beside it instead.

        Refuses (S012) when the file changed on disk since the page opened it, unless saving a copy.
        """
        from ..atomic import write_new

        text = self.text_for(base, state)
        target = base.path
        if as_copy:
            target = _copy_name(base.path)
            write_new(target, text.encode("utf-8"), False, "换一个名字再保存")
        else:
            self._write_over(base, text)
        return target, self.open(self.workspace.name(target))

    @_locked
    def remove_note(self, base: Base, line: int, words: str) -> tuple[Path, Base]:
        """Delete the 批注 comment ``words`` at ``line`` (1-based) of the form as the page opened it, nothing else.

        Refuses (S100) when that line no longer holds it, (S012) when the file changed on disk since.
        """
        from .notes import without_note

        text = without_note(base.text, line, words)
        if text is None:
            raise WorkspaceError(Problem(Location(self.workspace.name(base.path), line), f"表单第{line}行已经不是这条批注了，没有删除",
                                         "重新载入页面，再看这条批注还在不在", "S100"))
        self._write_over(base, text)
        return base.path, self.open(self.workspace.name(base.path))

    def _write_over(self, base: Base, text: str) -> None:
        """Write ``text`` over the form of ``base`` (atomically). Refuses (S012) when the file changed on disk since."""
        from ..atomic import write_atomic

        on_disk = base.path.read_bytes() if base.path.is_file() else b""
        if version_of(on_disk) != base.version:
            raise WorkspaceError(Problem(Location(self.workspace.name(base.path)),
                                         "这份表单在打开之后被别的程序改过，没有保存，以免覆盖那些修改",
                                         "选择“重新载入”看别处的修改，或“另存为副本”保存页面上的内容", "S012"))
        write_atomic(base.path, text.encode("utf-8"), follow_links=True)


_MARKED = ("E121", "E122")  # a bad 日期 or 期间: the preview prints the rest, the value marked where it goes


def _marked(form: Form, text: str, spec: TemplateSpec) -> Form:
    """``form`` (read with a bad 日期 or 期间) with that value printed as typed, marked, for the preview."""
    from ..form.roundtrip import load_round_trip
    from ..form.schema import spec_fields, typed_keys
    from ..render.filters import Unreadable
    from .formstate import scalar_text

    try:
        data = load_round_trip(text)[1]
    except Exception:  # ruamel's own errors: nothing to mark
        return form
    keys = typed_keys(data, spec_fields(spec)) if isinstance(data, dict) else {}
    typed = {field.type: scalar_text(data[keys[field.name]]) for field in spec.fields
             if field.name in keys and field.type in ("日期", "期间")}
    if form.date is None and typed.get("日期"):
        form = form.replace(date=Unreadable("日期", typed["日期"]))
    if form.period is None and typed.get("期间"):
        form = form.replace(period=Unreadable("期间", typed["期间"]))
    return form


def _reading_problems(path: Path, session: Session) -> list[Problem]:
    """What reading and checking the form at ``path`` finds, as ``draft check`` says it."""
    from ..pipeline.stages import read

    try:
        read(path, session)
    except DraftError as error:
        return list(error.problems)
    return []


def _copy_name(path: Path) -> Path:
    """``名称（副本）.yaml``, or ``名称（副本2）.yaml`` … : a name no file has."""
    for number in range(1, 1000):
        label = "副本" if number == 1 else f"副本{number}"
        candidate = path.with_name(f"{path.stem}（{label}）{path.suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise WorkspaceError(Problem(Location(path.name), "副本太多，没有另存", "删掉一些副本再试", "S013"))


def _figure_name_findings(state: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    """A warning for each figure row that will be saved under another name (no name, or a name repeated)."""
    rows = state.get("指标")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return []
    from ..errors import WARNING

    return [finding_json(Problem(Location(display_name(path)), note, "改成一个不重复的名称", "S050", WARNING), f"指标/{i}/名称")
            for i, (_, note) in enumerate(figure_names(rows)) if note]


def sheet_figures(figures: Any) -> list[dict[str, str]]:
    """The figures read from the spreadsheet as the page shows them, read-only: values and the cell they come from."""
    from ..form.figures import format_number

    def shown(value: Any) -> str:
        return "" if value is None else format_number(value)

    return [{"名称": f.name, "值": shown(f.value), "单位": f.unit, "上期": shown(f.previous), "去年同期": shown(f.last_year),
             "来源": f.source or "", "单元格": f.cell} for f in figures if f.cell]


def finding_json(problem: Problem, path: str | None) -> dict[str, Any]:
    """A finding as the page shows it: the CLI's line, code, words and hint, and the field it belongs to."""
    from ..diagnostics import headline

    return {"code": problem.code, "severity": str(problem.severity), "message": problem.message,
            "hint": problem.hint or "", "line": headline(problem), "path": path or "",
            "where": str(problem.location)}
