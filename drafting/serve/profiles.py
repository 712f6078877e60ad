"""The 版式 a form page offers by name: the built-in profiles and any profile file beside the form."""
from __future__ import annotations

from pathlib import Path

from ..resources import resource_dir
from .workspace import FORM_SUFFIXES, Workspace, _budgeted_read

MAX_BESIDE = 200  # YAML files beside a form looked at for profiles
_PROFILE_KEYS = {"名称", "西文字体", "角色", "替代字体", "基于"}


def _builtin() -> list[tuple[str, str]]:
    """Each built-in profile's name and its Chinese 名称."""
    from ..form.profile import builtin_profile

    folder = resource_dir("data") / "profiles"
    return [(path.stem, builtin_profile(path.stem).name or path.stem) for path in sorted(folder.glob("*.yaml"))]


def profile_choices(workspace: Workspace, form: Path) -> list[tuple[str, str]]:
    """(value the form writes, what the page shows) for every 版式 a form at ``form`` may name."""
    choices = [(name, f"{title}（内置）") for name, title in _builtin()]
    try:
        beside = sorted(p for p in form.parent.iterdir() if p.suffix.lower() in FORM_SUFFIXES
                        and not p.name.startswith(".") and p != form and p.is_file() and not p.is_symlink())
    except OSError:
        return choices
    for path in beside[:MAX_BESIDE]:
        data = _budgeted_read(path, workspace.name(path))
        if isinstance(data, dict) and data and set(map(str, data)) <= _PROFILE_KEYS:
            title = data.get("名称")
            choices.append((path.name, f"{title if isinstance(title, str) and title.strip() else path.stem}（{path.name}）"))
    return choices
