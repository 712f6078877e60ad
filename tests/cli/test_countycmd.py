"""`draft server`'s administration commands: the issue's contract, Chinese messages, exit codes, no password shown."""
from __future__ import annotations

import csv
import io
import sys
import zipfile

import click
import pytest

from ..conftest import run
from ..county.conftest import database_url, postgres_server  # noqa: F401  (SQLite and PostgreSQL, as in county/)

SECRET = "county-pass-2026"


@pytest.fixture
def stdin(monkeypatch):  # type: ignore[no-untyped-def]
    """Feed a line to standard input, as `printf '%s\\n' "$PASSWORD" |` would."""
    def feed(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    return feed


def _init(tmp_path, capsys, stdin, url=None):  # type: ignore[no-untyped-def]
    stdin(SECRET + "\n")
    extra = ["--db", url] if url else []
    return run(["server", "init", str(tmp_path / "data"), "--admin", "县管理员", *extra, "--password-stdin"], capsys)


def test_the_contract_init_user_round_audit_backup_restore(tmp_path, capsys, stdin, database_url):  # noqa: F811
    code, out, err = _init(tmp_path, capsys, stdin, database_url)
    assert code == 0 and "已建立数据目录" in out and SECRET not in out + err
    data = str(tmp_path / "data")
    for unit in ("白河镇", "青石乡", "柳林镇"):
        stdin("unit-pass-2026\n")
        code, out, _ = run(["server", "user", "add", data, "--name", f"{unit}文书", "--unit", unit, "--role", "unit",
                            "--password-stdin"], capsys)
        assert code == 0 and out == f"已新建账号：{unit}文书（{unit}，单位）\n"
    code, out, _ = run(["server", "round", "open", data, "--template", "工作总结", "--period", "2026Q3",
                        "--due", "2026-10-10", "--units", "白河镇,青石乡,柳林镇"], capsys)
    assert code == 0 and out == "已发起报送 1：工作总结 2026Q3，截止 2026-10-10，3 个单位\n"
    code, out, _ = run(["server", "round", "list", data], capsys)
    assert code == 0 and out.startswith("1\t工作总结\t2026Q3\t截止 2026-10-10") and out.endswith("未填 3\n")
    code, out, _ = run(["server", "user", "disable", data, "--name", "柳林镇文书"], capsys)
    stdin("another-pass-1\n")
    code, out, _ = run(["server", "user", "reset", data, "--name", "青石乡文书", "--password-stdin"], capsys)
    assert code == 0 and out == "已重置密码并解锁：青石乡文书\n"
    code, out, _ = run(["server", "user", "list", data], capsys)
    assert out.splitlines() == ["县管理员\t县委政法委\t县级", "白河镇文书\t白河镇\t单位", "青石乡文书\t青石乡\t单位",
                                "柳林镇文书\t柳林镇\t单位\t停用"]
    code, out, _ = run(["server", "audit", data, "--format", "csv"], capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["时间", "账号", "单位", "地址", "操作", "对象", "结果"]
    assert [row[4] for row in rows[1:]] == ["重置密码", "停用账号", "发起报送", "新建账号", "新建账号", "新建账号",
                                            "初始化"]
    assert rows[4][6] == "成功：柳林镇，单位"  # the role in the audit log in words, not the "unit" of the database
    assert SECRET not in out and "unit-pass-2026" not in out and "another-pass-1" not in out
    code, out, _ = run(["server", "audit", data, "--limit", "1"], capsys)
    assert code == 0 and out.count("\n") == 1 and "\t重置密码\t青石乡文书\t" in out
    code, out, _ = run(["server", "backup", data, str(tmp_path / "b.zip")], capsys)
    assert code == 0 and out.startswith(f"已备份到 {tmp_path / 'b.zip'}：4 个账号，1 轮报送，3 个表单版本")
    assert zipfile.is_zipfile(tmp_path / "b.zip")
    code, out, _ = run(["server", "restore", str(tmp_path / "b.zip"), str(tmp_path / "again")], capsys)
    assert code == 0 and out.startswith(f"已恢复到 {tmp_path / 'again'}：4 个账号")
    code, out, _ = run(["server", "upgrade", str(tmp_path / "again")], capsys)
    assert code == 0 and out == "数据库已是最新的结构（0002）\n"


def test_refusals_are_chinese_with_a_code_and_the_documented_exit_codes(tmp_path, capsys, stdin):
    assert _init(tmp_path, capsys, stdin)[0] == 0
    data = str(tmp_path / "data")
    code, _, err = _init(tmp_path, capsys, stdin)
    assert code == 2 and "错误[K004]" in err
    stdin("short\n")
    code, _, err = run(["server", "user", "add", data, "--name", "甲", "--unit", "白河镇", "--role", "unit",
                        "--password-stdin"], capsys)
    assert code == 1 and "错误[K010]" in err and "short" not in err
    stdin("")
    code, _, err = run(["server", "user", "reset", data, "--name", "县管理员", "--password-stdin"], capsys)
    assert code == 2 and "错误[K070]" in err
    code, _, err = run(["server", "user", "disable", data, "--name", "没有这人"], capsys)
    assert code == 1 and "错误[K012]" in err
    code, _, err = run(["server", "round", "open", data, "--template", "工作总结", "--period", "2026Q3",
                        "--due", "10/10/2026", "--units", "白河镇"], capsys)
    assert code == 2 and "错误[K071]" in err
    code, _, err = run(["server", "round", "open", data, "--template", "没有的模板", "--period", "2026Q3",
                        "--due", "2026-10-10", "--units", "白河镇"], capsys)
    assert code == 1 and "错误[T" in err
    code, _, err = run(["server", "audit", str(tmp_path / "nowhere")], capsys)
    assert code == 1 and "错误[K001]" in err
    code, _, err = run(["server", "init", str(tmp_path / "x"), "--admin", "a", "--db", "mysql://h/d",
                        "--password-stdin"], capsys)
    assert code == 2


def test_passwords_typed_at_the_terminal_are_hidden_and_asked_twice(tmp_path, capsys, monkeypatch):
    typed = iter(["county-pass-2026", "county-pass-2026", "first-password", "other-password"])
    asked: list[str] = []

    def hidden(prompt: str = "") -> str:
        asked.append(prompt)
        return next(typed)

    monkeypatch.setattr(click.termui, "hidden_prompt_func", hidden)
    code, out, err = run(["server", "init", str(tmp_path / "data"), "--admin", "县管理员"], capsys)
    assert code == 0 and asked == ["县管理员的密码：", "再输一次："] and "county-pass-2026" not in out + err
    code, _, err = run(["server", "user", "add", str(tmp_path / "data"), "--name", "白河镇文书", "--unit", "白河镇",
                        "--role", "unit"], capsys)
    assert code == 2 and "两次输入的密码不一样" in err and "first-password" not in err


def test_help_names_every_command(capsys):
    code, out, _ = run(["server", "--help"], capsys)
    assert code == 0
    for command in ("init", "user", "round", "audit", "backup", "restore", "upgrade"):
        assert f"  {command} " in out


def test_a_refused_command_still_closes_the_databases_connections(tmp_path, capsys, stdin, monkeypatch):
    from drafting.county.datadir import DataDir

    assert _init(tmp_path, capsys, stdin)[0] == 0
    disposed: list[str] = []
    real = DataDir.dispose
    monkeypatch.setattr(DataDir, "dispose", lambda self: (disposed.append("closed"), real(self))[1])
    code, _, err = run(["server", "user", "disable", str(tmp_path / "data"), "--name", "没有这个人"], capsys)
    assert code != 0 and "K012" in err and disposed == ["closed"]
