"""Rounds and their submissions: open a round, who sees what, submit, return, accept, roll up, export."""
from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..commands.rollup import rollup
from ..form.period import parse_period
from ..options import Options
from ..options import Session as DraftSession
from . import audit
from .accounts import unit_named
from .datadir import DataDir
from ..records import NamedTuple
from .errors import CountyError, VersionConflict, problem
from .models import (ACCEPTED, COUNTY_ROLE, FILLING, RETURNED, SAVABLE, SUBMITTED, Account, Round, Submission,
                     Unit)
from .startform import blank_form, next_of
from .versions import file_stem, first_version, form_name, save_version, sync_working_copy, version_text

REPORT_SUFFIXES = (".docx", ".pdf")
SHEET_SUFFIXES = (".xlsx", ".csv")  # a unit's uploaded 指标 spreadsheets: its form's numbers may live only there


def county_unit(db: Session) -> Unit:
    """The county's own unit; K046 when the data folder has none (it is made by draft server init)."""
    found = db.scalar(select(Unit).where(Unit.is_county))
    if found is None:
        raise CountyError(problem("数据库", "还没有县级单位", "用 draft server init 建立数据目录和县级管理员", "K046"))
    return found


def open_round(db: Session, data_dir: DataDir, template: str, period: str, due: date, units: list[str],
               by: Account, now: datetime, session: DraftSession | None = None, address: str = "") -> Round:
    """A new round with a submission (未填, version 1 = its starting text) for each of ``units`` (made when missing).

    The starting text is `draft next` of the unit's last 已采用 form of the same template, else the template's
    blank form. K040: the period cannot be read; K041: no unit given, or the county itself among them.
    """
    session = session or DraftSession(Options())
    parsed = parse_period(period)
    if parsed is None:
        raise CountyError(problem("命令行", f"期间“{period}”无法识别",
                                  "写成 2026Q3（季度）、2026H1（半年）、2026（全年）或 2026-07（月份）", "K040"))
    names = list(dict.fromkeys(name.strip() for name in units if name.strip()))
    county = county_unit(db)
    if not names or county.name in names:
        raise CountyError(problem("命令行", "报送单位没有给出，或者把县级单位自己也列进去了",
                                  "用 --units 白河镇,青石乡,柳林镇 列出要报送的乡镇、部门（县级单位的汇总稿由汇总生成）",
                                  "K041"))
    round_ = Round(template=template, period=parsed.code, due=due, opened_by=by.id, opened_at=now)
    db.add(round_)
    db.flush()
    for name in names:
        unit = unit_named(db, name, now)
        submission = Submission(round_id=round_.id, unit_id=unit.id, state="未填", version=0, digest="",
                                updated_at=now, updated_by=by.id)
        db.add(submission)
        db.flush()
        target = data_dir.forms_folder(submission) / form_name(submission)
        previous = _last_accepted(db, data_dir, unit, template, round_.id)
        text = next_of(previous, parsed, target, session) if previous is not None else None
        note = "由上一期已采用的表单生成（draft next）" if text is not None else "空白表单"
        first_version(db, submission, text or blank_form(template, parsed, name, county.name, due, session), by, now,
                      note)
    audit.record(db, account=by.name, unit=by.unit.name, address=address, action="发起报送",
                 object=f"{template} {parsed.code}", result=f"{len(names)} 个单位，截止 {due.isoformat()}", now=now)
    return round_


def _last_accepted(db: Session, data_dir: DataDir, unit: Unit, template: str, this_round: int) -> Path | None:
    """The working copy (synced) of the unit's latest 已采用 form of ``template`` in an earlier round."""
    found = db.scalar(select(Submission).join(Round).where(
        Submission.unit_id == unit.id, Submission.state == ACCEPTED, Round.template == template,
        Round.id != this_round).order_by(Round.opened_at.desc(), Round.id.desc()).limit(1))
    if found is None:
        return None
    return sync_working_copy(data_dir, found, version_text(db, found))


def rounds(db: Session) -> list[Round]:
    """Every round, the newest first."""
    return list(db.scalars(select(Round).order_by(Round.opened_at.desc(), Round.id.desc())))


def submissions_of(db: Session, round_: Round) -> list[Submission]:
    """The round's submissions, in the order the units were listed (the county's own last)."""
    return list(db.scalars(select(Submission).join(Unit, Submission.unit_id == Unit.id)
                           .where(Submission.round_id == round_.id).order_by(Unit.is_county, Submission.id)))


def visible_submissions(db: Session, account: Account) -> list[Submission]:
    """What ``account`` may open: a unit's clerk its own unit's submissions, the county every one; newest first."""
    query = select(Submission).join(Round).order_by(Round.opened_at.desc(), Round.id.desc(), Submission.id)
    if account.role != COUNTY_ROLE:
        query = query.where(Submission.unit_id == account.unit_id)
    return list(db.scalars(query))


