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
    """The file of a built-in style profile."""
    return resource_dir("data") / "profiles" / f"{name}.yaml"


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
        if resolved.is_dir() and resolved != builtin and resolved not in folders:
            folders.append(resolved)
    return folders + [builtin]
