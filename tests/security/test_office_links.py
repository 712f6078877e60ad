"""LibreOffice never fetches what a user's .docx links to: external relationships are removed before it sees the file."""
from __future__ import annotations

import http.server
import threading

import pytest

from drafting.cli import main

from ..conftest import EXAMPLES, require_soffice
from ..helpers import build
from ..linkeddocx import with_linked_pictures


class _Counting(http.server.BaseHTTPRequestHandler):
    """Counts every request and answers with nothing."""

    def do_GET(self) -> None:  # noqa: N802
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_check_layout_fetches_no_linked_picture_and_embeds_no_local_file(tmp_path, monkeypatch, capsys, listener):
    require_soffice()
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    port = listener.server_address[1]
    docx = with_linked_pictures(build(EXAMPLES / "work-plan.yaml"),
                                [f"http://127.0.0.1:{port}/picture.png", f"http://127.0.0.1:{port}/again.png",
                                 outside.as_uri()])
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "报告.docx").write_bytes(docx)
    monkeypatch.chdir(folder)
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--layout", "报告.docx"])
    out, err = capsys.readouterr()
    assert listener.requests == []  # before the fix: LibreOffice asked for each picture
    assert exit_.value.code in (0, 1, None), out + err
    assert "检查完毕：1 个文件" in out + err
