"""The server's heavy work runs off the event loop: a build that does not end keeps no other request waiting,
and the page is told in Chinese (S024) when it stops waiting for it."""
from __future__ import annotations

import asyncio
import json
import shutil
import threading
from pathlib import Path

import httpx2 as httpx

from drafting.serve.app import create_app
from drafting.serve.guard import TOKEN_HEADER
from drafting.serve.jobs import Limits

from ..conftest import EXAMPLES

PORT = 48124
TOKEN = "test-token-not-secret"
ORIGIN = f"http://127.0.0.1:{PORT}"
SAFETY = 60  # seconds a stub waits at most, so that a broken server fails the test instead of hanging it


class SlowServices:
    """Services whose build blocks until ``release`` is set, saying when it started."""

    def __init__(self) -> None:
        self.started, self.release = threading.Event(), threading.Event()

    def build(self, forms: list[Path], options: object, pdf: bool) -> object:
        self.started.set()
        self.release.wait(SAFETY)
        from drafting.commands.report import Line, Report

        return Report([Line("已生成", False)])

    def new_form(self, template: str, target: Path, options: object) -> object:
        raise AssertionError("not asked")

    next_form = new_form

    def can_print(self) -> bool:
        return False


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    return root


def _json(body: dict) -> dict:
    return {"content": json.dumps(body, ensure_ascii=False).encode("utf-8"),
            "headers": {TOKEN_HEADER: TOKEN, "Origin": ORIGIN, "Content-Type": "application/json"}}


def _client(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=ORIGIN)


def test_a_build_that_runs_on_keeps_no_other_request_waiting(tmp_path):
    services = SlowServices()
    app = create_app(_folder(tmp_path), PORT, TOKEN, services)

    async def scenario() -> tuple[int, int, bool, int]:
        async with _client(app) as client:
            build = asyncio.create_task(client.post("/api/build", **_json({"names": ["half-year-summary.yaml"]})))
            assert await asyncio.to_thread(services.started.wait, SAFETY)
            home = await client.get("/")
            page = await client.get("/form/half-year-summary.yaml")
            data = json.loads(page.text.split('id="page-data">', 1)[1].split("</script>", 1)[0])
            preview = await client.post("/api/preview", **_json({"name": data["name"], "version": data["version"],
                                                                 "state": data["state"]}))
            still_running = not build.done()
            services.release.set()
            return home.status_code, preview.status_code, still_running, (await build).status_code

    home, preview, still_running, built = asyncio.run(scenario())
    assert (home, preview, built) == (200, 200, 200)
    assert still_running  # answered while the build was blocked, not after it


def test_the_page_is_told_when_it_stops_waiting_for_a_build(tmp_path):
    services = SlowServices()
    app = create_app(_folder(tmp_path), PORT, TOKEN, services, limits=Limits(build_seconds=0.05))

    async def scenario() -> httpx.Response:
        async with _client(app) as client:
            return await client.post("/api/build", **_json({"names": ["half-year-summary.yaml"]}))

    try:
        answer = asyncio.run(scenario())  # the stub's build never ends before it is released: the limit stops waiting
    finally:
        services.release.set()
    said = answer.json()
    assert answer.status_code == 504 and said["code"] == "S024"
    assert "超过 0.05 秒" in said["error"] and "draft build" in said["hint"]


def test_jobs_past_the_slots_wait_for_one_and_start_no_thread():
    """A flood of requests starts no more threads than the pool's slots: the rest wait on the event loop."""
    from drafting.serve.jobs import Jobs

    jobs = Jobs(1, SAFETY, "生成")
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def work(number: int) -> int:
        calls.append(number)
        started.set()
        release.wait(SAFETY)
        return number

    async def scenario() -> list[int]:
        first = asyncio.create_task(jobs.run(work, 1))
        assert await asyncio.to_thread(started.wait, SAFETY)
        second = asyncio.create_task(jobs.run(work, 2))
        for _ in range(10):
            await asyncio.sleep(0)  # the second request runs up to where it waits for the one slot
        assert calls == [1] and not second.done()
        assert sum(thread.name == "draft-生成" for thread in threading.enumerate()) == 1
        release.set()
        return [await first, await second]

    assert asyncio.run(scenario()) == [1, 2]
