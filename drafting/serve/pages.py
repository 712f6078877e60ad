"""The two pages (home and form), rendered from the package's own Jinja files with every value escaped."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..form.declarations import TYPES, template_names
from ..options import Options
from ..resources import template_folders
from .editing import Base, Editor
from ..form.tables import FIGURE_COLUMNS
from .formstate import editable
from .notes import leader_notes
from .profiles import profile_choices
from .workspace import Workspace

WEB = Path(__file__).parent / "web"
# What the 插入 menu offers for a figure: how it reads, and the code it puts in the text.
FIGURE_FORMS = [
    ("数值（如“2966件”）", "{{ 指标.甲 }}"),
    ("同比（比去年同期，如“同比上升12.5%”）", "{{ 指标.甲 | 同比 }}"),
    ("环比（比上期）", "{{ 指标.甲 | 环比 }}"),
    ("同比增减量（如“增加12件”）", "{{ 指标.甲 | 增减 }}"),
    ("简写（如“14.5万余起”）", "{{ 指标.甲 | 简写(1, 余=true) }}"),
    ("占另一指标的比率（如“44.9%”）", "{{ 指标.甲 | 比率(指标.乙, 1) }}"),
    ("只写数字，不带单位", "{{ 指标.甲 | 数值 }}"),
]
PERIOD_WORDS = [("期间全称（如“2023年上半年”）", "{{ 期间.全称 }}"), ("期间简称（如“上半年”）", "{{ 期间.简称 }}"),
                ("下一期（如“下半年”）", "{{ 期间.下期 }}"), ("起止月份（如“1—6月”）", "{{ 期间.起止 }}")]


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(WEB)), autoescape=select_autoescape(["html"]))


def _json_for_page(data: Any) -> str:
    """JSON that cannot end the <script> element it sits in."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _templates(workspace: Workspace, options: Options) -> list[dict[str, str]]:
    from ..form.catalogue import list_templates
    from ..options import Session

    del workspace  # templates are looked up as for the CLI: --template-dir, ./templates, the built-ins
    return [{"name": spec.name, "description": spec.description} for spec in list_templates(Session(options))]


def home_page(workspace: Workspace, token: str, options: Options, problems: list[Problem] | None = None,
              broken: str | None = None, base: str = "") -> str:
    """The home page: the folder's forms, buttons for new, next and building several, and any refusal to say;
    its links and requests under ``base``."""
    from ..diagnostics import problem_lines

    said = [line + (f"（{problem.code}）" if problem.code and index == 0 else "")
            for problem in problems or [] for index, line in enumerate(problem_lines(problem))]
    return _environment().get_template("home.html").render(
        folder=str(workspace.root), forms=workspace.listing(), token=token, said=said, broken=broken,
        templates=_templates(workspace, options), base=base)


def form_page(workspace: Workspace, editor: Editor, opened: Base, token: str, options: Options, pdf: bool,
              base: str = "", extras: dict[str, Any] | None = None) -> str:
    """The form page: the fields of the form's template, filled from the form, and the live preview beside them;
    its links and requests under ``base``. ``extras`` (a server that collects forms): ``banner`` ({state, comment,
    tone: returned|submitted|accepted|""}) shown above the fields, ``submit`` (the URL the 提交 button posts to),
    ``versions`` (the 历史版本 page), ``home`` (where 返回首页 leads), ``readonly`` (保存 and 导入修改稿 disabled: the
    store refuses writes anyway); ``draft serve`` gives none."""
    folders = template_folders(opened.path.parent, options.template_dirs)
    fields = [{"name": f.name, "type": f.type, "label": f.shown, "doc": f.doc or TYPES.get(f.type, ""),
               "required": f.required, "level": f.level, "example": _example(f.example)}
              for f in editable(opened.spec, opened.data)]
    data = {"name": workspace.name(opened.path), "version": opened.version, "template": opened.spec.name,
            "fields": fields, "state": editor.state(opened), "templates": [n for n, _ in template_names(folders)],
            "forms": [workspace.name(p) for p in workspace.forms()], "pdf": pdf,
            "figureForms": FIGURE_FORMS, "periodWords": PERIOD_WORDS, "figureColumns": list(FIGURE_COLUMNS),
            "profiles": profile_choices(workspace, opened.path), "notes": leader_notes(opened.text, opened.spec)}
    return _environment().get_template("form.html").render(
        token=token, name=data["name"], template=opened.spec.name, description=opened.spec.description,
        page_data=_json_for_page(data), base=base, extras=_extras(extras))


TONES = ("returned", "submitted", "accepted")


def _extras(extras: dict[str, Any] | None) -> dict[str, Any] | None:
    """The form page's extras as the template uses them: a banner's tone one of TONES (else none), URLs as strings."""
    if extras is None:
        return None
    banner = extras.get("banner") or None
    if banner is not None:
        tone = banner.get("tone") or ""
        banner = {"state": str(banner.get("state") or ""), "comment": str(banner.get("comment") or ""),
                  "tone": tone if tone in TONES else ""}
    return {"banner": banner, "submit": extras.get("submit") or "", "versions": extras.get("versions") or "",
            "home": extras.get("home") or "", "readonly": bool(extras.get("readonly"))}


def _example(value: Any) -> str:
    return value if isinstance(value, str) else ""
