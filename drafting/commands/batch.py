"""Build many forms in one process, or in worker processes that each build a share with their own caches."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import DraftError, Location, Problem, display_name, os_reason
from ..form.declarations import base_spec
from ..form.fields import FILE_TYPES
from ..form.paths import is_kept_before_merge
from ..form.resolver import FolderResolver, Resolver
from ..options import Options, Session
from ..pipeline.result import Built

FORM_SUFFIXES = (".yaml", ".yml")
# Top-level keys of the YAML files that sit beside forms but are not forms: style profiles and
# template declarations. A file whose keys are all among these is skipped when a folder is built.
_NOT_FORM_KEYS = frozenset({"名称", "西文字体", "角色", "替代字体", "基于", "描述", "字段"})
_TOP_KEY = r"^([^\s#\-\"'{\[][^:：#]*?)\s*[:：]"  # compiled by re's cache when a folder is built


class Outcome:
    """What happened to one form: the file written (or skipped as up to date), warnings, notices, or the errors."""

    __slots__ = ("form", "target", "warnings", "errors", "notices", "skipped", "placeholders", "built")

    def __init__(self, form: Path) -> None:
        self.form = form
        self.built: Built | None = None  # what the pipeline made, kept when the pages are to be fitted
        self.target: Path | None = None
        self.warnings: list[Problem] = []
        self.errors: list[Problem] = []
        self.notices: list[Problem] = []
        self.skipped = False
        self.placeholders = 0  # 【待填】 left in the document (--force)


def is_form(path: Path) -> bool:
    """Whether a .yaml file in a folder of forms is a form (not a style profile or a template declaration)."""
    try:
        head = path.read_bytes()[:65536].decode("utf-8", errors="replace")
    except OSError:
        return True  # reading it again will say what is wrong
    keys = {key.strip() for key in re.findall(_TOP_KEY, head, re.M)}
    return not keys or not keys <= _NOT_FORM_KEYS


def expand_forms(arguments: Iterable[str]) -> list[Path]:
    """Forms named on the command line: files, folders (their forms), and glob patterns, in order."""
    forms: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if os.path.isdir(path):  # False for any name the system refuses (too long, say): reading it says why
            forms.extend(sorted(p for p in path.iterdir() if p.suffix in FORM_SUFFIXES and p.is_file()
                                and not is_kept_before_merge(p.name) and is_form(p)))
        elif any(c in argument for c in "*?[") and not os.path.exists(path):
            import glob

            forms.extend(sorted(Path(p) for p in glob.glob(argument, recursive=True)))
        else:
            forms.append(path)
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=1)
def _file_keys() -> re.Pattern[str]:
    """A top-level line naming another file: 上期, 去年同期, 版式 or any alias of theirs."""
    names = [n for f in base_spec().fields if f.type in FILE_TYPES for n in (f.name, *f.aliases)]
    return re.compile(r"^(?:" + "|".join(map(re.escape, names)) + r")\s*:[ \t]*([^#\n]+)", re.M)


def named_files(form: Path, resolver: Resolver | None = None) -> list[Path]:
    """The files a form names (上期, 去年同期, 版式 and their aliases), read from its top-level lines and found
    through ``resolver`` (the form's folder tree by default); a name the resolver refuses is left to validation."""
    resolver = resolver or FolderResolver()
    named = []
    for value in _file_keys().findall(form.read_text(encoding="utf-8", errors="replace")):
        if not value.strip():
            continue
        found = resolver.resolve(form.parent, value.strip(), "")
        try:
            if isinstance(found, Path) and resolver.is_file(found):
                named.append(found)
        except (OSError, ValueError):  # a name no file can have: validation says so later
            pass
    return named


def _inputs_newest(form: Path, session: Session) -> float:
    """The newest modification time among a form, the files it names and the template folders (through the
    session's resolver)."""
    resolver = session.resolver or FolderResolver(session.options.root)
    times = [form.stat().st_mtime]
    for folder in resolver.template_folders(form.parent, session.options.template_dirs):
        times += [resolver.status(p).mtime_ns / 1e9 for p in resolver.template_files(folder, "")]
    times += [resolver.status(other).mtime_ns / 1e9 for other in named_files(form, resolver)] if form.is_file() else []
    return max(times)


def build_one(form: Path, output_dir: Path | None, fmt: str, session: Session, changed_only: bool,
              keep: bool = False) -> Outcome:
    """Build one form, catching its errors so that the others go on; ``keep`` keeps what the pipeline made."""
    from .build import build, output_path

    outcome = Outcome(form)
    try:
        if changed_only:
            target = output_path(form, output_dir, fmt)
            if target.is_file() and form.is_file() and \
                    target.stat().st_mtime >= _inputs_newest(form, session):
                outcome.target, outcome.skipped = target, True
                return outcome
        written = build(form, output_dir, fmt, session)
        outcome.target, outcome.warnings, outcome.notices = written.target, written.warnings, written.built.notices
        outcome.placeholders = written.built.placeholders
        outcome.built = written.built if keep else None
    except DraftError as error:
        outcome.errors = error.problems
    except OSError as error:  # e.g. the form vanished between listing and reading
        outcome.errors = [Problem(Location(display_name(form)), f"无法读取：{os_reason(error)}", None, "E001")]
    except Exception:  # drafting's own defect: saved for a bug report, reported under this form, the batch goes on
        from ..crash import internal_problem  # tempfile and traceback: only when there is a defect to save

        outcome.errors = [internal_problem(display_name(form))]
    return outcome


def _build_share(forms: list[Path], output_dir: Path | None, fmt: str, options: Options,
                 changed_only: bool, keep: bool = False) -> list[Outcome]:
    """A worker's share of a batch, built with one session of its own (its caches live as long as the share)."""
    session = Session(options)
    return [build_one(form, output_dir, fmt, session, changed_only, keep) for form in forms]


def build_many(forms: list[Path], output_dir: Path | None, fmt: str, options: Options, changed_only: bool,
               jobs: int = 1, share: int = 4, keep: bool = False) -> Iterator[list[Outcome]]:
    """Build every form, in this process or in ``jobs`` worker processes; yields outcomes in order, a share at a time
    (``keep``: each outcome keeps what the pipeline made, for fitting the printed pages)."""
    if jobs <= 1 or len(forms) < 2:
        session = Session(options)
        for form in forms:
            yield [build_one(form, output_dir, fmt, session, changed_only, keep)]
        return
    from concurrent.futures import ProcessPoolExecutor

    shares = [forms[i:i + share] for i in range(0, len(forms), share)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_build_share, shares, [output_dir] * len(shares), [fmt] * len(shares),
                            [options] * len(shares), [changed_only] * len(shares), [keep] * len(shares))
