"""``draft import EDITED.docx --into FORM.yaml``: the change list, the merge in place, the old form kept, refusals."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from drafting.options import Session
from drafting.pipeline.stages import run_path
from tests.conftest import EXAMPLES, run
from tests.merging.docxedits import delete_paragraph, opened, replace_in, saved
from tests.merging.test_plan import edited_text, form_copy, rebuilt_text, unmarked


@pytest.fixture
def briefing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The work-briefing example in a folder of its own (the current folder)."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "work-briefing.yaml", tmp_path / "汇报.yaml")
    return tmp_path / "汇报.yaml"


def edited_docx(form: Path, *replacements: tuple[str, str], drop: str | None = None) -> Path:
    """The form's .docx with words replaced (and the paragraph starting with ``drop`` deleted), saved beside it."""
    document = opened(run_path(form, "docx", Session()).data)
    for old, new in replacements:
        assert replace_in(document, old, new), old
    if drop is not None:
        delete_paragraph(next(p for p in document.paragraphs if p.text.startswith(drop)))
    path = form.with_name("修改稿.docx")
    path.write_bytes(saved(document))
    return path


def test_dry_run_lists_the_changes_and_writes_nothing(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"), ("612件", "600件"), drop="群众参与")
    before = briefing.read_bytes()
    code, out, err = run(["import", str(edited), "--into", str(briefing), "--dry-run"], capsys)
    assert code == 0, err
    assert re.search(r"^汇报\.yaml:40:1 改写 “下一步.*”改为“.*全市", out, re.M)
    assert re.search(r"^汇报\.yaml:13:3 指标 指标“刑事案件”612件改为600件$", out, re.M)
    assert re.search(r"^汇报\.yaml:37:5 删除 段落“群众参与是力量源泉", out, re.M)
    assert "--dry-run" in out
    assert briefing.read_bytes() == before
    assert sorted(p.name for p in briefing.parent.iterdir()) == ["修改稿.docx", "汇报.yaml"]


def test_merge_writes_the_form_and_keeps_the_old_one_beside_it(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"), drop="群众参与")
    before = briefing.read_text(encoding="utf-8")
    code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 0, err
    kept = [p for p in briefing.parent.iterdir() if p.name.startswith("汇报.合并前-")]
    assert len(kept) == 1 and re.fullmatch(r"汇报\.合并前-\d{8}-\d{4}\.yaml", kept[0].name)
    assert kept[0].read_text(encoding="utf-8") == before
    assert f"原来的表单保存为 {kept[0].name}" in out
    after = briefing.read_text(encoding="utf-8")
    assert "努力为全市" in after and "群众参与是力量源泉" not in after
    assert "{{ 指标.群众安全感 | 同比 }}" in after and "# 工作汇报示例" in after  # expressions and comments kept
    assert "人人共享。\n\n结尾:" not in after and "工作格局。\n\n结尾:" in after  # the blank line before 结尾 stays
    removed = set(before.splitlines()) - set(after.splitlines())
    assert len(removed) == 3  # the 结尾 line and the deleted item's two lines; nothing else rewritten
    assert rebuilt_text(briefing, after) == edited_text(edited.read_bytes())
    code, out, _ = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 0 and "没有要合并的改动" in out  # merged once: nothing left to merge


def test_two_merges_in_one_minute_keep_both_old_forms(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    import datetime

    from drafting.commands.merging import keep_previous

    moment = datetime.datetime(2026, 12, 5, 22, 10)
    first = keep_previous(briefing, "一", moment)
    second = keep_previous(briefing, "二", moment)
    assert (first.name, second.name) == ("汇报.合并前-20261205-2210.yaml", "汇报.合并前-20261205-2210-2.yaml")
    assert first.read_text(encoding="utf-8") == "一"


def test_a_figure_printed_with_another_number_changes_the_figure(tmp_path: Path) -> None:
    from drafting.merging.plan import plan_merge

    form = form_copy(tmp_path, "half-year-summary.yaml")
    edited = edited_docx(form, ("委务会议13次", "委务会议14次"))
    plan = plan_merge(form, edited.read_bytes(), "修改稿.docx", Session())
    assert [(c.kind, c.path, c.text) for c in plan.changes] == [("指标", "指标/委务会议", "指标“委务会议”13次改为14次")]
    assert "  委务会议: 14次\n" in plan.text() and "{{ 指标.委务会议 }}" in plan.text()
    assert rebuilt_text(form, plan.text()) == edited_text(edited.read_bytes())


def test_a_computed_figure_written_otherwise_is_a_conflict(briefing: Path) -> None:
    from drafting.merging.plan import plan_merge

    edited = edited_docx(briefing, ("同比提高1.4个百分点", "同比提高1.5个百分点"))
    plan = plan_merge(briefing, edited.read_bytes(), "修改稿.docx", Session())
    assert [c.kind for c in plan.changes] == ["冲突"]
    assert "同比" in plan.changes[0].text and "1.5个百分点" in plan.changes[0].text
    assert not plan.changes[0].applied and plan.text() == plan.form_text


def test_a_spreadsheet_figure_is_a_conflict_naming_its_cell(tmp_path: Path) -> None:
    from drafting.merging.plan import plan_merge

    for name in ("quarterly-report.yaml", "quarterly-figures.xlsx"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    form = tmp_path / "quarterly-report.yaml"
    sheet = (tmp_path / "quarterly-figures.xlsx").read_bytes()
    edited = edited_docx(form, ("排查矛盾纠纷1486件", "排查矛盾纠纷1500件"))
    plan = plan_merge(form, edited.read_bytes(), "修改稿.docx", Session())
    conflicts = [c for c in plan.changes if c.kind == "冲突"]
    assert conflicts and re.search(r"指标文件的 .+![A-Z]+\d+", conflicts[0].text)
    assert conflicts[0].location.line == 11  # located where the form names its 指标文件
    assert (tmp_path / "quarterly-figures.xlsx").read_bytes() == sheet


def test_a_docx_built_from_another_form_is_refused_unless_forced(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    other = briefing.with_name("别的.yaml")
    other.write_text("# 另一份表单\n" + briefing.read_text(encoding="utf-8"), encoding="utf-8")
    edited = edited_docx(other, ("努力为全县", "努力为全市"))
    before = briefing.read_bytes()
    code, _, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 1 and "[M005]" in err and "别的.yaml" in err and "--force" in err
    assert briefing.read_bytes() == before
    code, out, _ = run(["import", str(edited), "--into", str(briefing), "--force"], capsys)
    assert code == 0 and "努力为全市" in briefing.read_text(encoding="utf-8")


def _refused(briefing: Path, data: bytes, capsys: pytest.CaptureFixture, code_wanted: str) -> str:
    """Merge ``data`` as the edited file: refused with ``code_wanted``, the form and its folder untouched."""
    edited = briefing.with_name("修改稿.docx")
    edited.write_bytes(data)
    before = briefing.read_bytes()
    code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 1 and f"[{code_wanted}]" in err, err
    assert "Traceback" not in out + err
    assert briefing.read_bytes() == before
    assert sorted(p.name for p in briefing.parent.iterdir()) == ["修改稿.docx", "汇报.yaml"]
    return err


def test_an_encrypted_or_old_word_file_is_refused(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    err = _refused(briefing, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000), capsys, "M003")
    assert "修改稿.docx" in err and "另存为 .docx" in err


def test_a_damaged_file_is_refused(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    data = run_path(briefing, "docx", Session()).data
    _refused(briefing, data[: len(data) // 2], capsys, "M004")
    _refused(briefing, b"not a zip at all", capsys, "M004")


def test_another_report_is_refused(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    document = opened(run_path(EXAMPLES / "rectification-report.yaml", "docx", Session()).data)
    unmarked(document)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved(document))) as source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            if item.filename != "docProps/custom.xml":
                copy.writestr(item, source.read(item))
    err = _refused(briefing, out.getvalue(), capsys, "M007")
    assert "对不上" in err


def test_a_form_that_no_longer_builds_is_refused(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    briefing.write_text(briefing.read_text(encoding="utf-8").replace("{{ 指标.刑事案件 }}", "{{ 指标.没有这个 }}"),
                        encoding="utf-8")
    before = briefing.read_bytes()
    code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 1 and "[M002]" in err and "没有这个" in err and "Traceback" not in err
    assert briefing.read_bytes() == before


def test_dry_run_without_into_is_a_usage_error(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(["import", str(briefing), "--dry-run"], capsys)
    assert code == 2 and "[M011]" in err


def test_a_long_stranger_file_is_refused(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    import docx

    document = docx.Document()
    for n in range(3000):
        document.add_paragraph(f"第{n}段：与这份汇报毫不相干的文字，" + "重复的内容" * (n % 7))
    _refused(briefing, saved(document), capsys, "M007")


def test_revisions_and_comments_in_the_change_list(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    from tests.merging.test_reviews import tracked

    edited = briefing.with_name("修改稿.docx")
    document = opened(tracked(briefing, "下一步", "全县经济", "全市经济"))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("党委领导"))
    document.add_comment(paragraph.runs[0], text="数据再核实", author="张科长", initials="张")
    edited.write_bytes(saved(document))
    code, out, err = run(["import", str(edited), "--into", str(briefing), "--dry-run", "--reject-revisions"], capsys)
    assert code == 0, err
    assert re.search(r"^汇报\.yaml:40:1 修订 删除“全县经济”（王处长，2026-10-10）$", out, re.M)
    assert re.search(r"^汇报\.yaml:40:1 修订 插入“全市经济”（王处长，2026-10-10）$", out, re.M)
    assert re.search(r"^汇报\.yaml:\d+:\d+ 批注 （张科长.*数据再核实$", out, re.M)
    assert "改写" not in out
    code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 0 and "改写" in out
    assert "已合并 2 处改动到 汇报.yaml" in out  # the 改写 and the 批注; its two 修订 are that 改写, as the page counts
    text = briefing.read_text(encoding="utf-8")
    assert "全市经济" in text and "# 批注（张科长" in text


def test_the_same_edited_docx_merged_again_writes_its_comment_once(briefing: Path,
                                                                    capsys: pytest.CaptureFixture) -> None:
    """Following O018's hint after a merge (merging the same 修改稿 again) does not write its 批注 twice."""
    edited = briefing.with_name("修改稿.docx")
    document = opened(run_path(briefing, "docx", Session()).data)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("党委领导"))
    document.add_comment(paragraph.runs[0], text="数据再核实", author="张科长", initials="张")
    edited.write_bytes(saved(document))
    for _ in range(2):
        code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
        assert code == 0, err
    assert "（表单里已有这条批注，不再写入）" in out
    assert briefing.read_text(encoding="utf-8").count("数据再核实") == 1


def test_a_form_changed_since_the_build_is_merged_with_a_warning(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    briefing.write_text(briefing.read_text(encoding="utf-8") + "# 生成之后加的注释\n", encoding="utf-8")
    code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 0 and "[M006]" in err and "改回去" in err
    text = briefing.read_text(encoding="utf-8")
    assert "努力为全市" in text and "# 生成之后加的注释" in text


def test_a_docx_without_drafting_record_is_merged_by_its_text(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    document = opened(run_path(briefing, "docx", Session()).data)
    assert replace_in(document, "努力为全县", "努力为全市")
    unmarked(document)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved(document))) as source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            if item.filename != "docProps/custom.xml":
                copy.writestr(item, source.read(item))
    edited = briefing.with_name("修改稿.docx")
    edited.write_bytes(out.getvalue())
    code, out_text, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 0 and "[M010]" in err and "改写" in out_text
    assert "努力为全市" in briefing.read_text(encoding="utf-8")


def test_markers_of_an_older_form_pair_only_paragraphs_that_still_look_alike(briefing: Path) -> None:
    from drafting.merging.plan import plan_merge

    edited = edited_docx(briefing, ("全县462个村", "全县465个村"))
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace("正文:\n", "正文:\n  - 标题: 生成之后加的一条。\n    内容: 新加的内容。\n", 1),
                        encoding="utf-8")
    plan = plan_merge(briefing, edited.read_bytes(), "修改稿.docx", Session())
    assert [p.code for p in plan.problems][:1] == ["M006"]
    rewrites = [c for c in plan.changes if c.kind == "改写"]
    assert [c.path for c in rewrites] == ["正文/3/内容"] and "465个村" in rewrites[0].text
    assert [c.path for c in plan.changes if c.kind == "删除"] == ["正文/0"]  # not in the edited document: listed


def test_a_huge_paragraph_is_a_conflict_not_a_hang(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    edited = edited_docx(briefing, ("努力为全县", "努力为全县" + "很长的文字" * 60_000), ("612件", "600件"))
    code, out, err = run(["import", str(edited), "--into", str(briefing), "--dry-run"], capsys)
    assert code == 0 and "冲突" in out and "太长" in out and "612件改为600件" in out


@pytest.mark.parametrize("extra", [["-o", "x.yaml"], ["--figures"], ["--encoding", "gbk"], ["--overwrite"]])
def test_import_options_that_make_a_new_form_are_refused_with_into(briefing: Path, extra: list[str],
                                                                   capsys: pytest.CaptureFixture) -> None:
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    before = briefing.read_bytes()
    code, _, err = run(["import", str(edited), "--into", str(briefing), *extra], capsys)
    assert code == 2 and "[M011]" in err and briefing.read_bytes() == before


def test_a_figure_past_what_a_figure_may_hold_is_a_conflict(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    edited = edited_docx(briefing, ("612件", "1" + "0" * 35 + "件"))
    before = briefing.read_bytes()
    code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 0 and "冲突" in out and "不是一个数" in out and "没有要合并的改动" in out
    assert briefing.read_bytes() == before


def test_another_report_from_a_form_of_the_same_name_is_refused(briefing: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture) -> None:
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    shutil.copy(EXAMPLES / "rectification-report.yaml", elsewhere / "汇报.yaml")
    edited = briefing.with_name("修改稿.docx")
    edited.write_bytes(run_path(elsewhere / "汇报.yaml", "docx", Session()).data)
    shutil.rmtree(elsewhere)
    err = _refused(briefing, edited.read_bytes(), capsys, "M007")
    assert "对不上" in err


def test_a_form_that_cannot_be_replaced_leaves_no_copy_beside_it(briefing: Path, capsys: pytest.CaptureFixture) -> None:
    """The form is a symbolic link (refused, O010): the 合并前 copy written just before is removed again, so that
    “未生成文件” is true and the folder is as it was."""
    real = briefing.with_name("真的.yaml")
    briefing.rename(real)
    briefing.symlink_to(real.name)
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    before = sorted(p.name for p in briefing.parent.iterdir())
    code, _, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 1 and "[O010]" in err, err
    assert sorted(p.name for p in briefing.parent.iterdir()) == before
    assert "全县" in real.read_text(encoding="utf-8") and briefing.is_symlink()


def test_merging_the_docx_beside_the_form_says_to_rename_it_before_the_build(briefing: Path,
                                                                         capsys: pytest.CaptureFixture) -> None:
    """The leader edited 汇报.docx itself: draft build would refuse it (O018), so the next step renames it first."""
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    beside = edited.rename(briefing.with_suffix(".docx"))
    code, out, err = run(["import", str(beside), "--into", str(briefing)], capsys)
    assert code == 0, err
    assert out.splitlines()[-1] == ("下一步：“汇报.docx”是领导的修改稿，draft build 不会覆盖它：先把它改名留底"
                                    "（如 汇报.修改稿.docx），再 draft build 汇报.yaml 重新生成，与修改稿对照")
    beside.rename(briefing.with_name("汇报.修改稿.docx"))
    code, out, err = run(["build", str(briefing)], capsys)
    assert code == 0 and out.startswith("已生成：汇报.docx"), err
