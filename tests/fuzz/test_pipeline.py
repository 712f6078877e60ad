"""Hostile input thrown at the whole pipeline: a document that re-opens, or a Chinese error — never a traceback.

CI runs 2,000 generated cases (1,000 structured forms — three in four well-shaped for some template,
one in four with wrong types everywhere — 600 raw texts, 400 raw byte strings), with a fixed seed. The long run is one command:

    DRAFTING_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest tests/fuzz

which runs that many cases per test with fresh random seeds.
"""
from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import tempfile
import time
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from drafting.cli import main
from .. import helpers

LONG_RUN = int(os.environ.get("DRAFTING_FUZZ_EXAMPLES", "0"))
LOCATION = re.compile(r"^\S+?(:\d+(:\d+)?)?: (错误|警告)", re.M)


def _settings(ci_examples: int):
    if LONG_RUN:
        return settings(max_examples=LONG_RUN, deadline=None, suppress_health_check=list(HealthCheck))
    return settings(max_examples=ci_examples, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck), database=None)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def paragraph_texts(path: Path) -> list[str]:
    return helpers.paragraph_texts(docx.Document(path))


def assert_invariant(data: bytes, durations: list[float] | None = None) -> None:
    """Either a valid docx whose text equals the text writer's, or exit 1 with a located Chinese error.

    ``durations`` receives the time each build of the case took (reported, never asserted: bench/ times).
    """
    with tempfile.TemporaryDirectory(prefix="draft-fuzz-") as folder:
        form = Path(folder) / "表单.yaml"
        form.write_bytes(data)
        start = time.monotonic()
        code, _, err = run_cli(["build", str(form), "-q"])
        if durations is not None:
            durations.append(time.monotonic() - start)
        files = sorted(os.listdir(folder))
        if code == 3:
            saved = re.search(r"保存到 (\S+)，", err)
            detail = Path(saved.group(1)).read_text(encoding="utf-8") if saved else err
            pytest.fail(f"internal error for input {data[:300]!r}:\n{detail}")
        assert "Traceback" not in err
        if code == 0:
            assert files == ["表单.docx", "表单.yaml"], files
            txt = Path(folder) / "表单.txt"
            assert run_cli(["build", str(form), "-f", "txt", "-o", str(txt), "-q"])[0] == 0
            assert paragraph_texts(Path(folder) / "表单.docx") == txt.read_text(encoding="utf-8").split("\n")[:-1]
        else:
            assert code == 1, (code, err)
            assert files == ["表单.yaml"], f"nothing may be written on error: {files}"
            assert LOCATION.search(err), err
            assert re.search("[\u4e00-\u9fff]", err)
            if "确需先出草稿可加 --force" in err:  # refused by the checks: the writers must cope with it too
                start = time.monotonic()
                code, _, err = run_cli(["build", str(form), "-q", "--force"])
                if durations is not None:
                    durations.append(time.monotonic() - start)
                assert code in (0, 1), err
                if code == 0:
                    assert paragraph_texts(Path(folder) / "表单.docx")


# ---- structured forms: the right keys, wrong or hostile values ----

HOSTILE = ["\x00", "\x07", "\x1e", "\ufffe", "\u200b", "\u202e", "\t", "\n", "：", "“", "”", "{{", "}}", "{%",
           "@heading ", "@end", "*", "XX", "一是", "二是", "。", "（", "）", "备案 次", "\\", "'", '"', "#", "&", "<"]
text = st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(HOSTILE)), max_size=30).map("".join)
scalar = st.one_of(text, st.integers(), st.floats(), st.booleans(), st.none(), st.dates(),
                   st.sampled_from(["2023H1", "2023Q3", "2023", "2023-07", "2023-07-10", "是", "否", "工作总结", "通用",
                                    "实施意见", "整改落实情况报告", "工作汇报", "gbt9704", "2966件", "null"]))
