"""The preview's HTML: the same paragraphs as the txt writer, numbers included, text escaped, fonts from the profile."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from drafting.pipeline.stages import document as build_document
from drafting.form.profile import builtin_profile
from drafting.form.validate import load_form
from drafting.writers.html import font_family, style_sheet, write_html
from drafting.writers.text import write_text

from ..conftest import EXAMPLES
from ..helpers import laid_out_texts


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_preview_holds_what_the_writers_print(path):
    form = load_form(path)
    document = build_document(form)
    page = write_html(document, form.profile).decode("utf-8")
    shown = [html.unescape(re.sub(r"<[^>]+>", "", block)).replace("\u200b", "")
             for block in re.findall(r"<p[^>]*>.*?</p>|<tr>.*?</tr>", page)]
    assert shown == [line.replace("\t", " ") for line in laid_out_texts(path)]
    if "指标表" not in path.read_text(encoding="utf-8"):
        assert shown == [line.replace("\t", " ") for line in write_text(document).decode("utf-8").split("\n")[:-1]]


def test_text_is_escaped_and_roles_are_classes(write_form):
    path = write_form("模板: 通用\n标题: 甲<b>乙</b>&丙\n落款: 县委\n日期: 2023-07-10\n正文:\n  - 标题: 一级\n    下级:\n"
                      "      - 引语: 引语句\n        内容: 正文<script>\n")
    form = load_form(path)
    page = write_html(build_document(form), form.profile).decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "甲&lt;b&gt;乙&lt;/b&gt;&amp;丙" in page
    assert '<p class="gw-h1" data-origin="正文/0">一、一级</p>' in page and '<span class="gw-lead">引语句。</span>' in page
    assert 'class="gw-signature gw-flush" style="text-align:right;padding-right:' in page


def test_the_style_sheet_names_the_profiles_fonts_then_free_stand_ins():
    profile = builtin_profile()
    assert font_family(profile.roles["正文"], profile.fallbacks) == '"仿宋_GB2312", "仿宋", "FangSong", "FandolFang", serif'
    assert font_family(profile.roles["一级标题"], profile.fallbacks).endswith('"SimHei", "FandolHei", sans-serif')
    sheet = style_sheet(profile)
    assert ".gw-sheet .gw-title{font-family:\"方正小标宋简体\"" in sheet and "font-size:22pt" in sheet
    assert ".gw-sheet .gw-lead{" in sheet and "font-weight:bold" in sheet.split(".gw-lead{")[1].split("}")[0]


# What writers/html.py may write, and what a page builds around it: a <style> holding style_sheet().
ALLOWED = {"html", "head", "body", "style", "div", "p", "span", "table", "colgroup", "col", "tbody", "tr", "th", "td"}


@pytest.fixture(scope="module")
def example_document():
    return build_document(load_form(EXAMPLES / "work-plan.yaml"))


def _page(document, profile) -> tuple[str, str]:
    """The preview's CSS and a page holding it as a browser would parse it, around the example's HTML."""
    css = style_sheet(profile)
    body = write_html(document, profile).decode("utf-8")
    return css, f"<!doctype html><html><head><style>{css}</style></head><body>{body}</body></html>"


def _hostile(profile, name: str):
    """``profile`` with every role's fonts and the fallbacks set to ``name`` (as if a profile reader had let it by)."""
    roles = {role: style._replace(east_asian=name, western=name) for role, style in profile.roles.items()}
    return profile._replace(roles=roles, fallbacks={name: name})


def test_font_names_are_css_strings():
    from drafting.writers.html import css_string

    assert css_string("仿宋_GB2312") == '"仿宋_GB2312"' and css_string("Times New Roman") == '"Times New Roman"'
    assert css_string('a"}</style>') == '"a\\22 \\7d \\3c \\2f style\\3e "'
    assert css_string("\\\n\x00") == '"\\5c \\a \\fffd "'


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=40))
@example("仿宋\"}</style><meta http-equiv=refresh content='0;url=http://example.com/'>")
@example("\\\"}*{background:url(//example.com/x)}")
def test_no_font_name_leaves_its_css_string(example_document, name):
    from lxml import html as lxml_html

    css, page = _page(example_document, _hostile(builtin_profile(), name))
    tree = lxml_html.document_fromstring(page)
    assert {element.tag for element in tree.iter() if isinstance(element.tag, str)} <= ALLOWED
    [style] = tree.iter("style")
    assert style.text == css  # the whole sheet stayed in its element
    assert "<" not in css and "url(" not in css.lower() and "@" not in css
    declarations = re.findall(r"\{([^{}]*)\}", re.sub(r'"(?:[^"\\]|\\.)*"', '""', css))
    assert len(declarations) == css.count("\n") + 1  # one rule a line: no name opened or closed a block
