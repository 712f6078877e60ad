"""The preview's HTML: the same paragraphs as the txt writer, numbers included, text escaped, fonts from the profile."""
from __future__ import annotations

import html
import re

import pytest

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
