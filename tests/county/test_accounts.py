"""Accounts: password rules, one answer for every refused login, lockout and unlock, sessions and idle timeout."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from drafting.county import audit
from drafting.county.accounts import (IDLE, LOCK_AFTER, LOCK_FOR, add_account, check_password, end_session,
                                      session_for, set_disabled, set_password, start_session)
from drafting.county.db import session_scope
from drafting.county.errors import CountyError, LoginRefused
from drafting.county.models import Account, LoginSession

from .conftest import ADMIN, ADMIN_PASSWORD, START, UNIT_PASSWORD, clerk

ADDRESS = "10.0.0.7"


def _login(data_dir, name, password, now):  # type: ignore[no-untyped-def]
    with session_scope(data_dir.engine()) as db:
        return check_password(db, name, password, ADDRESS, now).name


def _refusal(data_dir, name, password, now) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(LoginRefused) as info:
        _login(data_dir, name, password, now)
    (problem,) = info.value.problems
    assert problem.code == "K020"
    return problem.message


def test_the_right_password_logs_in_and_the_hash_is_argon2(data_dir):
    assert _login(data_dir, ADMIN, ADMIN_PASSWORD, START) == ADMIN
    with session_scope(data_dir.engine(), read_only=True) as db:
        stored = db.scalar(select(Account.password_hash).where(Account.name == ADMIN))
        assert stored.startswith("$argon2id$") and ADMIN_PASSWORD not in stored
        assert [(e.action, e.result) for e in audit.entries(db)][0] == ("登录", "成功")


@pytest.mark.parametrize("password, code", [("short", "K010"), ("白河镇文书2号白河镇文书", None), ("新账号的名字新账号的名字", None)])
def test_password_rules(data_dir, password, code):
    with session_scope(data_dir.engine()) as db:
        if code is None:
            add_account(db, "新账号的名字新账号的名字x", "白河镇", "unit", password, START)
            return
        with pytest.raises(CountyError) as info:
            add_account(db, "新账号", "白河镇", "unit", password, START)
    assert info.value.problems[0].code == code


def test_password_equal_to_the_name_and_duplicates_are_refused(data_dir):
    with session_scope(data_dir.engine()) as db:
        with pytest.raises(CountyError) as same:
            add_account(db, "abcdefghijkl", "白河镇", "unit", "ABCDEFGHIJKL", START)
        with pytest.raises(CountyError) as duplicate:
            add_account(db, clerk("白河镇"), "白河镇", "unit", "another-pass-1", START)
        with pytest.raises(CountyError) as county_role:
            add_account(db, "白河镇领导", "白河镇", "county", "another-pass-1", START)
    assert [e.value.problems[0].code for e in (same, duplicate, county_role)] == ["K011", "K013", "K014"]


def test_unknown_wrong_disabled_and_locked_get_one_answer_and_the_audit_says_which(data_dir):
    with session_scope(data_dir.engine()) as db:
        set_disabled(db, clerk("青石乡"), True, START)
    messages = {_refusal(data_dir, "没有这个人", UNIT_PASSWORD, START),
                _refusal(data_dir, clerk("白河镇"), "wrong-password", START),
                _refusal(data_dir, clerk("青石乡"), UNIT_PASSWORD, START)}
    for _ in range(LOCK_AFTER):
        _refusal(data_dir, clerk("柳林镇"), "wrong-password", START)
    messages.add(_refusal(data_dir, clerk("柳林镇"), UNIT_PASSWORD, START))
    assert len(messages) == 1
    with session_scope(data_dir.engine(), read_only=True) as db:
        results = [e.result for e in reversed(audit.entries(db))]
    assert results[:3] == ["失败：账号不存在", "失败：密码错误（连续第 1 次）", "失败：账号已停用"]
    assert results[-2:] == ["失败：密码错误，连续 5 次，锁定 15 分钟", "失败：账号已锁定"]


def test_five_failures_lock_for_fifteen_minutes_then_the_right_password_works(data_dir):
    name = clerk("白河镇")
    for attempt in range(LOCK_AFTER):
        _refusal(data_dir, name, "wrong-password", START + timedelta(seconds=attempt))
    _refusal(data_dir, name, UNIT_PASSWORD, START + LOCK_FOR - timedelta(seconds=1))
    assert _login(data_dir, name, UNIT_PASSWORD, START + LOCK_FOR + timedelta(seconds=5)) == name
    with session_scope(data_dir.engine(), read_only=True) as db:
        account = db.scalar(select(Account).where(Account.name == name))
        assert (account.failed_logins, account.locked_until) == (0, None)


def test_a_success_resets_the_failure_count(data_dir):
    name = clerk("白河镇")
    for _ in range(LOCK_AFTER - 1):
        _refusal(data_dir, name, "wrong-password", START)
    _login(data_dir, name, UNIT_PASSWORD, START)
    for _ in range(LOCK_AFTER - 1):
        _refusal(data_dir, name, "wrong-password", START)
    assert _login(data_dir, name, UNIT_PASSWORD, START) == name


def test_reset_unlocks_and_changes_the_password(data_dir):
    name = clerk("白河镇")
    for _ in range(LOCK_AFTER):
        _refusal(data_dir, name, "wrong-password", START)
    with session_scope(data_dir.engine()) as db:
        set_password(db, name, "brand-new-pass-1")
    _refusal(data_dir, name, UNIT_PASSWORD, START)
    assert _login(data_dir, name, "brand-new-pass-1", START) == name


def test_sessions_are_stored_hashed_and_end_after_thirty_idle_minutes(data_dir):
    with session_scope(data_dir.engine()) as db:
        account = check_password(db, ADMIN, ADMIN_PASSWORD, ADDRESS, START)
        token, row = start_session(db, account, START)
        assert row.token_hash != token and len(row.csrf) >= 32
    with session_scope(data_dir.engine()) as db:
        assert session_for(db, token, START + IDLE - timedelta(seconds=1)) is not None
    with session_scope(data_dir.engine()) as db:  # the last use moved: 29 more minutes are fine
        assert session_for(db, token, START + 2 * IDLE - timedelta(seconds=2)).account.name == ADMIN
    with session_scope(data_dir.engine()) as db:
        assert session_for(db, token, START + 3 * IDLE) is None
    with session_scope(data_dir.engine()) as db:  # ended for good
        assert session_for(db, token, START + 3 * IDLE) is None
        assert db.scalar(select(LoginSession.ended_at)) is not None


def test_logout_and_disabling_end_sessions_and_unknown_tokens_find_none(data_dir):
    with session_scope(data_dir.engine()) as db:
        account = check_password(db, ADMIN, ADMIN_PASSWORD, ADDRESS, START)
        first, _ = start_session(db, account, START)
        clerk_account = check_password(db, clerk("白河镇"), UNIT_PASSWORD, ADDRESS, START)
        second, _ = start_session(db, clerk_account, START)
    with session_scope(data_dir.engine()) as db:
        end_session(db, first, START)
        set_disabled(db, clerk("白河镇"), True, START)
    with session_scope(data_dir.engine()) as db:
        assert session_for(db, first, START) is None
        assert session_for(db, second, START) is None
        assert session_for(db, "not-a-token", START) is None
        assert session_for(db, "", START) is None
