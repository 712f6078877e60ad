"""The one LibreOffice holder a command or a server owns: converters started on first use, reused, then stopped."""
from __future__ import annotations

import queue
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import Problem
from .soffice import NO_LIBREOFFICE, find_soffice


class Office:
    """Up to ``jobs`` resident converters (one-shot ``soffice`` where LibreOffice's ``uno`` is missing), shared by
    every conversion of its owner — the first PDFs, fitting's second print, draft serve's requests — until ``close``.

    ``render`` may be called from several threads at once: each conversion borrows an idle converter.
    """

    def __init__(self, jobs: int = 1, resident: bool = True) -> None:
        self.jobs = max(1, jobs)
        self.resident = resident
        self._lock = threading.Lock()
        self._idle: queue.Queue = queue.Queue()
        self._started: list = []
        self._warming: list[threading.Thread] = []
        self._closed = False
        self._run: Path | None = None  # every folder of this holder's: profiles and callers' scratch folders

    def _run_folder(self) -> Path:
        """This holder's own temporary folder, made on first use: if draft dies, LibreOffice's helper removes it."""
        with self._lock:
            return self._run_folder_held()

    def _run_folder_held(self) -> Path:
        """``_run_folder`` for a caller that holds the lock already."""
        if self._run is None:
            self._run = Path(tempfile.mkdtemp(prefix="draft-run-"))
        return self._run

    @contextmanager
    def scratch(self, prefix: str) -> Iterator[Path]:
        """A temporary folder inside this holder's own, removed after the block (and with the holder if draft dies)."""
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self._run_folder()))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def warm(self) -> None:
        """Start the converters now, in the background, so that LibreOffice starts while the caller builds the
        documents it will convert (draft build --pdf); a conversion waits for a converter still starting."""
        thread = threading.Thread(target=self._start_all, daemon=True)
        with self._lock:
            self._warming.append(thread)
        thread.start()

    def _start_all(self) -> None:
        from .resident import ResidentConverter, uno_python

        soffice, python = find_soffice(), uno_python() if self.resident else None
        if soffice is None or python is None:
            return
        with self._lock:
            run = self._run_folder_held()
            fresh = [ResidentConverter(soffice, python, run) for _ in range(self.jobs - len(self._started))]
            if self._closed:
                return
            self._started.extend(fresh)
        starters = [threading.Thread(target=self._start_one, args=(converter,), daemon=True) for converter in fresh]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()

    def _start_one(self, converter) -> None:  # type: ignore[no-untyped-def]
        try:
            converter.start()
        finally:
            self._idle.put(converter)

    def available(self) -> bool:
        """Whether LibreOffice is installed here."""
        return find_soffice() is not None

    def render(self, documents: Iterable[Path], scratch: Path, notes: bool = False,
               done: Callable[[int, Path], None] | None = None,
               margin: bool = False) -> tuple[list[Path | None], list[Problem]]:
        """Convert ``documents`` to PDFs inside ``scratch``: each one's PDF (None where none was made), the problems.

        ``documents`` may be a list (converted largest first, so that no converter is left with a long one at the
        end while the others wait) or any other iterable, read as the converters get free — ``draft build --pdf``
        hands the .docx files over as they are written, so LibreOffice converts while the rest are built.
        ``notes``: the documents' comments (批注) go into the PDFs as annotations (PDF export's ExportNotes);
        ``margin``: they are printed in the page margin instead, always by a one-shot LibreOffice (margin.py).
        ``done(index, pdf)`` hears each PDF as soon as it is made, in the thread that converted it, while the other
        converters go on (what it raises is raised here, after every conversion ended)."""
        soffice = find_soffice()
        listed = documents if isinstance(documents, list) else None
        if soffice is None:
            return [None] * len(listed if listed is not None else list(documents)), [NO_LIBREOFFICE]
        if listed is not None and not listed:
            return [], []
        from .resident import uno_python

        python = uno_python() if self.resident and not margin else None
        if python is None:
            from .oneshot import convert_once

            listed = listed if listed is not None else list(documents)
            pdfs, problems = (convert_once(listed, scratch, soffice, (self._run_folder(),), notes, margin) if listed
                              else ([], []))
            for index, pdf in enumerate(pdfs):
                if done is not None and pdf is not None:
                    done(index, pdf)
            return pdfs, problems
        out = Path(scratch, "out")
        out.mkdir(exist_ok=True)
        results: dict[int, tuple[Path | None, Problem | None]] = {}
        pending = _largest_first(listed) if listed is not None else enumerate(documents)
        taken = threading.Lock()
        read = [0]  # documents taken from ``pending`` (from an iterable: what the caller's PDFs list is as long as)
        raised: list[BaseException] = []

        def next_document() -> tuple[int | None, Path | None]:
            with taken:  # (an iterable being built: the next .docx is waited for here)
                index, document = next(pending, (None, None))
                read[0] += index is not None
            return index, document

        def work() -> None:
            index, document = next_document()  # first: nothing to convert (every form failed) starts nothing
            if index is None or document is None:
                return
            converter = self._borrow(soffice, python)
            if converter is None:  # the holder was closed (Ctrl-C)
                return
            try:
                while not self._closed:  # closed (Ctrl-C): what is left stays unconverted, nothing is raised
                    target = out / f"{index:05d}.pdf"
                    problem = converter.convert(document, target, notes)
                    results[index] = (target if problem is None else None, problem)
                    if done is not None and problem is None:
                        done(index, target)
                    index, document = next_document()
                    if index is None or document is None:
                        return
            finally:
                self._idle.put(converter)

        def work_in_thread() -> None:
            try:
                work()
            except BaseException as error:  # raised in the caller's thread below, not printed by this one
                raised.append(error)

        workers = [threading.Thread(target=work_in_thread, daemon=True)
                   for _ in range(min(self.jobs, len(listed)) if listed is not None else self.jobs)]
        if len(workers) == 1:
            work()
        else:
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        if raised:
            raise raised[0]
        count = len(listed) if listed is not None else read[0]  # what a closed holder left (Ctrl-C): unconverted
        pdfs = [results.get(index, (None, None))[0] for index in range(count)]
        problems = [results.get(index, (None, None))[1] for index in range(count)]
        return pdfs, list(dict.fromkeys(p for p in problems if p is not None))  # LibreOffice not starting: said once

    def _borrow(self, soffice: str, python: str):  # type: ignore[no-untyped-def]
        """An idle converter, a new one while fewer than ``jobs`` exist, else the next to come back (None once the
        holder is closed)."""
        from .resident import ResidentConverter

        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._started) < self.jobs and not self._closed:
                converter = ResidentConverter(soffice, python, self._run_folder_held())
                self._started.append(converter)
                return converter
        while not self._closed:
            try:
                return self._idle.get(timeout=0.5)
            except queue.Empty:
                continue
        return None

    def close(self) -> None:
        """Stop every converter this holder started (their LibreOffice, profile and pipes)."""
        with self._lock:
            self._closed = True
        for thread in list(self._warming):  # a converter still starting: closed below, it stops where it is
            thread.join(timeout=1)
        with self._lock:
            started, self._started = self._started, []
        closing = [threading.Thread(target=converter.close, daemon=True) for converter in started[1:]]
        for thread in closing:  # each LibreOffice takes a moment to stop: they stop side by side
            thread.start()
        for converter in started[:1]:
            converter.close()
        for thread in closing:
            thread.join()
        with self._lock:
            run, self._run = self._run, None
        if run is not None:
            shutil.rmtree(run, ignore_errors=True)

    def __enter__(self) -> "Office":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _largest_first(documents: list[Path]) -> Iterator[tuple[int, Path]]:
    """(index, document) pairs, the largest files first (a file that cannot be measured counts as empty)."""
    def size(index: int) -> int:
        try:
            return documents[index].stat().st_size
        except (OSError, ValueError):
            return 0

    return iter([(index, documents[index]) for index in sorted(range(len(documents)), key=size, reverse=True)])


def render_pdfs(documents: list[Path], scratch: Path, jobs: int = 1) -> tuple[list[Path | None], list[Problem]]:
    """Convert ``documents`` into ``scratch`` with a holder of this call's own, stopped before returning."""
    with Office(jobs) as office:
        return office.render(documents, scratch)
