"""What `draft server`'s administration commands do, each in one transaction and written to the audit log."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from . import audit
from .accounts import add_account, set_disabled, set_password, unit_named
from .datadir import DataDir, create_data_dir, reachable
from .db import session_scope
from .errors import CountyError, problem
from .models import COUNTY_ROLE, Account, Round, Submission
from .rounds import county_unit, open_round, rounds

COMMAND_LINE = "命令行"  # who the audit log names for what an administrator did at the server's console
HERE = "本机"


def _record(db, action: str, object: str, result: str, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """An audit entry for a command run at the server."""
    audit.record(db, account=COMMAND_LINE, unit=county_unit(db).name, address=HERE, action=action, object=object,
                 result=result, now=now)


def initialise(path: Path, url: str | None, admin: str, unit: str, password: str, now: datetime) -> DataDir:
    """A new data folder with its database, the county's unit and its first administrator."""
    from .accounts import password_problems

    password_problems(admin.strip() or "管理员", password)  # before anything is made
    data_dir = create_data_dir(path, url, now)
    try:
        with reachable(data_dir), session_scope(data_dir.engine()) as db:
            unit_named(db, unit.strip(), now, is_county=True)
            add_account(db, admin, unit.strip(), COUNTY_ROLE, password, now)
            _record(db, "初始化", str(path), f"成功：县级单位 {unit.strip()}，管理员 {admin.strip()}", now)
    except BaseException:
        data_dir.dispose()
        raise
    return data_dir


def new_account(data_dir: DataDir, name: str, unit: str, role: str, password: str, now: datetime) -> Account:
    """Add an account (its unit made when missing)."""
    with reachable(data_dir), session_scope(data_dir.engine()) as db:
        account = add_account(db, name, unit, role, password, now)
        _record(db, "新建账号", account.name, f"成功：{account.unit.name}，{'县级' if role == COUNTY_ROLE else '单位'}", now)
        return account


def disable_account(data_dir: DataDir, name: str, now: datetime) -> None:
    """Disable an account and end its sessions."""
    with reachable(data_dir), session_scope(data_dir.engine()) as db:
        set_disabled(db, name, True, now)
        _record(db, "停用账号", name, "成功", now)


def enable_account(data_dir: DataDir, name: str, now: datetime) -> None:
    """Enable a disabled account again."""
    with reachable(data_dir), session_scope(data_dir.engine()) as db:
        set_disabled(db, name, False, now)
        _record(db, "启用账号", name, "成功", now)


def reset_password(data_dir: DataDir, name: str, password: str, now: datetime) -> None:
    """Give an account a new password and unlock it."""
    with reachable(data_dir), session_scope(data_dir.engine()) as db:
        set_password(db, name, password, now)
        _record(db, "重置密码", name, "成功（已解锁）", now)


def account_lines(data_dir: DataDir, now: datetime) -> list[str]:
    """One line per account: name, unit, role, and 停用/锁定 when so."""
    with reachable(data_dir), session_scope(data_dir.engine(), read_only=True) as db:
        lines = []
        for account in db.scalars(select(Account).order_by(Account.id)):
            marks = (["停用"] if account.disabled else []) + (
                ["锁定"] if account.locked_until is not None and account.locked_until > now else [])
            role = "县级" if account.role == COUNTY_ROLE else "单位"
            lines.append("\t".join([account.name, account.unit.name, role, "、".join(marks)]).rstrip())
        return lines


def first_county_account(db, name: str | None) -> Account:  # type: ignore[no-untyped-def]
    """The county account a command acts as: ``name``, else the first county account that is not disabled."""
    query = select(Account).where(Account.role == COUNTY_ROLE, Account.disabled.is_(False)).order_by(Account.id)
    if name is not None:
        query = query.where(Account.name == name)
    found = db.scalar(query.limit(1))
    if found is None:
        raise CountyError(problem(name or COMMAND_LINE, "找不到可用的县级账号（停用了，或不是县级账号）",
                                  "用 --by 给出一个县级管理员的账号名，或先 draft server user add … --role county", "K012"))
    return found


def start_round(data_dir: DataDir, template: str, period: str, due: date, units: list[str], by: str | None,
                now: datetime) -> tuple[Round, int]:
    """Open a round as the county account ``by``; the round and how many units it went to."""
    with reachable(data_dir), session_scope(data_dir.engine()) as db:
        opened = open_round(db, data_dir, template, period, due, units, first_county_account(db, by), now,
                            address=HERE)
        count = db.scalar(select(func.count()).select_from(Submission).where(Submission.round_id == opened.id))
        return opened, int(count or 0)


def round_lines(data_dir: DataDir, today: date) -> list[str]:
    """One line per round: id, template, period, due date (逾期 when past and not all in), and the states' counts."""
    with reachable(data_dir), session_scope(data_dir.engine(), read_only=True) as db:
        county = county_unit(db)
        lines = []
        for round_ in rounds(db):
            states = dict(db.execute(select(Submission.state, func.count()).where(
                Submission.round_id == round_.id, Submission.unit_id != county.id).group_by(Submission.state)).all())
            waiting = sum(count for state, count in states.items() if state in ("未填", "填写中", "退回"))
            late = "，逾期" if waiting and today > round_.due else ""
            counts = "，".join(f"{state} {count}" for state, count in sorted(states.items(), key=_state_order))
            due = f"截止 {round_.due.isoformat()}{late}"
            lines.append(f"{round_.id}\t{round_.template}\t{round_.period}\t{due}\t{counts}")
        return lines


def _state_order(item: tuple[str, int]) -> int:
    """States in their life's order."""
    from .models import STATES

    return STATES.index(item[0]) if item[0] in STATES else len(STATES)


def audit_text(data_dir: DataDir, as_csv: bool, limit: int | None) -> str:
    """The audit log as CSV or as tab-separated lines, newest first."""
    with reachable(data_dir), session_scope(data_dir.engine(), read_only=True) as db:
        found = audit.entries(db, limit)
        if as_csv:
            return audit.as_csv(found)
        return "".join("\t".join(_one_line(cell) for cell in row) + "\n" for row in audit.as_rows(found))


def _one_line(cell: str) -> str:
    """A cell of the tab-separated audit text kept on its line: a tab, newline or backslash written as \\t, \\n, \\\\
    (a login name typed with them cannot forge a line)."""
    return cell.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