ITEM_KEYS = ["标题", "引语", "内容", "列举", "分段", "下级", "连续编号", "下级层级", "heading", "text", "乱写"]
FORM_KEYS = ["模板", "标题", "主送", "落款", "日期", "期间", "开头", "正文", "存在问题", "下一步", "结尾", "附件", "印章",
             "两级编号", "版式", "版头", "指标", "上期", "去年同期", "检查", "总体要求", "主要措施", "沿用上期", "未知字段"]
value = st.recursive(scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(ITEM_KEYS + ["值", "单位", "角色", "字体", "发文机关标志"]), inner, max_size=5)),
    max_leaves=25)
forms = st.dictionaries(st.sampled_from(FORM_KEYS), value, max_size=10)


# Well-shaped forms: every template and field type, nested items, figures, red headers, hostile text.
SAFE = st.sampled_from(list("的一是在工作推进全面加强县委政法委员会，。、；：“”（）《》——…") + list("abcXYZ0123456789 .,:-%"))
PRINTABLE_HOSTILE = [h for h in HOSTILE if not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", h)]
words = st.lists(st.one_of(*[SAFE] * 12, st.sampled_from(PRINTABLE_HOSTILE),
                           st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))),
                 min_size=1, max_size=25).map("".join)
leaf = st.one_of(words, st.fixed_dictionaries({}, optional={
    "引语": words, "内容": words, "列举": st.lists(words, max_size=4), "分段": st.booleans()}))
items = st.recursive(st.lists(leaf, max_size=3), lambda kids: st.lists(st.one_of(leaf, st.fixed_dictionaries(
    {"标题": words}, optional={"内容": words, "下级": kids, "连续编号": st.booleans(), "列举": st.lists(words, max_size=3),
                             "下级层级": st.integers(1, 5)})), max_size=4), max_leaves=20)
figures = st.dictionaries(st.sampled_from(["甲", "乙", "丙", "排查", "化解"]), st.one_of(
    st.integers(-10**6, 10**9), st.none(), st.sampled_from(["2966件", "93.6%", "0件"]),
    st.fixed_dictionaries({"值": st.one_of(st.integers(0, 10**6), st.none()), "单位": st.sampled_from(["件", "%", "万元", ""])},
                          optional={"上期": st.integers(0, 10**6), "去年同期": st.integers(0, 10**6)})), max_size=4)
FIGURE_TEXT = st.sampled_from(["{{ 指标.甲 }}", "{{ 指标.甲 | 同比 }}", "{{ 指标.化解 | 比率(指标.排查) }}",
                               "{{ 同比分别(指标.甲, 指标.乙) }}", "{{ 指标.甲 | 简写(1, 余=true) }}", "{{ 期间.起止 }}"])
COMMON_FIELDS = {
    "标题": st.one_of(words, st.lists(words, max_size=3)), "主送": words, "落款": words,
    "日期": st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)), "开头": st.one_of(words, FIGURE_TEXT),
    "正文": items, "结尾": words, "附件": st.lists(words, max_size=3), "印章": st.booleans(), "两级编号": st.booleans(),
    "指标": figures,
    "版头": st.fixed_dictionaries({"发文机关标志": words}, optional={
        "份号": words, "发文字号": words, "签发人": words, "抄送": words, "印发机关": words,
        "印发日期": st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1))}),
}
TEMPLATE_FIELDS = {
    "通用": ({}, {}), "工作总结": ({}, {"存在问题": items, "下一步": items, "阶段措辞": st.booleans()}),
    "工作汇报": ({}, {"体会": items, "下一步": items}),
    "实施意见": ({}, {"总体要求": words, "原因分析": items, "主要措施": items, "保障措施": items}),
    "工作方案": ({}, {"总体要求": words, "原因分析": items, "主要措施": items, "保障措施": items}),
    "整改落实情况报告": ({"检查": words, "整改情况": items}, {"整改工作": items, "整改成效": items, "下一步": words}),
}
shaped = st.sampled_from(sorted(TEMPLATE_FIELDS)).flatmap(lambda name: st.fixed_dictionaries(
    {"模板": st.just(name), "期间": st.sampled_from(["2023H1", "2023Q3", "2023", "2023-07"]), **TEMPLATE_FIELDS[name][0]},
    optional={**COMMON_FIELDS, **TEMPLATE_FIELDS[name][1]}))


