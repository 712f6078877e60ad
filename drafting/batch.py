"""Build many forms in one process (or a few worker processes), and convert them to PDF in one go."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import DraftError, Location, OutputError, Problem
from .resources import fontconfig_file
from .source import display_name

FORM_SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    """What happened to one form: the file written (or skipped as up to date), warnings, or the errors."""

    form: Path
    target: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: bool = False


def expand_forms(arguments: Iterable[str]) -> list[Path]:
    """Forms named on the command line: files, folders (their *.yaml), and glob patterns, in order."""
    forms: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            forms.extend(sorted(p for p in path.iterdir() if p.suffix in FORM_SUFFIXES and p.is_file()))
        elif any(c in argument for c in "*?[") and not path.exists():
            forms.extend(sorted(Path(p) for p in glob.glob(argument, recursive=True)))
        else:
            forms.append(path)
    unique: list[Path] = []
    for form in forms:
        if form not in unique:
            unique.append(form)
    return unique


def _inputs_newest(form: Path, template_dirs: tuple[Path, ...]) -> float:
    """The newest modification time among a form, the files it names and the template folders."""
    from .resources import template_folders
    times = [form.stat().st_mtime]
    for folder in template_folders(form.parent, template_dirs):
        times += [p.stat().st_mtime for p in folder.glob("*") if p.is_file()]
    text = form.read_text(encoding="utf-8", errors="replace")
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("上期", "去年同期", "previous", "last_year", "版式") and value.strip():
            other = form.parent / value.split("#")[0].strip()
            if other.is_file():
                times.append(other.stat().st_mtime)
    return max(times)


def build_one(form: Path, output_dir: Path | None, fmt: str, force: bool, template_dirs: tuple[Path, ...],
              changed_only: bool) -> Outcome:
    """Build one form, catching its errors so that the others go on."""
    from .build import build, output_path

    outcome = Outcome(form)
    try:
        if changed_only:
            target = output_path(form, output_dir, fmt)
            if target.exists() and target.stat().st_mtime >= _inputs_newest(form, template_dirs):
                outcome.target, outcome.skipped = target, True
                return outcome
        outcome.target, outcome.warnings = build(form, output_dir, fmt, force, template_dirs)
    except DraftError as error:
        outcome.errors = error.problems
    except OSError as error:  # e.g. the form vanished between listing and reading
        outcome.errors = [Problem(Location(display_name(form)), f"无法读取：{error.strerror}", None, "E001")]
    return outcome


def build_many(forms: list[Path], output_dir: Path | None, fmt: str, force: bool, template_dirs: tuple[Path, ...],
               changed_only: bool, jobs: int = 1) -> Iterator[Outcome]:
    """Build every form, in this process or in ``jobs`` worker processes; yields outcomes as they finish."""
    if jobs <= 1 or len(forms) < 2:
        for form in forms:
            yield build_one(form, output_dir, fmt, force, template_dirs, changed_only)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(build_one, forms, [output_dir] * len(forms), [fmt] * len(forms), [force] * len(forms),
                            [template_dirs] * len(forms), [changed_only] * len(forms), chunksize=4)


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


def convert_to_pdf(documents: list[Path], progress: Callable[[int], None] | None = None) -> list[Problem]:
    """Convert .docx files to PDF beside them with one LibreOffice process; returns problems.

    Each PDF is written to a temporary folder first and moved into place, so a failed
    conversion never leaves a half-written PDF.
    """
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        return [NO_LIBREOFFICE]
    env = dict(os.environ)
    if fontconfig_file().is_file() and "FONTCONFIG_FILE" not in env and os.name != "nt":
        env["FONTCONFIG_FILE"] = str(fontconfig_file())
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="draft-pdf-") as scratch:
        profile = Path(scratch, "profile").as_uri()
        out = Path(scratch, "out")
        out.mkdir()
        staged = []
        for index, document in enumerate(documents):  # unique names: forms in different folders may share one
            copy = out / f"{index:05d}.docx"
            shutil.copyfile(document, copy)
            staged.append(copy)
        try:
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(out)] + [str(p) for p in staged],
                           env=env, capture_output=True, timeout=60 + 10 * len(documents), check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [Problem(Location("PDF"), f"LibreOffice 转换 PDF 失败：{exc}", "检查 LibreOffice 能否正常启动", "P002")]
        for index, (document, copy) in enumerate(zip(documents, staged)):
            pdf = copy.with_suffix(".pdf")
            if not pdf.is_file():
                problems.append(Problem(Location(display_name(document)), "LibreOffice 没能把它转换成 PDF",
                                        "用 LibreOffice 打开这个 .docx 看看是否有问题", "P003"))
                continue
            target = document.with_suffix(".pdf")
            try:
                os.replace(pdf, target) if pdf.stat().st_dev == target.parent.stat().st_dev else \
                    shutil.move(str(pdf), str(target))
            except OSError as exc:
                problems.append(Problem(Location(display_name(target)), f"无法写入 PDF：{exc.strerror}",
                                        "关闭打开它的程序，或检查文件夹权限", "P004"))
            if progress:
                progress(index + 1)
    return problems


def ensure_output_dir(output: Path | None, many: bool) -> Path | None:
    """With several forms, -o names a folder: create it when missing. Raises OutputError."""
    if output is None or not many:
        return output
    if output.exists() and not output.is_dir():
        raise OutputError(Problem(Location(str(output)), f"生成多份文稿时 -o 要给一个文件夹，“{output}”是文件",
                                  "改为一个文件夹名，如 -o 输出/", "O008"))
    output.mkdir(parents=True, exist_ok=True)
    return output
