"""Accounts and logins: Argon2 password hashes, the password rules, lockout after failures, sessions in the database."""
from __future__ import annotations

import hashlib
import secrets
import unicodedata
from functools import lru_cache
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import audit
from .errors import CountyError, LoginRefused, problem
from .models import COUNTY_ROLE, ROLES, Account, LoginSession, Unit
from .timeutil import as_utc, utc_now

IDLE = timedelta(minutes=30)
TOUCH_EVERY = timedelta(minutes=1)  # a session's last use is written at most this often (reads take no write lock)
LOCK_AFTER = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 10
HASHER = PasswordHash((Argon2Hasher(),))  # pwdlib's default Argon2id cost (64 MiB, 3 passes): stateless
REFUSED_MESSAGE = "用户名或密码不对，或者账号已停用、已锁定"
MAX_NAME = 50            # characters of a unit's or an account's name (a file name and a table cell hold it)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash no password matches, verified for unknown names (made on the first such login, not at import)."""
    return HASHER.hash(secrets.token_urlsafe(32))


def password_problems(name: str, password: str) -> None:
    """Raise K010 or K011 when ``password`` breaks the rules for account ``name``."""
    if len(password) < MIN_PASSWORD:
        raise CountyError(problem(name, f"密码太短（{len(password)} 个字符），至少要 {MIN_PASSWORD} 个",
                                  f"换一个至少 {MIN_PASSWORD} 个字符的密码，字母、数字、符号混用更好", "K010"))
    if password.strip().casefold() == name.strip().casefold():
        raise CountyError(problem(name, "密码不能与账号名相同", "换一个与账号名无关的密码", "K011"))


def plain_name(name: str, what: str, code: str) -> str:
    """``name`` when it can name a unit (``what`` = 单位) or account in a file name, a page and a log line; else
    ``code``: empty, too long, a control or invisible formatting character (newline, RTL mark), / or \\, a leading dot."""
    odd = [c for c in name if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or c in "/\\"]
    if name and len(name) <= MAX_NAME and not odd and not name.startswith("."):
        return name
    shown = repr(name[:20] + ("…" if len(name) > 20 else ""))
    why = (f"有 {len(name)} 个字符，最多 {MAX_NAME} 个" if len(name) > MAX_NAME else
           f"含有不可见字符或斜杠（{', '.join(sorted({f'U+{ord(c):04X}' for c in odd}))}）" if odd else
           "是空的" if not name else "以“.”开头")
    raise CountyError(problem(shown, f"{what}名 {shown} 不能用：{why}",
                              f"{what}名只用看得见的文字，不要换行、斜杠和不可见字符，如 白河镇、白河镇文书", code))


def unit_named(db: Session, name: str, now: datetime, is_county: bool = False) -> Unit:
    """The unit called ``name``, created when missing (K110 when the name is no plain name)."""
    plain_name(name, "单位", "K110")
    found = db.scalar(select(Unit).where(Unit.name == name))
    if found is None:
        found = Unit(name=name, is_county=is_county, created_at=now)
        db.add(found)
        db.flush()
    return found


def account_named(db: Session, name: str) -> Account:
    """The account called ``name``; K012 when there is none."""
    found = db.scalar(select(Account).where(Account.name == name))
    if found is None:
        raise CountyError(problem(name, f"没有名为“{name}”的账号",
                                  "检查账号名；draft server audit 里可以看到已建的账号的操作", "K012"))
    return found


