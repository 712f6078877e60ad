"""Where the built-in templates and data live, installed or in a source checkout."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
