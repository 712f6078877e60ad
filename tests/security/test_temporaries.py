"""The temporary-files promise (issue #25): whatever a command does, success or failure, it leaves no
``*.drafting-*.tmp`` beside its output and no ``draft-*`` folder in the temporary folder."""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

from drafting import atomic

from ..conftest import run
from .test_long_names import FORM, _leftovers, folder  # noqa: F401 (the same folder of forms)

ARGVS = {
    "build": ["build", "短.yaml", "-o", "出.docx"],
    "import": ["import", "短.docx", "-o", "出.yaml"],
    "rollup": ["rollup", "短.yaml", "另.yaml", "--unit", "青山县委", "-o", "出.yaml"],
    "next": ["next", "短.yaml", "-o", "出.yaml"],
    "new": ["new", "通用", "-o", "出.yaml"],
}


def _everything(folder: Path) -> set[str]:
    return _leftovers(folder) | _leftovers(Path(tempfile.gettempdir()))


@pytest.mark.parametrize("command", sorted(ARGVS))
def test_a_command_that_succeeds_leaves_no_temporary(folder, capsys, command):
    before = _everything(folder)
    code, _, err = run(ARGVS[command], capsys)
    assert code == 0, err
    assert _everything(folder) == before


@pytest.mark.parametrize("command", sorted(ARGVS))
def test_a_command_whose_disk_fills_leaves_no_temporary(folder, capsys, monkeypatch, command):
    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    before = _everything(folder)
    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "replace", full)  # the temporary file is written, the rename fails
        code, out, err = run(ARGVS[command], capsys)
    assert code == 1, err
    assert "磁盘空间不足" in out + err and "内部错误" not in err
    assert _everything(folder) == before
    assert not (folder / ARGVS[command][-1]).exists()
    assert not [name for name in os.listdir(folder) if name.endswith(".tmp")]