def add_account(db: Session, name: str, unit: str, role: str, password: str, now: datetime | None = None) -> Account:
    """A new account of ``unit`` (created when missing); K013 duplicate name, K014 county role outside the county."""
    now = now or utc_now()
    name, unit = name.strip(), unit.strip()
    if not name or not unit or role not in ROLES:
        raise CountyError(problem(name or "（空）", "账号名、单位都要写，角色只能是 county 或 unit",
                                  "如 --name 白河镇文书 --unit 白河镇 --role unit", "K014"))
    plain_name(name, "账号", "K111")
    password_problems(name, password)
    if name in _lookalikes(db, name):
        raise CountyError(problem(name, f"已经有名为“{name}”的账号（大小写、全角半角不同也算同名）", "换一个账号名，如 白河镇文书2", "K013"))
    owner = db.scalar(select(Unit).where(Unit.name == unit))
    if owner is None:
        owner = unit_named(db, unit, now, is_county=role == COUNTY_ROLE and not _has_county(db))
    if (role == COUNTY_ROLE) != owner.is_county:
        raise CountyError(problem(name, "县级账号必须属于县级单位，乡镇、部门的账号不能是县级角色",
                                  f"县级单位是“{_county_name(db)}”：县级账号用 --unit {_county_name(db)} "
                                  "--role county，其他单位用 --role unit", "K014"))
    account = Account(name=name, unit_id=owner.id, role=role, password_hash=HASHER.hash(password),
                      disabled=False, failed_logins=0, locked_until=None, created_at=now)
    db.add(account)
    db.flush()
    return account


def _folded(name: str) -> str:
    """A name as it reads: full-width letters as ASCII, case and surrounding spaces ignored."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def _lookalikes(db: Session, name: str) -> set[str]:
    """``name`` itself when an existing account's name reads the same (Clerk1, clerk1, ＣＬＥＲＫ１), else nothing:
    two such accounts would pass for one in the audit log and on the pages."""
    folded = _folded(name)
    return {name} if any(_folded(other) == folded for other in db.scalars(select(Account.name))) else set()


def _has_county(db: Session) -> bool:
    """Whether a county unit exists already."""
    return db.scalar(select(Unit.id).where(Unit.is_county)) is not None


def _county_name(db: Session) -> str:
    """The county unit's name (or a placeholder before there is one)."""
    return db.scalar(select(Unit.name).where(Unit.is_county)) or "县级单位"


def set_password(db: Session, name: str, password: str, now: datetime | None = None) -> Account:
    """Give ``name`` a new password and unlock it (failures forgotten); every session it has ends (one taken by
    whoever knew the old password too)."""
    account = account_named(db, name)
    password_problems(name, password)
    account.password_hash = HASHER.hash(password)
    account.failed_logins = 0
    account.locked_until = None
    db.execute(update(LoginSession).where(LoginSession.account_id == account.id, LoginSession.ended_at.is_(None))
               .values(ended_at=now or utc_now()))
    return account


def set_disabled(db: Session, name: str, disabled: bool, now: datetime) -> Account:
    """Disable (or enable) ``name``; disabling ends every session it has."""
    account = account_named(db, name)
    account.disabled = disabled
    if disabled:
        db.execute(update(LoginSession).where(LoginSession.account_id == account.id, LoginSession.ended_at.is_(None))
                   .values(ended_at=now))
    return account


def check_password(db: Session, name: str, password: str, address: str, now: datetime) -> Account:
    """The account when ``password`` is right and it may log in; else LoginRefused (one message for every reason).

    The failure count, the lock and the audit entry are committed before LoginRefused is raised, so the caller's
    rollback cannot undo them. A server runs the three steps apart: the Argon2 check outside any transaction.
    """
    stored = stored_hash(db, name)
    right, new_hash = verified(password, stored)
    return settle_login(db, name, stored, right, new_hash, address, now)


def stored_hash(db: Session, name: str) -> str | None:
    """The password hash of account ``name`` (None: no such account)."""
    return db.scalar(select(Account.password_hash).where(Account.name == name))


def verified(password: str, stored: str | None) -> tuple[bool, str | None]:
    """Whether ``password`` matches ``stored`` and the hash to keep when pwdlib wants a newer one; no database (Argon2id
    takes most of a second and 64 MB: a server runs it outside any transaction). An unknown name costs the same."""
    if stored is None:
        HASHER.verify(password, _dummy_hash())
        return False, None
    return HASHER.verify_and_update(password, stored)


