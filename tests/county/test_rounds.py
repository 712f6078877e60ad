"""Rounds: opening with blank or `draft next` texts, the life of a submission, visibility, roll-up and export."""
from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
import yaml
from sqlalchemy import select

from drafting.county import audit
from drafting.county.db import session_scope
from drafting.county.errors import CountyError
from drafting.county.models import Account, Round, Submission
from drafting.county.rounds import (accept, editable, export_round, open_round, overdue, return_, roll_up,
                                    submission_for, submissions_of, submit, visible_submissions)
from drafting.county.versions import save_version, version_text, versions
from drafting.form.validate import load_form_text

from .conftest import ADMIN, START, UNITS, clerk, with_numbers

DUE = date(2026, 10, 10)
LATER = START + timedelta(hours=1)


def _account(db, name):  # type: ignore[no-untyped-def]
    return db.scalar(select(Account).where(Account.name == name))


def _open(data_dir, period="2026Q3", units=UNITS) -> int:  # type: ignore[no-untyped-def]
    with session_scope(data_dir.engine()) as db:
        return open_round(db, data_dir, "工作总结", period, DUE, list(units), _account(db, ADMIN), START).id


def _submission(db, round_id, unit):  # type: ignore[no-untyped-def]
    return next(s for s in submissions_of(db, db.get(Round, round_id)) if s.unit.name == unit)


def _fill_and_submit(data_dir, round_id, unit, marker="") -> None:  # type: ignore[no-untyped-def]
    with session_scope(data_dir.engine()) as db:
        submission = _submission(db, round_id, unit)
        text = with_numbers(version_text(db, submission)).replace("成功化解", f"{marker}成功化解")
        save_version(db, submission, text, _account(db, clerk(unit)), submission.version, "", LATER)
        submit(db, _account(db, clerk(unit)), submission, LATER)


def test_opening_a_round_gives_each_unit_a_blank_form_of_its_own(data_dir):
    round_id = _open(data_dir, units=[*UNITS, "新设的乡"])
    with session_scope(data_dir.engine(), read_only=True) as db:
        found = submissions_of(db, db.get(Round, round_id))
        assert [(s.unit.name, s.state, s.version) for s in found] == [
            (u, "未填", 1) for u in [*UNITS, "新设的乡"]]
        text = version_text(db, found[0])
        assert versions(db, found[0])[0].note == "空白表单"
    data = yaml.safe_load(text)
    assert (data["期间"], data["落款"], data["简称"], data["主送"], data["日期"]) == (
        "2026Q3", "白河镇", "白河镇", "县委政法委：", DUE)
    assert "标题" not in data and text.startswith("# 工作总结")  # draft new's comments kept
    form = load_form_text(data_dir.path / "白河镇-2026Q3.yaml", text)
    assert form.period.code == "2026Q3"


@pytest.mark.parametrize("period, units, code", [("明年", UNITS, "K040"), ("2026Q3", [], "K041"),
                                                 ("2026Q3", ["白河镇", "县委政法委"], "K041")])
def test_a_round_needs_a_readable_period_and_units_other_than_the_county(data_dir, period, units, code):
    with pytest.raises(CountyError) as info:
        _open(data_dir, period, units)
    assert info.value.problems[0].code == code


def test_a_submission_s_life_returned_with_a_comment_then_accepted(data_dir):
    round_id = _open(data_dir)
    _fill_and_submit(data_dir, round_id, "白河镇")
    with session_scope(data_dir.engine()) as db:
        submission = _submission(db, round_id, "白河镇")
        assert submission.state == "已提交"
        with pytest.raises(CountyError) as locked:
            save_version(db, submission, "标题: x\n", _account(db, clerk("白河镇")), submission.version, "", LATER)
        with pytest.raises(CountyError) as no_comment:
            return_(db, _account(db, ADMIN), submission, "  ", LATER)
        return_(db, _account(db, ADMIN), submission, "第二部分缺少数字", LATER)
        assert (submission.state, submission.comment) == ("退回", "第二部分缺少数字")
        with pytest.raises(CountyError) as returned_submit:
            submit(db, _account(db, clerk("白河镇")), submission, LATER)
    assert [locked.value.problems[0].code, no_comment.value.problems[0].code,
            returned_submit.value.problems[0].code] == ["K032", "K045", "K043"]
    _fill_and_submit(data_dir, round_id, "白河镇", "又")
    with session_scope(data_dir.engine()) as db:
        submission = _submission(db, round_id, "白河镇")
        accept(db, _account(db, ADMIN), submission, LATER)
        assert (submission.state, submission.version, submission.updater.name) == ("已采用", 3, ADMIN)
        actions = [(e.action, e.result) for e in reversed(audit.entries(db))]
    assert [a for a in actions if a[0] != "登录"] == [
        ("发起报送", "3 个单位，截止 2026-10-10"), ("提交", "成功：已提交"), ("退回", "成功：退回（第二部分缺少数字）"),
        ("提交", "拒绝：表单是“退回”"), ("提交", "成功：已提交"), ("采用", "成功：已采用")]


def test_refused_moves_and_roles(data_dir):
    round_id = _open(data_dir)
    with session_scope(data_dir.engine()) as db:
        submission = _submission(db, round_id, "白河镇")
        own, other = _account(db, clerk("白河镇")), _account(db, clerk("青石乡"))
        codes = []
        for attempt in (lambda: submit(db, own, submission, LATER),  # 未填: nothing saved yet
                        lambda: accept(db, _account(db, ADMIN), submission, LATER),
                        lambda: accept(db, own, submission, LATER),
                        lambda: return_(db, own, submission, "不行", LATER),
                        lambda: submit(db, other, submission, LATER),
                        lambda: submit(db, _account(db, ADMIN), submission, LATER)):
            with pytest.raises(CountyError) as info:
                attempt()
            codes.append(info.value.problems[0].code)
        assert submission.state == "未填"
    assert codes == ["K043", "K043", "K044", "K044", "K044", "K044"]


