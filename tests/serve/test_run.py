"""``draft serve`` as a process: the address on its own line, loopback only, Ctrl-C stops it cleanly."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from drafting.serve.run import bind_loopback
from drafting.errors import UsageError

from ..browsing import start_printing_address
from ..conftest import EXAMPLES, ROOT


def start(folder, *args):
    """``draft serve FOLDER --no-browser ARGS`` as a process, and the lines it printed up to its address."""
    return start_printing_address(["serve", str(folder), "--no-browser", *args], 30)


def test_the_address_is_printed_on_its_own_line_and_ctrl_c_stops_the_server(tmp_path):
    folder = tmp_path / "表单"
    shutil.copytree(EXAMPLES, folder)
    process, lines = start(folder)
    try:
        url = lines[-1]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/") and url.split(":")[-1][:-1].isdigit()
        with urllib.request.urlopen(url, timeout=10) as response:
            page = response.read().decode("utf-8")
        assert "half-year-summary.yaml" in page
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert out.strip().endswith("draft serve 已停止。") and "Traceback" not in err and err == ""


def test_a_given_port_is_used_and_a_taken_one_is_refused_in_chinese(tmp_path):
    taken = bind_loopback(0)
    port = taken.getsockname()[1]
    try:
        with pytest.raises(UsageError) as caught:
            bind_loopback(port)
        assert caught.value.problems[0].code == "S030" and str(port) in caught.value.problems[0].message
        result = subprocess.run([sys.executable, "-m", "drafting", "serve", str(EXAMPLES), "--no-browser",
                                 "--port", str(port)], capture_output=True, text=True, timeout=30,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert result.returncode == 2 and f"端口 {port} 已被占用" in result.stderr and "Traceback" not in result.stderr
    finally:
        taken.close()


def test_the_server_listens_on_loopback_only():
    sock = bind_loopback(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
        # named TCP, so asyncio turns Nagle off on each connection (a preview's body is not held back 40 ms)
        assert sock.proto == socket.IPPROTO_TCP and sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        others = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        for address in others - {"127.0.0.1", "127.0.1.1"}:
            probe = socket.socket()
            probe.settimeout(1)
            assert probe.connect_ex((address, sock.getsockname()[1])) != 0
            probe.close()
    finally:
        sock.close()


def test_the_command_line_does_not_load_the_server():
    code = "import sys, drafting.cli; print(any(m.split('.')[0] in ('starlette', 'uvicorn', 'anyio') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.stdout.strip() == "False"


def test_a_form_text_that_never_ends_is_stopped_by_the_render_budget(tmp_path):
    """A loop that prints nothing is stopped by the render's own budget at its second (F007), and the
    server goes on answering."""
    import json
    import re

    folder = tmp_path / "表单"
    shutil.copytree(EXAMPLES, folder)
    process, lines = start(folder)
    url = lines[-1]
    try:
        with urllib.request.urlopen(url + "form/work-plan.yaml", timeout=10) as response:
            page = response.read().decode("utf-8")
        token = re.search(r'name="draft-token" content="([^"]+)"', page).group(1)
        data = json.loads(re.search(r'id="page-data">(.*?)</script>', page, re.S).group(1))
        data["state"]["标题"] = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
        body = json.dumps({"name": "work-plan.yaml", "version": data["version"], "state": data["state"]}).encode()
        request = urllib.request.Request(url + "api/preview", body, {"Content-Type": "application/json",
                                                                      "X-Draft-Token": token})
        with urllib.request.urlopen(request, timeout=30) as response:  # stopped by the template's budget (F007)
            answer = json.loads(response.read())
        assert any(f["code"] == "F007" and f["path"] == "标题" for f in answer["findings"])
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
