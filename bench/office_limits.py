"""LibreOffice under attack and under load (issue #25, points 6-7); writes bench/OFFICE-LIMITS-RESULTS.md.

    python bench/office_limits.py [--rows 10000] [--no-write]

Each case runs ``draft`` as a child process and samples, through /proc, the peak resident memory of the
LibreOffice it starts (found by ancestry and the ``draft-office-`` profile on its command line), the wall
time, the exit code, the message, and whether any process, profile folder or socket of it is left.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.office.resident import convert_seconds  # noqa: E402
from tests.helpers import build  # noqa: E402
from tests.office.longform import long_form  # noqa: E402
from tests.office.test_orphans import _cmdline, _descendants, _running  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def rows_docx(rows: int) -> bytes:
    """A small .docx (the work-plan package) whose body is one table of ``rows`` empty rows: packs to a few hundred KB."""
    source = zipfile.ZipFile(io.BytesIO(build(ROOT / "examples" / "work-plan.yaml")))
    body = f"<w:document {W}><w:body><w:tbl>" + "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{n}</w:t></w:r></w:p></w:tc></w:tr>" for n in range(rows)) + "</w:tbl><w:p/></w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info.filename, body if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def run(argv: list[str], folder: Path, kill_after: float | None = None) -> dict:
    """Run draft with ``argv`` in ``folder``: seconds, exit code, last lines, LibreOffice's peak memory, leftovers."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.monotonic()
    draft = subprocess.Popen([sys.executable, "-m", "drafting", *argv], cwd=folder, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen: dict[int, str] = {}
    peak = 0
    while draft.poll() is None:
        for pid in _descendants(draft.pid):
            seen.setdefault(pid, _cmdline(pid))
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                peak = max(peak, int(re.search(r"VmHWM:\s+(\d+)", status).group(1)))  # type: ignore[union-attr]
            except (OSError, AttributeError):
                pass
        if kill_after is not None and time.monotonic() - start > kill_after and any("soffice.bin" in c for c in seen.values()):
            draft.kill()
        time.sleep(0.1)
    seconds = time.monotonic() - start
    out = draft.stdout.read() if draft.stdout else ""  # type: ignore[union-attr]
    settle = time.monotonic() + 60
    while any(_running(p, c) for p, c in seen.items()) and time.monotonic() < settle:
        time.sleep(0.1)
    cleaned = time.monotonic() - start - seconds
    left = [p for p, c in seen.items() if _running(p, c)]
    for pid in left:
        os.kill(pid, 9)
    profiles = {m.group(1) for c in seen.values() for m in [re.search(r"UserInstallation=file://(\S+)", c)] if m}
    folders = [Path(p).parent for p in profiles if Path(p).parent.exists()]
    return {"seconds": seconds, "code": draft.returncode, "out": " ".join(out.split())[-160:], "peak_mb": peak / 1024,
            "left": len(left), "folders": len(folders), "cleaned": cleaned}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    lines = ["# LibreOffice limits (issue #25)", "",
             "| case | allotted s | wall s | exit | LibreOffice peak MB | processes left | profiles left | message |",
             "|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="bench-office-limits-") as scratch:
        folder = Path(scratch)
        form = long_form(folder, arguments.rows)
        cases = []
        (folder / "rows60k.docx").write_bytes(rows_docx(60000))
        cases.append((f"hostile: {len((folder / 'rows60k.docx').read_bytes()) // 1024} KB .docx of 60,000 rows, "
                      "check --layout", ["check", "--layout", "rows60k.docx"], folder / "rows60k.docx", None))
        cases.append((f"legit: {arguments.rows:,}-row form, build --pdf", ["build", form.name, "--pdf"],
                      None, None))
        cases.append(("kill -9 of draft 2 s into build --pdf", ["build", form.name, "--pdf"], None, 2.0))
        for name, argv, docx, kill in cases:
            result = run(argv, folder, kill)
            target = docx or form.with_suffix(".docx")
            allotted = f"{convert_seconds(target):.0f}" if target.exists() else "-"
            lines.append(f"| {name} | {allotted} | {result['seconds']:.1f} | {result['code']} | {result['peak_mb']:.0f} "
                         f"| {result['left']} | {result['folders']} | {result['out'][-100:]} |")
    publish(lines, "OFFICE-LIMITS-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