def test_a_clerk_sees_only_their_unit_and_another_s_form_is_answered_as_missing(data_dir):
    round_id = _open(data_dir)
    with session_scope(data_dir.engine(), read_only=True) as db:
        baihe, admin = _account(db, clerk("白河镇")), _account(db, ADMIN)
        assert [s.unit.name for s in visible_submissions(db, baihe)] == ["白河镇"]
        assert [s.unit.name for s in visible_submissions(db, admin)] == list(UNITS)
        other = _submission(db, round_id, "青石乡")
        with pytest.raises(CountyError) as not_yours:
            submission_for(db, baihe, other.id)
        with pytest.raises(CountyError) as missing:
            submission_for(db, baihe, 99999)
        assert submission_for(db, admin, other.id).id == other.id
    assert not_yours.value.problems[0].message == missing.value.problems[0].message
    assert not_yours.value.problems[0].code == "K042"


def test_roll_up_gathers_the_accepted_forms_into_the_county_s_submission(data_dir):
    round_id = _open(data_dir)
    with session_scope(data_dir.engine()) as db:
        with pytest.raises(CountyError) as none:
            roll_up(db, data_dir, _account(db, ADMIN), db.get(Round, round_id), LATER)
    assert none.value.problems[0].code == "K047"
    for unit in ("白河镇", "青石乡"):
        _fill_and_submit(data_dir, round_id, unit, unit)
    _fill_and_submit(data_dir, round_id, "柳林镇", "柳林镇")
    with session_scope(data_dir.engine()) as db:
        for unit in ("白河镇", "青石乡"):
            accept(db, _account(db, ADMIN), _submission(db, round_id, unit), LATER)
        with pytest.raises(CountyError):
            roll_up(db, data_dir, _account(db, clerk("白河镇")), db.get(Round, round_id), LATER)
    with session_scope(data_dir.engine()) as db:
        county = roll_up(db, data_dir, _account(db, ADMIN), db.get(Round, round_id), LATER)
        assert (county.unit.name, county.version, county.state) == ("县委政法委", 1, "填写中")
        text = version_text(db, county)
    data = yaml.safe_load(text)
    assert data["落款"] == "县委政法委" and data["期间"] == "2026Q3"
    assert "白河镇成功化解" in text and "青石乡成功化解" in text and "柳林镇成功化解" not in text
    working = data_dir.path / "forms" / str(round_id) / str(county.unit_id) / "县委政法委-2026Q3.yaml"
    assert working.read_text(encoding="utf-8") == text
    assert not list(data_dir.path.glob("drafting-rollup-*"))
    with session_scope(data_dir.engine()) as db:  # again: a new version of the same submission
        again = roll_up(db, data_dir, _account(db, ADMIN), db.get(Round, round_id), LATER)
        assert (again.id, again.version) == (county.id, 2)


def test_the_next_round_starts_from_draft_next_of_the_last_accepted_form(data_dir):
    first = _open(data_dir)
    _fill_and_submit(data_dir, first, "白河镇", "上一期")
    with session_scope(data_dir.engine()) as db:
        accept(db, _account(db, ADMIN), _submission(db, first, "白河镇"), LATER)
    second = _open(data_dir, "2026Q4")
    with session_scope(data_dir.engine(), read_only=True) as db:
        baihe, qingshi = _submission(db, second, "白河镇"), _submission(db, second, "青石乡")
        assert versions(db, baihe)[0].note == "由上一期已采用的表单生成（draft next）"
        assert versions(db, qingshi)[0].note == "空白表单"
        text = version_text(db, baihe)
    data = yaml.safe_load(text)
    assert data["期间"] == "2026Q4" and "上一期成功化解" in text and "沿用上期" in data
    assert data["指标"]["排查纠纷"]["上期"] == 2966


def test_export_holds_each_latest_form_and_the_built_reports(data_dir):
    round_id = _open(data_dir)
    _fill_and_submit(data_dir, round_id, "白河镇", "导出")
    with session_scope(data_dir.engine(), read_only=True) as db:
        submission = _submission(db, round_id, "白河镇")
        folder = data_dir.forms_folder(submission)
        (folder / "白河镇-2026Q3.docx").write_bytes(b"PK-not-really")
        (folder / "指标.xlsx").write_bytes(b"sheet")
        archive = zipfile.ZipFile(io.BytesIO(export_round(db, data_dir, db.get(Round, round_id))))
        latest = version_text(db, submission)
    assert sorted(archive.namelist()) == ["forms/柳林镇-2026Q3.yaml", "forms/白河镇-2026Q3.yaml",
                                          "forms/青石乡-2026Q3.yaml", "reports/白河镇/白河镇-2026Q3.docx",
                                          "sheets/白河镇/指标.xlsx"]  # a form's numbers may live only in its sheet
    assert archive.read("forms/白河镇-2026Q3.yaml").decode("utf-8") == latest


def test_overdue_and_editable(data_dir):
    round_id = _open(data_dir)
    _fill_and_submit(data_dir, round_id, "白河镇")
    with session_scope(data_dir.engine(), read_only=True) as db:
        baihe, qingshi = _submission(db, round_id, "白河镇"), _submission(db, round_id, "青石乡")
        assert [overdue(s, DUE + timedelta(days=1)) for s in (baihe, qingshi)] == [False, True]
        assert not overdue(qingshi, DUE)
        assert editable(_account(db, clerk("白河镇")), baihe) and not editable(_account(db, ADMIN), baihe)
