"""kill -9 of draft in the middle of a PDF conversion leaves nothing behind: no LibreOffice, no profile, no socket.

The processes are found through /proc by their ancestry (children of the draft process this test started) and
the profile path on their command line, never by name; anything left when an assertion fails is killed by pid.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drafting.office.resident import uno_python
from drafting.office.soffice import pipe_file, single_instance_pipe

from ..conftest import ROOT, require_soffice
from .longform import long_form


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def _descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _running(pid: int, cmdline: str) -> bool:
    """Whether ``pid`` still runs the same command (not a zombie, not a reused pid)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z" and _cmdline(pid) == cmdline


def _stop(draft: subprocess.Popen, seen: dict[int, str]) -> None:
    """Kill, by pid, the draft process and whatever of its LibreOffice is still running (after a failed assert)."""
    if draft.poll() is None:
        draft.kill()
        draft.wait()
    for pid, cmdline in seen.items():  # only what this test's draft started, by pid
        if _running(pid, cmdline):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


@pytest.mark.parametrize("delay", [0.0, 1.0], ids=["while-libreoffice-starts", "mid-conversion"])
def test_kill_9_of_draft_mid_conversion_leaves_no_libreoffice_profile_or_socket(tmp_path, delay):
    require_soffice()
    if uno_python() is None:
        pytest.skip("no Python with LibreOffice's uno module: the resident converter is not used")
    form = long_form(tmp_path, 3000)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    draft = subprocess.Popen([sys.executable, "-m", "drafting", "build", str(form), "--pdf", "-q"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    seen: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and draft.poll() is None:  # until LibreOffice (soffice.bin) runs for it
            for pid in _descendants(draft.pid):
                seen.setdefault(pid, _cmdline(pid))
            if any("soffice.bin" in c and "draft-office-" in c for c in seen.values()):
                break
            time.sleep(0.05)
        assert draft.poll() is None, "draft ended before LibreOffice started"
        time.sleep(delay)  # 0: LibreOffice still creating its profile; 1: into the conversion
        for pid in _descendants(draft.pid):
            seen.setdefault(pid, _cmdline(pid))
        profiles = {m.group(1) for c in seen.values() for m in [re.search(r"UserInstallation=(file://\S+)", c)] if m}
        pipes = {m.group(1) for c in seen.values() for m in [re.search(r"pipe,name=([^;]+);", c)] if m}
        assert profiles and pipes
        draft.kill()  # SIGKILL: draft cleans up nothing itself
        draft.wait()
        deadline = time.monotonic() + 60
        while any(_running(p, c) for p, c in seen.items()) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [c for p, c in seen.items() if _running(p, c)]
        assert not left, left
        folders = [Path(p.removeprefix("file://")).parent for p in profiles]
        assert all(f.name.startswith("draft-office-") for f in folders)
        assert not any(f.exists() for f in folders)
        runs = {f.parent for f in folders}  # the holder's folder: the PDFs' scratch folders lay in it too
        assert all(r.name.startswith("draft-run-") for r in runs) and not any(r.exists() for r in runs)
        sockets = [pipe_file(single_instance_pipe(p)) for p in profiles] + [pipe_file(n) for n in pipes]
        assert not any(s.exists() for s in sockets), sockets
    finally:
        _stop(draft, seen)


def test_kill_9_of_draft_during_a_one_shot_conversion_leaves_no_libreoffice(tmp_path):
    """Where no Python has uno, one soffice converts the batch: its watchdog kills it when draft dies."""
    require_soffice()
    form = long_form(tmp_path, 3000)
    built = subprocess.run([sys.executable, "-m", "drafting", "build", str(form), "-q"], env=dict(
        os.environ, PYTHONPATH=str(ROOT)), capture_output=True, timeout=300)
    assert built.returncode == 0, built.stderr
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    script = ("import sys; from pathlib import Path; from drafting.office.holder import Office; "
              "Office(resident=False).render([Path(sys.argv[1])], Path(sys.argv[2]))")
    draft = subprocess.Popen([sys.executable, "-c", script, str(form.with_suffix(".docx")), str(scratch)],
                             env=dict(os.environ, PYTHONPATH=str(ROOT)))
    seen: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and draft.poll() is None:  # until soffice.bin converts for it
            for pid in _descendants(draft.pid):
                seen.setdefault(pid, _cmdline(pid))
            if any("soffice.bin" in c and str(scratch) in c for c in seen.values()):
                break
            time.sleep(0.05)
        assert draft.poll() is None, "the conversion ended before LibreOffice was seen"
        draft.kill()  # SIGKILL: draft cleans up nothing itself
        draft.wait()
        deadline = time.monotonic() + 60
        while (any(_running(p, c) for p, c in seen.items()) or scratch.exists()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [c for p, c in seen.items() if _running(p, c)]
        assert not scratch.exists()  # the watchdog removed draft's scratch folder, LibreOffice's profile with it
        runs = {Path(m) for c in seen.values() for m in re.findall(r'"(/[^"]*draft-run-[^"/]*)"', c)}
        assert runs and not any(r.exists() for r in runs)  # and the holder's own folder
    finally:
        _stop(draft, seen)


def test_kill_9_of_draft_between_two_conversions_removes_its_run_folder(tmp_path):
    """Killed while its LibreOffice sits idle: the helper hears its input close before it sees draft gone, and
    still removes the holder's folder (it once stopped LibreOffice and exited, leaving ``draft-run-*`` behind)."""
    require_soffice()
    if uno_python() is None:
        pytest.skip("no Python with LibreOffice's uno module: the resident converter is not used")
    form = long_form(tmp_path, 20)
    built = subprocess.run([sys.executable, "-m", "drafting", "build", str(form), "-q"], env=dict(
        os.environ, PYTHONPATH=str(ROOT)), capture_output=True, timeout=300)
    assert built.returncode == 0, built.stderr
    script = ("import sys, time; from pathlib import Path; from drafting.office.holder import Office; "
              "office = Office()\n"
              "with office.scratch('pdf-') as scratch:\n"
              "    pdfs, problems = office.render([Path(sys.argv[1])], scratch)\n"
              "    print(scratch.parent, pdfs[0] is not None, flush=True)\n"
              "    time.sleep(300)\n")
    draft = subprocess.Popen([sys.executable, "-c", script, str(form.with_suffix(".docx"))],
                             stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    seen: dict[int, str] = {}
    try:
        assert draft.stdout is not None
        run, converted = draft.stdout.readline().split()  # the PDF is made; LibreOffice waits for the next job
        assert converted == "True" and Path(run).name.startswith("draft-run-") and Path(run).exists()
        for pid in _descendants(draft.pid):
            seen.setdefault(pid, _cmdline(pid))
        assert any("soffice.bin" in c for c in seen.values())
        draft.kill()
        draft.wait()
        deadline = time.monotonic() + 60
        while (any(_running(p, c) for p, c in seen.items()) or Path(run).exists()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [c for p, c in seen.items() if _running(p, c)]
        assert not Path(run).exists()
    finally:
        if draft.stdout is not None:
            draft.stdout.close()
        _stop(draft, seen)
