"""The resident LibreOffice: kept between conversions, restarted when killed, one profile per converter, a fallback.

Needs LibreOffice and a Python with its ``uno`` module (Debian's python3-uno); skipped, with the reason,
where either is absent; .ci/run installs both and makes these tests mandatory.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from drafting.office import resident
from drafting.office.holder import Office, render_pdfs
from drafting.office.resident import ResidentConverter, uno_python
from drafting.office.soffice import find_soffice, single_instance_pipe

from ..conftest import EXAMPLES, require_soffice
from ..helpers import build


@pytest.fixture
def converter_parts(tmp_path):
    require_soffice()
    python = uno_python()
    if python is None:
        if os.environ.get("DRAFTING_REQUIRE_RENDER") == "1":
            pytest.fail("DRAFTING_REQUIRE_RENDER=1 but no Python has LibreOffice's uno (install python3-uno)")
        pytest.skip("no Python with LibreOffice's uno module: install python3-uno, or run .ci/run")
    document = tmp_path / "报告.docx"
    document.write_bytes(build(EXAMPLES / "work-plan.yaml"))
    return find_soffice(), python, document


def _alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except OSError:
        return False


def test_a_killed_libreoffice_is_started_again_and_the_file_converted(converter_parts, tmp_path):
    soffice, python, document = converter_parts
    with ResidentConverter(soffice, python) as converter:
        assert converter.convert(document, tmp_path / "1.pdf") is None
        first = converter.office_pid
        os.killpg(first, signal.SIGKILL)  # LibreOffice crashes between two conversions
        assert converter.convert(document, tmp_path / "2.pdf") is None
        assert converter.restarts == 1 and converter.office_pid != first
        assert (tmp_path / "2.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_file_that_fails_twice_is_reported_where_it_is(converter_parts, tmp_path):
    soffice, python, _ = converter_parts
    with ResidentConverter(soffice, python) as converter:
        problem = converter.convert(tmp_path / "没有.docx", tmp_path / "x.pdf")
    assert problem is not None and problem.code == "P003" and problem.location.file.endswith("没有.docx")


def test_two_converters_have_their_own_profiles_and_work_side_by_side(converter_parts, tmp_path):
    soffice, python, document = converter_parts
    first, second = ResidentConverter(soffice, python), ResidentConverter(soffice, python)
    results: dict[str, object] = {}
    threads = [threading.Thread(target=lambda c=c, n=n: results.__setitem__(n, c.convert(document, tmp_path / f"{n}.pdf")))
               for n, c in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"a": None, "b": None}
    assert first.folder != second.folder and (first.folder / "profile").is_dir() and (second.folder / "profile").is_dir()
    groups = (first.office_pid, second.office_pid)
    first.close()
    second.close()
    assert not first.folder.exists() and not second.folder.exists()
    deadline = time.monotonic() + 15
    while any(_alive(g) for g in groups) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(g) for g in groups)  # stopped with the command


def test_libreoffice_stops_when_its_draft_goes_away(converter_parts, tmp_path):
    soffice, python, document = converter_parts
    converter = ResidentConverter(soffice, python)
    assert converter.convert(document, tmp_path / "1.pdf") is None
    group = converter.office_pid
    converter.process.stdin.close()  # what the system does when the draft process dies
    deadline = time.monotonic() + 15
    while _alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(group)
    converter.close()


def test_a_batch_with_jobs_gives_the_one_process_pdfs_and_falls_back_without_uno(converter_parts, tmp_path,
                                                                                  monkeypatch):
    _, _, document = converter_parts
    documents = [document, document.with_name("二.docx")]
    documents[1].write_bytes(build(EXAMPLES / "work-briefing.yaml"))
    (tmp_path / "two").mkdir()
    pdfs, problems = render_pdfs(documents, tmp_path / "two", jobs=2)
    assert not problems and all(p is not None and p.read_bytes()[:5] == b"%PDF-" for p in pdfs)
    monkeypatch.setattr(resident, "uno_python", lambda: None)  # no uno: one-shot soffice, as before
    (tmp_path / "one").mkdir()
    pdfs, problems = render_pdfs(documents, tmp_path / "one", jobs=2)
    assert not problems and all(p is not None and p.read_bytes()[:5] == b"%PDF-" for p in pdfs)


def test_a_hung_libreoffice_is_killed_and_replaced(converter_parts, tmp_path, monkeypatch):
    """The hung conversion is reported once (a second try would take as long again), the next one gets a new one."""
    soffice, python, document = converter_parts
    monkeypatch.setattr(resident, "CONVERT_SECONDS", 3)
    with ResidentConverter(soffice, python) as converter:
        assert converter.convert(document, tmp_path / "1.pdf") is None
        hung = converter.office_pid
        os.killpg(hung, signal.SIGSTOP)  # LibreOffice stops answering
        try:
            problem = converter.convert(document, tmp_path / "2.pdf")
            assert problem is not None and problem.code == "P005"
            assert converter.convert(document, tmp_path / "3.pdf") is None
        finally:
            try:
                os.killpg(hung, signal.SIGKILL)
            except OSError:
                pass
        assert converter.restarts == 1 and converter.office_pid != hung
    deadline = time.monotonic() + 15
    while _alive(hung) and time.monotonic() < deadline:  # (reaped by init once its helper is gone)
        time.sleep(0.1)
    assert not _alive(hung)


def test_two_draft_processes_convert_at_once_each_with_its_own_libreoffice(converter_parts, tmp_path):
    import subprocess
    import sys

    from ..conftest import ROOT

    folders = []
    for name in ("一", "二"):
        folder = tmp_path / name
        folder.mkdir()
        for example in ("work-plan.yaml", "work-briefing.yaml"):
            (folder / example).write_text((EXAMPLES / example).read_text(encoding="utf-8"), encoding="utf-8")
        folders.append(folder)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    processes = [subprocess.Popen([sys.executable, "-m", "drafting", "build", str(f), "--pdf", "-j", "2", "-q"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for f in folders]
    results = [p.communicate(timeout=180) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    for folder in folders:
        assert all((folder / f"{stem}.pdf").read_bytes()[:5] == b"%PDF-" for stem in ("work-plan", "work-briefing"))


def _pipes(converter: ResidentConverter) -> list:
    """The sockets LibreOffice keeps in /tmp for this converter: its single-instance pipe and its UNO pipe."""
    from pathlib import Path

    return [Path("/tmp", f"OSL_PIPE_{os.getuid()}_{name}")
            for name in (single_instance_pipe(converter.profile), converter.pipe)]


def test_a_killed_converter_leaves_no_pipe_behind(converter_parts, tmp_path):
    soffice, python, document = converter_parts
    converter = ResidentConverter(soffice, python)
    try:
        assert converter.convert(document, tmp_path / "1.pdf") is None
        pipes = _pipes(converter)
        assert all(p.is_socket() for p in pipes)  # the names are LibreOffice's own
        os.killpg(converter.office_pid, signal.SIGKILL)  # SIGKILL: LibreOffice removes nothing itself
        converter._kill()
        assert not any(p.exists() for p in pipes)
    finally:
        converter.close()
    assert not converter.folder.exists()


def test_one_holder_lends_its_converters_to_every_conversion(converter_parts, tmp_path):
    _, _, document = converter_parts
    with Office(jobs=2) as office:
        for round_ in ("a", "b"):
            (tmp_path / round_).mkdir()
            pdfs, problems = office.render([document, document, document], tmp_path / round_)
            assert not problems and all(pdfs)
        assert 1 <= len(office._started) <= 2  # never more than jobs, kept between the two rounds
        converters = list(office._started)
    assert all(c.process is None and not c.folder.exists() for c in converters)


def test_a_conversion_that_times_out_is_stopped_cleaned_and_names_the_file(converter_parts, tmp_path, monkeypatch):
    """The LibreOffice stops answering: the conversion times out once (no second try as long), killed with its
    group; the message says which file and that it timed out (P005, not a bogus start failure), nothing stays."""
    soffice, python, document = converter_parts
    monkeypatch.setattr(resident, "CONVERT_SECONDS", 2)
    groups: list[int] = []
    start = ResidentConverter._start

    def start_then_hang(self):  # type: ignore[no-untyped-def]
        start(self)
        groups.append(self.office_pid)
        os.killpg(self.office_pid, signal.SIGSTOP)

    monkeypatch.setattr(ResidentConverter, "_start", start_then_hang)
    converter = ResidentConverter(soffice, python)
    try:
        problem = converter.convert(document, tmp_path / "1.pdf")
        pipes = _pipes(converter)
        assert problem is not None and problem.code == "P005" and problem.location.file.endswith("报告.docx")
        assert "报告.docx" in problem.message and "超过" in problem.message
        assert len(groups) == 1 and converter.process is None
        assert not any(p.exists() for p in pipes) and not (converter.folder / "profile").exists()
    finally:
        for group in groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except OSError:
                pass
        converter.close()
    deadline = time.monotonic() + 15
    while any(_alive(g) for g in groups) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(g) for g in groups)


def test_a_longer_document_may_take_longer_but_never_unboundedly(tmp_path):
    import zipfile

    small, large, huge = tmp_path / "small.docx", tmp_path / "large.docx", tmp_path / "huge.docx"
    for path, size in ((small, 10_000), (large, 20_000_000), (huge, 2_000_000_000)):
        with zipfile.ZipFile(path, "w") as archive:
            info = zipfile.ZipInfo("word/document.xml")
            archive.writestr(info, b"")
        if size > 10_000:  # the declared unpacked size is what counts: written into the central directory
            data = bytearray(path.read_bytes())
            central = data.rfind(b"PK\x01\x02")
            data[central + 24:central + 28] = size.to_bytes(4, "little")
            path.write_bytes(bytes(data))
    assert resident.convert_seconds(small) == pytest.approx(resident.CONVERT_SECONDS, abs=1)
    assert resident.convert_seconds(large) > resident.CONVERT_SECONDS + 100
    assert resident.convert_seconds(huge) == resident.MAX_CONVERT_SECONDS
    assert resident.convert_seconds(tmp_path / "missing.docx") == resident.CONVERT_SECONDS


def test_libreoffice_keeps_its_temporary_files_in_the_converter_s_folder(converter_parts, tmp_path):
    """A killed LibreOffice leaves its lu*.tmp folders where it was told to keep them: the converter's own folder,
    removed with it — never the system's temporary folder."""
    soffice, python, document = converter_parts
    converter = ResidentConverter(soffice, python)
    try:
        assert converter.convert(document, tmp_path / "1.pdf") is None
        assert list((converter.folder / "tmp").glob("lu*.tmp"))  # LibreOffice's own, where it was told
        os.killpg(converter.office_pid, signal.SIGKILL)
        converter._kill()
    finally:
        converter.close()
    assert not converter.folder.exists()  # (other programs' LibreOffice may use /tmp meanwhile: not compared)


