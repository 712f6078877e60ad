"""A font the PDF will not have is said once, by name; the project's stand-ins (仿宋_GB2312 → FandolFang) are not."""
from __future__ import annotations

import shutil


from drafting.office.fonts import missing_fonts

from ..conftest import EXAMPLES, require_program
from ..helpers import build


def test_a_missing_family_is_named_once_and_the_official_fonts_are_found(tmp_path):
    require_program("fc-match", "fontconfig")
    form = tmp_path / "表.yaml"
    form.write_text("模板: 通用\n标题: 字体\n正文: [一段]\n版式:\n  角色:\n    正文: {字体: 某不存在的字体}\n", encoding="utf-8")
    documents = []
    for name in ("一", "二"):
        documents.append(tmp_path / f"{name}.docx")
        documents[-1].write_bytes(build(form))
    found = missing_fonts(documents)
    assert [(p.code, p.severity.value) for p in found] == [("P004", "警告")]
    assert found[0].message.startswith("这台电脑上没有字体“某不存在的字体”，也没有设替代字体")
    official = tmp_path / "official.docx"
    official.write_bytes(build(EXAMPLES / "half-year-summary.yaml"))
    assert missing_fonts([official]) == []  # 仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体 all have stand-ins


def test_nothing_is_said_without_fontconfig(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert missing_fonts([tmp_path / "x.docx"]) == []
