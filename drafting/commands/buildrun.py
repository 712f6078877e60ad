"""``draft build`` as a whole run: many forms built, their PDFs printed and fitted with one LibreOffice holder."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from ..atomic import write_atomic
from ..errors import ERROR, DraftError, Location, Problem, display_name
from ..options import Options
from ..records import NamedTuple
from ..pipeline.result import Built
from .batch import Outcome, build_many

if TYPE_CHECKING:  # the holder (threads, queues, temporary folders) is loaded only when a PDF is asked for
    from ..office.holder import Office


class BuildRun(NamedTuple):
    """What one ``draft build`` did: each form's outcome, and — when PDFs were asked for — the PDFs written and
    what printing and fitting them said."""

    outcomes: list[Outcome]
    pdf: bool = False
    pdf_files: tuple[Path, ...] = ()  # the PDFs written (a failed one is not among them)
    pdf_problems: list[Problem] = []
    pdf_only: bool = False  # -o 报告.pdf: its one PDF is the only file written


def run_build(paths: list[Path], output_dir: Path | None, fmt: str, options: Options, changed: bool = False,
              jobs: int = 1, pdf: bool = False, tighten: bool = False, office: Office | None = None,
              progress: Callable[[int], None] | None = None) -> BuildRun:
    """Build every form (``jobs`` worker processes), or with ``pdf`` build them here while ``jobs`` LibreOffices
    print each one as soon as it is written, then fit the pages.

    ``progress`` hears how many forms each share finished. A caller that passes no ``office`` gets one for
    this run only, stopped before returning."""
    outcomes: list[Outcome] = []
    if not pdf:
        for share in build_many(paths, output_dir, fmt, options, changed, jobs):
            outcomes.extend(share)
            if progress:
                progress(len(share))
        return BuildRun(outcomes)
    with _holder(office, jobs) as holder:
        holder.warm()  # LibreOffice starts while the documents are built
        printing = _Printing(holder, tighten)
        try:  # built in this process: the cores are LibreOffice's, and each document goes to it when written
            for share in build_many(paths, output_dir, fmt, options, changed, keep=True):
                outcomes.extend(share)
                for outcome in share:
                    printing.add(outcome)
                if progress:
                    progress(len(share))
        finally:
            printing.end()
        problems = printing.wait()
    made = _made(printing.taken, problems)
    return BuildRun(outcomes, True, tuple(made), problems)


class _Printing:
    """The PDFs of a build, printed and fitted in a thread of their own as the documents are handed over."""

    def __init__(self, office: Office, tighten: bool) -> None:
        import queue
        import threading

        self.office, self.tighten = office, tighten
        self.taken: list[Outcome] = []  # the outcomes printed, in the order they were handed over
        self.problems: list[Problem] = []
        self.raised: list[BaseException] = []
        self._arriving: queue.Queue[Outcome | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def add(self, outcome: Outcome) -> None:
        """Print ``outcome``'s document when it wrote one (not an error, not standard output)."""
        if outcome.target is not None and not outcome.errors and str(outcome.target) != "-":
            self._arriving.put(outcome)

    def end(self) -> None:
        """No more documents are coming."""
        self._arriving.put(None)

    def wait(self) -> list[Problem]:
        """What printing and fitting said, once every document handed over is printed (what it raised is raised)."""
        self._thread.join()
        if self.raised:
            raise self.raised[0]
        return self.problems

    def _arrivals(self) -> Iterator[tuple[Built | None, Path]]:
        """Each document handed over, with what the pipeline made of it, as it comes (until ``end``)."""
        while (outcome := self._arriving.get()) is not None:
            assert outcome.target is not None
            self.taken.append(outcome)
            yield outcome.built, outcome.target

    def _run(self) -> None:
        """Print and fit every document as it comes, keeping what was said (or raised)."""
        from ..pipeline.fitting import print_and_fit

        try:
            self.problems = print_and_fit(self._arrivals(), self.office, self.tighten)
        except BaseException as error:  # raised in the building thread by wait()
            self.raised.append(error)


def run_pdf_only(form: Path, target: Path, options: Options, office: Office | None = None,
                 tighten: bool = False) -> BuildRun:
    """``-o 报告.pdf``: the Word file is built in a private folder, printed, fitted, and only the PDF is written."""
    with _holder(office, 1) as holder, holder.scratch("draft-pdf-only-") as scratch:
        outcome = next(build_many([form], Path(scratch) / (target.stem + ".docx"), "docx", options, False,
                                  keep=True))[0]
        if outcome.errors or outcome.target is None:
            return BuildRun([outcome], True, pdf_only=True)
        problems = _print_and_fit([outcome], holder, tighten)
        problems = [p._replace(location=Location(display_name(target))) if p.location.file == display_name(
            outcome.target) else p for p in problems]  # said of the PDF, not of the scratch file
        if not any(p.severity == ERROR for p in problems):
            try:
                write_atomic(target, outcome.target.with_suffix(".pdf").read_bytes(), options.follow_links)
            except DraftError as error:  # the PDF cannot be written: said as the run's problem
                problems.extend(error.problems)
        failed = any(p.severity == ERROR for p in problems)
        outcome.target = None if failed else target
        return BuildRun([outcome], True, () if failed else (target,), problems, pdf_only=True)


def _made(printed: list[Outcome], problems: list[Problem]) -> list[Path]:
    """The PDFs written: every document's but those an error names (none when LibreOffice itself failed)."""
    failed = {p.location.file for p in problems if p.severity == ERROR}
    documents = [o.target for o in printed if o.target is not None]
    if failed - {display_name(d) for d in documents}:  # an error of the whole run (LibreOffice missing, not starting)
        return []
    return [d.with_suffix(".pdf") for d in documents if display_name(d) not in failed]


def _print_and_fit(printed: list[Outcome], office: Office, tighten: bool) -> list[Problem]:
    """Convert the outcomes' documents to PDF, then fit the pages (the 版记's page, stray lines) with the same office:
    each PDF is measured as soon as it is printed, while the office's other converters go on."""
    from ..pipeline.fitting import print_and_fit

    return print_and_fit([(o.built, o.target) for o in printed if o.target is not None], office, tighten)


class _holder:
    """The caller's office, or one of this run's own that is stopped at the end."""

    def __init__(self, office: Office | None, jobs: int) -> None:
        if office is None:
            from ..office.holder import Office

            office = Office(jobs)
            self.own = True
        else:
            self.own = False
        self.office = office

    def __enter__(self) -> Office:
        return self.office

    def __exit__(self, *exc: object) -> None:
        if self.own:
            self.office.close()
