"""Where built-in templates and data are found, and the order template folders are searched."""
from __future__ import annotations

from drafting.resources import fontconfig_file, profile_path, template_folders, templates_dir


def test_built_in_files_are_found():
    assert (templates_dir() / "通用.j2").is_file() and profile_path("gbt9704").is_file()
    assert fontconfig_file().name == "fonts.conf" and fontconfig_file().is_file()


def test_template_folders_in_order_of_precedence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("given", "forms/templates", "templates"):
        (tmp_path / name).mkdir(parents=True)
    folders = template_folders(tmp_path / "forms", [tmp_path / "given", tmp_path / "missing"])
    assert folders == [tmp_path / "given", tmp_path / "forms" / "templates", tmp_path / "templates",
                       templates_dir().resolve()]
