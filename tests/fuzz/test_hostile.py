"""Hostile input from grammars: template expressions, deep and aliased structures in every file, mutated .docx.

Each case must end in a document or a located Chinese error — never an internal error. CI runs 250
expressions, 120 structures and 150 mutated documents with a fixed seed; ``DRAFTING_FUZZ_EXAMPLES=N``
runs N of each with fresh seeds, and ``DRAFTING_FUZZ_REPORT=1`` prints the slowest case of each kind
(reported, never asserted: bench/linear.py holds hostile inputs to their time budgets).
"""
from __future__ import annotations

import io
import os
import random
import re
import tempfile
import time
import zipfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from ..conftest import EXAMPLES
from .test_pipeline import _settings, assert_invariant, run_cli

SLOWEST: dict[str, float] = {}


def _timed(kind: str, started: float | None = None, durations: list[float] | None = None) -> None:
    """Note the slowest command of each kind for DRAFTING_FUZZ_REPORT (reported, not asserted: bench/ times)."""
    spent = max(durations) if durations else time.monotonic() - (started or 0.0)
    SLOWEST[kind] = max(SLOWEST.get(kind, 0.0), spent)


def teardown_module() -> None:
    if os.environ.get("DRAFTING_FUZZ_REPORT"):
        print("\nslowest cases:", {k: round(v, 3) for k, v in SLOWEST.items()})


# ---- the template language in form texts: a grammar of Jinja expressions ----

atom = st.one_of(st.integers(-10**6, 10**6), st.sampled_from(["9", "99", "10**9", "3.5", "0", "-1", "\"x\"", "\"长\"",
                                                              "\"\\x00\"", "[1, 2]", "指标.甲", "指标.乙", "期间.全称",
                                                              "range(10)", "range(100001)", "日期", "none"]).map(str))


def _expression(depth: int = 0) -> st.SearchStrategy[str]:
    if depth > 3:
        return atom.map(str)
    inner = st.deferred(lambda: _expression(depth + 1))
    return st.one_of(
        atom.map(str),
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "~"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, st.sampled_from(["同比", "环比", "数值", "比率(指标.乙)", "简写", "中文数字", "日期", "length",
                                          "list", "join", "upper", "center(10**7)", "replace('x', 'xx')",
                                          "batch(3)", "sum", "增减"])).map(lambda t: f"({t[0]} | {t[1]})"),
        st.tuples(st.sampled_from(["合计", "同比分别", "双降", "range", "比率", "lipsum", "dict", "cycler"]),
                  st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
    )


statement = st.one_of(
    _expression().map(lambda e: "{{ " + e + " }}"),
    st.tuples(_expression(), _expression()).map(lambda t: "{% for i in " + t[0] + " %}{{ " + t[1] + " }}{% endfor %}"),
    st.tuples(_expression(), _expression()).map(
        lambda t: "{% for i in " + t[0] + " %}{% for j in " + t[0] + " %}{% endfor %}{% endfor %}{{ " + t[1] + " }}"),
    _expression().map(lambda e: "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(" + e + ") }}"),
    _expression().map(lambda e: "{% set s = " + e + " %}{% for i in range(40) %}{% set s = s ~ s %}{% endfor %}{{ s }}"),
)


@_settings(250)
@given(st.lists(statement, min_size=1, max_size=3).map("".join))
@example("{% for i in (0 | center(10**7)) %}{% for j in (0 | center(10**7)) %}{% endfor %}{% endfor %}{{ 0 }}")
@example("{{ 9**(9**9) }}")
@example("{{ \"x\" * 3 * 10**9 }}")
@example("{% set s = \"x\" %}{% for i in range(60) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}")
def test_template_expressions_in_form_texts(text):
    form = ("模板: 通用\n标题: 报告\n期间: 2023Q3\n日期: 2023-10-10\n指标:\n  甲: {值: 5, 单位: 件, 上期: 4}\n"
            "  乙: 10件\n开头: '" + text.replace("'", "''") + "'\n")
    durations: list[float] = []
    assert_invariant(form.encode("utf-8"), durations)
    _timed("template expressions", durations=durations)


# ---- deep nesting and aliases under every field, in forms, profiles and declarations ----

FIELDS = ["标题", "主送", "落款", "日期", "期间", "开头", "正文", "结尾", "附件", "印章", "版式", "版头", "指标", "上期"]


