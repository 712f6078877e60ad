"""Printing a document's comments (批注) in the page margin: the private profile and, for a LibreOffice without a
GUI, the comment window's layout file it lacks.

LibreOffice 7.4's PDF export has no ``ExportNotesInMargin`` (7.5 added it) but follows Writer's print setting
“Comments: Place in margins” (``/org.openoffice.Office.Writer/Print/Content/Note`` = 4, SwPostItMode::InMargins):
the page is shrunk to 75 % and the comments drawn in a column beside it. Drawing them needs the comment window's
layout, ``modules/swriter/ui/annotation.ui``, which Debian's ``libreoffice-writer-nogui`` does not install (export
then fails). For such an installation the one-shot LibreOffice is pointed (``-env:BRAND_BASE_DIR``) at a folder of
links to the installation with that one file added from ``data/libreoffice/``; nothing installed is changed.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..resources import resource_dir

IN_MARGINS = 4  # SwPostItMode::InMargins
COMMENT_WINDOW = ("share", "config", "soffice.cfg", "modules", "swriter", "ui", "annotation.ui")
# a fresh profile is made by copying the installation's presets/ (228 KB), which LibreOffice cannot do through a
# link to a folder, nor without the folder ("User installation could not be completed"): this one is copied
COPIED = ("presets",)
PROFILE_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Writer/Print/Content"><prop oor:name="Note" oor:op="fuse">\
<value>{IN_MARGINS}</value></prop></item>
</oor:items>
"""


def comment_window_file() -> Path:
    """The comment window's layout (LibreOffice 7.4's annotation.ui, MPL 2.0) that draft lends a GUI-less install."""
    return resource_dir("data") / "libreoffice" / "annotation.ui"


def installation(soffice: str) -> Path | None:
    """LibreOffice's installation folder (the one holding ``program/`` and ``share/``) for the command ``soffice``,
    if it has that layout (Linux and Windows; not macOS's app bundle)."""
    program = Path(soffice).resolve().parent
    folder = program.parent
    if program.name == "program" and (folder / "share" / "config" / "soffice.cfg").is_dir():
        return folder
    return None


def margin_arguments(profile: Path, scratch: Path, soffice: str) -> list[str]:
    """Prepare a one-shot LibreOffice whose profile folder is ``profile`` to print comments in the margin: the
    print setting written into the fresh profile, and the command-line arguments it needs besides (the overlay
    installation inside ``scratch`` when the comment window's layout is missing)."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    install = installation(soffice)
    if install is None or install.joinpath(*COMMENT_WINDOW).is_file():
        return []
    base = scratch / "installation"
    lend_comment_window(install, base, comment_window_file())
    return [f"-env:BRAND_BASE_DIR={base.as_uri()}"]


def lend_comment_window(install: Path, base: Path, layout: Path) -> None:
    """Build ``base``: links to everything in ``install``, except along the path to the comment window's layout,
    where folders are made (of links to their other entries) and ``layout`` is copied in, and presets/, copied."""
    source, target = install, base
    target.mkdir(parents=True, exist_ok=True)
    for step in COMMENT_WINDOW[:-1]:
        for entry in _entries(source):
            if source == install and entry.name in COPIED:
                shutil.copytree(entry, target / entry.name)
            elif entry.name != step:
                os.symlink(entry, target / entry.name, target_is_directory=entry.is_dir())
        source, target = source / step, target / step
        target.mkdir(exist_ok=True)
    for entry in _entries(source):
        if entry.name != COMMENT_WINDOW[-1]:
            os.symlink(entry, target / entry.name, target_is_directory=entry.is_dir())
    (target / COMMENT_WINDOW[-1]).write_bytes(layout.read_bytes())


def _entries(folder: Path) -> list[Path]:
    """What ``folder`` holds (nothing, if it does not exist)."""
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []
