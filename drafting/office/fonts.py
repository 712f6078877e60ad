"""Which fonts a PDF will not have: a family neither installed nor given a stand-in, said once by name."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..errors import WARNING, Location, Problem
from ..ooxml.reader import font_names
from ..resources import fontconfig_file

_PROBE = "draft-no-such-font-family"


def _matched(fc_match: str, family: str, env: dict[str, str]) -> str | None:
    try:
        result = subprocess.run([fc_match, "-f", "%{family[0]}", family], capture_output=True, text=True, env=env,
                                timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def missing_fonts(documents: list[Path]) -> list[Problem]:
    """A warning for each font family the documents name that fontconfig can only replace by its default.

    The project's aliases (仿宋_GB2312 → FandolFang …) count as found: they are the stand-ins the tests
    measure. Where fontconfig is absent (Windows, macOS without it) nothing is said.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None or not documents:
        return []
    env = dict(os.environ)
    if fontconfig_file().is_file() and "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(fontconfig_file())
    default = _matched(fc_match, _PROBE, env)
    if default is None:
        return []
    families: list[str] = []
    for document in documents:
        try:
            families += [name for name in font_names(document.read_bytes()) if name not in families]
        except OSError:
            continue
    problems = []
    for family in families:
        matched = _matched(fc_match, family, env)
        if matched == default and family.casefold() != default.casefold():
            problems.append(Problem(Location("PDF"), f"这台电脑上没有字体“{family}”，也没有设替代字体：PDF 里它用“{default}”代替",
                                    f"安装“{family}”，或在版式里把用到它的角色改成已安装的字体", "P004", WARNING))
    return problems
