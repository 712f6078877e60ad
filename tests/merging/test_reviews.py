"""批注 and 修订 in the edited document: comments become YAML comments on their item, revisions are listed."""
from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from drafting.merging.plan import plan_merge
from drafting.options import Session
from drafting.pipeline.stages import read_text, run, run_path
from tests.conftest import EXAMPLES
from tests.merging.docxedits import opened, saved


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    """The work-briefing example copied into ``tmp_path``."""
    shutil.copy(EXAMPLES / "work-briefing.yaml", tmp_path / "汇报.yaml")
    return tmp_path / "汇报.yaml"


def commented(form: Path, starts: str, text: str, author: str = "张科长") -> bytes:
    """The form's .docx with a python-docx 批注 on the first run of the paragraph starting with ``starts``."""
    document = opened(run_path(form, "docx", Session()).data)
    paragraph = next(p for p in document.paragraphs if p.text.startswith(starts))
    comment = document.add_comment(paragraph.runs[0], text=text, author=author, initials="张")
    comment._comment_elm.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}date",
                             datetime.datetime(2026, 10, 9, 9, 30).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return saved(document)


def test_a_comment_becomes_a_yaml_comment_on_its_item(briefing: Path) -> None:
    data = commented(briefing, "党委领导是根本保证", "数据再核实")
    plan = plan_merge(briefing, data, "修改稿.docx", Session())
    comments = [c for c in plan.changes if c.kind == "批注"]
    assert [(c.path, c.applied) for c in comments] == [("体会/下级/0", True)]
    assert "张科长" in comments[0].text and "数据再核实" in comments[0].text
    text = plan.text()
    lines = text.splitlines()
    at = lines.index("  # 批注（张科长，2026-10-09）：数据再核实")
    assert lines[at + 1].lstrip().startswith("- 引语: 党委领导是根本保证")
    session = Session()
    before = run(read_text(briefing, plan.form_text, session), "txt", session, findings=[]).data
    assert run(read_text(briefing, text, session), "txt", session, findings=[]).data == before


def test_two_comments_on_one_item_are_both_kept(briefing: Path) -> None:
    document = opened(commented(briefing, "下一步", "再精炼一些"))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("下一步"))
    document.add_comment(paragraph.runs[-1], text="同意", author="李主任", initials="李")
    plan = plan_merge(briefing, saved(document), "修改稿.docx", Session())
    assert [c.kind for c in plan.changes].count("批注") == 2
    text = plan.text()
    assert "# 批注（张科长，2026-10-09）：再精炼一些" in text and "# 批注（李主任" in text
    assert text.index("# 批注（张科长") < text.index("结尾:")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def tracked(form: Path, starts: str, old: str, new: str, author: str = "王处长",
            date: str = "2026-10-10T09:00:00Z") -> bytes:
    """The form's .docx with a 修订 as Word writes it: ``old`` in a w:del, ``new`` in a w:ins after it."""
    from copy import deepcopy

    document = opened(run_path(form, "docx", Session()).data)
    paragraph = next(p for p in document.paragraphs if p.text.startswith(starts))
    run = next(r for r in paragraph.runs if old in r.text)
    before, _, after = run.text.partition(old)
    pieces = []
    for text, wrap in ((before, None), (old, "del"), (new, "ins"), (after, None)):
        element = deepcopy(run._r)
        for t in element.findall(W + "t"):
            element.remove(t)
        t = element.makeelement(W + ("delText" if wrap == "del" else "t"), {})
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        element.append(t)
        if wrap is not None:
            mark = element.makeelement(W + wrap, {W + "id": str(900 + len(pieces)), W + "author": author, W + "date": date})
            mark.append(element)
            element = mark
        pieces.append(element)
    for piece in pieces:
        run._r.addprevious(piece)
    run._r.getparent().remove(run._r)
    return saved(document)


def test_a_revision_is_accepted_and_listed_with_author_and_date(briefing: Path) -> None:
    data = tracked(briefing, "下一步", "全县经济", "全市经济")
    plan = plan_merge(briefing, data, "修改稿.docx", Session())
    kinds = {c.kind: c for c in plan.changes}
    assert set(kinds) == {"改写", "修订"} and "全市经济" in plan.text() and "全县经济" not in plan.text()
    revisions = [c for c in plan.changes if c.kind == "修订"]
    assert len(revisions) == 2 and all("王处长" in c.text and "2026-10-10" in c.text for c in revisions)
    assert {c.path for c in revisions} == {"结尾"} and all(c.applied for c in revisions)


def test_rejected_revisions_keep_the_text_before_them(briefing: Path) -> None:
    data = tracked(briefing, "下一步", "全县经济", "全市经济")
    plan = plan_merge(briefing, data, "修改稿.docx", Session(), reject_revisions=True)
    assert [c.kind for c in plan.changes] == ["修订", "修订"]
    assert plan.text() == plan.form_text


def test_an_insertion_of_no_text_is_not_listed(briefing: Path) -> None:
    """LibreOffice records the empty run before a 批注 it adds with 记录修订 on as an insertion: nothing to list."""
    from lxml import etree

    from tests.editing.xml import find_paragraph, parse, read_parts, serialise, w, write_parts

    parts = read_parts(commented(briefing, "党委领导是根本保证", "数据再核实"))
    root = parse(parts["word/document.xml"])
    paragraph = find_paragraph(root.find(W + "body"), "党委领导是根本保证")
    empty = w("ins", id="90", author="张科长", date="2026-10-09T10:00:00Z")
    etree.SubElement(empty, W + "r")
    paragraph.append(empty)
    parts["word/document.xml"] = serialise(root)
    plan = plan_merge(briefing, write_parts(parts), "修改稿.docx", Session())
    assert [c.kind for c in plan.changes] == ["批注"]


def test_a_paragraph_deleted_with_revisions_lists_them_at_the_item_it_deleted(briefing: Path) -> None:
    """Word keeps a deleted paragraph with its mark: its text reads as part of the next paragraph, but its 修订
    are listed where the 删除 is, not at the next section."""
    from tests.editing.edits import Delete
    from tests.editing.word import with_tracked_changes

    built = run_path(briefing, "docx", Session()).data
    plan = plan_merge(briefing, with_tracked_changes(built, [Delete("群众参与是力量源泉")]), "修改稿.docx", Session())
    deleted = [c for c in plan.changes if c.kind == "删除"]
    revisions = [c for c in plan.changes if c.kind == "修订"]
    assert len(deleted) == 1 and revisions
    assert {c.path for c in revisions} == {deleted[0].path}
