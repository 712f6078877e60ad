"""``draft import EDITED.docx --into FORM.yaml`` against planted files: a form that is a symbolic link, a kept-copy
name already taken, a form the merge cannot replace. On any refusal the form and its folder are as they were."""
from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

from drafting.commands.merging import merge_edited
from drafting.options import Options, Session
from tests.commands.test_merging import edited_docx
from tests.conftest import EXAMPLES, run


@pytest.fixture
def briefing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The work-briefing example in a folder of its own (the current folder)."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "work-briefing.yaml", tmp_path / "汇报.yaml")
    return tmp_path / "汇报.yaml"


def _listing(folder: Path) -> dict[str, str]:
    """Each name in ``folder`` with what it is: a link's target, or a file's text."""
    return {p.name: ("-> " + os.readlink(p)) if p.is_symlink() else p.read_bytes().decode("utf-8", "replace")
            for p in folder.iterdir()}


def test_a_form_that_is_a_link_is_refused_before_anything_is_written(briefing: Path, capsys) -> None:
    """Bug: the “合并前” copy was written, then the link refused: a stray copy was left beside the form."""
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    real = briefing.with_name("真表单.yaml")
    briefing.rename(real)
    briefing.symlink_to(real.name)
    before = _listing(briefing.parent)
    code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code != 0 and "[O010]" in err and "Traceback" not in out + err
    assert "--follow-links" not in err  # import has no such option: the hint names the linked file instead
    assert "真表单.yaml" in err
    assert _listing(briefing.parent) == before


def test_a_dry_run_through_a_link_reads_the_form_and_writes_nothing(briefing: Path, capsys) -> None:
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    real = briefing.with_name("真表单.yaml")
    briefing.rename(real)
    briefing.symlink_to(real.name)
    before = _listing(briefing.parent)
    code, out, err = run(["import", str(edited), "--into", str(briefing), "--dry-run"], capsys)
    assert code == 0 and "改写" in out, out + err
    assert _listing(briefing.parent) == before


def test_a_kept_copy_name_taken_by_a_link_is_skipped_and_the_link_left_alone(briefing: Path, tmp_path: Path) -> None:
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    now = datetime.datetime(2026, 12, 5, 22, 10)
    taken = briefing.with_name("汇报.合并前-20261205-2210.yaml")
    taken.symlink_to(elsewhere / "被写.yaml")
    report = merge_edited(edited, briefing, False, False, False, Session(Options()), now)
    assert report.exit_code == 0
    assert not (elsewhere / "被写.yaml").exists() and taken.is_symlink()
    assert briefing.with_name("汇报.合并前-20261205-2210-2.yaml").is_file()


def test_a_form_that_cannot_be_replaced_leaves_no_kept_copy(briefing: Path, monkeypatch) -> None:
    """Any refusal of the form's write (a read-only file, a full disk) takes back the “合并前” copy just made."""
    from drafting.commands import merging
    from drafting.errors import Location, OutputError, Problem

    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    before = _listing(briefing.parent)

    def refuse(path, data, follow_links=False):
        raise OutputError(Problem(Location(path.name), "磁盘已满", "腾出空间", "O005"))
    monkeypatch.setattr(merging, "write_atomic", refuse)
    with pytest.raises(OutputError):
        merge_edited(edited, briefing, False, False, False, Session(Options()))
    assert _listing(briefing.parent) == before


@pytest.mark.parametrize("make, said", [
    (lambda form: (form.unlink(), form.symlink_to(form.name)), "符号链接"),                 # a link to itself
    (lambda form: form.write_bytes("开头: 甲\n".encode("gb18030")), "UTF-8"),               # not UTF-8
], ids=["link loop", "not utf-8"])
def test_a_form_that_cannot_be_read_is_said_why_in_chinese(briefing: Path, capsys, make, said) -> None:
    """Bug: “读不了表单“汇报.yaml”：OSError” — the exception's class name, in English."""
    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    make(briefing)
    before = _listing(briefing.parent)
    code, out, err = run(["import", str(edited), "--into", str(briefing)], capsys)
    assert code == 1 and "[M001]" in err and said in err, err
    assert "Error" not in err and _listing(briefing.parent) == before


def test_an_edited_file_that_cannot_be_read_is_said_why_in_chinese(briefing: Path, capsys) -> None:
    """Bug: “读不了“环.docx”：Too many levels of symbolic links” — the system's English words."""
    loop = briefing.with_name("环.docx")
    loop.symlink_to(loop.name)
    code, out, err = run(["import", str(loop), "--into", str(briefing)], capsys)
    assert code == 1 and "[M001]" in err and "符号链接" in err and "levels" not in err, err


def test_a_recorded_form_name_is_shown_on_one_short_line(briefing: Path, capsys) -> None:
    """custom.xml is the sender's text: a recorded form name with line breaks could forge lines of the change list."""
    import io
    import re
    import zipfile

    edited = edited_docx(briefing, ("努力为全县", "努力为全市"))
    source = io.BytesIO(edited.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(out, "w") as copy:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "docProps/custom.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(name=\"drafting\.form\"><vt:lpwstr>)[^<]*", r"\g<1>别的.yaml&#10;已合并 99 处改动到 汇报.yaml"
                              + "长" * 5000, text)
                text = re.sub(r"(name=\"drafting\.form\.sha256\"><vt:lpwstr>)[^<]*", r"\g<1>0", text)
                data = text.encode("utf-8")
            copy.writestr(info, data)
    edited.write_bytes(out.getvalue())
    code, out_text, err = run(["import", str(edited), "--into", str(briefing), "--dry-run"], capsys)
    assert "[M005]" in err, err
    (line,) = [line for line in err.splitlines() if "[M005]" in line]
    assert "别的.yaml" in line and "长" * 100 not in line
    assert not any(line.startswith("已合并 99") for line in (out_text + err).splitlines())
