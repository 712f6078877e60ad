"""Where the built-in templates and data live, installed or in a source checkout."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def resource_dir(name: str) -> Path:
    """Return the folder ``templates`` or ``data``: inside the wheel, else the repo root."""
    installed = _PACKAGE / "_resources" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def templates_dir() -> Path:
    """The folder of built-in Jinja templates."""
    return resource_dir("templates")


def profile_path(name: str) -> Path:
    """The file of a built-in style profile (a name with a path in it names none)."""
    folder = resource_dir("data") / "profiles"
    if not name or any(c in name for c in "/\\") or name.startswith(".") or "\x00" in name:
        return folder / "（没有这个版式）"
    return folder / f"{name}.yaml"


def fontconfig_file() -> Path:
    """The fontconfig file that maps official font names to free fonts (for rendering)."""
    return resource_dir("data") / "fontconfig" / "fonts.conf"


def template_folders(form_dir: Path | None = None, extra: Iterable[Path] = ()) -> list[Path]:
    """Where templates are looked up, first found wins: --template-dir folders, the form's
    ``templates/``, the working folder's ``templates/``, then the built-in templates (last)."""
    builtin = templates_dir().resolve()
    candidates = [Path(p) for p in extra]
    if form_dir is not None:
        candidates.append(form_dir / "templates")
    candidates.append(Path.cwd() / "templates")
    folders: list[Path] = []
    for folder in candidates:
        resolved = folder.resolve()
        if form_dir is not None and folder == form_dir / "templates" and not _inside(resolved, form_dir.resolve()):
            continue  # a templates/ link beside a form that points elsewhere is not the form's own
        if resolved.is_dir() and resolved != builtin and resolved not in folders:
            folders.append(resolved)
    return folders + [builtin]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def user_cache_folder(name: str) -> str | None:
    """``~/.cache/drafting/NAME`` (or under $XDG_CACHE_HOME), made if need be; None if it cannot be written."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "drafting", name)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