def submission_for(db: Session, account: Account, submission_id: int) -> Submission:
    """The submission if ``account`` may see it; K042 otherwise (the same answer for missing and not yours)."""
    found = db.get(Submission, submission_id)
    if found is None or (account.role != COUNTY_ROLE and found.unit_id != account.unit_id):
        raise CountyError(problem(f"报送 {submission_id}", "没有这份表单，或者它不属于您的单位",
                                  "回到首页，从列出的表单里打开", "K042"))
    return found


def overdue(submission: Submission, today: date) -> bool:
    """Whether the unit is late: the due date has passed and the form is not handed in (未填, 填写中, 退回)."""
    return today > submission.round.due and submission.state in SAVABLE


def editable(account: Account, submission: Submission) -> bool:
    """Whether ``account`` may change the form: only its own unit's (the county opens the others read-only)."""
    return submission.unit_id == account.unit_id


def _move(db: Session, account: Account, submission: Submission, before: tuple[str, ...], after: str, action: str,
          now: datetime, comment: str | None = None, address: str = "") -> None:
    """Move the state from one of ``before`` to ``after`` in one conditional UPDATE; K043 when it is not there."""
    values: dict[str, object] = {"state": after, "updated_at": now, "updated_by": account.id}
    if comment is not None:
        values["comment"] = comment
    result = db.execute(update(Submission).where(Submission.id == submission.id, Submission.state.in_(before))
                        .values(**values).execution_options(synchronize_session=False))
    db.refresh(submission)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        audit.record(db, account=account.name, unit=account.unit.name, address=address, action=action,
                     object=_object(submission), result=f"拒绝：表单是“{submission.state}”", now=now)
        raise CountyError(problem(form_name(submission), f"表单现在是“{submission.state}”，不能{action}",
                                  _STATE_HINTS[action], "K043"))
    audit.record(db, account=account.name, unit=account.unit.name, address=address, action=action,
                 object=_object(submission), result=f"成功：{after}" + (f"（{comment}）" if comment else ""), now=now)


_STATE_HINTS = {
    "提交": "填写中的表单才能提交：先保存一次再提交；已提交的等县里审核",
    "退回": "只有已提交的表单能退回",
    "采用": "只有已提交的表单能采用",
}


def _object(submission: Submission) -> str:
    """How the audit log names a submission."""
    return f"{submission.unit.name} {submission.round.template} {submission.round.period}"


def _county_only(account: Account, submission: Submission, action: str) -> None:
    """K044 unless ``account`` is a county account."""
    if account.role != COUNTY_ROLE:
        raise CountyError(problem(form_name(submission), f"只有县级账号才能{action}表单",
                                  "请县里的管理员审核", "K044"))


def submit(db: Session, account: Account, submission: Submission, now: datetime, address: str = "") -> None:
    """The unit hands its form in: 填写中 → 已提交 (only the unit's own account)."""
    if not editable(account, submission):
        raise CountyError(problem(form_name(submission), "只能提交本单位的表单", "回到首页打开本单位的表单", "K044"))
    _move(db, account, submission, (FILLING,), SUBMITTED, "提交", now, address=address)


def return_(db: Session, account: Account, submission: Submission, comment: str, now: datetime,
            address: str = "") -> None:
    """The county sends a submitted form back with ``comment``: 已提交 → 退回; K045 without a comment."""
    _county_only(account, submission, "退回")
    if not comment.strip():
        raise CountyError(problem(form_name(submission), "退回时要写明意见", "写上要改什么，如“第二部分缺少数字”",
                                  "K045"))
    _move(db, account, submission, (SUBMITTED,), RETURNED, "退回", now, comment.strip(), address)


def accept(db: Session, account: Account, submission: Submission, now: datetime, address: str = "") -> None:
    """The county accepts a submitted form: 已提交 → 已采用."""
    _county_only(account, submission, "采用")
    _move(db, account, submission, (SUBMITTED,), ACCEPTED, "采用", now, address=address)


def county_submission(db: Session, round_: Round, now: datetime) -> Submission:
    """The county unit's own submission of the round (made, at version 0, on first need)."""
    county = county_unit(db)
    found = db.scalar(select(Submission).where(Submission.round_id == round_.id, Submission.unit_id == county.id))
    if found is None:
        found = Submission(round_id=round_.id, unit_id=county.id, state="未填", version=0, digest="", updated_at=now)
        db.add(found)
        db.flush()
    return found


