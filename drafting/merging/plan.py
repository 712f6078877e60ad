"""Plan a merge: what the edited .docx changes in the form, as a change list, and the form text with them applied."""
from __future__ import annotations

import hashlib
from pathlib import Path
from ..errors import WARNING, Location, Problem, display_name, os_reason
from ..options import Session
from .model import Change, MergeError, MergePlan
from .planner import Planner
from .reading import read_edited

__all__ = ["Change", "MergeError", "MergePlan", "plan_merge"]


def plan_merge(form_path: Path, docx: bytes, docx_name: str, session: Session,
               reject_revisions: bool = False) -> MergePlan:
    """What the edited ``docx`` (shown as ``docx_name``) changes in the form at ``form_path``. Raises MergeError."""
    shown = display_name(form_path)
    try:
        form_text = form_path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = os_reason(exc) if isinstance(exc, OSError) else "文件不是 UTF-8 编码"
        raise MergeError(Problem(Location(shown), f"读不了表单“{shown}”：{why}",
                                 "确认表单路径写对了、是 UTF-8 的 YAML 文件", "M001")) from None
    edited, properties, unread = read_edited(docx, docx_name, reject_revisions)
    problems = unread + _origin_problems(properties, form_path, form_text, docx_name)
    planner = Planner(form_path, form_text, session)
    plan = planner.plan(edited, docx_name, trust_markers=not any(p.code in ("M005", "M006") for p in problems))
    plan.problems[:0] = problems
    verify(plan, form_path, session)
    return plan


def _origin_problems(properties: object, form_path: Path, form_text: str, docx_name: str) -> list[Problem]:
    """Whether the .docx says it was built from another form (an error: stop unless forced) or from an older text."""
    recorded = getattr(properties, "form", "")
    digest = getattr(properties, "form_sha256", "")
    where = Location(docx_name)
    if not recorded:
        return [Problem(where, f"“{docx_name}”里没有 drafting 的生成记录（可能被 WPS 另存或复制到了新文件）",
                        "按文字逐段对齐合并；请仔细核对改动清单", "M010", WARNING)]
    if digest == hashlib.sha256(form_text.encode("utf-8")).hexdigest():
        return []
    if Path(recorded.replace("\\", "/")).name != form_path.name:
        said = "".join(ch if ch.isprintable() else " " for ch in recorded[:81])  # the sender's text: one short line
        said = said if len(said) <= 80 else said[:80] + "…"
        return [Problem(where, f"“{docx_name}”是由另一份表单“{said}”生成的，不是“{display_name(form_path)}”",
                        "确认 --into 给的是生成这份文稿的表单；确实要合并进这份表单，加 --force", "M005")]
    return [Problem(where, f"表单“{display_name(form_path)}”在生成“{docx_name}”之后改过",
                    "生成之后在表单里改的文字，若修改稿里仍是旧的，会被当作领导的改动改回去；请逐条核对改动清单",
                    "M006", WARNING)]


def verify(plan: MergePlan, form_path: Path, session: Session) -> None:
    """Build the merged form (a form that would not build: an error) and, without 冲突, compare its text with the
    edited document's; a difference becomes a warning."""
    from ..errors import FormError, TemplateError
    from ..pipeline.stages import read_text, run
    from .pairing import built_paragraphs

    if not plan.edited:
        return
    text = plan.text()
    try:
        rebuilt = built_paragraphs(run(read_text(form_path, text, session), "txt", session, findings=[]).laid)
    except (FormError, TemplateError) as error:
        first = error.problems[0].message if error.problems else ""
        plan.problems.append(Problem(Location(display_name(form_path)), f"合并后的表单生成不了文稿：{first}",
                                     "这是 drafting 的缺陷，请把修改稿和表单一起报告；表单没有改", "M008"))
        return
    if plan.conflicts:
        return
    ours = [p.text if p.rows is None else "\x1f".join("".join(r) for r in p.rows) for p in rebuilt]
    theirs = [p.text if p.rows is None else "\x1f".join("".join(r) for r in p.rows) for p in plan.edited]
    if ours != theirs:
        differing = [n for n, (a, b) in enumerate(zip(ours, theirs)) if a != b]
        n = differing[0] if differing else min(len(ours), len(theirs))
        mine, edited = _around(ours[n] if n < len(ours) else "（无）", theirs[n] if n < len(theirs) else "（无）")
        plan.problems.append(Problem(Location(display_name(form_path)),
                                     f"合并后重新生成的文稿与修改稿不完全一样：第 {n + 1} 段生成“{mine}”，"
                                     f"修改稿是“{edited}”",
                                     "手写或改动的编号不会写进表单；其余差别请对照修改稿在表单里补改", "M009", WARNING))


def _around(one: str, other: str, room: int = 12) -> tuple[str, str]:
    """The two texts cut to where they first differ, with a few characters either side."""
    start = next((n for n, (a, b) in enumerate(zip(one, other)) if a != b), min(len(one), len(other)))
    cut = max(0, start - room)
    prefix = "…" if cut else ""
    return prefix + one[cut:start + room] + ("…" if len(one) > start + room else ""), \
        prefix + other[cut:start + room] + ("…" if len(other) > start + room else "")
