"""``draft server``'s click group: set up a county's data folder, its accounts and rounds, backups and the audit log.

The work is done in ``drafting.county``; these commands read the command line and passwords and print results.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import click

from ..errors import Location, Problem
from .app import _CONTEXT, _HELP, _TEMPLATE_DIR, cli
from .help import Group

_DATA_DIR = click.argument("data_dir", metavar="数据目录", type=click.Path(path_type=Path, file_okay=False))
_PASSWORD_STDIN = click.option("--password-stdin", is_flag=True,
                               help="从标准输入读密码（一行，供脚本用）；不加时在终端上输入两次，屏幕上不显示。")


def _now() -> datetime:
    """The current time (UTC), which the county layer is always handed."""
    return datetime.now(timezone.utc)


def _password(from_stdin: bool, who: str) -> str:
    """The password from one line of standard input, or typed twice (hidden); never echoed or logged."""
    from ..county.errors import CountyUsageError

    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise CountyUsageError(Problem(Location("标准输入"), "--password-stdin 给了，但标准输入里没有密码",
                                           "把密码作为一行送进来，如 printf '%s\\n' \"$PASSWORD\" | draft server …",
                                           "K070"))
        return password
    first = click.prompt(f"{who}的密码", hide_input=True, prompt_suffix="：", show_default=False)
    second = click.prompt("再输一次", hide_input=True, prompt_suffix="：", show_default=False)
    if first != second:
        raise CountyUsageError(Problem(Location("终端"), "两次输入的密码不一样，没有保存",
                                       "重新运行命令，两次输入同一个密码", "K070"))
    return first


@contextmanager
def _opened(path: Path) -> Iterator[Any]:
    """The data folder at ``path`` (K001/K002 when it is not one, or its schema is old), its database's connections
    closed when the command ends, whether it succeeded or not."""
    from ..county.datadir import open_data_dir

    folder = open_data_dir(path)
    try:
        yield folder
    finally:
        folder.dispose()


@cli.group("server", cls=Group, context_settings=_CONTEXT, no_args_is_help=True)
@_HELP
def server_group() -> None:
    """县级报送服务器：县里向乡镇、部门发报送任务，各单位在浏览器里填报、提交，县里退回、采用、汇总。

    \b
    示例：
      draft server init /srv/county --admin 县管理员
      draft server user add /srv/county --name 白河镇文书 --unit 白河镇 --role unit
      draft server round open /srv/county --template 工作总结 --period 2026Q3 --due 2026-10-10 --units 白河镇,青石乡
    """


@server_group.command("init", context_settings=_CONTEXT)
@_DATA_DIR
@click.option("--db", "url", default=None, metavar="数据库地址",
              help="PostgreSQL 的地址，如 postgresql+psycopg://county@/county?host=/run/postgresql"
                   "（默认在数据目录里建 SQLite 文件 county.db）。")
@click.option("--admin", required=True, metavar="账号名", help="第一个县级管理员的账号名。")
@click.option("--unit", default="县委政法委", show_default=True, metavar="单位", help="县级单位的名称。")
@_PASSWORD_STDIN
@_HELP
def init_command(data_dir: Path, url: str | None, admin: str, unit: str, password_stdin: bool) -> None:
    """建立数据目录和数据库，以及县级单位和第一个管理员账号。"""
    from ..county.admin import initialise

    password = _password(password_stdin, admin)
    made = initialise(data_dir, url, admin, unit, password, _now())
    made.dispose()
    click.echo(f"已建立数据目录：{data_dir}（数据库：{made.stored_url}）")
    click.echo(f"县级单位：{unit}；管理员：{admin}")
    click.echo(f"下一步：draft server user add {data_dir} --name 账号名 --unit 单位 --role unit")


@server_group.command("upgrade", context_settings=_CONTEXT)
@_DATA_DIR
@_HELP
def upgrade_command(data_dir: Path) -> None:
    """把数据库升级到这一版 draft 的结构（升级 draft 之后运行一次；先备份）。"""
    from ..county.datadir import upgrade_data_dir

    before, after = upgrade_data_dir(data_dir)
    click.echo(f"数据库结构：{before or '空'} → {after}" if before != after else f"数据库已是最新的结构（{after}）")


@server_group.group("user", cls=Group, context_settings=_CONTEXT, no_args_is_help=True)
@_HELP
def user_group() -> None:
    """账号：新建、停用、启用、重置密码、列出。"""


@user_group.command("add", context_settings=_CONTEXT)
@_DATA_DIR
@click.option("--name", required=True, metavar="账号名", help="登录用的账号名（全县唯一）。")
@click.option("--unit", required=True, metavar="单位", help="账号所属的单位（还没有时新建）。")
@click.option("--role", type=click.Choice(["unit", "county"]), required=True,
              help="unit：乡镇、部门的填报人，只看本单位的表单；county：县级管理员。")
@_PASSWORD_STDIN
@_HELP
def user_add_command(data_dir: Path, name: str, unit: str, role: str, password_stdin: bool) -> None:
    """新建账号（密码至少 10 个字符，不能与账号名相同）。"""
    from ..county.admin import new_account

    with _opened(data_dir) as folder:
        account = new_account(folder, name, unit, role, _password(password_stdin, name), _now())
    click.echo(f"已新建账号：{account.name}（{unit}，{'县级' if role == 'county' else '单位'}）")


@user_group.command("disable", context_settings=_CONTEXT)
@_DATA_DIR
@click.option("--name", required=True, metavar="账号名", help="要停用的账号。")
@_HELP
def user_disable_command(data_dir: Path, name: str) -> None:
    """停用账号：不能再登录，已登录的会话立即结束（账号和它做过的事都保留）。"""
    from ..county.admin import disable_account

    with _opened(data_dir) as folder:
        disable_account(folder, name, _now())
    click.echo(f"已停用账号：{name}")


@user_group.command("enable", context_settings=_CONTEXT)
@_DATA_DIR
@click.option("--name", required=True, metavar="账号名", help="要重新启用的账号。")
@_HELP
def user_enable_command(data_dir: Path, name: str) -> None:
    """重新启用停用的账号。"""
    from ..county.admin import enable_account

    with _opened(data_dir) as folder:
        enable_account(folder, name, _now())
    click.echo(f"已启用账号：{name}")


@user_group.command("reset", context_settings=_CONTEXT)
@_DATA_DIR
@click.option("--name", required=True, metavar="账号名", help="要重置密码的账号。")
@_PASSWORD_STDIN
@_HELP
def user_reset_command(data_dir: Path, name: str, password_stdin: bool) -> None:
    """重置密码，同时解除锁定。"""
    from ..county.admin import reset_password

    with _opened(data_dir) as folder:
        reset_password(folder, name, _password(password_stdin, name), _now())
    click.echo(f"已重置密码并解锁：{name}")


@user_group.command("list", context_settings=_CONTEXT)
@_DATA_DIR
@_HELP
def user_list_command(data_dir: Path) -> None:
    """列出账号：账号名、单位、角色，停用或锁定的注明。"""
    from ..county.admin import account_lines

    with _opened(data_dir) as folder:
        for line in account_lines(folder, _now()):
            click.echo(line)


@server_group.group("round", cls=Group, context_settings=_CONTEXT, no_args_is_help=True)
@_HELP
def round_group() -> None:
    """报送轮次：发起、列出。"""


def _due(value: str) -> date:
    """The --due date; K071 when it is not YYYY-MM-DD."""
    from ..county.errors import CountyUsageError

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CountyUsageError(Problem(Location("命令行"), f"--due 的“{value}”不是日期",
                                       "写成 年-月-日，如 --due 2026-10-10", "K071")) from None


@round_group.command("open", context_settings=_CONTEXT)
@_DATA_DIR
@click.option("--template", required=True, metavar="模板名", help="各单位填写的模板，如 工作总结（draft templates 列出全部）。")
@click.option("--period", required=True, metavar="期间", help="报告期：2026Q3、2026H1、2026 或 2026-07。")
@click.option("--due", required=True, metavar="YYYY-MM-DD", help="截止日期，过了还没提交的单位在首页标红。")
@click.option("--units", required=True, metavar="单位,单位,…", help="报送的单位，用逗号隔开（还没有的单位新建）。")
@click.option("--by", default=None, metavar="账号名", help="以哪个县级账号的名义发起（默认第一个县级管理员）。")
@_HELP
def round_open_command(data_dir: Path, template: str, period: str, due: str, units: str, by: str | None) -> None:
    """发起一轮报送：给每个单位一份表单（上一期采用过的用 draft next 接着写，否则是空白表单）。"""
    from ..county.admin import start_round

    with _opened(data_dir) as folder:
        names = [name for name in units.replace("，", ",").replace("、", ",").split(",")]
        opened, count = start_round(folder, template, period, _due(due), names, by, _now())
    click.echo(f"已发起报送 {opened.id}：{opened.template} {opened.period}，截止 {opened.due.isoformat()}，{count} 个单位")


@round_group.command("list", context_settings=_CONTEXT)
@_DATA_DIR
@_HELP
def round_list_command(data_dir: Path) -> None:
    """列出报送轮次：编号、模板、期间、截止日期和各状态的单位数，最新的在前。"""
    from ..county.admin import round_lines

    with _opened(data_dir) as folder:
        for line in round_lines(folder, _now().date()):
            click.echo(line)


@server_group.command("audit", context_settings=_CONTEXT)
@_DATA_DIR
@click.option("--format", "form", type=click.Choice(["txt", "csv"]), default="txt", show_default=True,
              help="txt：每条一行，用制表符分隔；csv：带表头的 CSV（UTF-8）。")
@click.option("--limit", type=click.IntRange(1), default=None, metavar="N", help="只列最新的 N 条。")
@_HELP
def audit_command(data_dir: Path, form: str, limit: int | None) -> None:
    """印出审计日志（最新的在前）：时间、账号、单位、地址、操作、对象、结果。"""
    from ..county.admin import audit_text

    with _opened(data_dir) as folder:
        click.echo(audit_text(folder, form == "csv", limit), nl=False)


@server_group.command("backup", context_settings=_CONTEXT)
@_DATA_DIR
@click.argument("output", metavar="备份.zip", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--overwrite", is_flag=True, help="已有同名文件时覆盖它。")
@_HELP
def backup_command(data_dir: Path, output: Path, overwrite: bool) -> None:
    """备份：每张表写成 JSON，连同各单位的表单文件夹打成一个 zip，能恢复到 SQLite 或 PostgreSQL。"""
    from ..county.backup import backup

    with _opened(data_dir) as folder:
        counts = backup(folder, output, _now(), overwrite)
    click.echo(f"已备份到 {output}：{counts.get('accounts', 0)} 个账号，{counts.get('rounds', 0)} 轮报送，"
               f"{counts.get('form_versions', 0)} 个表单版本，{counts.get('audit_entries', 0)} 条审计日志")


@server_group.command("restore", context_settings=_CONTEXT)
@click.argument("source", metavar="备份.zip", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@_DATA_DIR
@click.option("--db", "url", default=None, metavar="数据库地址",
              help="恢复到这个（空的）PostgreSQL 数据库（默认在数据目录里建 SQLite 文件）。")
@_HELP
def restore_command(source: Path, data_dir: Path, url: str | None) -> None:
    """从备份建立一个新的数据目录（目标文件夹和数据库都必须是空的）。"""
    from ..county.backup import restore

    counts = restore(source, data_dir, url, _now())
    click.echo(f"已恢复到 {data_dir}：{counts.get('accounts', 0)} 个账号，{counts.get('rounds', 0)} 轮报送，"
               f"{counts.get('form_versions', 0)} 个表单版本，{counts.get('audit_entries', 0)} 条审计日志")


@server_group.command("run", context_settings=_CONTEXT)
@click.argument("data_dir", type=click.Path(path_type=Path, file_okay=False), metavar="数据目录")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="在这个地址上提供服务（默认只在本机；对内网开放请放在反向代理后面，见 docs/county-server.md）。")
@click.option("--port", type=click.IntRange(0, 65535), default=8800, show_default=True, metavar="端口",
              help="用这个端口（0：自动找一个空闲端口）。")
@click.option("--public-origin", default=None, metavar="对外地址",
              help="反向代理后浏览器里看到的地址，如 https://baosong.example.gov.cn（HTTPS 时登录 Cookie 只走 HTTPS）。")
@_TEMPLATE_DIR
@_HELP
def run_command(data_dir: Path, host: str, port: int, public_origin: str | None,
                template_dirs: tuple[Path, ...]) -> None:
    """启动县级报送服务器：各单位用浏览器登录、填写、提交，县里审核、退回、采用、汇总。

    \b
    默认只在本机（127.0.0.1:8800）提供；命令把地址单独打印一行，按 Ctrl-C 停止。
    示例：draft server run /srv/county --public-origin https://baosong.example.gov.cn
    """
    from ..commands.services import CommandServices
    from ..office.holder import Office
    from ..options import Options
    from ..server.run import checked_origin, serve_county

    origin = checked_origin(public_origin)  # a wrong --public-origin is said before anything starts
    with _opened(data_dir) as data, Office() as office:  # one LibreOffice for every unit's PDFs, started with the first one
        serve_county(data, host, port, origin, Options(template_dirs=template_dirs), CommandServices(office),
                     lambda line: click.echo(line))
