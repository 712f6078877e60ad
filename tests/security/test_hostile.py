"""Untrusted templates and forms, and faults while writing: clear Chinese errors, exit 1, nothing lost."""
from __future__ import annotations

import errno
import os

import pytest


from ..conftest import run


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTING_SECRET", "不该看到的秘密")
    (tmp_path / "templates").mkdir()
    return tmp_path


ATTACKS = {
    "环境变量": "@para {{ lipsum.__globals__['os'].environ['DRAFTING_SECRET'] }}",
    "全局变量": "@para {{ cycler.__init__.__globals__.os.environ }}",
    "子类": "@para {{ 落款.__class__.__mro__[1].__subclasses__() }}",
    "打开文件": "@para {{ 落款.__class__.__base__.__subclasses__()[0]('/etc/passwd') }}",
    "导入模块": "{% import 'os' as os %}@para {{ os.environ }}",
    "上级目录": "{% include '../../etc/passwd' %}",
    "绝对路径": "{% include '/etc/passwd' %}",
    "格式化": "@para {{ '{0.__class__}'.format(落款) }}",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_template_attacks_are_refused_with_file_and_line(project, capsys, name):
    (project / "templates" / f"{name}.j2").write_text("@title 标题\n" + ATTACKS[name] + "\n", encoding="utf-8")
    (project / f"{name}.yaml").write_text(f"模板: {name}\n落款: 县委\n", encoding="utf-8")
    code, out, err = run(["build", f"{name}.yaml", "-f", "txt"], capsys)
    assert code == 1, err
    assert f"templates/{name}.j2:2: 错误[T" in err and "]：模板" in err
    assert "秘密" not in out + err and "root:" not in err and "Traceback" not in err
    assert not (project / f"{name}.txt").exists()


def test_a_runaway_template_is_stopped(project, capsys):
    (project / "templates" / "失控.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}@para 字\n{% endfor %}{% endfor %}\n", encoding="utf-8")
    (project / "失控.yaml").write_text("模板: 失控\n", encoding="utf-8")
    code, _, err = run(["build", "失控.yaml"], capsys)
    # whichever bound it meets first on this machine — the output's size or the render's time — stops it there
    assert code == 1 and err.startswith("templates/失控.j2") and "错误[T002]：模板停止运行：" in err.splitlines()[0]
    assert "输出超过 20 百万字" in err or "运行超过 1.5 秒" in err


def test_tags_are_refused_on_mappings_and_lists(project, capsys):
    (project / "表.yaml").write_text("模板: 通用\n正文: !!python/object:os.system {}\n附件: !!set {甲: null}\n",
                                     encoding="utf-8")
    code, out, _ = run(["check", "表.yaml"], capsys)
    assert code == 1
    assert "表.yaml:2:5: 错误[E105]：正文用了不支持的 YAML 标签“tag:yaml.org,2002:python/object:os.system”" in out
    assert "表.yaml:3:5: 错误[E105]：附件用了不支持的 YAML 标签“tag:yaml.org,2002:set”" in out


def test_fix_text_removes_invisible_characters_and_says_so(project, capsys):
    (project / "表.yaml").write_text("模板: 通用\n标题: 测\u200b试\n开头: 今年\x07以来\n", encoding="utf-8")
    code, _, err = run(["build", "表.yaml", "-f", "txt"], capsys)
    assert code == 1 and "表.yaml:3:7: 错误[E003]：第3行第7列有不可见的控制字符 U+0007" in err
    code, out, err = run(["check", "表.yaml", "--fix-text"], capsys)
    assert "表.yaml:2:6: 提示[E004]：已删除第2行第6列的不可见字符 U+200B" in err
    code, _, err = run(["build", "表.yaml", "-f", "txt", "--fix-text"], capsys)
    assert code == 0 and (project / "表.txt").read_text(encoding="utf-8") == "测试\n\n今年以来\n"
    assert "\u200b" in (project / "表.yaml").read_text(encoding="utf-8")  # the form itself is not rewritten


def test_invisible_characters_are_a_warning(project, capsys):
    (project / "表.yaml").write_text("模板: 通用\n开头: 今年\u202e以来\n", encoding="utf-8")
    code, out, _ = run(["check", "表.yaml"], capsys)
    assert code == 0 and "警告[C209]：有看不见的字符 U+202E" in out


def test_a_failure_inside_the_writer_leaves_the_previous_output(project, capsys, monkeypatch):
    (project / "表.yaml").write_text("模板: 通用\n标题: 测试\n", encoding="utf-8")
    (project / "表.docx").write_bytes(b"previous")
    import drafting.writers.docx as docx_writer

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "disk fell off")

    monkeypatch.setattr(docx_writer, "zip_package", broken)
    code, _, err = run(["build", "表.yaml"], capsys)
    assert code == 3 or code == 1
    assert (project / "表.docx").read_bytes() == b"previous"
    assert sorted(os.listdir(project)) == ["templates", "表.docx", "表.yaml"]


def test_a_full_disk_gives_a_chinese_message_and_exit_1(project, capsys, monkeypatch):
    (project / "表.yaml").write_text("模板: 通用\n标题: 测试\n", encoding="utf-8")
    assert run(["build", "表.yaml"], capsys)[0] == 0  # the previous report, drafting's own
    previous = (project / "表.docx").read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run(["build", "表.yaml"], capsys)
    assert code == 1 and "磁盘空间不足，无法写入“表.docx”" in err
    assert (project / "表.docx").read_bytes() == previous
    assert sorted(os.listdir(project)) == ["templates", "表.docx", "表.yaml"]


@pytest.mark.parametrize("target, message", [("没有的文件夹/表.docx", "目标文件夹“没有的文件夹”不存在")])
def test_missing_target_folder(project, capsys, target, message):
    (project / "表.yaml").write_text("模板: 通用\n标题: 测试\n", encoding="utf-8")
    code, _, err = run(["build", "表.yaml", "-o", target], capsys)
    assert code == 1 and message in err


def test_a_font_name_that_injects_markup_is_a_located_error(project, capsys):
    hostile = "仿宋\\\"}</style><meta http-equiv=refresh content='0;url=http://example.com/'>"
    (project / "表单.yaml").write_text(f"模板: 通用\n标题: 标题\n落款: 县委\n日期: 2024-03-01\n正文:\n  - 内容\n"
                                      f"版式:\n  角色:\n    正文: {{字体: \"{hostile}\"}}\n", encoding="utf-8")
    for fmt in ("txt", "docx"):
        code, out, err = run(["build", "表单.yaml", "-f", fmt], capsys)
        assert code == 1, err
        assert "表单.yaml:9:14: 错误[E137]：角色“正文”的字体含有不能用在字体名里的字符" in err, err
        assert "Traceback" not in err and not (project / f"表单.{fmt}").exists()


def test_a_fallback_font_with_xml_markup_is_a_located_error_not_an_internal_one(project, capsys):
    # Before E137 a fallback named "A&B" reached a run's w:rFonts unescaped: the .docx writer failed (exit 3).
    (project / "表单.yaml").write_text("模板: 通用\n标题: 标题\n落款: 县委\n日期: 2024-03-01\n正文:\n  - 喆䶮\n"
                                      "版式:\n  替代字体:\n    仿宋_GB2312: \"A&B\"\n", encoding="utf-8")
    code, out, err = run(["build", "表单.yaml", "-f", "docx"], capsys)
    assert code == 1, err
    assert "表单.yaml:9:16: 错误[E137]：“仿宋_GB2312”的替代字体含有不能用在字体名里的字符“&”（U+0026）" in err, err
