"""What each attack on draft serve's doors costs (issue #25, points 2, 14, 16); prints a table, writes bench/DOORS-RESULTS.md.

    python bench/serve_doors.py [--repeat 5] [--no-write]

Each attack is sent to the application in this process (Starlette's TestClient, or the ASGI call itself for
bodies streamed in 1 MB pieces); measured: the slowest of ``--repeat`` runs, and the peak of Python's
allocations during one (tracemalloc). The tests prove the bounds by the code each answer carries; this
script only reports what they cost on this machine.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from results import publish  # noqa: E402  (bench/results.py, beside this script)

PORT = 48125
TOKEN = "bench-token"
ORIGIN = f"http://127.0.0.1:{PORT}"
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def _streamed(app: Any, headers: list[tuple[bytes, bytes]], pieces: int) -> int:
    """POST /api/preview to the ASGI app, the body in ``pieces`` of 1 MB; the status answered."""
    read = [0]
    sent: list[dict[str, Any]] = []
    piece = b" " * 1_000_000

    async def receive() -> dict[str, Any]:
        read[0] += 1
        return {"type": "http.request", "body": piece, "more_body": read[0] < pieces}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/preview", "raw_path": b"/api/preview", "query_string": b"",
             "root_path": "", "scheme": "http", "http_version": "1.1", "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", PORT), "headers": [(b"host", f"127.0.0.1:{PORT}".encode()),
                                                        (b"x-draft-token", TOKEN.encode())] + headers}
    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def _measure(call: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """The slowest of ``repeat`` calls in ms, the peak of Python allocations in MB, and the last answer."""
    slowest, answer = 0.0, None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = call()
        slowest = max(slowest, (time.perf_counter() - started) * 1000)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1] / 1_000_000
    tracemalloc.stop()
    return slowest, peak, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from drafting.commands.services import CommandServices
    from drafting.office.holder import Office
    from drafting.serve.app import create_app

    work = Path(tempfile.mkdtemp(prefix="draft-bench-doors-"))
    folder = work / "表单"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples", folder)
    (folder / "bomb.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    os.mkfifo(folder / "pipe.yaml")
    for name in ("时间:上半年.yaml", "换\n行.yaml"):
        (folder / name).write_bytes((folder / "half-year-summary.yaml").read_bytes())
    token = {"x-draft-token": TOKEN, "Origin": ORIGIN}
    rows: list[tuple[str, str, float, float, Any]] = []
    try:
        with Office() as office:
            app = create_app(folder, PORT, TOKEN, CommandServices(office))
            client = TestClient(app, base_url=ORIGIN)
            attacks: list[tuple[str, str, Callable[[], Any]]] = [
                ("2 · listing", "home page with a 1 KB alias bomb and a FIFO in the folder (+ 8 forms)",
                 lambda: client.get("/").status_code),
                ("2 · listing", "open the alias bomb", lambda: client.get("/form/bomb.yaml").status_code),
                ("2 · listing", "open the FIFO", lambda: client.get("/form/pipe.yaml").status_code),
                ("14 · names", "GET /form/<5,000 characters> (no token)",
                 lambda: client.get("/form/" + "a" * 5000 + ".yaml").status_code),
                ("14 · names", "GET /download/<5,000 characters> (no token)",
                 lambda: client.get("/download/" + "a" * 5000 + ".docx").status_code),
                ("14 · names", "POST /api/new with a 300-character name",
                 lambda: client.post("/api/new", json={"template": "工作总结", "name": "名" * 300},
                                     headers=token).status_code),
                ("14 · JSON", "JSON nested 1,000 deep",
                 lambda: client.post("/api/preview", content=b"[" * 1000 + b"]" * 1000, headers=token).status_code),
                ("14 · JSON", "JSON nested 1,000,000 deep (2 MB)",
                 lambda: client.post("/api/preview", content=b"[" * 10**6 + b"]" * 10**6, headers=token).status_code),
                ("14 · body", "200 MB body announced by Content-Length",
                 lambda: _streamed(app, [(b"content-length", b"200000000")], 200)),
                ("14 · body", "200 MB body streamed without Content-Length",
                 lambda: _streamed(app, [], 200)),
                ("16 · names", "open a form named with “:”",
                 lambda: client.get("/form/%E6%97%B6%E9%97%B4%3A%E4%B8%8A%E5%8D%8A%E5%B9%B4.yaml").status_code),
                ("16 · names", "open a form named with a line break",
                 lambda: client.get("/form/%E6%8D%A2%0A%E8%A1%8C.yaml").status_code),
            ]
            for kind, what, call in attacks:
                slowest, peak, status = _measure(call, args.repeat)
                rows.append((kind, what, slowest, peak, status))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = ["# draft serve: what each attack on its doors costs", "",
             f"Run on {datetime.date.today()} by `python bench/serve_doors.py` on {platform.node()}: {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. Slowest of "
             f"{args.repeat} runs; peak of Python's allocations (tracemalloc) during one.", "",
             "| issue · door | attack | answer | slowest | peak memory |", "|---|---|---|---|---|"]
    lines += [f"| {kind} | {what} | {status} | {slowest:.0f} ms | {peak:.1f} MB |" for kind, what, slowest, peak, status in rows]
    lines += ["", "Before the fix (issue #25): the alias bomb took 38 s and 715 MB before a 500; the FIFO blocked every "
              "request; long names, deep JSON and the 300-character name answered 500; the 200 MB body was read whole."]
    publish(lines, "DOORS-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
