"""``draft build --pdf`` as a whole run: the documents are built in this process and handed to LibreOffice one by one."""
from __future__ import annotations

import concurrent.futures
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from drafting.commands import batch
from drafting.commands.buildrun import run_build
from drafting.errors import Location, Problem
from drafting.options import Options

from ..conftest import EXAMPLES


class _RecordingOffice:
    """Stands in for the LibreOffice holder: takes the documents as they come and makes no PDF."""

    def __init__(self) -> None:
        self.taken: list[Path] = []
        self.first_taken = threading.Event()
        self.warmed = False

    def warm(self) -> None:
        self.warmed = True

    @contextmanager
    def scratch(self, prefix: str):
        yield Path(".")

    def render(self, documents, scratch, notes=False, done=None):
        problems = []
        for document in documents:
            self.taken.append(document)
            self.first_taken.set()
            problems.append(Problem(Location(document.name), "没有转换", "", "P003"))
        return [None] * len(self.taken), problems

    def close(self) -> None:
        pass


def test_each_document_goes_to_libreoffice_when_written_and_no_worker_process_is_started(tmp_path, monkeypatch):
    """-j 2 --pdf: the two cores are the two LibreOffices'; the forms are built here, and the second form is built
    only after the first document was handed over (a run that printed after the whole batch would wait for ever)."""
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker process was started for a --pdf build")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    office = _RecordingOffice()
    real_build_one = batch.build_one

    def build_one(form, *args, **kwargs):
        if form.name != "1.yaml":
            assert office.first_taken.wait(60), "the first document was not handed over before the next was built"
        return real_build_one(form, *args, **kwargs)

    monkeypatch.setattr(batch, "build_one", build_one)
    forms = []
    for index in range(1, 4):
        forms.append(tmp_path / f"{index}.yaml")
        shutil.copy(EXAMPLES / "work-plan.yaml", forms[-1])
    (tmp_path / "出").mkdir()
    run = run_build(forms, tmp_path / "出", "docx", Options(), jobs=2, pdf=True, office=office)  # type: ignore[arg-type]
    assert office.warmed and [p.name for p in office.taken] == ["1.docx", "2.docx", "3.docx"]
    assert [o.target.name for o in run.outcomes if o.target] == ["1.docx", "2.docx", "3.docx"]
    assert run.pdf_files == () and {p.code for p in run.pdf_problems} == {"P003"}
