"""Files a form names are read only inside its folder tree, and no message quotes another file's content."""
from __future__ import annotations

import pytest

from ..conftest import run

SECRET = "root:x:0:0:root:/root:/bin/bash\naws_access_key_id = AKIA_SECRET_KEY\n"


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A form folder 表单/, and beside it a private folder with secrets in several formats."""
    (tmp_path / "机密").mkdir()
    (tmp_path / "机密" / "passwd").write_text(SECRET, encoding="utf-8")
    (tmp_path / "机密" / "机密.yaml").write_text("指标:\n  经费: 999万元\n", encoding="utf-8")
    (tmp_path / "机密" / "keys.yaml").write_text("aws_access_key_id: AKIA_SECRET_KEY\n", encoding="utf-8")
    (tmp_path / "表单").mkdir()
    monkeypatch.chdir(tmp_path / "表单")
    return tmp_path


def _form(office, extra: str) -> None:
    (office / "表单" / "表.yaml").write_text(
        "模板: 通用\n标题: 报告\n指标:\n  经费: 100万元\n开头: 经费{{ 指标.经费 }}，{{ 指标.经费 | 环比 }}。\n" + extra,
        encoding="utf-8")


@pytest.mark.parametrize("extra, message", [
    ("版式: {path}/机密/passwd\n", "表.yaml:6:5: 错误[E134]：版式文件“{path}/机密/passwd”在表单所在的文件夹之外，没有读取"),
    ("版式: ../机密/keys.yaml\n", "表.yaml:6:5: 错误[E134]：版式文件“../机密/keys.yaml”在表单所在的文件夹之外，没有读取"),
    ("上期: ../机密/机密.yaml\n", "表.yaml:6:5: 错误[E134]：上期的表单“../机密/机密.yaml”在表单所在的文件夹之外，没有读取"),
    ("去年同期: /etc/passwd\n", "表.yaml:6:7: 错误[E134]：去年同期的表单“/etc/passwd”在表单所在的文件夹之外，没有读取"),
    ("上期: 链接.yaml\n", "表.yaml:6:5: 错误[E134]：上期的表单“链接.yaml”在表单所在的文件夹之外，没有读取"),
])
def test_files_outside_the_form_folder_are_not_read_nor_quoted(office, capsys, extra, message):
    """Critical: 版式: /etc/passwd printed the whole file; 上期 put another folder's figures into the report."""
    (office / "表单" / "链接.yaml").symlink_to(office / "机密" / "机密.yaml")
    _form(office, extra.format(path=office))
    code, _, err = run(["build", "表.yaml"], capsys)
    assert code == 1 and message.format(path=office) in err
    assert "root:x" not in err and "AKIA" not in err and "999" not in err
    assert not (office / "表单" / "表.docx").exists()


def test_a_profile_cannot_reach_outside_through_its_base(office, capsys):
    (office / "表单" / "版式.yaml").write_text(f"基于: {office}/机密/passwd\n", encoding="utf-8")
    _form(office, "版式: 版式.yaml\n上期: 表.yaml\n")
    code, _, err = run(["check", "表.yaml"], capsys)
    assert "版式.yaml:1:5: 错误[E136]：“基于”只能写内置版式名（gbt9704）" in _ + err
    assert "root:x" not in _ + err


def test_problems_of_a_named_file_are_located_without_quoting_it(office, capsys):
    (office / "表单" / "2023Q2.yaml").write_text("指标:\n  经费: 很多\n", encoding="utf-8")
    _form(office, "上期: 2023Q2.yaml\n")
    code, _, err = run(["build", "表.yaml"], capsys)
    assert code == 1 and "2023Q2.yaml:2:7: 错误[E124]：指标“经费”应为数字（可带单位，如 2966件），实际是“很多”" in err
    assert "    经费: 很多" not in err  # the line itself is not quoted


def test_root_widens_the_folder_tree_on_purpose(office, capsys):
    (office / "2023Q2").mkdir()
    (office / "2023Q2" / "表.yaml").write_text("指标:\n  经费: 80万元\n", encoding="utf-8")
    _form(office, "上期: ../2023Q2/表.yaml\n")
    assert run(["build", "表.yaml", "-f", "txt"], capsys)[0] == 1
    code, _, err = run(["build", "表.yaml", "-f", "txt", "--root", str(office)], capsys)
    assert code == 0, err
    assert "经费100万元，环比上升25%。" in (office / "表单" / "表.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["/etc/passwd", "../机密/keys", "_宏", "内置/_宏", ".隐藏"])
def test_a_template_name_is_a_name_not_a_path(office, capsys, name):
    """Bug: 模板: /abs/path loaded a declaration from outside the template folders; 模板: _宏 built an empty report."""
    (office / "表单" / "表.yaml").write_text(f"模板: {name}\n标题: 报告\n", encoding="utf-8")
    code, _, err = run(["build", "表.yaml"], capsys)
    assert code == 1 and f"表.yaml:1:5: 错误[T001]：找不到模板“{name}”" in err
    assert not (office / "表单" / "表.docx").exists()
