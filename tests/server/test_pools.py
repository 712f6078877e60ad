"""One unit's long build never keeps another unit's pages waiting: builds run on serve's commands pool, pages and
the database on their own threads (the real server, uvicorn on a loopback socket, in this process)."""
from __future__ import annotations

import json
import threading
from urllib.parse import quote

from .conftest import COUNTY_PASSWORD, UNIT_PASSWORD, clerk, csrf_of, page_data, with_numbers

DEADLOCK = 60  # seconds after which a request that never answers fails the test (not a timing assert)


class HeldBuild:
    """The real services, whose build waits until the test lets it go (a PDF that takes its time)."""

    def __init__(self, services) -> None:
        self.services, self.started, self.go = services, threading.Event(), threading.Event()

    def __getattr__(self, name):
        return getattr(self.services, name)

    def build(self, forms, options, pdf):
        self.started.set()
        assert self.go.wait(DEADLOCK)
        return self.services.build(forms, options, pdf)


def _client(address: str, name: str, password: str, opened_clients: list):
    import httpx2

    client = httpx2.Client(base_url=address, follow_redirects=False, timeout=DEADLOCK)
    opened_clients.append(client)
    page = client.get("/login").text
    answer = client.post("/login", data={"csrf": csrf_of(page), "username": name, "password": password},
                         headers={"Origin": address})
    assert answer.status_code == 303
    return client


def test_a_long_build_of_one_unit_never_stalls_another_units_page(data_dir, services, opened):
    from drafting.server.app import create_county_app

    import uvicorn

    from drafting.server.run import bind

    held = HeldBuild(services)
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app = create_county_app(data_dir, held, port=port)
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="critical"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{port}"
    clients: list = []
    try:
        builder = _client(address, clerk("白河镇"), UNIT_PASSWORD, clients)
        other = _client(address, clerk("青石乡"), UNIT_PASSWORD, clients)
        sid = opened["白河镇"]
        name = "白河镇-2026Q3.yaml"
        token = csrf_of(builder.get("/").text)
        mine = page_data(builder.get(f"/s/{sid}/form/{quote(name)}").text)  # the numbers typed in, then the build
        saved = builder.post(f"/s/{sid}/api/save", content=json.dumps(
            {"name": name, "version": mine["version"], "state": with_numbers(mine["state"])}, ensure_ascii=False).encode(),
            headers={"x-draft-token": token, "Origin": address, "content-type": "application/json"})
        assert saved.status_code == 200, saved.text
        outcome = {}

        def build() -> None:
            outcome["answer"] = builder.post(f"/s/{sid}/api/build", content=json.dumps({"names": [name]}).encode(),
                                             headers={"x-draft-token": token, "Origin": address,
                                                      "content-type": "application/json"})

        building = threading.Thread(target=build)
        building.start()
        assert held.started.wait(DEADLOCK)
        # while 白河镇's build is held, 青石乡 logs in, opens its form and previews it
        home = other.get("/")
        assert home.status_code == 200
        form = other.get(f"/s/{opened['青石乡']}/form/{quote('青石乡-2026Q3.yaml')}")
        data = page_data(form.text)
        shown = other.post(f"/s/{opened['青石乡']}/api/preview",
                           content=json.dumps({"name": data["name"], "version": data["version"], "state": data["state"]},
                                              ensure_ascii=False).encode(),
                           headers={"x-draft-token": csrf_of(home.text), "Origin": address, "content-type": "application/json"})
        assert shown.status_code == 200 and "青石乡" in shown.json()["html"]
        assert _client(address, "县管理员", COUNTY_PASSWORD, clients).get(f"/rounds/{opened['round']}").status_code == 200
        assert building.is_alive()  # the build is still held all this time
        held.go.set()
        building.join(DEADLOCK)
        assert outcome["answer"].status_code == 200, outcome["answer"].text
    finally:
        held.go.set()
        for client in clients:
            client.close()
        server.should_exit = True
        thread.join(DEADLOCK)
        sock.close()
