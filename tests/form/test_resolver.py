"""Every file a form leads drafting to read goes through the session's resolver: the default keeps to the form's
folder tree (or --root); a resolver handed in is the only way to any file, earlier form, spreadsheet, profile or template."""
from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest

from drafting.commands.build import build
from drafting.pipeline.stages import render_bytes
from drafting.errors import FormError
from drafting.form.resolver import FileStatus, FolderResolver, NotRegularFile, Refusal, Resolver, TooLarge
from drafting.form.validate import load_form
from drafting.options import Options, Session
from drafting.resources import templates_dir

BUILTIN = templates_dir().resolve()
MEMORY = Path("/内存/张三")


class MemoryResolver(Resolver):
    """One user's files kept in memory (the built-in templates read from disk), every request recorded."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = {MEMORY / name: text.encode("utf-8") for name, text in files.items()}
        self.disk = FolderResolver()
        self.asked: list[Path] = []

    def _builtin(self, path: Path) -> bool:
        return path == BUILTIN or BUILTIN in path.parents

    def resolve(self, base: Path, name: str, what: str) -> Path | Refusal:
        target = Path(posixpath.normpath(base / name))
        if self._builtin(Path(base)):
            return self.disk.resolve(base, name, what)
        if MEMORY not in target.parents and target != MEMORY:
            return Refusal(f"{what}“{name}”不在本人的文件里", "只能引用自己的文件", "E134")
        return target

    def is_file(self, path: Path) -> bool:
        self.asked.append(path)
        return self.disk.is_file(path) if self._builtin(path) else path in self.files

    def status(self, path: Path) -> FileStatus:
        self.asked.append(path)
        if self._builtin(path):
            return self.disk.status(path)
        if path not in self.files:
            raise FileNotFoundError(path)
        return FileStatus(0, len(self.files[path]))

    def read_bytes(self, path: Path, limit: int) -> bytes:
        self.asked.append(path)
        if self._builtin(path):
            return self.disk.read_bytes(path, limit)
        if path not in self.files:
            raise FileNotFoundError(path)
        return self.files[path]

    def template_folders(self, base: Path | None, extra=()) -> list[Path]:  # type: ignore[no-untyped-def]
        return [MEMORY / "模板", BUILTIN]

    def template_files(self, folder: Path, suffix: str) -> list[Path]:
        self.asked.append(folder)
        if folder == BUILTIN:
            return self.disk.template_files(folder, suffix)
        return sorted(p for p in self.files if p.parent == folder and p.name.endswith(suffix))


FORM = """模板: 月报
标题: 报告
上期: 上期.yaml
指标文件: 指标.csv
版式: 版式.yaml
开头: 经费{{ 指标.经费 }}，{{ 指标.经费 | 环比 }}，件数{{ 指标.件数 }}。
"""


def _memory() -> MemoryResolver:
    return MemoryResolver({
        "表单/表.yaml": FORM,
        "表单/上期.yaml": "指标文件: 上期指标.csv\n",
        "表单/上期指标.csv": "指标,数值\n经费,80\n",
        "表单/指标.csv": "指标,数值,单位\n经费,100,万元\n件数,7,件\n",
        "表单/版式.yaml": "名称: 内存版式\n",
        "模板/月报.j2": '{% extends "内置/通用.j2" %}\n{% block 结尾 %}\n@para 这是内存里的模板\n{% endblock %}\n',
    })


def test_a_resolver_handed_in_serves_every_kind_of_file(tmp_path, monkeypatch):
    """The form, its earlier form (and that one's spreadsheet), its spreadsheet, profile and template: all from memory."""
    monkeypatch.chdir(tmp_path)
    resolver = _memory()
    session = Session(resolver=resolver)
    form = load_form(MEMORY / "表单" / "表.yaml", session)
    assert form.template == "月报" and form.profile is not None and form.profile.name == "内存版式"
    assert (form.figures["经费"].value, form.figures["经费"].previous, form.figures["件数"].value) == (100, 80, 7)
    text = render_bytes(form, "txt", session).decode("utf-8")
    assert "经费100万元，环比上升25%，件数7件。" in text and "这是内存里的模板" in text
    assert set(resolver.files) <= set(resolver.asked)  # each of the user's files was asked for, and nothing else:
    assert all(MEMORY in p.parents or resolver._builtin(p) for p in resolver.asked)


def test_nothing_is_opened_outside_the_resolver(tmp_path, monkeypatch):
    """No file on disk is opened but the built-in templates and profiles, even when the names lie on disk too."""
    monkeypatch.chdir(tmp_path)
    opened: list[str] = []
    real_open = open

    def recording_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(os.fspath(file) if isinstance(file, (str, Path)) else repr(file))
        return real_open(file, *args, **kwargs)

    resolver = _memory()
    session = Session(resolver=resolver)
    monkeypatch.setattr("builtins.open", recording_open)
    monkeypatch.setattr("io.open", recording_open)  # what Path.read_bytes opens with
    form = load_form(MEMORY / "表单" / "表.yaml", session)
    render_bytes(form, "txt", session)
    monkeypatch.undo()
    assert any(f.startswith(str(BUILTIN)) for f in opened)  # the recorder saw the built-in templates read
    assert not [f for f in opened if "内存" in f or f.startswith(str(tmp_path))]


def test_the_resolvers_refusal_is_what_a_build_reports(tmp_path, monkeypatch):
    """上期 lies on disk beside the form, yet the resolver refuses it: the build says so, the file is never read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "上期.yaml").write_text("指标:\n  经费: 80万元\n", encoding="utf-8")
    (tmp_path / "表.yaml").write_text("模板: 通用\n标题: 报告\n上期: 上期.yaml\n", encoding="utf-8")

    class Refusing(FolderResolver):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[Path] = []

        def resolve(self, base: Path, name: str, what: str) -> Path | Refusal:
            return Refusal(f"{what}“{name}”不归你", "请联系管理员", "E134")

        def read_bytes(self, path: Path, limit: int) -> bytes:
            self.asked.append(path)
            return super().read_bytes(path, limit)

    resolver = Refusing()
    with pytest.raises(FormError) as info:
        build(tmp_path / "表.yaml", tmp_path / "表.txt", "txt", Session(resolver=resolver))
    refused = [p for p in info.value.problems if p.code == "E134"]
    assert [(str(p.location), p.message, p.hint) for p in refused] == [("表.yaml:3:5", "上期的表单“上期.yaml”不归你", "请联系管理员")]
    assert tmp_path / "上期.yaml" not in resolver.asked and not (tmp_path / "表.txt").exists()


def _outside(tmp_path: Path, line: str) -> Path:
    (tmp_path / "表单").mkdir()
    (tmp_path / "别处.yaml").write_text("指标:\n  经费: 80万元\n", encoding="utf-8")
    (tmp_path / "别处.csv").write_text("指标,数值\n经费,80\n", encoding="utf-8")
    path = tmp_path / "表单" / "表.yaml"
    path.write_text(f"模板: 通用\n标题: 报告\n{line}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("line, what", [("上期: ../别处.yaml\n指标:\n  经费: 100万元", "上期的表单"),
                                        ("指标文件: ../别处.csv", "指标文件"), ("版式: ../别处.yaml", "版式文件")])
def test_the_default_keeps_to_the_form_folder_and_root_widens(tmp_path, monkeypatch, line, what):
    monkeypatch.chdir(tmp_path / ".")
    path = _outside(tmp_path, line)
    for session in (Session(), Session(resolver=FolderResolver())):
        with pytest.raises(FormError) as info:
            load_form(path, session)
        (problem,) = [p for p in info.value.problems if p.code == "E134"]
        name = line.split("\n")[0].split(": ")[1]
        assert problem.message == f"{what}“{name}”在表单所在的文件夹之外，没有读取" and "--root" in (problem.hint or "")
    if what == "版式文件":
        return  # a form's figures are no profile: the file is read, and refused for what it holds
    for session in (Session(Options(root=tmp_path)), Session(resolver=FolderResolver(tmp_path))):
        figure = load_form(path, session).figures["经费"]
        assert (figure.previous if what == "上期的表单" else figure.value) == 80


def test_the_default_reads_within_budgets(tmp_path):
    resolver = FolderResolver()
    (tmp_path / "大.csv").write_bytes(b"x" * 101)
    with pytest.raises(TooLarge) as info:
        resolver.read_bytes(tmp_path / "大.csv", 100)
    assert info.value.size == 101 and resolver.read_bytes(tmp_path / "大.csv", 101) == b"x" * 101
    os.mkfifo(tmp_path / "管道")
    with pytest.raises(NotRegularFile):
        resolver.read_bytes(tmp_path / "管道", 100)
    with pytest.raises(IsADirectoryError):
        resolver.read_bytes(tmp_path, 100)
    assert resolver.status(tmp_path / "大.csv").size == 101


def test_a_file_swapped_for_a_pipe_after_any_check_is_refused_without_blocking(tmp_path, monkeypatch):
    import threading

    os.mkfifo(tmp_path / "管道.yaml")
    regular = os.stat(__file__)
    # Every check by name says “an ordinary small file” (as if the pipe replaced it just after): only a check of
    # the open file, opened without blocking, can tell.
    monkeypatch.setattr(Path, "stat", lambda self, *a, **k: regular)
    monkeypatch.setattr(os, "stat", lambda *a, **k: regular)
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(FolderResolver().read_bytes(tmp_path / "管道.yaml", 10_000_000))
        except OSError as error:
            outcome.append(error)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(120)  # a liveness guard, not a timing: the open must not wait for a writer
    assert outcome and isinstance(outcome[0], NotRegularFile)


def test_a_template_read_through_a_resolver_stays_in_its_folder(tmp_path):
    from jinja2 import TemplateNotFound
    from jinja2.sandbox import SandboxedEnvironment

    from drafting.render.sandbox import ConfinedLoader

    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "a.j2").write_text("甲", encoding="utf-8")
    (tmp_path / "secret.j2").write_text("密", encoding="utf-8")
    (tmp_path / "inside" / "link.j2").symlink_to(tmp_path / "secret.j2")
    env = SandboxedEnvironment(loader=ConfinedLoader([str(tmp_path / "inside")], FolderResolver(tmp_path)))
    assert env.get_template("a.j2").render() == "甲"
    for name in ("../secret.j2", "link.j2", "secret.j2"):
        with pytest.raises(TemplateNotFound):
            env.get_template(name)


def test_the_templates_a_user_sees_are_the_resolvers(tmp_path, monkeypatch):
    from drafting.commands.templates import list_templates

    monkeypatch.chdir(tmp_path)
    names = [spec.name for spec in list_templates(Session(resolver=_memory()))]
    assert "月报" in names and "通用" in names
