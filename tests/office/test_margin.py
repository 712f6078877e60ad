"""office/margin.py: the profile that prints comments in the margin, and the comment window lent to a GUI-less
LibreOffice through a folder of links (the installation itself untouched)."""
from __future__ import annotations

import shutil

import pytest

from drafting.office.margin import (COMMENT_WINDOW, comment_window_file, installation, lend_comment_window,
                                    margin_arguments)

from ..conftest import require_soffice


def _install(root, with_window=False):
    """A fake LibreOffice installation with the Linux layout; its command."""
    install = root / "libreoffice"
    (install / "program").mkdir(parents=True)
    (install / "program" / "soffice").write_text("#!/bin/sh\n")
    (install / "presets" / "basic").mkdir(parents=True)
    (install / "presets" / "basic" / "script.xlc").write_text("preset")
    ui = install / "share" / "config" / "soffice.cfg" / "modules" / "swriter" / "ui"
    ui.mkdir(parents=True)
    (ui.parent / "toolbar").mkdir()
    (install / "share" / "config" / "soffice.cfg" / "cui").mkdir()
    (install / "share" / "registry").mkdir()
    (install / "share" / "registry" / "main.xcd").write_text("registry")
    (install / "NOTICE").write_text("notice")
    if with_window:
        (ui / "annotation.ui").write_text("installed")
    return install, str(install / "program" / "soffice")


def test_the_overlay_links_the_installation_and_adds_only_the_comment_window(tmp_path):
    install, _ = _install(tmp_path)
    base = tmp_path / "base"
    lend_comment_window(install, base, comment_window_file())
    assert (base / "program").is_symlink() and (base / "program" / "soffice").is_file()
    assert (base / "share" / "registry").is_symlink() and (base / "NOTICE").is_symlink()
    assert not (base / "share").is_symlink() and (base / "share" / "config" / "soffice.cfg" / "cui").is_symlink()
    assert (base / "share/config/soffice.cfg/modules/swriter/toolbar").is_symlink()
    window = base.joinpath(*COMMENT_WINDOW)
    assert not window.is_symlink() and window.read_bytes() == comment_window_file().read_bytes()
    assert not (base / "presets").is_symlink() and (base / "presets/basic/script.xlc").read_text() == "preset"
    shutil.rmtree(base)  # as the scratch folder is removed: the links go, what they point at stays
    assert (install / "program" / "soffice").is_file() and (install / "share/registry/main.xcd").is_file()
    assert not install.joinpath(*COMMENT_WINDOW).exists()


def test_the_lent_layout_is_the_comment_window_libreoffice_7_4_builds():
    """The file names the widgets SwAnnotationWin asks for (a missing one would crash LibreOffice)."""
    text = comment_window_file().read_text(encoding="utf-8")
    assert "Mozilla Public License 2.0" in text
    for widget in ('id="Annotation"', 'id="editview"', 'id="author"', 'id="date"', 'id="resolved"',
                   'id="menubutton"', 'id="scrolledwindow"'):
        assert widget in text


def test_the_profile_prints_comments_in_the_margin_and_a_full_install_needs_no_overlay(tmp_path):
    install, soffice = _install(tmp_path, with_window=True)
    assert installation(soffice) == install.resolve()
    assert margin_arguments(tmp_path / "profile", tmp_path, soffice) == []
    settings = (tmp_path / "profile" / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert 'oor:path="/org.openoffice.Office.Writer/Print/Content"' in settings
    assert '<prop oor:name="Note" oor:op="fuse"><value>4</value></prop>' in settings
    assert not (tmp_path / "installation").exists()


def test_a_gui_less_install_gets_the_overlay_on_the_command_line(tmp_path):
    install, soffice = _install(tmp_path)
    [argument] = margin_arguments(tmp_path / "profile", tmp_path, soffice)
    assert argument == f"-env:BRAND_BASE_DIR={(tmp_path / 'installation').as_uri()}"
    assert (tmp_path / "installation").joinpath(*COMMENT_WINDOW).is_file()


def test_an_unknown_layout_is_left_alone(tmp_path):
    """macOS's bundle (…/Contents/MacOS/soffice) is not the layout the overlay knows: LibreOffice runs as it is."""
    bundle = tmp_path / "LibreOffice.app" / "Contents" / "MacOS"
    bundle.mkdir(parents=True)
    (bundle / "soffice").write_text("")
    assert installation(str(bundle / "soffice")) is None
    assert margin_arguments(tmp_path / "profile", tmp_path, str(bundle / "soffice")) == []


@pytest.mark.render
def test_libreoffice_prints_the_comments_of_a_docx_in_the_margin(tmp_path):
    """Office.render(margin=True) on the installed LibreOffice: the page is shrunk, the comment printed beside it."""
    require_soffice()
    import pdfplumber

    from drafting.commands.annotate import annotate_form
    from drafting.office.holder import Office
    from drafting.options import Session

    from ..conftest import MINIMAL

    form = tmp_path / "表单.yaml"
    form.write_text(MINIMAL.lstrip("\n") + "开头:\n  - 三季度我局开展 次专项行动。\n", encoding="utf-8")
    docx = tmp_path / "审核稿.docx"
    docx.write_bytes(annotate_form(form, Session(), "2024-04-10T09:30:00Z").data)
    with Office() as office:  # resident by default: the margin is printed by a one-shot LibreOffice all the same
        [pdf], problems = office.render([docx], tmp_path, margin=True)
    assert problems == [] and pdf is not None
    with pdfplumber.open(pdf) as document:
        [page] = document.pages
        words = page.extract_words()
    [author] = [w for w in words if w["text"] == "draft"]
    body = [w for w in words if "测试报告" in w["text"]]
    assert body and author["x0"] > max(w["x1"] for w in body)
    assert any("C201" in w["text"] for w in words if w["x0"] >= author["x0"] - 1)
