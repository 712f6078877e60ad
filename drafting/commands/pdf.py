"""PDF export: the .docx files of a command converted by LibreOffice, each PDF written atomically.

One LibreOffice process converts a whole batch (``soffice --convert-to``); with ``jobs`` > 1 and a
Python that has LibreOffice's ``uno``, that many resident converters share the batch side by side;
a command that converts again and again (draft serve) keeps one resident converter (resident.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable

from ..atomic import write_atomic
from ..errors import Location, OutputError, Problem, display_name, os_reason
from ..resources import fontconfig_file


def find_soffice() -> str | None:
    """LibreOffice's command, if installed (PATH, then the usual install folders)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\\Program Files\\LibreOffice\\program\\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice", "/opt/libreoffice/program/soffice"):
        if Path(candidate).is_file():
            return candidate
    return None


NO_LIBREOFFICE = Problem(Location("PDF"), "没有找到 LibreOffice，无法生成 PDF（Word 文稿已经生成）",
                         "安装 LibreOffice 后重试：Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer；"
                         "Windows、macOS 从 libreoffice.org 下载安装", "P001")


def render_pdfs(documents: list[Path], scratch: Path, jobs: int = 1,
                resident: Any = None) -> tuple[list[Path | None], list[Problem]]:
    """Convert .docx files to PDFs inside ``scratch``: each document's PDF (None where LibreOffice made none)
    and the problems met. ``resident`` (a ResidentConverter) converts them if given; else ``jobs`` resident
    converters side by side where ``uno`` is available; else one LibreOffice process for them all."""
    soffice = find_soffice()
    if soffice is None:
        return [None] * len(documents), [NO_LIBREOFFICE]
    if resident is not None or (jobs > 1 and len(documents) > 1):
        from .resident import convert_resident, uno_python

        out = Path(scratch, "out")
        out.mkdir(exist_ok=True)
        if resident is not None:
            problems = [p for p in (resident.convert(d, out / f"{i:05d}.pdf") for i, d in enumerate(documents)) if p]
            return [out / f"{i:05d}.pdf" if (out / f"{i:05d}.pdf").is_file() else None
                    for i in range(len(documents))], problems
        python = uno_python()
        if python is not None:
            return convert_resident(documents, out, soffice, python, min(jobs, len(documents)))
    env = dict(os.environ)
    if fontconfig_file().is_file() and "FONTCONFIG_FILE" not in env and os.name != "nt":
        env["FONTCONFIG_FILE"] = str(fontconfig_file())
    profile = Path(scratch, "profile").as_uri()
    out = Path(scratch, "out")
    out.mkdir(exist_ok=True)
    staged = []
    for index, document in enumerate(documents):  # unique names: forms in different folders may share one
        copy = out / f"{index:05d}.docx"
        shutil.copyfile(document, copy)
        staged.append(copy)
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out)] + [str(p) for p in staged],
                       env=env, capture_output=True, timeout=60 + 10 * len(documents), check=False)
    except subprocess.TimeoutExpired:
        return [None] * len(documents), [Problem(Location("PDF"), "LibreOffice 转换 PDF 超时",
                                                 "检查 LibreOffice 能否正常启动", "P002")]
    except OSError as exc:
        return [None] * len(documents), [Problem(Location("PDF"), f"LibreOffice 无法启动：{os_reason(exc)}",
                                                 "检查 LibreOffice 的安装", "P002")]
    pdfs: list[Path | None] = []
    problems: list[Problem] = []
    for document, copy in zip(documents, staged):
        pdf = copy.with_suffix(".pdf")
        pdfs.append(pdf if pdf.is_file() else None)
        if not pdf.is_file():
            problems.append(Problem(Location(display_name(document)), "LibreOffice 没能把它转换成 PDF",
                                    "用 LibreOffice 打开这个 .docx 看看是否有问题", "P003"))
    return pdfs, problems


def convert_to_pdf(documents: list[Path], progress: Callable[[int], None] | None = None, jobs: int = 1,
                   resident: Any = None) -> list[Problem]:
    """Convert .docx files to PDF beside them with one LibreOffice process; returns problems.

    Each PDF is written to a temporary folder first and moved into place, so a failed
    conversion never leaves a half-written PDF.
    """
    if not documents:
        return []
    from .fonts import missing_fonts

    with tempfile.TemporaryDirectory(prefix="draft-pdf-") as scratch:
        pdfs, problems = render_pdfs(documents, Path(scratch), jobs, resident)
        problems = missing_fonts(documents) + problems  # a font it had to replace, said once by name
        for index, (document, pdf) in enumerate(zip(documents, pdfs)):
            if pdf is None:
                continue
            try:  # through a temporary file beside the target, as every output: a full disk keeps the old PDF
                write_atomic(document.with_suffix(".pdf"), pdf.read_bytes())
            except OutputError as error:
                problems.extend(error.problems)
            if progress:
                progress(index + 1)
    return problems
