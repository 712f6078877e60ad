"""The county server under load: simulated units against the real ``draft server run``; writes bench/COUNTY-LOAD-RESULTS.md.

    python bench/county_load.py [--seconds 60] [--clients 50] [--ramp 2] [--servers 1 2] [--db sqlite postgresql] [--no-write]

For each database (SQLite in DATA_DIR; PostgreSQL in a private cluster started and stopped by its pid, as
tests/county/conftest.py starts it): ``draft server init`` + one clerk account per unit + a round for the units,
all through the CLI with ``--password-stdin`` as an administrator types them; then the real server process
(``python -m drafting server run DATA_DIR --port 0``, its address read from its output; with ``--servers 2``
two of them on the one DATA_DIR, as the issue's point 5 runs them) and ``--clients`` simulated browsers (httpx2):
each logs in at /login like a browser (every field of the login form, its CSRF token included), opens its home
page, follows the ``a.form-link``, reads the form page's ``draft-token`` and ``draft-base`` metas and page data,
then previews every 2 s, saves every 10 s (a changed field, with the version it holds, taking the new version from
the answer), and one client in five builds a PDF once a minute.

Figures per database: requests/s, preview latency p50/p95 (target p95 ≤ 500 ms), errors (non-2xx that are not the
conflicts a page answers with reload/copy; target 0) and lost saves (saves answered 200 against the rows of the
versions table, counted with drafting.county's own session; target 0). The server is stopped by its pid
(SIGTERM, then SIGKILL); every folder made is removed; what the server left in its TMPDIR is reported.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import lxml.html
from county_server import UNIT_PASSWORD, Server, left_in, set_up, versions_in_database
from results import publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from drafting.serve.app import CONFLICTS  # noqa: E402  (serve's refusals the page answers with reload / copy)

PREVIEW_EVERY, SAVE_EVERY, BUILD_EVERY = 2.0, 10.0, 60.0


def unit_names(count: int) -> list[str]:
    """The simulated townships' names."""
    return [f"第{number:02d}镇" for number in range(1, count + 1)]


class Tally:
    """What the clients saw: each answer (kind, started, ended), the refusals expected and not, each unit's saves."""

    def __init__(self) -> None:
        self.answers: list[tuple[str, float, float]] = []
        self.conflicts = 0
        self.errors: list[str] = []
        self.saved: dict[str, list[str]] = {}   # unit → the marks of its saves answered 200, in order
        self.settled = 0.0                      # when the last client had its form page open

    def seconds(self, *kinds: str, after: float = 0.0) -> list[float]:
        """The answer times of ``kinds`` among requests started at ``after`` or later."""
        return [ended - started for kind, started, ended in self.answers if kind in kinds and started >= after]


async def call(client: Any, tally: Tally, kind: str, method: str, url: str, **kwargs: Any) -> Any:
    """One request, timed; a refusal that is not an expected conflict, or a failure to answer, is an error (None)."""
    start = time.monotonic()
    try:
        answer = await client.request(method, url, **kwargs)
    except Exception as error:  # noqa: BLE001 — a timeout or a dropped connection is a finding, not a crash
        tally.errors.append(f"{kind}: {type(error).__name__} {error}")
        return None
    tally.answers.append((kind, start, time.monotonic()))
    if answer.status_code < 300:
        return answer
    code = ""
    if answer.headers.get("content-type", "").startswith("application/json"):
        code = str(answer.json().get("code", ""))
    if answer.status_code == 409 and code in CONFLICTS:
        tally.conflicts += 1
    else:
        tally.errors.append(f"{kind}: HTTP {answer.status_code} {code} {answer.text[:200]}")
    return None


def login_fields(page: str, name: str, password: str) -> tuple[str, dict[str, str]]:
    """The login form's action and every field a browser would send (its hidden CSRF field too)."""
    form = next(f for f in lxml.html.fromstring(page).forms if "password" in f.fields.keys())
    fields = dict(form.form_values())
    fields.update(username=name, password=password)
    return form.get("action") or "/login", fields


def form_page_of(page: str) -> dict[str, Any]:
    """A form page's token, base and page data (name, version, state)."""
    doc = lxml.html.fromstring(page)
    meta = {m.get("name"): m.get("content") or "" for m in doc.iter("meta") if m.get("name")}
    data = json.loads(doc.get_element_by_id("page-data").text)
    return {"token": meta["draft-token"], "base": meta["draft-base"], "name": data["name"],
            "version": data["version"], "state": data["state"]}


