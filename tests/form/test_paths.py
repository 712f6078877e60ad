"""Which files a form may name: inside its folder tree (or --root), links resolved; built-in names are plain."""
from __future__ import annotations

from drafting.form.paths import confined


def test_inside_the_tree_only(tmp_path):
    (tmp_path / "表单" / "下级").mkdir(parents=True)
    (tmp_path / "机密.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "表单" / "链接.yaml").symlink_to(tmp_path / "机密.yaml")
    forms = tmp_path / "表单"
    assert confined(forms, "下级/上期.yaml") == (forms / "下级" / "上期.yaml").resolve()
    assert confined(forms, "../机密.yaml") is None and confined(forms, str(tmp_path / "机密.yaml")) is None
    assert confined(forms, "链接.yaml") is None
    assert confined(forms, "../机密.yaml", root=tmp_path) == (tmp_path / "机密.yaml").resolve()
    assert confined(forms, "a\x00b") is None



def test_root_widens_and_never_narrows(tmp_path):
    (tmp_path / "表单").mkdir()
    (tmp_path / "别处").mkdir()
    forms = tmp_path / "表单"
    assert confined(forms, "上期.yaml", root=tmp_path / "别处") == (forms / "上期.yaml").resolve()
