"""Finding LibreOffice, the environment it runs in, and the sockets it leaves when it is killed."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import Location, Problem
from ..resources import fontconfig_file

NO_LIBREOFFICE = Problem(Location("PDF"), "没有找到 LibreOffice，无法生成 PDF（Word 文稿已经生成）",
                         "安装 LibreOffice 后重试：Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer；"
                         "Windows、macOS 从 libreoffice.org 下载安装", "P001")


def find_soffice() -> str | None:
    """LibreOffice's command, if installed (PATH, then the usual install folders)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\\Program Files\\LibreOffice\\program\\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice", "/opt/libreoffice/program/soffice"):
        if Path(candidate).is_file():
            return candidate
    return None


def office_env(private_tmp: Path | None = None) -> dict[str, str]:
    """The environment LibreOffice runs in: ours, with the project's font aliases unless the caller set their own,
    and its temporary files (``lu*.tmp``, left behind when it is killed) in ``private_tmp``, which goes with it."""
    env = dict(os.environ)
    if fontconfig_file().is_file() and "FONTCONFIG_FILE" not in env and os.name != "nt":
        env["FONTCONFIG_FILE"] = str(fontconfig_file())
    if private_tmp is not None:
        private_tmp.mkdir(exist_ok=True)
        env["TMPDIR"] = env["TMP"] = env["TEMP"] = str(private_tmp)
    return env


def pipe_file(name: str) -> Path:
    """Where LibreOffice (its OSL layer) puts the socket of a named pipe on Unix."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir() if os.name == "nt" else "/tmp", f"OSL_PIPE_{uid}_{name}")


def single_instance_pipe(profile_url: str) -> str:
    """The name of the pipe LibreOffice opens for a profile (desktop/source/app/officeipcthread.cxx: the MD5 of
    the profile's URL in UTF-16, each byte in hexadecimal without padding)."""
    digest = hashlib.md5(profile_url.encode("utf-16-le")).digest()
    return "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)


def remove_pipes(profile_url: str, *names: str) -> None:
    """Remove the sockets a killed LibreOffice leaves behind: its profile's single-instance pipe and ``names``."""
    if os.name == "nt":
        return
    for name in (single_instance_pipe(profile_url), *names):
        try:
            path = pipe_file(name)
            if path.is_socket():
                path.unlink()
        except OSError:
            pass
