"""The merge as draft serve's page does it: the change list to tick, then only the ticked changes written, with the
CLI's words, the old form kept as the CLI keeps it, and nothing written for a stale form or another list."""
from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from drafting.commands.pagemerge import change_list, choosable, merge_chosen
from drafting.options import Session
from drafting.pipeline.stages import run_path
from tests.conftest import EXAMPLES
from tests.merging.docxedits import opened, replace_in, saved

MOMENT = datetime.datetime(2026, 12, 5, 22, 10)


@pytest.fixture
def briefing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "work-briefing.yaml", tmp_path / "汇报.yaml")
    return tmp_path / "汇报.yaml"


def edited(form: Path) -> bytes:
    document = opened(run_path(form, "docx", Session()).data)
    assert replace_in(document, "努力为全县", "努力为全市") and replace_in(document, "612件", "600件")
    return saved(document)


def test_the_list_says_each_change_and_the_ticked_ones_are_written(briefing: Path) -> None:
    data = edited(briefing)
    listed = change_list(briefing, data, "修改稿.docx", False, Session())
    assert [(c["id"], c["kind"], c["where"], c["choosable"]) for c in listed.changes] == \
        [("1", "指标", "汇报.yaml:13:3", True), ("2", "改写", "汇报.yaml:40:1", True),
         ("3", "冲突", "汇报.yaml:26:5", False)]  # 冲突: the 同比 left as printed no longer fits the figure
    assert not listed.refused and len(listed.fingerprint) == 32
    before = briefing.read_text(encoding="utf-8")
    done = merge_chosen(briefing, data, "修改稿.docx", {"1"}, False, listed.fingerprint, lambda raw: True, Session(),
                        MOMENT)
    assert not done.stale and not done.mismatch and not done.report.failed
    kept = briefing.with_name("汇报.合并前-20261205-2210.yaml")
    assert kept.read_text(encoding="utf-8") == before and done.report.files == (briefing, kept)
    assert done.report.texts()[-4:] == ["已合并 1 处改动到 汇报.yaml；原来的表单保存为 汇报.合并前-20261205-2210.yaml",
                                        "1 处改动没有选中，没有合并", "1 处冲突没有合并，请按上面的说明在表单里核对",
                                        "下一步：点“生成 Word 文稿”重新生成，与修改稿对照"]
    after = briefing.read_text(encoding="utf-8")
    assert "刑事案件: {值: 600," in after and "努力为全县" in after


def test_the_words_after_the_merge_list_the_conflicts_they_point_at(briefing: Path) -> None:
    """The page's last words said “1 处冲突没有合并，请按上面的说明在表单里核对” above a list of the merged changes only:
    the conflict it points at is listed too, as the CLI lists it."""
    document = opened(run_path(briefing, "docx", Session()).data)
    assert replace_in(document, "努力为全县", "努力为全市") and replace_in(document, "2023年11月8日", "2023年11月9日")
    data = saved(document)
    listed = change_list(briefing, data, "修改稿.docx", False, Session())
    assert sorted(c["kind"] for c in listed.changes) == ["冲突", "改写"]
    chosen = {c["id"] for c in listed.changes if c["choosable"]}
    done = merge_chosen(briefing, data, "修改稿.docx", chosen, False, listed.fingerprint, lambda raw: True, Session(),
                        MOMENT)
    texts = done.report.texts()
    conflict = next(i for i, line in enumerate(texts) if " 冲突 " in line)
    assert "2023年11月9日" in texts[conflict] and texts[conflict].startswith("汇报.yaml:")
    assert texts.index("1 处冲突没有合并，请按上面的说明在表单里核对") > conflict
    assert "努力为全市" in briefing.read_text(encoding="utf-8")


def test_nothing_is_written_for_a_stale_form_or_another_list(briefing: Path) -> None:
    data = edited(briefing)
    listed = change_list(briefing, data, "修改稿.docx", False, Session())
    before = briefing.read_bytes()
    stale = merge_chosen(briefing, data, "修改稿.docx", {"1", "2"}, False, listed.fingerprint, lambda raw: False,
                         Session(), MOMENT)
    other = merge_chosen(briefing, data, "修改稿.docx", {"1", "2"}, True, listed.fingerprint, lambda raw: True,
                         Session(), MOMENT)
    assert stale.stale and other.mismatch
    assert briefing.read_bytes() == before and sorted(p.name for p in briefing.parent.iterdir()) == ["汇报.yaml"]


def test_a_form_changed_while_the_plan_is_made_is_not_overwritten(briefing: Path) -> None:
    data = edited(briefing)
    listed = change_list(briefing, data, "修改稿.docx", False, Session())
    seen: list[bytes] = []

    def unchanged(raw: bytes) -> bool:  # the page's version check: true at the plan, false just before writing
        seen.append(raw)
        if len(seen) == 1:
            briefing.write_text(briefing.read_text(encoding="utf-8") + "# 别处加的\n", encoding="utf-8")
            return True
        return raw == seen[0]

    done = merge_chosen(briefing, data, "修改稿.docx", {"1", "2"}, False, listed.fingerprint, unchanged, Session(), MOMENT)
    assert done.stale and briefing.read_text(encoding="utf-8").endswith("# 别处加的\n")
    assert sorted(p.name for p in briefing.parent.iterdir()) == ["汇报.yaml"]


def test_conflicts_and_revisions_are_never_ticked() -> None:
    assert choosable("改写", True) and choosable("批注", True)
    assert not choosable("冲突", False) and not choosable("修订", True)