def first_link(page: str) -> str:
    """The href of the home page's first ``a.form-link``."""
    links = lxml.html.fromstring(page).xpath("//a[contains(concat(' ', normalize-space(@class), ' '), ' form-link ')]")
    return links[0].get("href")


# a round's blank form has its figures' names and units only: a clerk types the numbers before anything else
NUMBERS = {"排查纠纷": {"值": "2966"}, "化解纠纷": {"值": "2869", "去年同期": "2700"}}


def changed(state: dict[str, Any], mark: str) -> dict[str, Any]:
    """The page's fields with a clerk's edit: the numbers typed in, the 工作总结's closing sentence (结尾) carrying
    ``mark``."""
    figures = [dict(row, **NUMBERS.get(row.get("名称", ""), {})) for row in state.get("指标", [])]
    return dict(state, 指标=figures, 结尾=f"以上报告，请审阅。〔{mark}〕")


async def client_run(httpx2: Any, origin: str, unit: str, index: int, builds: bool, until: float, tally: Tally,
                     start_in: float) -> None:
    """One unit's clerk in a browser: log in, open the form, preview, save and (when ``builds``) build a PDF."""
    await asyncio.sleep(start_in)
    rng = random.Random(index)
    async with httpx2.AsyncClient(base_url=origin, timeout=180, headers={"Origin": origin}) as client:
        page = await call(client, tally, "login page", "GET", "/login")
        if page is None:
            return
        action, fields = login_fields(page.text, f"{unit}文书", UNIT_PASSWORD)
        home = await call(client, tally, "login", "POST", action, data=fields, follow_redirects=True)
        if home is None:
            return
        if "form-link" not in home.text:
            tally.errors.append(f"login: {unit} did not reach a home page with its form")
            return
        opened = await call(client, tally, "form page", "GET", first_link(home.text), follow_redirects=True)
        if opened is None:
            return
        form = form_page_of(opened.text)
        tally.settled = max(tally.settled, time.monotonic())
        headers = {"x-draft-token": form["token"]}
        api = form["base"] + "/api/"
        now = time.monotonic()
        next_save = now + rng.uniform(2, SAVE_EVERY)
        next_build = now + rng.uniform(0.1, 0.6) * min(BUILD_EVERY, max(until - now, 1)) if builds else float("inf")
        builds_running: list[asyncio.Task[Any]] = []
        saves, preview = 0, "first preview"
        while time.monotonic() < until:
            if saves and time.monotonic() >= next_build:  # after its first save: a blank form's figures have no numbers
                next_build += BUILD_EVERY
                builds_running.append(asyncio.create_task(call(client, tally, "build pdf", "POST", api + "build",
                                                               json={"names": [form["name"]], "pdf": True},
                                                               headers=headers)))
            if time.monotonic() >= next_save:
                next_save += SAVE_EVERY
                saves += 1
                mark = f"{unit}第{saves}次保存"
                answer = await call(client, tally, "save", "POST", api + "save", headers=headers,
                                    json={"name": form["name"], "version": form["version"],
                                          "state": changed(form["state"], mark)})
                if answer is not None:
                    body = answer.json()
                    form.update(name=body["name"], version=body["version"], state=body["state"])
                    tally.saved.setdefault(unit, []).append(mark)
            started = time.monotonic()
            await call(client, tally, preview, "POST", api + "preview", headers=headers,
                       json={"name": form["name"], "version": form["version"], "state": form["state"]})
            preview = "preview"
            await asyncio.sleep(max(0.0, min(PREVIEW_EVERY - (time.monotonic() - started), until - time.monotonic())))
        await asyncio.gather(*builds_running)


async def load(origins: list[str], units: list[str], seconds: float, ramp: float) -> tuple[Tally, float, float]:
    """Every client from its own browser for ``seconds``, spread over the servers at ``origins``; the tally, the
    window's start and its end."""
    import httpx2

    tally = Tally()
    began = time.monotonic()
    until = began + seconds
    await asyncio.gather(*(client_run(httpx2, origins[index % len(origins)], unit, index, index % 5 == 0, until, tally,
                                      index * ramp / len(units))
                           for index, unit in enumerate(units)))
    return tally, began, until


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank), ms."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def lost_saves(tally: Tally, stored: dict[str, tuple[int, str]], units: list[str]) -> tuple[int, int]:
    """(saves answered 200 with no row — versions beyond the round's first one —, units whose newest text lacks
    their last answered save)."""
    lost = stale = 0
    for unit in units:
        marks = tally.saved.get(unit, [])
        rows, text = stored.get(unit, (0, ""))
        lost += max(0, 1 + len(marks) - rows)
        stale += bool(marks) and marks[-1] not in text
    return lost, stale


