"""Atomic output: a failed write never damages the previous file or leaves debris."""
import errno
import os
from pathlib import Path

import pytest

from drafting.errors import OutputError
from drafting.atomic import write_atomic
from .helpers import build


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "报告.docx"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(tmp_path) == ["报告.docx"]


def test_failure_mid_write_keeps_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"previous")

    def broken_fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"new")
    assert info.value.problems[0].message == "磁盘空间不足，无法写入“" + info.value.problems[0].location.file + "”"
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["报告.docx"]


def test_missing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "没有" / "报告.docx", b"x")
    (problem,) = info.value.problems
    assert problem.message == "目标文件夹“没有”不存在"
    assert problem.hint == "先建好这个文件夹，或用 -o 指定已有的位置"


def test_read_only_target(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "报告.docx"
    target.write_bytes(b"previous")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(target) else real_access(p, mode))
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"new")
    assert info.value.problems[0].message == "无法写入“报告.docx”：文件是只读的、没有写权限，或正在被 Word/WPS 打开"
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["报告.docx"]


def test_target_is_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "报告.docx").mkdir()
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "报告.docx", b"x")
    assert info.value.problems[0].message == "“报告.docx”是一个文件夹，不能写成文件"


def test_new_files_follow_the_umask_and_replacements_keep_their_mode(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "报告.docx"
        write_atomic(target, b"one")
        assert target.stat().st_mode & 0o777 == 0o644
        target.chmod(0o640)
        write_atomic(target, b"two")
        assert target.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_a_link_is_never_followed_unless_asked_and_inside_its_folder(tmp_path):
    """A planted link beside a form must not redirect the write (report.docx -> ../victim/notes.txt)."""
    (tmp_path / "victim").mkdir()
    victim = tmp_path / "victim" / "notes.txt"
    victim.write_bytes(b"notes")
    (tmp_path / "out").mkdir()
    planted = tmp_path / "out" / "报告.docx"
    planted.symlink_to(victim)
    for overwrite in (False, True):
        with pytest.raises(OutputError) as info:
            write_atomic(planted, b"report", overwrite)
        assert info.value.problems[0].code == "O010" and victim.read_bytes() == b"notes"
    dangling = tmp_path / "out" / "悬空.txt"
    dangling.symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(OutputError):
        write_atomic(dangling, b"text", True)
    assert not (tmp_path / "elsewhere.txt").exists()
    real = tmp_path / "out" / "真实.docx"
    real.write_bytes(b"old")
    link = tmp_path / "out" / "链接.docx"
    link.symlink_to(real)
    with pytest.raises(OutputError):
        write_atomic(link, b"new")
    write_atomic(link, b"new", follow_links=True)  # asked for, and inside its own folder
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_fifos_and_devices_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/null")):
        with pytest.raises(OutputError) as info:
            write_atomic(target, b"data", True)
        assert info.value.problems[0].code == "O011"
    assert fifo.is_fifo()


def test_a_locked_target_is_reported_and_left_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "报告.docx"
    target.write_bytes(b"previous")

    def locked(src, dst):  # what Windows reports while Word has the file open
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"new")
    assert "正在被 Word/WPS 打开" in info.value.problems[0].message
    assert target.read_bytes() == b"previous" and os.listdir(tmp_path) == ["报告.docx"]


def test_only_drafting_s_own_stale_temporaries_are_cleaned_up(tmp_path):
    target = tmp_path / "报告.docx"
    dead = tmp_path / ".报告.docx.drafting-999999999-abc123.tmp"  # a process that no longer runs
    live = tmp_path / f".报告.docx.drafting-{os.getppid()}-def456.tmp"  # a write still in progress
    theirs = tmp_path / ".报告.docx.abc123.tmp"  # not drafting's: never touched, however old
    for path in (dead, live, theirs):
        path.write_bytes(b"half")
        os.utime(path, (1000, 1000) if path is theirs else None)
    write_atomic(target, b"new")
    assert sorted(os.listdir(tmp_path)) == sorted(["报告.docx", live.name, theirs.name])


# The child stops itself at one step of the write and says so; the parent kills it there: no sleep, no race.
_STOP_AT = """
import os, sys
step = sys.argv[1]
real = getattr(os, step)
def stop(*args, **kwargs):
    if step != "replace" or str(args[1]).endswith(".docx"):
        print("stopped", flush=True)
        sys.stdin.read()  # until killed
    return real(*args, **kwargs)
setattr(os, step, stop)
from drafting.entry import run
sys.argv = ["draft", "build", "大.yaml", "-q"]
run()
"""


@pytest.mark.parametrize("step", ["fsync", "replace"], ids=["written, not yet synced", "synced, not yet in place"])
def test_kill_9_in_the_middle_of_writing_leaves_the_previous_output(tmp_path, step):
    import signal
    import subprocess
    import sys

    form = tmp_path / "大.yaml"
    form.write_text("模板: 通用\n标题: 大\n开头: 扎实推进各项工作。\n", encoding="utf-8")
    target = tmp_path / "大.docx"
    previous = build(form)  # drafting's own earlier output, which draft build replaces (another file it would not)
    target.write_bytes(previous)
    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen([sys.executable, "-c", _STOP_AT, step], cwd=tmp_path, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert process.stdout.readline() == b"stopped\n"  # the temporary file written, the target not yet replaced
        assert [name for name in os.listdir(tmp_path) if name.endswith(".tmp")][0].startswith(".大.docx.drafting-")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdin.close()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    assert target.read_bytes() == previous
    write_atomic(target, b"next version")  # the killed write's temporary file goes with the next
    assert target.read_bytes() == b"next version"
    assert sorted(os.listdir(tmp_path)) == ["大.docx", "大.yaml"]


def test_the_umask_is_never_changed(tmp_path, monkeypatch):
    """Bug: learning the umask set it to 0 for a moment, for every thread of the process."""
    old = os.umask(0o027)
    try:
        def refused(mask):
            raise AssertionError("os.umask called")

        monkeypatch.setattr(os, "umask", refused)
        target = tmp_path / "报告.docx"
        write_atomic(target, b"one")
        assert target.stat().st_mode & 0o777 == 0o640
    finally:
        monkeypatch.undo()
        os.umask(old)


def test_threads_writing_the_same_file_never_remove_each_other_s_temporary(tmp_path):
    """Bug: a write took another thread's temporary file (same process id) for a stale leftover and deleted it."""
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / "报告.docx"

    def writes(number: int) -> None:
        for round_ in range(25):
            write_atomic(target, f"{number}-{round_}".encode(), follow_links=True)

    with ThreadPoolExecutor(8) as pool:
        for future in [pool.submit(writes, n) for n in range(8)]:
            future.result()  # an OutputError (a temporary file gone before its rename) would surface here
    assert os.listdir(tmp_path) == ["报告.docx"]


def test_a_leftover_of_this_process_is_kept_until_it_is_a_day_old(tmp_path):
    target = tmp_path / "报告.docx"
    recent = tmp_path / f".报告.docx.drafting-{os.getpid()}-aaa111.tmp"  # maybe another thread's write in flight
    old = tmp_path / f".报告.docx.drafting-{os.getpid()}-bbb222.tmp"
    for path in (recent, old):
        path.write_bytes(b"half")
    os.utime(old, (1000, 1000))
    write_atomic(target, b"new")
    assert sorted(os.listdir(tmp_path)) == sorted(["报告.docx", recent.name])
