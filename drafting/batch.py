"""Build many forms in one process (or a few worker processes)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import DraftError, Location, OutputError, Problem
from .source import display_name

FORM_SUFFIXES = (".yaml", ".yml")


@dataclass(eq=False)
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
            import glob

            forms.extend(sorted(Path(p) for p in glob.glob(argument, recursive=True)))
        else:
            forms.append(path)
    return list(dict.fromkeys(forms))


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


def ensure_output_dir(output: Path | None, many: bool) -> Path | None:
    """With several forms, -o names a folder: create it when missing. Raises OutputError."""
    if output is None or not many:
        return output
    if output.exists() and not output.is_dir():
        raise OutputError(Problem(Location(str(output)), f"生成多份文稿时 -o 要给一个文件夹，“{output}”是文件",
                                  "改为一个文件夹名，如 -o 输出/", "O008"))
    output.mkdir(parents=True, exist_ok=True)
    return output
