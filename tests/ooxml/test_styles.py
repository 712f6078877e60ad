"""styles.xml: one named style per role with East Asian fonts, and the body style's 22 × 28 recipe."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from ..helpers import build, east_asian


@pytest.mark.parametrize("name, font, size, bold", [
    ("Normal", "仿宋_GB2312", 16, False), ("公文标题", "方正小标宋简体", 22, False),
    ("一级标题", "黑体", 16, False), ("二级标题", "楷体_GB2312", 16, False),
    ("三级标题", "仿宋_GB2312", 16, False), ("四级标题", "仿宋_GB2312", 16, False),
    ("落款", "仿宋_GB2312", 16, False), ("成文日期", "仿宋_GB2312", 16, False),
    ("附件说明", "仿宋_GB2312", 16, False), ("公文页码", "宋体", 14, False),
    ("引语", "仿宋_GB2312", 16, True), ("二级标题字符", "楷体_GB2312", 16, False),
])
def test_named_styles_carry_east_asian_fonts(summary, name, font, size, bold):
    style = summary.styles[name]
    assert east_asian(style) == font
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:hint")) == "eastAsia"
    assert not any(k.endswith("Theme") for k in fonts.attrib)
    assert style.font.size.pt == size and bool(style.font.bold) is bold


def test_body_style_is_the_22_by_28_recipe(summary):
    ppr = summary.styles["Normal"].element.pPr
    spacing = ppr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    assert ppr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "both"
    tracking = summary.styles["Normal"].element.rPr.find(qn("w:spacing"))
    assert tracking.get(qn("w:val")) == "-5"
    # LibreOffice reads overflowPunct inverted: 1 stops it hanging (and sometimes dropping) punctuation.
    assert ppr.find(qn("w:overflowPunct")).get(qn("w:val")) == "1"


def test_profile_override_changes_the_style_fonts(write_form):
    path = write_form("模板: 通用\n标题: 测试\n版式:\n  角色:\n    正文: {字体: 仿宋}\n    一级标题: {加粗: 是}\n")
    document = docx.Document(io.BytesIO(build(path)))
    assert east_asian(document.styles["Normal"]) == "仿宋"
    assert document.styles["一级标题"].font.bold is True


def test_paragraphs_off_the_body_pitch_keep_off_the_grid(summary):
    """Grid hygiene: a style whose lines are not exact 579-twip lines (page number, 发文机关标志, 版记),
    and the title, say w:snapToGrid 0, so Word and LibreOffice paginate alike; body styles snap."""
    off_grid = set()
    for style in summary.styles.element.iterchildren(qn("w:style")):
        ppr = style.find(qn("w:pPr"))
        if ppr is None:
            continue
        name = style.find(qn("w:name")).get(qn("w:val"))
        spacing = ppr.find(qn("w:spacing"))
        pitch = spacing is None or (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
        snap = ppr.find(qn("w:snapToGrid"))
        if snap is not None and snap.get(qn("w:val")) == "0":
            off_grid.add(name)
        else:
            assert pitch, f"{name} has lines off the body pitch but snaps to the grid"
    assert off_grid == {"公文标题", "公文页码", "发文机关标志", "版记", "附件标题", "公文表头", "公文表格", "公文表注"}
    settings = summary.settings.element
    mode = settings.find(qn("w:compat")).find(qn("w:compatSetting"))
    assert (mode.get(qn("w:name")), mode.get(qn("w:val"))) == ("compatibilityMode", "15")