def _hostile_value(kind: str, size: int) -> str:
    if kind == "deep":
        return "[" * size + "]" * size
    if kind == "wide":
        return "[" + ", ".join(["甲"] * size * 100) + "]"
    levels = max(2, size // 20)
    return "\n" + "".join(f"  - &a{i} [{', '.join([f'*a{i - 1}'] * 10) if i else '甲, 乙'}]\n" for i in range(levels))


@_settings(120)
@given(st.sampled_from(["form", "profile", "declaration"]), st.sampled_from(FIELDS + ["角色", "字段", "基于"]),
       st.sampled_from(["deep", "wide", "aliases"]), st.integers(2, 200))
def test_deep_and_aliased_structures_in_every_file(where, field, kind, size):
    value = _hostile_value(kind, size)
    with tempfile.TemporaryDirectory(prefix="draft-fuzz-") as folder:
        root = Path(folder)
        (root / "templates").mkdir()
        (root / "templates" / "甲.j2").write_text('{% extends "内置/通用.j2" %}\n', encoding="utf-8")
        declaration = f"基于: 通用\n{field}: {value}\n" if where == "declaration" else "基于: 通用\n"
        (root / "templates" / "甲.yaml").write_text(declaration, encoding="utf-8")
        profile = f"{field}: {value}\n" if where == "profile" else "基于: gbt9704\n"
        (root / "版式.yaml").write_text(profile, encoding="utf-8")
        body = f"{field}: {value}\n" if where == "form" else ""
        (root / "表.yaml").write_text(f"模板: 甲\n标题: 报告\n版式: 版式.yaml\n{body}", encoding="utf-8")
        started = time.monotonic()
        code, _, err = run_cli(["build", str(root / "表.yaml"), "-q"])
        _timed("structures", started)
        assert code in (0, 1) and "内部错误" not in err, err
        if code == 1:
            assert re.search(r"\S+:\d+(:\d+)?: 错误", err) or re.search(r"\S+: 错误", err), err


# ---- imported .docx mutated at the XML level and in the zip ----

def _reference() -> bytes:
    from drafting.pipeline.stages import render_bytes
    from drafting.form.validate import load_form

    return render_bytes(load_form(EXAMPLES / "rectification-report.yaml"), "docx")


REFERENCE = None
NUMBERING = ('<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
             '<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def _mutate(data: bytes, seed: int, actions: list[str]) -> bytes:
    rng = random.Random(seed)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    document = parts.get("word/document.xml", b"").decode("utf-8")
    for action in actions:
        if action == "drop attribute":
            found = list(re.finditer(r' w:\w+="[^"]*"', document))
            if found:
                m = rng.choice(found)
                document = document[:m.start()] + document[m.end():]
        elif action == "drop element":
            found = list(re.finditer(r"<w:(\w+)[^>]*/>", document))
            if found:
                m = rng.choice(found)
                document = document[:m.start()] + document[m.end():]
        elif action == "number paragraphs":
            document = document.replace("<w:pPr>", '<w:pPr><w:numPr><w:ilvl w:val="%s"/><w:numId w:val="1"/></w:numPr>'
                                        % rng.choice(["0", "8", "9", "-1", "2000000000", "x", ""]), rng.randint(1, 40))
            parts["word/numbering.xml"] = NUMBERING.format(
                ilvl=rng.choice(["0", "3", "2000000000", "-5", "abc"]), start=rng.choice(["1", "0", "-3", "99999999", ""]),
                fmt=rng.choice(["decimal", "chineseCounting", "upperRoman", "bullet", "none", ""]),
                text=rng.choice(["%1、", "%1" * 5000, "%9.%1", "", "（%1）"])).encode("utf-8")
        elif action == "break styles":
            parts["word/styles.xml"] = rng.choice([b"", b"<w:styles", parts.get("word/styles.xml", b"")[: rng.randint(0, 500)],
                                                   b'<w:styles xmlns:w="x"><w:style/></w:styles>'])
        elif action == "truncate document":
            document = document[: rng.randint(0, len(document))]
        elif action == "remove part":
            parts.pop(rng.choice(sorted(parts)), None)
    parts["word/document.xml"] = document.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    raw = buffer.getvalue()
    if "corrupt zip" in actions:
        position = rng.randint(0, len(raw) - 1)
        raw = raw[:position] + bytes([raw[position] ^ 0xFF]) + raw[position + 1:]
    return raw


@_settings(150)
@given(st.integers(0, 10**9), st.lists(st.sampled_from(
    ["drop attribute", "drop element", "number paragraphs", "break styles", "truncate document", "remove part",
     "corrupt zip"]), min_size=1, max_size=4))
def test_mutated_documents_are_imported_or_refused(seed, actions):
    global REFERENCE
    REFERENCE = REFERENCE or _reference()
    with tempfile.TemporaryDirectory(prefix="draft-fuzz-") as folder:
        path = Path(folder) / "报告.docx"
        path.write_bytes(_mutate(REFERENCE, seed, actions))
        started = time.monotonic()
        code, _, err = run_cli(["import", str(path), "--force", "-o", str(Path(folder) / "表.yaml")])
        _timed("mutated documents", started)
        assert code in (0, 1) and "内部错误" not in err, (actions, err)
        if code == 0:
            built = run_cli(["build", str(Path(folder) / "表.yaml"), "--force", "-f", "txt", "-q"])
            assert built[0] in (0, 1) and "内部错误" not in built[2], (actions, built[2])
        else:
            assert re.search("[\u4e00-\u9fff]", err)
