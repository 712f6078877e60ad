"""Running draft serve: the web form on 127.0.0.1, on a free port unless one is given, until Ctrl-C."""
from __future__ import annotations

import socket
from pathlib import Path
from typing import Callable

from ..errors import Location, Problem, UsageError
from ..options import Options
from .services import Services

# uvicorn's own log lines are English; the command says in Chinese what the user needs to know.
_QUIET_LOGS = {"version": 1, "disable_existing_loggers": False,
               "handlers": {"none": {"class": "logging.NullHandler"}},
               "loggers": {name: {"handlers": ["none"], "level": "CRITICAL", "propagate": False}
                           for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")}}


def bind_loopback(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: a free one). Raises UsageError in Chinese when it is taken."""
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY on the connections only then. Without it a reply's body
    # waits for the client's delayed ACK of its headers (40 ms on every preview).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
    except OSError:
        sock.close()
        raise UsageError(Problem(Location("命令行"), f"端口 {port} 已被占用，或不能使用",
                                 "换一个端口（--port 8765），或不给 --port 让 draft 自己找一个空闲端口", "S030")) from None
    return sock


def serve(folder: Path, port: int, open_browser: bool, options: Options, services: Services,
          say: Callable[[str], None]) -> None:
    """Serve ``folder``'s forms with ``services`` until interrupted; ``say`` prints the lines the user reads
    (the address on a line of its own)."""
    import uvicorn

    from .app import create_app
    from .guard import new_token

    sock = bind_loopback(port)
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    app = create_app(folder, port, new_token(), services, options)
    server = uvicorn.Server(uvicorn.Config(app, log_config=_QUIET_LOGS, access_log=False, lifespan="off",
                                           timeout_graceful_shutdown=3))
    say(f"draft serve：在浏览器里填写“{folder}”里的表单。请打开：")
    say(url)
    say("按 Ctrl-C 停止。")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.3, webbrowser.open, [url]).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down on Ctrl-C, then raises the signal again: stopped as asked
        pass
    finally:
        sock.close()
    say("draft serve 已停止。")
