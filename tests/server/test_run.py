"""``draft server run`` as a process: the address on its own line, loopback unless told, Ctrl-C stops it cleanly."""
from __future__ import annotations

import signal
import socket
import urllib.request

import pytest

from drafting.errors import UsageError
from drafting.server.run import bind, checked_origin, shown_address

from .test_browser_round import start_server


def test_the_address_is_printed_on_its_own_line_and_ctrl_c_stops_the_server(data_dir):
    process, url = start_server(data_dir.path)
    try:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/") and url.split(":")[-1][:-1].isdigit()
        with urllib.request.urlopen(url + "login", timeout=10) as response:
            page = response.read().decode("utf-8")
        assert 'name="username"' in page and 'name="password"' in page
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.strip().endswith("draft server 已停止。") and "Traceback" not in err


def test_it_binds_loopback_unless_told():
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
        with pytest.raises(UsageError) as caught:
            bind("127.0.0.1", sock.getsockname()[1])
        assert caught.value.problems[0].code == "K106" and "端口" in caught.value.problems[0].message
    finally:
        sock.close()
    assert shown_address("0.0.0.0", 8800) == "http://127.0.0.1:8800/"


@pytest.mark.parametrize("given", ["county.example.cn", "ftp://county.example.cn", "https://county.example.cn/报送",
                                   "https://user:pw@county.example.cn"])
def test_a_public_origin_must_be_scheme_and_host(given):
    with pytest.raises(UsageError) as caught:
        checked_origin(given)
    assert caught.value.problems[0].code == "K106"


def test_a_public_origin_is_kept_as_the_browser_sends_it():
    assert checked_origin("https://County.Example.cn/") == "https://county.example.cn"
    assert checked_origin(None) is None


def test_the_server_is_not_reachable_from_another_address(data_dir):
    process, url = start_server(data_dir.path)
    try:
        port = int(url.split(":")[-1][:-1])
        addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1", "127.0.1.1"}
        for address in addresses:
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=2).close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