def settle_login(db: Session, name: str, checked: str | None, right: bool, new_hash: str | None, address: str,
                 now: datetime) -> Account:
    """The outcome of a password check against hash ``checked``: the account, or LoginRefused with the failure
    counted, the lock set and the audit line written (a password reset meanwhile refuses, uncounted)."""
    account = db.scalar(select(Account).where(Account.name == name).with_for_update(of=Account))
    if account is None:
        return _refuse(db, name, "", address, "账号不存在", now)
    unit = account.unit.name
    if account.locked_until is not None and as_utc(account.locked_until) > as_utc(now):
        return _refuse(db, name, unit, address, "账号已锁定", now)
    if account.disabled:
        return _refuse(db, name, unit, address, "账号已停用", now)
    if account.password_hash != checked:
        return _refuse(db, name, unit, address, "登录期间密码被重置", now)
    if not right:
        account.failed_logins = account.failed_logins + 1
        if account.failed_logins >= LOCK_AFTER:
            account.failed_logins = 0
            account.locked_until = now + LOCK_FOR
            return _refuse(db, name, unit, address, f"密码错误，连续 {LOCK_AFTER} 次，锁定 15 分钟", now)
        return _refuse(db, name, unit, address, f"密码错误（连续第 {account.failed_logins} 次）", now)
    account.failed_logins = 0
    account.locked_until = None
    if new_hash is not None:
        account.password_hash = new_hash
    audit.record(db, account=name, unit=unit, address=address, action="登录", object=name, result="成功", now=now)
    return account


def _refuse(db: Session, name: str, unit: str, address: str, reason: str, now: datetime) -> Account:
    """Record the refusal, commit it, and raise LoginRefused."""
    audit.record(db, account=name, unit=unit, address=address, action="登录", object=name, result=f"失败：{reason}",
                 now=now)
    db.commit()
    raise LoginRefused(problem("登录", REFUSED_MESSAGE,
                               "检查用户名和密码（区分大小写）；连续输错 5 次锁定 15 分钟，到时自动解锁，或请县里的管理员重置密码", "K020"))


def _token_hash(token: str) -> str:
    """The SHA-256 (hex) of a cookie token, the only form the database keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(db: Session, account: Account, now: datetime) -> tuple[str, LoginSession]:
    """A new login session of ``account``: the cookie token (kept only hashed) and its row."""
    token = secrets.token_urlsafe(32)
    row = LoginSession(token_hash=_token_hash(token), csrf=secrets.token_urlsafe(32), account_id=account.id,
                       created_at=now, last_seen=now, ended_at=None)
    db.add(row)
    db.flush()
    return token, row


def session_for(db: Session, token: str, now: datetime) -> LoginSession | None:
    """The live session of ``token``, its last use moved to ``now``; None when unknown, ended or idle too long.

    A session idle longer than IDLE is ended here; one whose account was disabled or locked meanwhile ends too.
    """
    if not token:
        return None
    row = db.scalar(select(LoginSession).where(LoginSession.token_hash == _token_hash(token)))
    if row is None or row.ended_at is not None:
        return None
    if as_utc(now) - as_utc(row.last_seen) > IDLE or row.account.disabled:
        row.ended_at = now
        return None
    row.last_seen = now
    return row


def session_needs_write(db: Session, token: str, now: datetime) -> bool:
    """Whether ``session_for`` must write for ``token`` now: its session is to be ended (idle too long, account
    disabled) or its last use is older than TOUCH_EVERY. Changes nothing (a reading transaction suffices); False
    for an unknown or ended session, which nothing changes either."""
    row = db.scalar(select(LoginSession).where(LoginSession.token_hash == _token_hash(token))) if token else None
    if row is None or row.ended_at is not None:
        return False
    return as_utc(now) - as_utc(row.last_seen) > TOUCH_EVERY or row.account.disabled


def end_session(db: Session, token: str, now: datetime) -> None:
    """End the session of ``token`` (logging out); nothing when there is none."""
    db.execute(update(LoginSession).where(LoginSession.token_hash == _token_hash(token),
                                          LoginSession.ended_at.is_(None)).values(ended_at=now))
