"""The county load benchmark's server side: a data folder set up through the CLI, ``draft server run`` in a process
of its own (stopped by its pid), and what the database holds afterwards. Used by bench/county_load.py."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN, ADMIN_PASSWORD = "县管理员", "county-load-2026"
UNIT_PASSWORD = "unit-load-2026"


def draft(args: list[str], stdin: str = "", env: dict[str, str] | None = None) -> str:
    """Run ``python -m drafting ARGS`` as a user would (``stdin`` typed in); its output, or an error with its words."""
    done = subprocess.run([sys.executable, "-m", "drafting", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"draft {' '.join(args[:3])} … exited {done.returncode}: {done.stdout}{done.stderr}")
    return done.stdout


def set_up(data_dir: Path, url: str | None, units: list[str], env: dict[str, str]) -> float:
    """``draft server init``, one clerk per unit and a round of 工作总结 for them, through the CLI; seconds taken."""
    start = time.perf_counter()
    draft(["server", "init", str(data_dir), "--admin", ADMIN, "--password-stdin", *(["--db", url] if url else [])],
          ADMIN_PASSWORD + "\n", env)
    for unit in units:
        draft(["server", "user", "add", str(data_dir), "--name", f"{unit}文书", "--unit", unit, "--role", "unit",
               "--password-stdin"], UNIT_PASSWORD + "\n", env)
    draft(["server", "round", "open", str(data_dir), "--template", "工作总结", "--period", "2026Q3",
           "--due", "2026-10-10", "--units", ",".join(units)], "", env)
    return time.perf_counter() - start


class Server:
    """``draft server run DATA_DIR --port 0`` in a process (and session) of its own, stopped by its pid."""

    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "drafting", "server", "run", str(data_dir), "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env,
                                        start_new_session=True)
        self.said: list[str] = []
        watchdog = threading.Timer(120, self.process.kill)  # a server that never says its address is not waited for
        watchdog.start()
        for line in self.process.stdout or []:  # the address on a line of its own, like draft serve
            self.said.append(line.rstrip())
            if line.startswith("http://"):
                self.address = line.strip().rstrip("/")
                break
        else:
            watchdog.cancel()
            self.stop()
            raise RuntimeError("draft server run printed no address:\n" + "\n".join(self.said))
        watchdog.cancel()
        # the rest of its output is read as it comes, so a full pipe never stalls the server
        self.reader = threading.Thread(target=lambda: self.said.extend(l.rstrip() for l in self.process.stdout or []),
                                       daemon=True)
        self.reader.start()

    def usage(self) -> tuple[float, float]:
        """The server process's CPU seconds (user + system) so far and its peak resident memory (VmHWM, MB)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = Path(f"/proc/{self.process.pid}/status").read_text().split("VmHWM:")[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(status[0]) / 1024

    def stop(self) -> list[int]:
        """SIGTERM, then SIGKILL after 20 s; the pids of its session that outlived it (each killed by its pid)."""
        pid = self.process.pid
        if self.process.poll() is None:
            os.kill(pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(pid, signal.SIGKILL)
                self.process.wait()
        left = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit() and _session_of(entry) == pid]
        for other in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(other, signal.SIGKILL)
        if hasattr(self, "reader"):
            self.reader.join(5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return left


def _session_of(proc: Path) -> int:
    """The session id of the process at /proc/PID (-1 when it is gone)."""
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[4])
    except (OSError, IndexError, ValueError):
        return -1


def versions_in_database(data_dir: Path) -> dict[str, tuple[int, str]]:
    """Per unit: the FormVersion rows of its submission and the newest one's text (drafting.county's own session)."""
    from sqlalchemy import func, select

    from drafting.county.datadir import open_data_dir
    from drafting.county.db import session_scope
    from drafting.county.models import FormVersion, Submission, Unit

    opened = open_data_dir(data_dir)
    found: dict[str, tuple[int, str]] = {}
    try:
        with session_scope(opened.engine()) as db:
            rows = db.execute(select(Unit.name, Submission.id, func.count(FormVersion.id))
                              .join(Submission, Submission.unit_id == Unit.id)
                              .join(FormVersion, FormVersion.submission_id == Submission.id)
                              .group_by(Unit.name, Submission.id)).all()
            for unit, submission_id, count in rows:
                text = db.scalars(select(FormVersion.text).where(FormVersion.submission_id == submission_id)
                                  .order_by(FormVersion.number.desc()).limit(1)).one()
                found[unit] = (count, text)
    finally:
        opened.dispose()
    return found


def left_in(folder: Path, patience: float = 10.0) -> list[str]:
    """What the stopped server left in its TMPDIR (its LibreOffice helper may take a moment to remove its folder)."""
    deadline = time.monotonic() + patience
    while any(folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return sorted(entry.name for entry in folder.iterdir())
