"""One-shot conversion: one ``soffice --convert-to pdf`` process for a whole batch, killed with its group on timeout."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from ..errors import Location, Problem, display_name, os_reason
from .margin import margin_arguments
from .resident import convert_seconds
from .soffice import office_env, pipe_file, remove_pipes, single_instance_pipe

WATCHDOG = Path(__file__).with_name("watchdog.py")

# bookmarks become the PDF's named destinations: draft reads where each paragraph was printed from them
PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
# …and the comments (批注) as PDF annotations: LibreOffice 7.4 has no ExportNotesInMargin (7.5 added it)
PDF_FILTER_NOTES = PDF_FILTER[:-1] + ',"ExportNotes":{"type":"boolean","value":"true"}}'
# …or drawn in the page margin: 7.5+ by this option, 7.4 by the profile's print setting (margin.py); ExportNotes
# said false, since given options make 7.4 default it to true (note icons over the words besides the margin)
PDF_FILTER_MARGIN = (PDF_FILTER[:-1] + ',"ExportNotes":{"type":"boolean","value":"false"}'
                     ',"ExportNotesInMargin":{"type":"boolean","value":"true"}}')


def convert_once(documents: list[Path], scratch: Path, soffice: str, orphaned: tuple[Path, ...] = (),
                 notes: bool = False, margin: bool = False) -> tuple[list[Path | None], list[Problem]]:
    """Convert ``documents`` into ``scratch``/out with one LibreOffice process: each PDF (None where none was made);
    if draft dies meanwhile, the watchdog removes ``scratch`` and the ``orphaned`` folders. ``notes``: the comments
    as PDF annotations; ``margin``: the comments printed in the page margin instead (the page shrunk beside them)."""
    profile = Path(scratch, "profile").as_uri()
    out = Path(scratch, "out")
    out.mkdir(exist_ok=True)
    staged = []
    for index, document in enumerate(documents):  # unique names: forms in different folders may share one
        copy = out / f"{index:05d}.docx"
        shutil.copyfile(document, copy)
        staged.append(copy)
    try:
        extra = margin_arguments(Path(scratch, "profile"), scratch, soffice) if margin else []
    except OSError as exc:
        return [None] * len(documents), [Problem(Location("PDF"), f"准备 LibreOffice 把批注印在页边时出错：{os_reason(exc)}",
                                                 "检查临时文件夹能否写入（TMPDIR），再试一次", "A021")]
    export = PDF_FILTER_MARGIN if margin else PDF_FILTER_NOTES if notes else PDF_FILTER
    command = [soffice, f"-env:UserInstallation={profile}", *extra, "--headless", "--convert-to", export,
               "--outdir", str(out)] + [str(p) for p in staged]
    # through the watchdog: LibreOffice dies with draft, however draft ends
    leftovers = {"parent": os.getpid(), "folder": str(scratch), "orphaned": [str(f) for f in orphaned],
                 "sockets": [str(pipe_file(single_instance_pipe(profile)))]}
    try:
        process = subprocess.Popen([sys.executable, str(WATCHDOG), json.dumps(leftovers), *command],
                                   env=office_env(Path(scratch, "tmp")), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        return [None] * len(documents), [Problem(Location("PDF"), f"LibreOffice 无法启动：{os_reason(exc)}",
                                                 "检查 LibreOffice 的安装", "P002")]
    try:
        process.wait(timeout=sum(convert_seconds(d) for d in documents))
    except subprocess.TimeoutExpired:
        _kill_group(process)
        remove_pipes(profile)
        names = "、".join(display_name(d) for d in documents[:3]) + ("等" if len(documents) > 3 else "")
        return [None] * len(documents), [Problem(Location("PDF"), f"LibreOffice 转换 PDF 超时（{names}），已停止它",
                                                 "检查 LibreOffice 能否正常启动，或用 LibreOffice 打开这个文稿看看", "P002")]
    remove_pipes(profile)  # a LibreOffice that refused to start (exit 77) leaves its socket behind
    pdfs: list[Path | None] = []
    problems: list[Problem] = []
    for document, copy in zip(documents, staged):
        pdf = copy.with_suffix(".pdf")
        pdfs.append(pdf if pdf.is_file() else None)
        if not pdf.is_file():
            problems.append(Problem(Location(display_name(document)), "LibreOffice 没能把它转换成 PDF",
                                    "用 LibreOffice 打开这个 .docx 看看是否有问题", "P003"))
    return pdfs, problems


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Ask the watchdog to kill soffice and what it started (soffice.bin, their own group), then reap it; a
    watchdog that does not answer is killed."""
    try:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
        process.wait()
