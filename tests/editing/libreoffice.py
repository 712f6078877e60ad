"""Edits made in LibreOffice through UNO and saved as Word (the script LibreOffice's Python runs is
tests/office/libreoffice_edit.py)."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Sequence

from .edits import AUTHOR, Comment, Delete, DeleteRow, Edit, InsertAfter, InsertRow, Replace

SCRIPT = Path(__file__).resolve().parents[1] / "office" / "libreoffice_edit.py"
TIMEOUT = 300  # seconds for LibreOffice to start, edit and save a report


def _job(edit: Edit) -> list[str]:
    """An edit as the LibreOffice script takes it: [kind, arguments…]."""
    if isinstance(edit, Replace):
        return ["replace", *edit]
    if isinstance(edit, Delete):
        return ["delete", edit.paragraph]
    if isinstance(edit, InsertAfter):
        return ["insert_after", *edit]
    if isinstance(edit, Comment):
        return ["comment", edit.paragraph, edit.anchor, edit.text, edit.author, edit.date]
    if isinstance(edit, InsertRow):
        return ["insert_row", edit.paragraph, *edit.cells]
    if isinstance(edit, DeleteRow):
        return ["delete_row", edit.paragraph]
    raise TypeError(f"the LibreOffice fixture makes no {type(edit).__name__}")


def edited_in_libreoffice(data: bytes, edits: Sequence[Edit], folder: Path, record: bool = False,
                          author: str = AUTHOR, python: str | None = None) -> bytes:
    """``data`` opened in LibreOffice, ``edits`` made through the UNO text API (with Record Changes on when
    ``record``, as ``author``), saved as "MS Word 2007 XML". ``python`` has LibreOffice's uno (``require_uno()``'s
    by default: the calling test is skipped without one). LibreOffice runs with a private profile and temporary
    folder under ``folder``, removed afterwards with its sockets; one that hangs is killed by its pid."""
    from drafting.office.soffice import find_soffice, office_env, pipe_file, single_instance_pipe

    from ..conftest import require_soffice, require_uno

    require_soffice()
    python = python or require_uno()
    work = folder / f"lo-{secrets.token_hex(4)}"
    work.mkdir()
    source, saved, job = work / "in.docx", work / "out.docx", work / "job.json"
    source.write_bytes(data)
    profile, pipe = (work / "profile").as_uri(), f"draft-test-{os.getpid()}-{secrets.token_hex(4)}"
    job.write_text(json.dumps({"in": str(source), "out": str(saved), "edits": [_job(e) for e in edits],
                               "record": record, "author": author}), encoding="utf-8")
    leftovers = {"sockets": [str(pipe_file(n)) for n in (single_instance_pipe(profile), pipe)]}
    try:
        process = subprocess.Popen([python, str(SCRIPT), str(find_soffice()), profile, pipe, str(job),
                                    json.dumps(leftovers)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=office_env(work / "tmp"))
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()  # the script, by its pid; then LibreOffice's process group, by the pid it said first
            out, _ = process.communicate()
            for line in out.splitlines():
                if line.startswith('{"started"'):
                    with contextlib.suppress(OSError):
                        os.killpg(json.loads(line)["started"], signal.SIGKILL)
            raise AssertionError(f"LibreOffice did not finish within {TIMEOUT} s") from None
        answers = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        assert any("done" in a for a in answers), f"LibreOffice did not save: {answers} {err[-2000:]}"
        return saved.read_bytes()
    finally:
        for socket in leftovers["sockets"]:
            Path(socket).unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
