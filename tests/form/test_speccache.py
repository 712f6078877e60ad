"""Template declarations kept between runs: used only when whole, ours and written by this code (issue #24)."""
from __future__ import annotations

import datetime
import hashlib
import marshal
from pathlib import Path

import pytest

import drafting.form.declarations as declarations
from drafting.errors import TemplateError
from drafting.form import speccache
from drafting.form.declarations import read_declaration

DECLARATION = """描述: 测试用的声明
基于: 内置/通用
字段:
  成文日期:
    类型: 日期
    示例: 2023-07-10
  要点:
    类型: 段落
    别名: [重点, date]
    必填: 是
    示例: [一段, {甲: 2024-01-02 08:30:00}, 3.5, false, null]
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache home of the test's own; the folder declarations are kept in."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "drafting" / "declarations"


@pytest.fixture
def declaration(tmp_path) -> Path:
    path = tmp_path / "模板.yaml"
    path.write_text(DECLARATION, encoding="utf-8")
    return path


def _unread(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fail(*args):  # type: ignore[no-untyped-def]
        raise AssertionError("the declaration was read again")

    monkeypatch.setattr(declarations, "_read_declaration", fail)


def test_a_declaration_read_once_comes_back_the_same_from_the_cache(cache, declaration, monkeypatch):
    first = read_declaration(declaration)
    assert len(list(cache.iterdir())) == 1
    _unread(monkeypatch)
    again = read_declaration(declaration)
    assert again == first
    examples = [spec.example for spec, _ in again.fields]
    assert examples[0] == datetime.date(2023, 7, 10)
    assert examples[1] == ["一段", {"甲": datetime.datetime(2024, 1, 2, 8, 30)}, 3.5, False, None]
    assert again.fields[1][0].aliases == ("重点", "date") and again.fields[1][1] == {"type", "aliases", "required",
                                                                                     "example"}


def test_changed_bytes_are_read_again(cache, declaration):
    read_declaration(declaration)
    declaration.write_text(DECLARATION.replace("测试用的声明", "改过的声明"), encoding="utf-8")
    assert read_declaration(declaration).description == "改过的声明"


@pytest.mark.parametrize("damage", ["flipped", "truncated", "empty"])
def test_a_damaged_cache_file_is_ignored(cache, declaration, damage):
    first = read_declaration(declaration)
    (kept,) = cache.iterdir()
    data = kept.read_bytes()
    kept.write_bytes({"flipped": data[:-3] + bytes([data[-3] ^ 1]) + data[-2:], "truncated": data[:-10],
                      "empty": b""}[damage])
    assert read_declaration(declaration) == first


def test_a_file_with_valid_digests_but_not_a_declarations_shape_is_ignored(cache, declaration, monkeypatch):
    first = read_declaration(declaration)
    (kept,) = cache.iterdir()
    header = kept.read_bytes().split(b"\n", 1)[0] + b"\n"
    data = declaration.read_bytes()
    for foreign in [("描述", None, (((1, 2), ()),)), ["描述", None, ()], ("描述", None, ((("名", "文字", (), False, "",
                                                                                         compile("1", "x", "eval"),
                                                                                         1, False, ""), ()),))]:
        payload = marshal.dumps(foreign)
        kept.write_bytes(header + hashlib.sha256(data).digest() + hashlib.sha256(payload).digest() + payload)
        assert read_declaration(declaration) == first


def test_a_declaration_with_problems_is_not_kept(cache, tmp_path):
    path = tmp_path / "坏.yaml"
    path.write_text("字段:\n  要点:\n    类型: 不存在的类型\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(TemplateError):
            read_declaration(path)
    assert not cache.exists() or list(cache.iterdir()) == []


def test_without_a_cache_folder_of_ours_nothing_is_kept(tmp_path, declaration, monkeypatch):
    monkeypatch.setattr("drafting.resources.user_cache_folder", lambda name: None)
    assert read_declaration(declaration).description == "测试用的声明"
    assert speccache.code_version((declarations.__file__,))  # the modules are on disk: a version to key by
    assert speccache.code_version((str(tmp_path / "missing.py"),)) == ""  # not on disk: nothing is kept


def test_the_default_profile_is_kept_and_read_back_the_same(cache, monkeypatch):
    import drafting.form.profile as profile
    from drafting.resources import profile_path

    monkeypatch.setattr(profile, "_BUILTIN", {})
    read = profile.load_profile_file(profile_path(profile.DEFAULT_PROFILE))
    assert profile.builtin_profile() == read and len(list(cache.iterdir())) == 1
    monkeypatch.setattr(profile, "_BUILTIN", {})
    monkeypatch.setattr(profile, "load_profile_file", lambda *args, **kwargs: pytest.fail("read again"))
    kept = profile.builtin_profile()
    assert kept == read and list(kept.roles) == list(read.roles) and kept.fallbacks == read.fallbacks


def test_a_damaged_kept_profile_is_read_again(cache, monkeypatch):
    import drafting.form.profile as profile

    monkeypatch.setattr(profile, "_BUILTIN", {})
    first = profile.builtin_profile()
    (kept,) = cache.iterdir()
    kept.write_bytes(kept.read_bytes()[:-1] + b"\x00")
    monkeypatch.setattr(profile, "_BUILTIN", {})
    assert profile.builtin_profile() == first
    assert profile._profile_of(("名", (("正文", ("仿宋", "Times", 16, False, None)),), ())) is None  # 16: no float
