"""Hostile unit forms rolled up: every field and file name holds CR, LF, U+2028, U+0085, #, {{ }} or odd numbers.

Invariants: ``draft rollup``, then ``draft check`` and ``draft build`` of the county form, never exit 3; the
county form has no key the units did not give it; every unit's text is printed as the unit printed it.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from drafting.form.literal import literal
from drafting.form.validate import load_form
from drafting.render.formtexts import expanded_form

from .test_pipeline import _settings, run_cli

HOSTILE = ["\r", "\n", "\u2028", "\x85", "#", " # ", "{{", "}}", "{%", "%}", "{#", "#}", ": ", "- ", "'", '"', "\\",
           "标题: 注入", "版头: {发文机关标志: 注入}", "{{ range(10**6) }}", "{{ 指标.案件 | 数值 }}", "&a", "*a", "!!python/object"]
WORDS = ["白河镇", "矛盾纠纷", "排查", "化解", "工作", "。", "，", "x", "1"]
COUNTY_KEYS = {"模板", "标题", "期间", "落款", "日期", "指标", "开头", "正文", "存在问题", "下一步", "附件"}
NUMBERS = ["5", "0", "-3", "12345678.123456789", "123456789012345678901234567890", "0.000000000000000000000000001",
           "96.123456789012345678901234567", "1" * 41, "1e40", "1.5", "2,966"]

texts = st.lists(st.sampled_from(HOSTILE + WORDS), min_size=1, max_size=6).map("".join)  # paragraphs: LF too
lines = st.lists(st.sampled_from([h for h in HOSTILE if h != "\n"] + WORDS), min_size=1, max_size=6).map("".join)
names = lines.filter(lambda t: t.strip() and "/" not in t)
plain = st.decimals(min_value=-10 ** 12, max_value=10 ** 12, places=3, allow_nan=False, allow_infinity=False).map(str)
numbers = st.one_of(plain, plain, plain, st.sampled_from(NUMBERS))  # odd ones one time in four


@st.composite
def units(draw) -> list[tuple[str, dict]]:
    """Two or three unit forms as data, with the file name each is saved under."""
    found = []
    for index in range(draw(st.integers(2, 3))):
        figures = {}
        keys = st.one_of(st.sampled_from(["案件", "受理", "化解"]), texts.filter(str.strip))  # a key may hold a LF
        for name in draw(st.lists(keys, max_size=3, unique=True)):
            value, unit = draw(numbers), draw(st.sampled_from(["件"] * 12 + ["亩", "", "%", "{{x}}", "#", "\r"]))
            figures[name] = {"值": value, "单位": unit} if draw(st.booleans()) else f"{value}{unit}"
        raw = draw(st.integers(0, 5)) == 0  # sometimes a text the unit renders itself (its own template code)
        body = [{"标题": literal(draw(lines)), "下级": [{"引语": literal(draw(lines)), "内容": literal(draw(lines))}]},
                draw(texts) if raw else literal(draw(texts))]
        data = {"模板": "工作总结", "标题": literal(draw(lines)), "期间": "2023H1", "主送": literal(draw(lines)),
                "落款": literal(draw(names)) + str(index), "日期": "2023-07-05", "指标": figures, "正文": body,
                "存在问题": [literal(draw(texts))], "下一步": [{"引语": literal(draw(lines)), "内容": literal(draw(lines))}]}
        found.append((f"{index}{draw(names)}.yaml", data))
    return found


# A located message: file:line:col (a unit's file name may hold any character), or 命令行.
LOCATION = re.compile(r"(\.yaml|命令行)(:\d+(:\d+)?)?: (错误|警告)")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printed(path: Path) -> list[str]:
    """The unit's texts as the unit itself prints them (its items' contents)."""
    form = expanded_form(load_form(path))
    return [str(child.text) for item in form.body for child in (item.children or (item,)) if child.text]


def assert_rollup_invariant(unit_forms: list[tuple[str, dict]]) -> None:
    """Roll the units up, check and build the county: never exit 3, no foreign key, every text as written."""
    with tempfile.TemporaryDirectory(prefix="draft-fuzz-rollup-") as folder:
        paths = []
        for name, data in unit_forms:
            path = Path(folder) / name
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            paths.append(path)
        county = Path(folder) / "县" / "全县.yaml"
        county.parent.mkdir()
        code, _, err = run_cli(["rollup", *map(str, paths), "-o", str(county)])
        assert code in (0, 1), err
        if code == 1:
            assert LOCATION.search(err) and "Traceback" not in err, err
            return
        data = yaml.safe_load(county.read_text(encoding="utf-8"))
        assert set(data) <= COUNTY_KEYS, set(data) - COUNTY_KEYS
        unit_figures = {name for path in paths for name in load_form(path).figures}
        assert set(data.get("指标") or {}) <= unit_figures
        code, out, err = run_cli(["check", str(county)])
        assert code in (0, 1) and "Traceback" not in err, err
        errors = [line for line in (out + err).splitlines() if "错误[" in line]
        assert all("错误[C" in line for line in errors), errors  # only the checker's words on content, no F/E code
        out_file = county.with_suffix(".txt")
        code, _, err = run_cli(["build", str(county), "-f", "txt", "-o", str(out_file), "-q", "--force"])
        assert code == 0, err
        printed = _flat(out_file.read_text(encoding="utf-8"))
        for path in paths:
            for text in _printed(path):
                assert _flat(text) in printed, (text, printed[:2000])


@_settings(60)
@given(units())
@example([("0甲{{.yaml", {"模板": "工作总结", "期间": "2023H1", "主送": "县委\r标题: 注入", "落款": "恶意3镇\r标题: 被注入的标题3",
                         "指标": {"案件": "12345678.123456789件", "案件 }}{{ 7*7": "5件", "甲\n乙": "1件"},
                         "正文": ["{{ '{{' }} range(10**6) }}"]}),
          ("1乙\u2028版头: x.yaml", {"模板": "工作总结", "期间": "2023H1", "主送": "县委", "落款": "乙镇",
                                   "指标": {"案件": "123456789012345678901234567890件"}, "正文": ["{{ 指标.案件 }}"]})])
def test_hostile_units_roll_up_check_and_build(unit_forms):
    assert_rollup_invariant(unit_forms)
