"""draft diff on the command line: the two versions, the short forms, the text view, and every refusal in Chinese."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from lxml import etree

from drafting.ooxml.names import W

from ..comparing.pairs import changed_copy
from ..conftest import EXAMPLES, run


@pytest.fixture
def quarters(tmp_path, monkeypatch):
    """A folder with the first quarter's form and a second quarter's, changed, that names it as its 上期."""
    changed = changed_copy(EXAMPLES / "quarterly-report.yaml", tmp_path)
    second = tmp_path / "2023Q2.yaml"
    second.write_text(changed.read_text(encoding="utf-8") + "上期: quarterly-report.yaml\n", encoding="utf-8")
    changed.unlink()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def body(path) -> etree._Element:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def test_two_forms_give_the_second_with_the_change_as_tracked_changes(quarters, capsys):
    code, out, err = run(["diff", "quarterly-report.yaml", "2023Q2.yaml", "--author", "办公室", "--date", "2024-07-10"],
                         capsys)
    assert code == 0, err
    assert out.startswith("已生成对照稿：2023Q2（对照稿）.docx（与“quarterly-report.yaml”相比改动 ")
    root = body(quarters / "2023Q2（对照稿）.docx")
    marks = list(root.iter(W + "ins", W + "del"))
    assert marks and {m.get(W + "author") for m in marks} == {"办公室"}
    assert {m.get(W + "date") for m in marks} == {"2024-07-10T00:00:00Z"}
    code, out, err = run(["diff", "quarterly-report.yaml", "2023Q2.yaml"], capsys)
    assert code == 1 and "[O007]" in err  # never over a file


def test_previous_compares_with_the_form_s_upper_period(quarters, capsys):
    code, out, err = run(["diff", "2023Q2.yaml", "--previous", "-o", "对照.docx"], capsys)
    assert code == 0, err
    assert "已生成对照稿：对照.docx（与“quarterly-report.yaml”相比" in out
    code, out, err = run(["diff", "2023Q2.yaml", "--previous"], capsys)  # named as the web page names it
    assert code == 0 and "已生成对照稿：2023Q2（与上期对照）.docx" in out, err
    code, _, err = run(["diff", "quarterly-report.yaml", "--previous"], capsys)
    assert code == 1 and "quarterly-report.yaml: 错误[D005]：表单“quarterly-report.yaml”没有写“上期”" in err


def test_the_text_view_marks_deleted_and_inserted_words(quarters, capsys):
    code, out, err = run(["diff", "quarterly-report.yaml", "2023Q2.yaml", "--format", "txt"], capsys)
    assert code == 0, err
    assert "【删：" in out and "【增：新增加的一段：持续抓好各项工作落实，确保取得实效。】" in out
    assert not list(quarters.glob("*对照稿*"))
    code, out, _ = run(["diff", "quarterly-report.yaml", "2023Q2.yaml", "-o", "-"], capsys)
    assert code == 0 and "【增：" in out
    code, out, _ = run(["diff", "quarterly-report.yaml", "2023Q2.yaml", "-o", "改动.txt"], capsys)
    assert code == 0 and "【增：" in (quarters / "改动.txt").read_text(encoding="utf-8")


def test_identical_versions_write_nothing_and_say_so(quarters, capsys):
    code, out, err = run(["diff", "quarterly-report.yaml", "quarterly-report.yaml"], capsys)
    assert code == 0 and "提示[D007]" in out and "文字完全相同，没有写对照稿" in out
    assert not list(quarters.glob("*对照稿*"))


def test_the_sent_version_against_the_edited_one(quarters, capsys):
    """What the form builds now against the leader's file: the leader's word shows as a change."""
    code, _, err = run(["build", "quarterly-report.yaml", "-o", "送审.docx"], capsys)
    assert code == 0, err
    with zipfile.ZipFile(quarters / "送审.docx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace("开局良好".encode(), "开局平稳".encode())
    with zipfile.ZipFile(quarters / "领导改过的.docx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    code, out, err = run(["diff", "quarterly-report.yaml", "领导改过的.docx", "-f", "txt"], capsys)
    assert code == 0, err
    assert [line for line in out.splitlines() if "【" in line] == [
        "一季度，全县政法系统坚持稳中求进，统筹发展和安全，各项工作开局【删：良好】【增：平稳】。现将有关情况报告如下："]


@pytest.mark.parametrize("argv, code, said", [
    (["diff", "没有的.yaml", "2023Q2.yaml"], 1, "没有的.yaml: 错误[D001]：要对照的文件“没有的.yaml”不存在"),
    (["diff", "quarterly-figures.xlsx", "2023Q2.yaml"], 2, "错误[D002]：“quarterly-figures.xlsx”既不是表单"),
    (["diff", "坏的.docx", "2023Q2.yaml"], 1, "坏的.docx: 错误[D002]：“坏的.docx”不是能读取的 Word 文稿"),
    (["diff", "炸弹.docx", "2023Q2.yaml"], 1, "炸弹.docx: 错误[D003]"),
    (["diff", "断的.docx", "2023Q2.yaml"], 1, "断的.docx: 错误[D002]"),
    (["diff", "深的.docx", "2023Q2.yaml"], 1, "深的.docx: 错误[D002]"),
    (["diff", "实体.docx", "2023Q2.yaml"], 1, "实体.docx: 错误[D002]"),
    (["diff", "quarterly-report.yaml", "2023Q2.yaml", "--date", "昨天"], 2, "错误[D009]：--date 给的时间“昨天”无法识别"),
    (["diff", "quarterly-report.yaml", "2023Q2.yaml", "-o", "2023Q2.yaml"], 2, "错误[D010]"),
    (["diff", "quarterly-report.yaml", "2023Q2.yaml", "-f", "docx", "-o", "-"], 2, "错误[D010]：Word 对照稿不能输出到屏幕"),
    (["diff", "坏的.docx", "quarterly-report.yaml", "-f", "docx", "-o", "坏的.docx"], 2, "错误[D011]"),
    (["diff", "2023Q2.yaml"], 2, "命令行: 错误[D006]：只给了一个文件，不知道与什么对照"),
    (["diff", "quarterly-report.yaml", "2023Q2.yaml", "--previous"], 2, "错误[D020]：draft diff 只对照两个版本，加了 --previous 又给了 2 个文件"),
    (["diff", "quarterly-report.yaml", "2023Q2.yaml", "2023Q2.yaml"], 2, "错误[D020]：draft diff 只对照两个版本，给了 3 个文件"),
])
def test_refusals_are_located_and_in_chinese(quarters, capsys, argv, code, said):
    (quarters / "坏的.docx").write_bytes(b"PK\x03\x04 not a zip at all")
    with zipfile.ZipFile(quarters / "炸弹.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 60_000_000)
    for name, xml in (("断的.docx", b"<w:document><w:body><w:p>"), ("深的.docx", b"<a>" * 100_000 + b"</a>" * 100_000),
                      ("实体.docx", b'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>')):
        with zipfile.ZipFile(quarters / name, "w") as archive:
            archive.writestr("word/document.xml", xml)
    got, out, err = run(argv, capsys)
    assert got == code and said in err, err
    assert not list(quarters.glob("*对照稿*"))
