"""Hostile .docx files at draft import --into, draft diff and draft check --annotate, timed with each process's peak
memory; writes bench/ROUNDTRIP-HOSTILE-RESULTS.md.

    python bench/roundtrip_hostile.py [--runs 2] [--no-write]

The tests prove these cases by the work counted and what is refused (tests/security/test_roundtrip_hostile.py,
test_annotate_hostile.py, test_merge_files.py); here are the seconds and megabytes: each command in a process of its
own, best of ``--runs``.
"""
from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.security.test_roundtrip_hostile import comments_xml, deleted_marks, hostile_docx, unclosed_ranges  # noqa: E402

# The peak is VmHWM, which starts afresh at exec; ru_maxrss would carry over this script's own (large) size from fork.
WRAPPER = ("import sys\nfrom drafting.cli import main\ncode = 0\ntry:\n    main(sys.argv[1:])\n"
           "except SystemExit as e:\n    code = int(e.code or 0)\n"
           "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
           "print(f'PEAK {code} {hwm}', file=sys.stderr)\n")


def draft(argv: list[str], folder: Path, runs: int) -> tuple[float, float, int, str]:
    """One draft command in its own process: (seconds, peak MB, exit code, the codes it said), best of ``runs``."""
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", WRAPPER, *argv], cwd=folder, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        elapsed = time.perf_counter() - start
        peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")][-1].split()
        codes = sorted({part[:4] for part in (done.stdout + done.stderr).split("[")[1:] if part[4:5] == "]"})
        if "Traceback" in done.stderr or "内部错误" in done.stderr:
            codes.append("TRACEBACK")
        result = (elapsed, int(peak[2]) / 1024, int(peak[1]), " ".join(codes))
        best = result if best is None or result[0] < best[0] else best
    assert best is not None
    return best


def replaced(data: bytes, part: str, body: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The package ``data`` with ``part`` replaced by ``body`` (added when missing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info))
        target.writestr(part, body)
    return out.getvalue()