def _dump(form: dict, encoding: str) -> bytes:
    try:
        dumped = yaml.safe_dump(form, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        dumped = "模板: 通用\n"
    if encoding == "utf-8-sig":
        return dumped.encode("utf-8-sig")
    if encoding == "gbk":
        try:
            return dumped.encode("gbk")
        except UnicodeEncodeError:
            pass
    return dumped.encode("utf-8", errors="replace")


BILLION_LAUGHS = "\n".join(["模板: 通用", "a: &a [\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\"]"] +
                           [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)] +
                           ["正文: *i"]).encode("utf-8")
DEEP = ("模板: 通用\n正文: " + "[" * 3000 + "]" * 3000 + "\n").encode("utf-8")
DEEP_ITEMS = ("模板: 通用\n正文:\n" + "".join("  " * (2 * i + 1) + "- 标题: 层\n" + "  " * (2 * i + 2) + "下级:\n"
                                             for i in range(60))).encode("utf-8")


@_settings(1000)
@given(st.one_of(shaped, shaped, shaped, forms), st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gbk"]))
@example({"模板": "通用", "开头": "长" * 1_000_000}, "utf-8")
@example({"模板": "通用", "开头": "中*" * 200_000}, "utf-8")
@example({"模板": "通用", "指标": {"甲": "1e999999999件"}, "开头": "{{ 指标.甲 }}"}, "utf-8")
@example({"模板": "通用", "正文": [{"列举": [str(i) for i in range(12000)]}]}, "utf-8")
def test_structured_forms(form, encoding):
    assert_invariant(_dump(form, encoding))


# ---- raw text and raw bytes: anything a user might save as .yaml ----

YAML_CHARS = st.sampled_from(list(":-[]{}&*!|>'\"%@`#,? \n\t") + ["模板: 通用\n", "正文:\n  - ", "标题: ", "!!python/object:os.system",
                                                                  "&a ", "*a", "\ufeff", "\r\n", "下级:\n    - "])
raw_text = st.lists(st.one_of(YAML_CHARS, st.characters(blacklist_categories=("Cs",))), max_size=200).map("".join)


@_settings(600)
@given(raw_text)
@example("模板: 通用\n标题: 甲\n标题: 乙\n")
@example("模板: 通用\n开头: !!python/object/apply:os.system [\"ls\"]\n")
@example("模板: 通用\n正文: !!python/object:os.system {}\n")
@example("模板: 通用\n正文:\n\t- 段落\n")
@example("模板: 通用\n开头: \"\\a\\ud800\"\n")
@example("")
def test_raw_text(content):
    assert_invariant(content.encode("utf-8", errors="replace"))


@_settings(400)
@given(st.binary(max_size=500))
@example(BILLION_LAUGHS)
@example(DEEP)
@example(DEEP_ITEMS)
@example(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
@example("模板: 通用\n标题: 测试报告\n落款: 县委\n".encode("gbk"))
def test_raw_bytes(content):
    assert_invariant(content)


def test_alias_bomb_is_refused_before_it_is_expanded(monkeypatch):
    """The bomb costs less than building a one-line form: it is refused before its aliases are expanded
    (counted, not timed: bench/linear.py times it)."""
    from ..work import work

    assert_invariant(BILLION_LAUGHS)
    with tempfile.TemporaryDirectory(prefix="draft-fuzz-") as folder:
        bomb, plain = Path(folder) / "炸弹.yaml", Path(folder) / "表单.yaml"
        bomb.write_bytes(BILLION_LAUGHS)
        plain.write_text("模板: 通用\n标题: 报告\n开头: 哈\n", encoding="utf-8")
        costs = [work(lambda: run_cli(["build", str(path), "-q", "-o", str(Path(folder) / "出.docx")]), monkeypatch)
                 for path in (bomb, plain)]
    assert costs[0].total < costs[1].total, (costs[0].total, costs[1].total)
