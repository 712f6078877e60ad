"""A resident LibreOffice: started once, kept for every conversion of a command, restarted if it dies or hangs.

LibreOffice is driven through UNO by ``unohelper.py``, run with a Python that has LibreOffice's ``uno``
module (Debian's python3-uno; ``DRAFTING_UNO_PYTHON`` names another). Each converter has its own
profile in a private temporary folder and its own pipe, so two draft processes never share one. A
conversion that takes too long, or a LibreOffice that crashes, is killed by its process id and started
again; the file is tried once more, then reported. Without a Python that has ``uno`` the callers fall
back to one-shot ``soffice``.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from functools import lru_cache
from pathlib import Path

from ..errors import Location, Problem, display_name
from .soffice import office_env, pipe_file, remove_pipes, single_instance_pipe

HELPER = Path(__file__).with_name("unohelper.py")
START_SECONDS = 60
CONVERT_SECONDS = 60          # a report of a few pages; longer documents get more, by their unpacked size
BYTES_PER_SECOND = 25_000     # unpacked .docx bytes LibreOffice lays out per second on a loaded machine, at worst
MAX_CONVERT_SECONDS = 600     # never more, however large the file


def convert_seconds(document: Path) -> float:
    """How long LibreOffice may take over ``document``: CONVERT_SECONDS plus its unpacked size's share, bounded."""
    try:
        with zipfile.ZipFile(document) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        unpacked = 0
    return min(MAX_CONVERT_SECONDS, CONVERT_SECONDS + unpacked / BYTES_PER_SECOND)


