"""The server reads and writes only inside its folder: no .., no absolute paths, no links out, forms listed."""
from __future__ import annotations

import os
import shutil

import pytest

from drafting.serve.workspace import Workspace, WorkspaceError

from ..conftest import EXAMPLES


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "表单"
    shutil.copytree(EXAMPLES, root)
    (tmp_path / "外面.yaml").write_text("标题: 外面\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("name", ["../外面.yaml", "/etc/passwd.yaml", "a/../../外面.yaml", "..\\外面.yaml", "",
                                  ".hidden.yaml", "x\x00.yaml", "./work-plan.yaml", "sub//x.yaml"])
def test_names_that_leave_the_folder_are_refused(folder, name):
    with pytest.raises(WorkspaceError) as caught:
        Workspace(folder).path(name)
    assert caught.value.problems[0].code == "S001"


def test_a_drive_is_refused_where_the_system_has_drives(folder):
    with pytest.raises(WorkspaceError) as caught:
        Workspace(folder).path("C:/x.yaml")
    # Windows reads “C:” as a drive; elsewhere it is a folder name like any other (here, a missing one).
    assert caught.value.problems[0].code == ("S001" if os.name == "nt" else "S004")


def test_a_link_out_of_the_folder_is_refused_and_a_link_inside_is_not(folder):
    os.symlink(folder.parent / "外面.yaml", folder / "链接.yaml")
    os.symlink(folder / "work-plan.yaml", folder / "内部链接.yaml")
    workspace = Workspace(folder)
    with pytest.raises(WorkspaceError) as caught:
        workspace.path("链接.yaml")
    assert caught.value.problems[0].code == "S003"
    assert workspace.path("内部链接.yaml").name == "内部链接.yaml"
    os.symlink(folder.parent, folder / "上级")
    with pytest.raises(WorkspaceError):
        workspace.path("上级/外面.yaml")


def test_only_forms_and_documents_are_served(folder):
    workspace = Workspace(folder)
    with pytest.raises(WorkspaceError) as caught:
        workspace.path("work-plan.py")
    assert caught.value.problems[0].code == "S002"
    with pytest.raises(WorkspaceError) as caught:
        workspace.path("没有.yaml")
    assert caught.value.problems[0].code == "S004"


def test_the_listing_names_each_form_with_its_title_period_and_last_change(folder):
    (folder / "坏的.yaml").write_text("标题: [没有配对\n", encoding="utf-8")
    (folder / "templates").mkdir()
    (folder / "templates" / "自定义.yaml").write_text("描述: 模板声明\n", encoding="utf-8")
    listed = {entry.name: entry for entry in Workspace(folder).listing()}
    assert "templates/自定义.yaml" not in listed
    summary = listed["half-year-summary.yaml"]
    assert summary.title == "青山县委政法委2023年上半年工作总结及下半年工作打算"
    assert summary.period == "2023H1" and summary.template == "工作总结" and summary.changed[:2] == "20"
    assert listed["坏的.yaml"].problem.startswith("无法读取") and "E010" in listed["坏的.yaml"].problem


def test_the_home_page_leaves_out_the_copies_a_merge_kept(folder):
    """A form's text kept before draft import --into is not listed beside the form (it can still be opened by name)."""
    kept = folder / "work-briefing.合并前-20261206-0255.yaml"
    kept.write_bytes((folder / "work-briefing.yaml").read_bytes())
    workspace = Workspace(folder)
    listed = [path.name for path in workspace.forms()]
    assert "work-briefing.yaml" in listed and kept.name not in listed
    assert workspace.path(kept.name) == kept