def bomb(data: bytes, part: str, size: int = 400_000_000) -> bytes:
    """``part`` replaced by well-formed XML padded with ``size`` blanks (a thousand to one), streamed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        original = source.read(part) if part in source.namelist() else b"<x/>"
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info))
        head, _, rest = original.partition(b"?>") if original.startswith(b"<?xml") else (b"", b"", original)
        entry = zipfile.ZipInfo(part)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with target.open(entry, "w", force_zip64=True) as stream:
            stream.write(head + (b"?>" if head else b""))
            for _ in range(size // 1_000_000):
                stream.write(b" " * 1_000_000)
            stream.write(rest)
    return out.getvalue()


def many_parts(data: bytes, count: int, size: int) -> bytes:
    """``count`` extra parts of ``size`` bytes each, 19:1 compressible (under the per-part ratio)."""
    chance = random.Random(5)
    block = b"".join(b" " * 200 + bytes(chance.randrange(256) for _ in range(8)) for _ in range(size // 208))
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        for n in range(count):
            target.writestr(f"word/media/big{n}.bin", block)
    return out.getvalue()


def nested_revisions(depth: int, size: int) -> bytes:
    """``depth`` w:ins/w:del nested round one run of ``size`` random CJK characters."""
    chance = random.Random(7)
    inner = "<w:r><w:t>" + "".join(chr(0x4E00 + chance.randrange(20_000)) for _ in range(size)) + "</w:t></w:r>"
    for level in range(depth):
        tag = "w:ins" if level % 2 else "w:del"
        inner = f'<{tag} w:id="{level}" w:author="甲">{inner}</{tag}>'
    return hostile_docx(f"<w:p>{inner}</w:p>")


def stored(data: bytes) -> bytes:
    """The package with every part stored (no ratio: the reader's text limits alone apply)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    return out.getvalue()


def cases(built: bytes) -> list[tuple[str, Callable[[], bytes], list[str]]]:
    """(attack, the hostile .docx, the doors it is tried at)."""
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
            'Target="../../etc/passwd"/></Relationships>')
    empties = "".join(f'<w:p><w:pPr><w:rPr><w:ins w:id="{i}" w:author="甲"/></w:rPr></w:pPr></w:p>'
                      for i in range(100_000))
    laughs = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
              '<w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    deep = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            + "<w:ins>" * 100_000 + "</w:ins>" * 100_000 + "</w:p></w:body></w:document>")
    all_doors = ["import", "diff", "annotate"]
    found = [
        ("10,000 unclosed comment ranges over 10,000 runs", lambda: unclosed_ranges(10_000), all_doors),
        ("100,000 paragraph marks deleted in a chain", lambda: deleted_marks(100_000), all_doors),
        ("100,000 empty paragraphs, each mark inserted (修订)", lambda: hostile_docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>" + empties), ["import"]),
        ("200 w:ins/w:del nested round 1,000,000 characters", lambda: nested_revisions(200, 1_000_000), all_doors),
        ("one character × 1,000,000 in one paragraph, one changed (stored zip)", lambda: stored(hostile_docx(
            f"<w:p><w:r><w:t>{'字' * 500_000}了{'字' * 500_000}</w:t></w:r></w:p>")), ["diff-one-char"]),
        ("40 parts of 45 MB at 19:1 (1.8 GB unpacked)", lambda: many_parts(built, 40, 45_000_000), ["diff"]),
        ("comments relationship to ../../etc/passwd", lambda: replaced(built, "word/_rels/document.xml.rels",
                                                                       rels.encode()), all_doors),
        ("entities (DOCTYPE) in document.xml", lambda: replaced(built, "word/document.xml", laughs.encode()), all_doors),
        ("100,000 nested w:ins", lambda: replaced(built, "word/document.xml", deep.encode()), all_doors),
        ("comments part linking 3,000 comments", lambda: hostile_docx(
            "<w:p>" + "".join(f'<w:commentRangeStart w:id="{i}"/><w:r><w:t>字</w:t></w:r>' for i in range(3000))
            + "</w:p>", comments_xml(3000)), all_doors),
    ]
    for part in ("word/document.xml", "word/comments.xml", "docProps/custom.xml", "docProps/core.xml",
                 "word/styles.xml", "word/numbering.xml"):
        found.append((f"zip bomb: {part} of 400 MB blanks", lambda part=part: bomb(built, part), all_doors))
    return found


def argv_of(door: str, name: str) -> list[str]:
    """The command line trying ``name`` at ``door``."""
    if door == "import":
        return ["import", name, "--into", "汇报.yaml", "--dry-run"]
    if door == "diff":
        return ["diff", "汇报.docx", name, "-o", "对照.docx", "--overwrite"]
    if door == "diff-one-char":
        return ["diff", "一字.docx", name, "-o", "对照.docx", "--overwrite"]
    return ["check", name, "--annotate", "-o", "审核.docx", "--overwrite"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    lines = ["# draft import --into, draft diff, draft check --annotate: hostile .docx", "",
             f"Run on {datetime.date.today()} by `python bench/roundtrip_hostile.py --runs {args.runs}` on "
             f"{platform.node()}: {platform.system()} {platform.machine()}, {os.cpu_count()} cores (shared), Python "
             f"{platform.python_version()}. Each command in its own process, best of {args.runs}; time includes "
             "start-up (about 0.2 s); peak = the process's VmHWM (its own, not its parent's); codes = what it said.",
             "", "| attack | door | file | exit | codes | time | peak memory |", "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="draft-bench-") as folder:
        root = Path(folder)
        shutil.copy(ROOT / "examples" / "work-briefing.yaml", root / "汇报.yaml")
        subprocess.run([sys.executable, "-m", "drafting", "build", "汇报.yaml", "-o", "汇报.docx"], cwd=root,
                       check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        built = (root / "汇报.docx").read_bytes()
        (root / "一字.docx").write_bytes(stored(hostile_docx(f"<w:p><w:r><w:t>{'字' * 1_000_000}</w:t></w:r></w:p>")))
        form = (root / "汇报.yaml").read_bytes()
        for name, make, doors in cases(built):
            data = make()
            (root / "攻击.docx").write_bytes(data)
            for door in doors:
                seconds, peak, code, said = draft(argv_of(door, "攻击.docx"), root, args.runs)
                assert (root / "汇报.yaml").read_bytes() == form, "the form was changed"
                lines.append(f"| {name} | {door.split('-')[0]} | {len(data) / 1e6:.1f} MB | {code} | {said} | "
                             f"{seconds:.2f} s | {peak:.0f} MB |")
            print(lines[-1], flush=True)
    publish(lines, "ROUNDTRIP-HOSTILE-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