def where_broken(traceback: str) -> str:
    """A traceback in one line: drafting's two deepest frames and the exception (the first unindented line after
    the last frame)."""
    lines = traceback.strip().splitlines()
    frames = [n for n, line in enumerate(lines) if line.strip().startswith("File ")]
    ours = [lines[n].strip() for n in frames if "/drafting/" in lines[n]]
    after = lines[frames[-1] + 1:] if frames else lines
    return " | ".join(ours[-2:] + [line for line in after if line and not line[0].isspace()][:1])


def one_database(kind: str, servers: int, units: list[str], args: argparse.Namespace, work: Path,
                 cluster: Any) -> dict[str, Any]:
    """Set up one database, serve it with ``servers`` processes and load them; its figures."""
    data_dir = work / f"data-{kind}-{servers}"
    temporary_dir = work / f"tmp-{kind}-{servers}"   # the servers' TMPDIR: what they leave there is reported
    temporary_dir.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary_dir), PYTHONDONTWRITEBYTECODE="1")
    url = None
    if kind == "postgresql":
        from tests.county.conftest import fresh_postgres_database

        url = fresh_postgres_database(cluster.url("postgres"))
    setup = set_up(data_dir, url, units, env)
    load_before = os.getloadavg()[0]
    running: list[Server] = []
    try:
        running += [Server(data_dir, env) for _ in range(servers)]
        cpu_before, client_before = sum(server.usage()[0] for server in running), time.process_time()
        tally, began, until = asyncio.run(load([server.address for server in running], units, args.seconds, args.ramp))
        used = [server.usage() for server in running]
        cpu = (sum(c for c, _ in used) - cpu_before, time.process_time() - client_before)
        peak = max(m for _, m in used)
    finally:
        outlived = [pid for server in running for pid in server.stop()]
    temporary = left_in(temporary_dir)
    tracebacks = {where_broken((temporary_dir / name).read_text()) for name in temporary
                  if name.startswith("draft-internal-error")}  # the servers' saved tracebacks (their 500s are errors)
    for server in running:  # and those a server only printed (an exception no handler of drafting's caught)
        printed = "\n".join(server.said).split("Traceback (most recent call last):")[1:]
        tracebacks |= {"printed: " + where_broken(text) for text in printed}
    stored = versions_in_database(data_dir)
    lost, stale = lost_saves(tally, stored, units)
    previews, steady = tally.seconds("first preview", "preview"), tally.seconds("preview", after=tally.settled)
    builds = tally.seconds("build pdf")
    return {"kind": kind + (f", {servers} server processes" if servers > 1 else ""), "setup": setup,
            "requests": len(tally.answers),
            "rate": sum(1 for _, _, ended in tally.answers if began <= ended <= until) / args.seconds,
            "previews": len(previews), "p50": percentile(previews, 0.5), "p95": percentile(previews, 0.95),
            "max": percentile(previews, 1.0), "steady": len(steady), "steady_p50": percentile(steady, 0.5),
            "steady_p95": percentile(steady, 0.95), "settled": tally.settled - began,
            "saves": sum(len(m) for m in tally.saved.values()), "save_p95": percentile(tally.seconds("save"), 0.95),
            "builds": len(builds), "build_max": percentile(builds, 1.0) / 1000,
            "login_p95": percentile(tally.seconds("login"), 0.95), "conflicts": tally.conflicts,
            "errors": tally.errors, "error_count": len(tally.errors), "tracebacks": sorted(tracebacks), "lost": lost, "stale": stale,
            "rows": sum(rows for rows, _ in stored.values()), "peak_mb": peak, "cpu": cpu, "outlived": outlived,
            "temporary": temporary, "load": (load_before, os.getloadavg()[0])}


ROWS = [("set-up: init + accounts + round (s)", "{setup:.0f}"), ("requests answered", "{requests}"),
        ("requests/s in the window", "{rate:.1f}"), ("previews", "{previews}"),
        ("preview p50 / p95 / max (ms)", "{p50:.0f} / {p95:.0f} / {max:.0f}"),
        ("every client logged in and on its form after (s)", "{settled:.0f}"),
        ("previews from then on / their p50 / p95 (ms)", "{steady} / {steady_p50:.0f} / {steady_p95:.0f}"),
        ("saves answered 200", "{saves}"),
        ("save p95 (ms)", "{save_p95:.0f}"), ("PDFs built / slowest (s)", "{builds} / {build_max:.1f}"),
        ("login p95 (ms)", "{login_p95:.0f}"), ("expected conflicts (409 reload/copy)", "{conflicts}"),
        ("**errors** (target 0)", "{error_count}"), ("**lost saves** (target 0)", "{lost}"),
        ("newest version without the last answered save", "{stale}"), ("version rows counted", "{rows}"),
        ("server peak RSS (MB; the largest process)", "{peak_mb:.0f}"),
        ("CPU s in the run: server processes / clients", "{cpu[0]:.0f} / {cpu[1]:.0f}"),
        ("load average before → after", "{load[0]:.1f} → {load[1]:.1f}")]


