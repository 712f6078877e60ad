"""One register of message codes: each code the source uses is declared in drafting.codes and explained in docs."""
from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from drafting.codes import CODES, DOCUMENT, SERIES, meaning, series

from .conftest import ROOT

PACKAGE = ROOT / "drafting"
REGISTER = PACKAGE / "codes.py"
CODE = re.compile(r"[A-Z]\d{3}")
MENTION = re.compile(r"(?<![A-Za-z0-9_+\\])[A-Z]\d{3}(?![A-Za-z0-9_])")
QUOTED = re.compile(r"""(?<![A-Za-z0-9_])["'`]([A-Z]\d{3})["'`]""")
NOQA = re.compile(r"noqa:?[ A-Z0-9,]*")  # flake8's own codes (E731, F401) are not ours
ROW = re.compile(r"^\| *([A-Z]\d{3}) *\| *(.*?) *\| *(.*?) *\|$", re.M)


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def used_codes() -> dict[str, list[str]]:
    """Every code a literal of the package holds whole (a Python string, a quoted JS/HTML string), with where."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == REGISTER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
                found.setdefault(node.value, []).append(_where(path, node.lineno))
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".js", ".html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in QUOTED.finditer(line):
                found.setdefault(match.group(1), []).append(_where(path, number))
    return found


def mentioned_codes(paths: list[Path]) -> dict[str, list[str]]:
    """Every code named anywhere in ``paths`` (comments, docstrings, prose), flake8's noqa codes aside."""
    found: dict[str, list[str]] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in MENTION.finditer(NOQA.sub("", line)):
                found.setdefault(match.group(), []).append(_where(path, number))
    return found


def documented() -> list[tuple[str, str, str]]:
    """The rows of docs/codes.md's tables: code, meaning, causes and what to do."""
    return ROW.findall((ROOT / DOCUMENT).read_text(encoding="utf-8"))


USED = used_codes()


def test_every_code_used_is_declared():
    undeclared = {code: where for code, where in USED.items() if code not in CODES}
    assert undeclared == {}, "declare these in drafting/codes.py and explain them in docs/codes.md"


def test_every_code_declared_is_used():
    assert sorted(set(CODES) - set(USED)) == []


def test_every_code_is_declared_once():
    tree = ast.parse(REGISTER.read_text(encoding="utf-8"))
    keys = [key.value for node in ast.walk(tree) if isinstance(node, ast.Dict)
            for key in node.keys if isinstance(key, ast.Constant) and CODE.fullmatch(str(key.value))]
    assert [code for code, count in Counter(keys).items() if count > 1] == []
    assert len(keys) == len(CODES)


def test_every_code_belongs_to_a_series_and_has_a_meaning():
    assert {code[0] for code in CODES} == set(SERIES)
    for code, said in CODES.items():
        assert CODE.fullmatch(code) and said.strip() and "\n" not in said and "|" not in said, code


def test_docs_list_every_code_once_with_its_meaning_and_what_to_do():
    rows = documented()
    codes = [code for code, _, _ in rows]
    assert [code for code, count in Counter(codes).items() if count > 1] == []
    assert sorted(set(CODES) - set(codes)) == [], "explain these in docs/codes.md"
    assert sorted(set(codes) - set(CODES)) == [], "docs/codes.md lists codes drafting never prints"
    for code, said, advice in rows:
        assert said == CODES[code], f"{code}: docs/codes.md says “{said}”, drafting/codes.py “{CODES[code]}”"
        assert len(advice) >= 6, code


def test_docs_put_each_code_under_its_series():
    text = (ROOT / DOCUMENT).read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    for letter, name in SERIES.items():
        section = next((s for s in sections if s.startswith(f"{letter} {name}\n")), None)
        assert section is not None, f"docs/codes.md has no heading “## {letter} {name}”"
        assert {code for code, _, _ in ROW.findall(section)} == {c for c in CODES if c[0] == letter}, letter


def test_docs_explain_every_exit_code():
    from drafting.cli.app import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
    from drafting.errors import DraftError, UsageError

    text = (ROOT / DOCUMENT).read_text(encoding="utf-8")
    table = text[text.index("## 退出码"):text.index("## ", text.index("## 退出码") + 1)]
    listed = {int(n) for n in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert {EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL, DraftError.exit_code, UsageError.exit_code, 130} <= listed


def test_codes_named_in_comments_readme_and_docs_exist():
    """A comment saying (E141) when the code prints E157 misleads the next reader."""
    paths = sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".js", ".html"))
    paths += [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    unknown = {code: where for code, where in mentioned_codes(paths).items() if code not in CODES}
    assert unknown == {}


def test_the_scan_finds_codes_where_they_are_written():
    """The scan itself: a code in Problem(), in code=, in a comparison and in a Rule are all found; hex is not."""
    assert "C201" in USED and "X001" in USED and "S040" in USED  # a Rule, a comparison, a JSON reply's "code"
    assert "E000" in USED and "E100" in USED  # defaults: Problem.code, NodeReader.error(code=...)
    assert not any(code.startswith("U") for code in USED)


def test_meaning_and_series():
    assert meaning("C201") == CODES["C201"]
    assert series("C201") == SERIES["C"]
    with pytest.raises(KeyError):
        meaning("Z999")
