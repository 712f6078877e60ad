"""Long file names (issue #25, 18): a 245-byte name builds, a 257-byte one is a located O017, never exit 3;
and no command leaves a temporary file or folder behind, whether it succeeds or fails."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from ..conftest import run

FORM = "模板: 通用\n标题: 测试报告\n落款: 青山县委政法委\n日期: 2023-07-10\n期间: 2023Q3\n"
FITS = "甲" * 80       # 240 bytes: with .yaml or .docx, 245 bytes
TOO_LONG = "乙" * 84  # 252 bytes: with .yaml or .docx, 257 bytes


def _name(stem: str, suffix: str) -> str:
    name = stem + suffix
    assert len(name.encode("utf-8")) in (245, 257)
    return name


def _leftovers(folder: Path) -> set[str]:
    """Temporary files and folders drafting might leave: ``*.drafting-*.tmp`` and ``draft-*``."""
    return {p.name for p in folder.iterdir() if (".drafting-" in p.name and p.name.endswith(".tmp"))
            or p.name.startswith("draft-")}


@pytest.fixture
def folder(write_form, capsys):  # type: ignore[no-untyped-def]
    """A form 短.yaml, its 短.docx, a copy 另.yaml (for rollup), in the current folder."""
    short = write_form(FORM, "短.yaml")
    write_form(FORM.replace("青山县委政法委", "青山县公安局"), "另.yaml")
    assert run(["build", "短.yaml"], capsys)[0] == 0
    return short.parent


def _argv(command: str, target: str) -> list[str]:
    return {
        "build": ["build", "短.yaml", "-o", target + ".docx"],
        "import": ["import", "短.docx", "-o", target + ".yaml"],
        "rollup": ["rollup", "短.yaml", "另.yaml", "--unit", "青山县委", "-o", target + ".yaml"],
        "next": ["next", "短.yaml", "-o", target + ".yaml"],
        "new": ["new", "通用", "-o", target + ".yaml"],
    }[command]


COMMANDS = ["build", "import", "rollup", "next", "new"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_245_byte_output_name_is_written(folder, capsys, command):
    before = _leftovers(folder) | _leftovers(Path(tempfile.gettempdir()))
    argv = _argv(command, FITS)
    code, _, err = run(argv, capsys)
    assert code == 0, err
    assert (folder / _name(FITS, Path(argv[-1]).suffix)).is_file()
    assert _leftovers(folder) | _leftovers(Path(tempfile.gettempdir())) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_257_byte_output_name_is_a_located_message(folder, capsys, command):
    before = _leftovers(folder) | _leftovers(Path(tempfile.gettempdir()))
    argv = _argv(command, TOO_LONG)
    _name(TOO_LONG, Path(argv[-1]).suffix)
    code, _, err = run(argv, capsys)
    assert code in (1, 2), err
    assert "文件名太长：257 字节" in err and "内部错误" not in err
    assert "一个汉字占 3 字节" in err
    assert _leftovers(folder) | _leftovers(Path(tempfile.gettempdir())) == before


def test_a_245_byte_form_builds_beside_itself(write_form, capsys):
    form = write_form(FORM, _name(FITS, ".yaml"))
    code, _, err = run(["build", form.name], capsys)
    assert code == 0, err
    assert form.with_suffix(".docx").is_file()
    assert not _leftovers(form.parent) and not _leftovers(Path(tempfile.gettempdir()))


@pytest.mark.parametrize("argv", [["build"], ["check"], ["import"], ["next"], ["rollup", "--unit", "甲", "-o", "汇总.yaml"]])
def test_a_257_byte_input_name_is_a_located_message(folder, capsys, argv):
    name = _name(TOO_LONG, ".docx" if argv == ["import"] else ".yaml")
    code, out, err = run([argv[0], name, *argv[1:]], capsys)
    assert code in (1, 2), err
    assert "文件名太长" in out + err and "内部错误" not in err


def test_a_temporary_name_is_bounded_whatever_the_target(tmp_path, monkeypatch):
    """The temporary file beside a 255-byte target has a name the file system holds."""
    import os

    from drafting import atomic

    created: list[str] = []
    original = atomic._create_temporary

    def recorded(path: Path):  # type: ignore[no-untyped-def]
        fd, name = original(path)
        created.append(name)
        return fd, name

    monkeypatch.setattr(atomic, "_create_temporary", recorded)
    target = tmp_path / ("丙" * 83 + ".docx1")  # 255 bytes
    atomic.write_atomic(target, b"x")
    assert target.read_bytes() == b"x"
    assert len(os.fsencode(Path(created[0]).name)) <= 120
    assert os.listdir(tmp_path) == [target.name]
