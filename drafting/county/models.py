"""The county's tables (SQLAlchemy 2 declarative): units, accounts, sessions, rounds, submissions, versions, audit."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .timeutil import UtcDateTime

# The states of a unit's form in a round, as every page and CSV shows them.
UNFILLED, FILLING, SUBMITTED, RETURNED, ACCEPTED = "未填", "填写中", "已提交", "退回", "已采用"
STATES = (UNFILLED, FILLING, SUBMITTED, RETURNED, ACCEPTED)
SAVABLE = (UNFILLED, FILLING, RETURNED)  # a unit may save its form only in these
COUNTY_ROLE, UNIT_ROLE = "county", "unit"
ROLES = (COUNTY_ROLE, UNIT_ROLE)


class Base(DeclarativeBase):
    """The declarative base of every county table."""


class Unit(Base):
    """A township, department or the county office itself (``is_county``)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_county: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Account(Base):
    """A person who logs in: a county administrator or a unit's clerk."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(500))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    unit: Mapped[Unit] = relationship(lazy="joined")


class LoginSession(Base):
    """A browser's login: the cookie token is kept only as its SHA-256, with the CSRF token of its pages."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf: Mapped[str] = mapped_column(String(100))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    account: Mapped[Account] = relationship(lazy="joined")


class Round(Base):
    """A reporting task the county sends to units: one template, one period, a due date."""

    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(100))
    due: Mapped[date] = mapped_column(Date)
    opened_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Submission(Base):
    """One unit's form in one round: its state and the number and digest of its latest version."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("round_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    state: Mapped[str] = mapped_column(String(20), default=UNFILLED)
    version: Mapped[int] = mapped_column(Integer, default=0)
    digest: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    findings: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    round: Mapped[Round] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship(lazy="joined")
    updater: Mapped[Account | None] = relationship(lazy="joined")


class FormVersion(Base):
    """One saved text of a submission's form; numbers count up from 1 and are never reused."""

    __tablename__ = "form_versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(String(500), default="")
    author: Mapped[Account | None] = relationship(lazy="joined")


class AuditEntry(Base):
    """One line of the append-only audit log; plain names, so an entry never changes when a row does."""

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    account: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    object: Mapped[str] = mapped_column(String(500))
    result: Mapped[str] = mapped_column(String(500))