def report(found: list[dict[str, Any]], args: argparse.Namespace) -> list[str]:
    """The results page: one column per database."""
    lines = ["# draft server under load: simulated units against the real server (#29)", "",
             f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores; "
             + ("**other work was running while measured** (see the load average before each run): figures are worse "
                "than on an idle machine" if max(entry["load"][0] for entry in found) > (os.cpu_count() or 1)
                else "nothing else was running (the load average before each run is the clients' and servers' own)")
             + "; the clients run on the same cores as the server.", "",
             f"`python bench/county_load.py --seconds {args.seconds:g} --clients {args.clients} --ramp {args.ramp:g} "
             f"--servers {' '.join(map(str, args.servers))}`: per database and number of server processes, "
             f"`draft server init` + {args.clients} clerk accounts + a round of {args.clients} units, then that many "
             f"`draft server run` processes on the one DATA_DIR (the clients spread over them) and {args.clients} browsers (httpx2) logging in over {args.ramp:g} s, each "
             f"then for the rest of the {args.seconds:g} s: open the form, preview every 2 s, save every 10 s, one in "
             "five builds a PDF once a minute.", "",
             "| | " + " | ".join(f["kind"] for f in found) + " |", "|---|" + "---:|" * len(found)]
    for label, shape in ROWS:
        lines.append(f"| {label} | " + " | ".join(shape.format(**f) for f in found) + " |")
    lines += ["", "Targets: preview p95 ≤ 500 ms, errors 0, lost saves 0. Lost saves: for each unit, 1 (the round's "
              "starting version) + the saves its client had answered 200, against the FormVersion rows of its "
              "submission counted after the server stopped; the newest row must also hold the last answered save's "
              "text. Errors: answers other than 2xx that are not a 409 the page answers with reload/copy, and "
              "requests that got no answer.", ""]
    for f in found:
        verdict = "met" if f["p95"] <= 500 and not f["errors"] and not f["lost"] and not f["stale"] else "NOT met"
        lines.append(f"- {f['kind']}: targets {verdict}; processes outliving the "
                     f"server: {len(f['outlived'])}; left in the server's TMPDIR: {', '.join(f['temporary']) or 'nothing'}.")
        for broken in f["tracebacks"]:
            lines.append(f"  - the server's saved traceback: `{broken[:600]}`")
        for error in sorted(set(f["errors"]))[:5]:
            lines.append(f"  - error: `{' '.join(error.split())[:300]}`")
    return lines


def main() -> None:
    """Run the load against each database asked for and publish the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--ramp", type=float, default=PREVIEW_EVERY, help="seconds over which the clients log in")
    parser.add_argument("--servers", type=int, nargs="+", default=[1, 2],
                        help="server processes on one DATA_DIR (each count measured in turn); clients spread over them")
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    units = unit_names(args.clients)
    work = Path(tempfile.mkdtemp(prefix="county-load-"))
    cluster = None
    found = []
    try:
        if "postgresql" in args.db:
            from glob import glob

            from tests.county.conftest import Cluster

            binaries = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
            if binaries:
                cluster = Cluster(Path(binaries[-1]).parent)
            else:
                print("PostgreSQL is not installed (apt-get install postgresql): measuring SQLite only", flush=True)
                args.db = [kind for kind in args.db if kind != "postgresql"]
        for kind, servers in [(kind, servers) for servers in args.servers for kind in args.db]:
            found.append(one_database(kind, servers, units, args, work, cluster))
            print(json.dumps({k: v for k, v in found[-1].items() if k != "errors"}, ensure_ascii=False), flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    left = [str(path) for path in (work, cluster.folder if cluster else work) if path.exists()]
    lines = report(found, args)
    lines.append(f"- Folders left after the run (the work folder, the PostgreSQL cluster's): {', '.join(left) or 'none'}.")
    publish(lines, "COUNTY-LOAD-RESULTS.md", not args.no_write)


if __name__ == "__main__":
    main()
