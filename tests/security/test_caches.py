"""The compiled-template and title caches only save time: never run planted code, never fail a build (issue #25, 17)."""
from __future__ import annotations

import errno
import os
import pickle
import tempfile
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from drafting.render import sandbox, template
from drafting.resources import user_cache_folder

from ..conftest import run

FORM = "模板: 通用\n标题: 测试报告\n落款: 青山县委政法委\n日期: 2023-07-10\n正文: 截至{{ 日期 }}，工作顺利。\n"


class Planted:
    """A pickle that makes a folder when unpickled: proof that a cache file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.mkdir, (str(self.marker),))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A cache home of this test's own, with no compiled environment kept from other tests."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    sandbox.bytecode_cache.cache_clear()
    template.environment.cache_clear()
    yield home / "drafting"
    sandbox.bytecode_cache.cache_clear()
    template.environment.cache_clear()


def _fresh() -> None:
    """Forget what this process compiled, as the next run of draft would."""
    sandbox.bytecode_cache.cache_clear()
    template.environment.cache_clear()


def _built(write_form, capsys) -> bytes:  # type: ignore[no-untyped-def]
    path = write_form(FORM)
    code, out, err = run(["build", "表单.yaml"], capsys)
    assert code == 0 and err == "", err
    assert out.startswith("已生成")
    return path.with_suffix(".docx").read_bytes()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_a_planted_pickle_in_the_cache_is_never_run(write_form, capsys, cache, tmp_path):
    _built(write_form, capsys)
    marker = tmp_path / "ran"
    payload = bc_magic + pickle.dumps(Planted(marker), 2)  # Jinja's header, then the pickle
    files = _files(cache)
    assert files
    for file in files:
        file.write_bytes(payload)
    _fresh()
    _built(write_form, capsys)
    assert not marker.exists()


def test_a_truncated_cache_costs_only_time(write_form, capsys, cache):
    first = _built(write_form, capsys)
    for file in _files(cache):
        file.write_bytes(file.read_bytes()[:20])  # inside the header
    _fresh()
    assert _built(write_form, capsys) == first
    code, _, err = run(["check", "表单.yaml"], capsys)
    assert code == 0 and "内部错误" not in err


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_full_cache_disk_is_silent(write_form, capsys, cache, monkeypatch, command):
    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", full)
    write_form(FORM)
    code, out, err = run([command, "表单.yaml"], capsys)
    assert code == 0, err
    assert "磁盘" not in out + err and "内部错误" not in err
    assert not [p for p in _files(cache) if p.suffix == ".tmp"]


def test_a_cache_folder_others_may_write_is_not_used(write_form, capsys, cache, tmp_path):
    folder = cache / f"jinja-{sandbox.CODE_VERSION}"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    marker = tmp_path / "ran"
    planted = bc_magic + pickle.dumps(Planted(marker), 2)
    _built(write_form, capsys)  # learns the files' names
    for file in _files(folder):
        file.write_bytes(planted)
    _fresh()
    _built(write_form, capsys)
    assert not marker.exists()
    assert user_cache_folder(f"jinja-{sandbox.CODE_VERSION}") is None


def test_a_cache_folder_of_another_user_is_not_used(cache, monkeypatch):
    assert user_cache_folder("titles") is not None
    monkeypatch.setattr(os, "getuid", lambda: 4242)
    assert user_cache_folder("titles") is None


def test_a_cache_file_others_may_write_is_not_read(cache):
    from drafting.resources import read_cached

    folder = user_cache_folder("titles")
    assert folder is not None
    file = Path(folder) / "entry"
    file.write_bytes(b"lines")
    file.chmod(0o600)
    assert read_cached(folder, "entry", 100) == b"lines"
    file.chmod(0o622)
    assert read_cached(folder, "entry", 100) is None
    os.symlink(file, Path(folder) / "link")
    file.chmod(0o600)
    assert read_cached(folder, "link", 100) is None


def test_the_cache_still_saves_compiling(write_form, capsys, cache, monkeypatch):
    """A second run loads every template it compiled from the cache: the compiler is not called again."""
    from drafting.render.budget import BoundedEnvironment

    _built(write_form, capsys)
    _fresh()
    calls: list[str] = []
    original = BoundedEnvironment.compile

    def counted(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(str(args[:1]))
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(BoundedEnvironment, "compile", counted)
    _built(write_form, capsys)
    assert calls == []