@lru_cache(maxsize=1)
def uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno`` (checked once per process), or None."""
    candidates = [os.environ.get("DRAFTING_UNO_PYTHON"), "/usr/bin/python3", shutil.which("python3")]
    for candidate in dict.fromkeys(c for c in candidates if c):
        try:
            if subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=20).returncode == 0:
                return candidate
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


class ConverterDied(Exception):
    """The resident LibreOffice stopped answering."""


class CannotStart(ConverterDied):
    """LibreOffice did not start: it exited at once, or did not answer within START_SECONDS."""


class ResidentConverter:
    """One LibreOffice, kept running: ``convert(docx, pdf)`` as often as needed, ``close()`` at the end."""

    def __init__(self, soffice: str, python: str, run_folder: Path | None = None) -> None:
        self.soffice, self.python = soffice, python
        self.run_folder = run_folder  # the holder's folder, removed by the helper too if draft dies
        self.folder = Path(tempfile.mkdtemp(prefix="draft-office-", dir=run_folder))  # the profile: this converter's
        self.profile = (self.folder / "profile").as_uri()
        self.pipe = ""
        self.process: subprocess.Popen[str] | None = None
        self.office_pid: int | None = None
        self.restarts = 0
        self.closed = False  # set by close(), from any thread: a conversion under way then stops, never restarts
        self.start_failure: Problem | None = None  # said once: no later document tries to start it again

    def _start(self) -> None:
        self.pipe = f"draft-{os.getpid()}-{secrets.token_hex(6)}"
        leftovers = {"parent": os.getpid(), "folder": str(self.folder),  # what the helper removes if draft dies without closing it
                     "sockets": [str(pipe_file(n)) for n in (single_instance_pipe(self.profile), self.pipe)],
                     "orphaned": [str(self.run_folder)] if self.run_folder else []}
        self.process = subprocess.Popen([self.python, str(HELPER), self.soffice, self.profile, self.pipe,
                                         json.dumps(leftovers)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True, env=office_env(self.folder / "tmp"))
        try:
            answer = self._answer(START_SECONDS)
            if "started" in answer:  # LibreOffice's pid, before it answers: killed by it even if it never does
                self.office_pid = int(answer["started"])
                answer = self._answer(START_SECONDS)
        except ConverterDied as died:
            self._kill()
            raise CannotStart("没有回应" if str(died) == "timeout" else "一启动就退出了") from None
        if not answer.get("ready"):
            self._kill()
            raise CannotStart("一启动就退出了" if "error" in answer else "没有回应")
        self.office_pid = int(answer["office"])

    def _answer(self, seconds: float, process: subprocess.Popen[str] | None = None) -> dict:
        """The helper's next line, or ConverterDied when it says nothing for ``seconds``."""
        process = process or self.process
        if process is None or process.stdout is None:
            raise ConverterDied("closed")
        stream = process.stdout
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(stream.readline()), daemon=True)
        reader.start()
        reader.join(seconds)
        if not result or not result[0]:
            raise ConverterDied("timeout" if reader.is_alive() else "ended")
        return json.loads(result[0])

    def _kill(self) -> None:
        """Stop the helper and its LibreOffice by their process ids (LibreOffice's whole process group:
        soffice starts soffice.bin)."""
        if self.office_pid:
            try:
                os.killpg(self.office_pid, signal.SIGKILL)
            except OSError:
                pass
        process = self.process  # (close() may run meanwhile on another thread: each works on what it took)
        if process is not None:
            try:
                process.kill()
            except OSError:
                pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            _release(process)
        if self.office_pid or process is not None:  # a killed LibreOffice leaves its sockets in /tmp
            remove_pipes(self.profile, self.pipe)
            shutil.rmtree(self.folder / "profile", ignore_errors=True)  # and a profile it may have left half-written
        self.process, self.office_pid = None, None

    def start(self) -> None:
        """Start LibreOffice now if it is not running (a failure is said by ``convert``, once)."""
        try:
            if self.closed:
                return
            if self.process is None or self.process.poll() is not None:
                if self.process is not None:
                    self._kill()
                self._start()
                if self.closed:  # closed while it started: stopped at once
                    self._kill()
        except CannotStart as why:
            self.start_failure = _cannot_start(str(why))
        except (ConverterDied, OSError, ValueError):
            self._kill()

    def convert(self, document: Path, pdf: Path, notes: bool = False, revisions: str | None = None) -> Problem | None:
        """Convert ``document`` to ``pdf``; a problem (located at the document) if it times out or fails twice.
        ``notes``: its comments as PDF annotations; ``revisions`` "accept" or "reject" takes every tracked change
        so first; ``pdf`` ending in .txt is the text.

        ``close`` may be called from another thread meanwhile (Ctrl-C): the conversion then stops, quietly."""
        seconds = convert_seconds(document)
        timed_out = False
        for attempt in range(2):
            if self.closed:
                return _stopped(document)
            if self.start_failure is not None:
                return self.start_failure
            timed_out = False
            try:
                process = self.process
                if process is None or process.poll() is not None:
                    if process is not None:
                        self._kill()
                    self._start()
                    process = self.process
                if process is None or process.stdin is None or self.closed:
                    raise ConverterDied("closed")
                job = {"in": str(document.resolve()), "out": str(pdf.resolve())}
                extra = {**({"notes": True} if notes else {}), **({"revisions": revisions} if revisions else {})}
                process.stdin.write(json.dumps({**job, **extra}) + "\n")
                process.stdin.flush()
                answer = self._answer(seconds, process)
                if "done" in answer and pdf.is_file():
                    return None
            except CannotStart as why:
                self.start_failure = _cannot_start(str(why))
                return self.start_failure
            except ConverterDied as died:
                timed_out = str(died) == "timeout"
            except (OSError, ValueError):
                pass
            if self.closed:
                return _stopped(document)
            self._kill()  # crashed, hung or refused: killed by pid, started afresh for the one retry
            self.restarts += 1
            if timed_out:  # it had the whole time the file's size allows: a second try would take as long again
                break
        if timed_out:
            return Problem(Location(display_name(document)),
                           f"LibreOffice 转换“{display_name(document)}”超过 {seconds:.0f} 秒，已停止它",
                           "这份文稿多半有问题（极深的表格、巨量的行）：用 LibreOffice 打开它看看，或拆成几份", "P005")
        return Problem(Location(display_name(document)), "LibreOffice 没能把它转换成 PDF（重试过一次）",
                       "用 LibreOffice 打开这个 .docx 看看是否有问题", "P003")

    def close(self) -> None:
        """Stop LibreOffice (closing the helper's input stops it) and remove the private profile."""
        self.closed = True
        process = self.process  # the thread starting it may replace or drop it meanwhile: work on the one taken
        if process is not None:
            try:
                if process.stdin is not None:
                    process.stdin.close()
                process.wait(timeout=15)
                _release(process)
            except (OSError, subprocess.TimeoutExpired):
                self._kill()
        self.process = None
        if self.pipe:
            remove_pipes(self.profile, self.pipe)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "ResidentConverter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _release(process: subprocess.Popen[str]) -> None:
    """Close our ends of a helper's pipes."""
    for stream in (process.stdin, process.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


def _cannot_start(why: str) -> Problem:
    """What is said, once for the whole run, when LibreOffice will not start."""
    return Problem(Location("PDF"), f"LibreOffice 无法启动（{why}），没有生成 PDF（Word 文稿已经生成）",
                   "检查 LibreOffice 的安装：在终端运行 soffice --headless --version 看它能否启动；装好后重新运行", "P002")


def _stopped(document: Path) -> Problem:
    """A document left unconverted because the command was stopped (Ctrl-C)."""
    return Problem(Location(display_name(document)), "PDF 转换已停止，没有转换它", "重新运行命令", "P003")