def test_a_libreoffice_that_will_not_start_is_said_once_for_the_whole_run(converter_parts, tmp_path, monkeypatch):
    """Before: each document was blamed (P003 “用 LibreOffice 打开这个 .docx 看看”) and started it again."""
    from drafting.office import holder

    _, python, document = converter_parts
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(holder, "find_soffice", lambda: str(broken))
    (tmp_path / "out").mkdir()
    with Office(jobs=2) as office:
        pdfs, problems = office.render([document, document, document], tmp_path / "out")
        converters = list(office._started)
    assert pdfs == [None, None, None]
    assert [(p.code, p.message.startswith("LibreOffice 无法启动")) for p in problems] == [("P002", True)]
    assert sum(c.restarts for c in converters) == 0  # one start tried per converter, none per document


def test_closing_the_holder_mid_batch_stops_quietly(converter_parts, tmp_path, monkeypatch):
    """Ctrl-C during draft build --pdf -j 2: the holder is closed while its threads convert. Before: tracebacks
    from the threads (AssertionError, a closed file) and a LibreOffice started again after close."""
    _, _, document = converter_parts
    failures: list = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    (tmp_path / "out").mkdir()
    office = Office(jobs=2)
    done: list = []
    worker = threading.Thread(target=lambda: done.append(office.render([document] * 8, tmp_path / "out")))
    worker.start()
    deadline = time.monotonic() + 120
    while not list((tmp_path / "out" / "out").glob("*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the first PDF is made: the batch is under way
    converters = list(office._started)
    office.close()
    worker.join(120)
    assert not worker.is_alive() and done and failures == []
    assert converters and all(c.closed and c.process is None for c in converters)


def test_a_libreoffice_that_hangs_while_starting_is_killed_not_left(converter_parts, tmp_path, monkeypatch):
    """Review: when LibreOffice never answered, its pid was unknown and it kept running after draft gave up."""
    _, python, _ = converter_parts
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 1000\n", encoding="utf-8")  # started, never answering
    hanging.chmod(0o755)
    marker = str(hanging)  # on the stand-in's command line: this test's own process, found by it
    monkeypatch.setattr(resident, "START_SECONDS", 3)
    converter = ResidentConverter(str(hanging), python)
    try:
        problem = converter.convert(tmp_path / "甲.docx", tmp_path / "甲.pdf")
        assert problem is not None and problem.code == "P002" and "没有回应" in problem.message
    finally:
        converter.close()

    def left() -> list[int]:  # this test's own sleeping stand-in, found by its marker (never by a name alone)
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if marker.encode() in (entry / "cmdline").read_bytes():
                        found.append(int(entry.name))
                except OSError:
                    pass
        return found

    deadline = time.monotonic() + 15
    while left() and time.monotonic() < deadline:
        time.sleep(0.1)
    stray = left()
    for pid in stray:  # cleaned up by pid if the assertion fails
        os.kill(pid, signal.SIGKILL)
    assert not stray


def test_each_pdf_is_heard_as_it_is_made_and_what_the_hearer_raises_is_raised_to_the_caller(converter_parts,
                                                                                           tmp_path, monkeypatch):
    """Office.render's ``done`` hears each PDF once, in the converting thread, the file already there; an error in
    it is raised in the caller's thread once the conversions ended, never printed by a converter's thread."""
    _, _, document = converter_parts
    failures: list = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    heard: list[tuple[int, bool, str]] = []
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with Office(jobs=2) as office:
        pdfs, problems = office.render([document] * 4, tmp_path / "a", done=lambda index, pdf: heard.append(
            (index, pdf.is_file(), threading.current_thread().name)))
        assert not problems and sorted(index for index, _, _ in heard) == [0, 1, 2, 3] and all(f for _, f, _ in heard)
        assert threading.main_thread().name not in {name for _, _, name in heard}

        def refuse(index: int, pdf: Path) -> None:
            raise ValueError(index)

        with pytest.raises(ValueError):
            office.render([document] * 3, tmp_path / "b", done=refuse)
        pdfs, problems = office.render([document], tmp_path / "b")  # the converters were given back
        assert not problems and pdfs[0] is not None
    assert failures == []


def test_closing_while_the_starting_thread_drops_the_helper_raises_nothing(tmp_path):
    """close() on one thread while the thread that started LibreOffice sees the close and kills it (warm + a
    refused build): each works on the process it took; no AssertionError reaches the user (exit 3 before)."""
    import subprocess
    import sys

    converter = ResidentConverter("soffice", sys.executable, tmp_path)
    helper = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    converter.process = helper
    wait = helper.wait

    def dropped_meanwhile(timeout: float | None = None) -> int:
        helper.wait = wait  # type: ignore[method-assign]
        converter._kill()  # the starting thread, seeing closed, stops the helper and forgets it
        return wait(timeout)

    helper.wait = dropped_meanwhile  # type: ignore[method-assign]
    converter.close()
    assert converter.process is None and helper.poll() is not None and not converter.folder.exists()


def test_documents_handed_over_one_by_one_are_converted_as_they_come(converter_parts, tmp_path):
    """draft build --pdf: each .docx goes to LibreOffice when written, not after the whole batch is built. The
    second document is handed over only once the first one's PDF is made: a holder that read every document before
    converting would wait for ever (here: fail the deadline)."""
    _, _, document = converter_parts
    (tmp_path / "out").mkdir()
    first_made = threading.Event()
    handed: list[str] = []

    def arriving():
        handed.append("first")
        yield document
        assert first_made.wait(120), "the first document was not converted before the second was asked for"
        handed.append("second")
        yield document

    with Office(jobs=2) as office:
        pdfs, problems = office.render(arriving(), tmp_path / "out", done=lambda index, pdf: first_made.set())
    assert problems == [] and handed == ["first", "second"]
    assert len(pdfs) == 2 and all(pdf is not None and pdf.read_bytes().startswith(b"%PDF") for pdf in pdfs)


def test_a_list_is_converted_largest_first_and_answered_in_its_own_order(tmp_path):
    """With N converters the long documents go first, so that no converter ends the batch alone on a long one;
    the PDFs still come back in the order the documents were given."""
    from drafting.office.holder import _largest_first

    sizes = [3, 50, 0, 20]
    documents = []
    for index, size in enumerate(sizes):
        documents.append(tmp_path / f"{index}.docx")
        documents[-1].write_bytes(b"x" * size)
    documents.append(tmp_path / "不存在.docx")  # cannot be measured: counts as empty, still converted (and said)
    assert [index for index, _ in _largest_first(documents)] == [1, 3, 0, 2, 4]


def test_nothing_handed_over_starts_no_libreoffice(converter_parts, tmp_path):
    """Every form of a --pdf batch failed: the holder is asked to convert nothing and starts nothing."""
    (tmp_path / "out").mkdir()
    with Office(jobs=2) as office:
        assert office.render(iter([]), tmp_path / "out") == ([], [])
        assert office._started == []
