"""Running the county server: uvicorn on loopback unless told otherwise, the address on a line of its own, until Ctrl-C."""
from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from ..errors import Location, Problem, UsageError
from ..options import Options

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def checked_origin(public_origin: str | None) -> str | None:
    """``--public-origin`` as ``scheme://host[:port]`` (no path); a UsageError in Chinese when it is not one."""
    if not public_origin:
        return None
    parts = urlsplit(public_origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query \
            or parts.username or parts.password:
        raise UsageError(Problem(Location("命令行"), f"“{public_origin}”不是对外地址",
                                 "写成 https://主机名（可带 :端口，不带路径），即浏览器里看到的地址，如 https://hz.example.gov.cn", "K106"))
    return f"{parts.scheme}://{parts.netloc.lower()}"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; a UsageError in Chinese when it is taken or not this machine's."""
    try:
        family = socket.AF_INET6 if ":" in host and ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(256)
    except OSError:
        sock.close()
        raise UsageError(Problem(Location("命令行"), f"不能在 {host} 的端口 {port} 上提供服务：端口已被占用，或这个地址不是本机的",
                                 "换一个端口（--port 8801），或检查 --host", "K106")) from None
    return sock


def shown_address(host: str, port: int) -> str:
    """The address the command prints (loopback and a wildcard both as 127.0.0.1)."""
    if host in ("0.0.0.0", "::", "localhost"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve_county(data_dir: Any, host: str, port: int, public_origin: str | None, options: Options, services: Any,
                 say: Callable[[str], None]) -> None:
    """Serve ``data_dir`` until interrupted; ``say`` prints the lines the administrator reads (the address alone
    on its line)."""
    import uvicorn

    from ..serve.jobs import Pools
    from ..serve.run import _QUIET_LOGS
    from .app import create_county_app

    origin = checked_origin(public_origin)
    sock = bind(host, port)
    port = sock.getsockname()[1]
    bound = host if host not in LOOPBACK + ("0.0.0.0", "::") else None
    app = create_county_app(data_dir, services, options=options, port=port, public_origin=origin, pools=Pools.within(),
                            bound_host=bound)
    server = uvicorn.Server(uvicorn.Config(app, log_config=_QUIET_LOGS, access_log=False, lifespan="off",
                                           timeout_graceful_shutdown=3,
                                           # behind the proxy, the audit's address is the client's (X-Forwarded-For
                                           # believed from 127.0.0.1 only, uvicorn's default)
                                           proxy_headers=origin is not None, forwarded_allow_ips="127.0.0.1"))
    say(f"draft server：县级汇总服务器，数据目录“{Path(data_dir.path)}”。请打开：")
    say(shown_address(host, port))
    if origin:
        say(f"对外地址（经反向代理）：{origin}/")
    say("按 Ctrl-C 停止。")
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    say("draft server 已停止。")