def roll_up(db: Session, data_dir: DataDir, account: Account, round_: Round, now: datetime,
            session: DraftSession | None = None, address: str = "") -> Submission:
    """`draft rollup` of the round's 已采用 forms, saved as the next version of the county's own submission.

    K047 when none is accepted yet; a rollup problem (R codes) is raised as FormError, nothing saved. A server runs
    the three steps in three places: rollup_inputs and save_rollup in short transactions, rolled_text between them.
    """
    inputs = rollup_inputs(db, data_dir, account, round_, now)
    text = rolled_text(data_dir, inputs, session)
    return save_rollup(db, data_dir, account, inputs, text, now, address)


class RollupInputs(NamedTuple):
    """What a roll-up reads, gathered in one transaction: the county's submission and version, the accepted forms."""

    county_id: int
    version: int              # the county form's version the roll-up will follow (K030 if it moved meanwhile)
    name: str                 # the county form's file name
    template: str
    unit: str                 # the county unit's name (the roll-up's 落款)
    paths: tuple[str, ...]    # the accepted forms' working copies, synced
    accepted: tuple[tuple[int, int], ...]  # (submission id, version) of each accepted form


def rollup_inputs(db: Session, data_dir: DataDir, account: Account, round_: Round, now: datetime) -> RollupInputs:
    """The roll-up's inputs (K044 for a unit's account, K047 when nothing is accepted yet)."""
    county = county_submission(db, round_, now)
    _county_only(account, county, "汇总")
    accepted = [s for s in submissions_of(db, round_) if s.state == ACCEPTED and s.unit_id != county.unit_id]
    if not accepted:
        raise CountyError(problem(f"{round_.template} {round_.period}", "还没有采用任何单位的表单，无法汇总",
                                  "先在报送情况里采用已提交的表单，再汇总", "K047"))
    paths = tuple(str(sync_working_copy(data_dir, s, version_text(db, s))) for s in accepted)
    return RollupInputs(county.id, county.version, form_name(county), round_.template, county.unit.name, paths,
                        tuple((s.id, s.version) for s in accepted))


def rolled_text(data_dir: DataDir, inputs: RollupInputs, session: DraftSession | None = None) -> str:
    """The county form's text rolled up from the accepted forms (no database: the slow part, run outside one)."""
    session = session or DraftSession(Options())
    with tempfile.TemporaryDirectory(prefix="drafting-rollup-", dir=data_dir.path) as scratch:
        output = Path(scratch) / inputs.name
        rollup(list(inputs.paths), output, session, template=inputs.template, unit=inputs.unit)
        return output.read_text(encoding="utf-8")


def save_rollup(db: Session, data_dir: DataDir, account: Account, inputs: RollupInputs, text: str, now: datetime,
                address: str = "") -> Submission:
    """The rolled-up ``text`` saved as the county form's next version; K030 when the county form or the accepted
    forms changed since ``inputs`` were gathered (roll up again)."""
    county = db.get(Submission, inputs.county_id)
    round_ = county.round
    now_accepted = tuple((s.id, s.version) for s in submissions_of(db, round_)
                         if s.state == ACCEPTED and s.unit_id != county.unit_id)
    if now_accepted != inputs.accepted:
        raise VersionConflict(problem(form_name(county), "汇总期间有单位的表单被采用或退回，这次汇总没有保存",
                                      "重新点“汇总已采用的表单”", "K030"))
    save_version(db, county, text, account, inputs.version, f"汇总 {len(inputs.accepted)} 个单位", now)
    sync_working_copy(data_dir, county, text)
    audit.record(db, account=account.name, unit=account.unit.name, address=address, action="汇总",
                 object=_object(county), result=f"成功：{len(inputs.accepted)} 个单位，第 {county.version} 版", now=now)
    return county


def export_round(db: Session, data_dir: DataDir, round_: Round) -> bytes:
    """A zip of the round: ``forms/<unit>-<period>.yaml`` (each latest version), ``reports/<unit>/`` (built .docx,
    .pdf) and ``sheets/<unit>/`` (the 指标 spreadsheets the unit uploaded)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for submission in submissions_of(db, round_):
            if submission.version == 0:
                continue
            archive.writestr(f"forms/{form_name(submission)}", version_text(db, submission).encode("utf-8"))
            folder = data_dir.path / "forms" / str(submission.round_id) / str(submission.unit_id)
            for built in sorted(folder.glob("*")) if folder.is_dir() else []:
                if built.is_symlink() or not built.is_file():
                    continue
                if built.suffix.lower() in REPORT_SUFFIXES:
                    archive.write(built, f"reports/{file_stem(submission.unit.name)}/{built.name}")
                elif built.suffix.lower() in SHEET_SUFFIXES:
                    archive.write(built, f"sheets/{file_stem(submission.unit.name)}/{built.name}")
    return buffer.getvalue()


def describe(round_: Round) -> str:
    """A round as one line: template, period, due date."""
    return f"{round_.template} {round_.period}（截止 {round_.due.isoformat()}）"

