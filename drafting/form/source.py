"""Read a form file into YAML nodes that keep their line and column."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from ..chars import INVISIBLE, UNWANTED, split_lines
from ..errors import NOTICE, FormError, Location, Problem, display_name, excerpt_of, os_reason
from .budgets import MAX_BYTES, check_tree
from .resolver import FolderResolver, NotRegularFile, Resolver, TooLarge

try:  # the C composer is several times faster and keeps marks all the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


class SourceText:
    """A file's decoded text, the name used in messages, and its lines as YAML counts them.

    ``text`` is what YAML reads; when the reader forgave something (a full-width colon after a field
    name), ``typed`` is what the user wrote and ``shifts`` maps YAML's columns back to the user's.
    """

    __slots__ = ("path", "name", "text", "typed", "shifts", "_lines")

    def __init__(self, path: Path, name: str, text: str, typed: str | None = None,
                 shifts: dict[int, list[tuple[int, int]]] | None = None) -> None:
        self.path, self.name, self.text = path, name, text
        self.typed = text if typed is None else typed
        self.shifts = shifts or {}
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        """The lines as the user typed them, split where YAML counts a line break (computed once)."""
        if self._lines is None:
            self._lines = split_lines(self.typed)
        return self._lines

    def column(self, line: int, column: int) -> int:
        """The user's 1-based column for YAML's 1-based ``column`` on ``line``."""
        for start, delta in self.shifts.get(line, ()):
            if column > start:
                column -= delta
        return column

    def location(self, node: yaml.Node | None) -> Location:
        """Return the location of ``node`` (1-based line and column, as the user typed them)."""
        if node is None:
            return Location(self.name, 1, 1)
        mark = node.start_mark
        return Location(self.name, mark.line + 1, self.column(mark.line + 1, mark.column + 1))

    def excerpt(self, line: int | None) -> str | None:
        """The source line ``line`` (1-based), for quoting under a message."""
        return excerpt_of(self.lines, line)

    def problem(self, node: yaml.Node | None, message: str, hint: str | None = None,
                code: str = "E100") -> Problem:
        """Build a problem located at ``node``, quoting its source line."""
        loc = self.location(node)
        return Problem(loc, message, hint, code, excerpt=self.excerpt(loc.line))


def fix_text(source: SourceText) -> tuple[SourceText, list[Problem]]:
    """The source without control and invisible characters, and a notice for each one removed."""
    notices: list[Problem] = []
    lines = source.text.split("\n")
    for lineno, line in enumerate(lines, start=1):
        found = sorted(list(UNWANTED.finditer(line)) + list(INVISIBLE.finditer(line)), key=lambda m: m.start())
        found = [m for m in found if not (m.start() == 0 and lineno == 1 and m.group() == "\ufeff")]
        for match in found:
            notices.append(Problem(Location(source.name, lineno, match.start() + 1),
                                   f"已删除第{lineno}行第{match.start() + 1}列的不可见字符 U+{ord(match.group()):04X}",
                                   None, "E004", NOTICE))
        if found:
            lines[lineno - 1] = INVISIBLE.sub("", UNWANTED.sub("", line))
    return SourceText(source.path, source.name, "\n".join(lines)), notices


# PyYAML's English problems, turned into Chinese with a hint.
_YAML_PROBLEMS: list[tuple[str, str, str]] = [
    ("found character '\\t' that cannot start any token", "缩进里有制表符（Tab）",
     "YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("found a tab character", "缩进里有制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("mapping values are not allowed here", "这里不能出现“键: 值”",
     "检查上一行是否缺少冒号后的空格、引号没有配对，或本行缩进不对"),
    ("could not find expected ':'", "缺少冒号", "每个字段写成“字段名: 内容”，冒号后留一个空格"),
    ("did not find expected key", "缩进不一致，找不到字段名", "同一层的字段要对齐到同一列"),
    ("did not find expected '-' indicator", "列表缩进不一致", "同一列表的各项“- ”要对齐到同一列"),
    ("found unexpected end of stream", "文件在引号或括号配对之前就结束了", "检查引号、方括号、花括号是否成对"),
    ("found undefined alias", "用到了没有定义的锚点别名（*名称）", "先用 &名称 定义，或删掉 *名称"),
    ("found unknown escape character", "双引号字符串里有无效的反斜杠转义", "改用单引号，或把 \\ 写成 \\\\"),
    ("did not find expected ',' or ']'", "方括号列表没有正确结束", "检查逗号和右方括号 ]"),
    ("did not find expected ',' or '}'", "花括号没有正确结束", "检查逗号和右花括号 }"),
    ("could not determine a constructor for the tag", "不支持的 YAML 标签（如 !!python/object）",
     "表单只能包含文字、数字、日期、列表和字段，请删掉以 ! 开头的标签"),
    ("expected a single document in the stream", "文件里有多个 YAML 文档（出现了 ---）",
     "一个表单文件只能有一份文档，请删掉多余的 ---"),
]




def read_source(path: Path, fix: bool = False, resolver: Resolver | None = None) -> tuple[SourceText, list[Problem]]:
    """Read and decode a form file; with ``fix`` (--fix-text) also the notices of what was removed.

    The bytes come through ``resolver`` (else from disk). Raises FormError if the file is missing,
    unreadable or binary.
    """
    name = display_name(path)
    try:
        raw = _read_regular_file(path, name, resolver)
    except FileNotFoundError:
        raise FormError(Problem(Location(name), f"找不到表单文件“{name}”",
                                "检查文件名和所在文件夹是否写对", "E001")) from None
    except IsADirectoryError:
        raise FormError(Problem(Location(name), f"“{name}”是文件夹，不是表单文件",
                                "请给出一个 .yaml 表单文件", "E001")) from None
    except OSError as exc:
        raise FormError(Problem(Location(name), f"无法读取表单文件“{name}”：{os_reason(exc)}",
                                "检查文件权限", "E001")) from None
    if b"\x00" in raw[:8192]:
        raise FormError(Problem(Location(name, 1, 1), f"“{name}”不是文本文件（像是二进制文件）",
                                "表单应是 UTF-8 编码的 YAML 文本文件", "E002"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise FormError(Problem(Location(name, 1, 1), f"无法识别“{name}”的文字编码",
                                    "请用 UTF-8 编码另存该文件", "E002")) from None
    source = SourceText(path, name, text)
    if fix:
        return fix_text(source)
    return source, []


def _read_regular_file(path: Path, name: str, resolver: Resolver | None) -> bytes:
    """The bytes of ``path`` if it is an ordinary file of reasonable size (a FIFO or /dev/zero would never end)."""
    try:
        return (resolver or FolderResolver()).read_bytes(path, MAX_BYTES)
    except NotRegularFile:
        raise FormError(Problem(Location(name), f"“{name}”不是普通文件（是设备、管道或套接字）",
                                "请给出一个 .yaml 表单文件", "E001")) from None
    except TooLarge as exc:
        raise FormError(Problem(Location(name), f"“{name}”太大（{exc.size // 1_000_000} MB），不像一份表单",
                                f"表单文件最大 {MAX_BYTES // 1_000_000} MB", "E002")) from None


def check_control_characters(source: SourceText) -> list[Problem]:
    """Find characters a form cannot hold, each with its line and column."""
    if UNWANTED.search(source.text) is None:  # the usual case: one scan, no line split
        return []
    problems = []
    for lineno, line in enumerate(source.lines, start=1):
        for match in UNWANTED.finditer(line):
            char = match.group()
            col = match.start() + 1
            problems.append(Problem(
                Location(source.name, lineno, col),
                f"第{lineno}行第{col}列有不可见的控制字符 U+{ord(char):04X}",
                "这类字符通常是从网页或聊天软件复制带进来的，请删掉它，或加 --fix-text 自动删除", "E003",
                excerpt=line.replace(char, "\ufffd")))
    return problems


def compose(source: SourceText) -> yaml.Node | None:
    """Parse the text into a node tree. Raises FormError for YAML syntax errors."""
    problems = check_control_characters(source)
    if problems:
        raise FormError(problems)
    try:
        root = yaml.compose(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise FormError(_yaml_problem(source, exc)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, found before any mark exists
        position = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
            position = len(source.text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        line, column = _line_and_column(source.text, position)
        raise FormError(Problem(Location(source.name, line, column),
                                f"第{line}行第{column}列有 YAML 不允许的字符 U+{exc.character:04X}"
                                if isinstance(exc.character, int) else f"第{line}行第{column}列有 YAML 不允许的字符",
                                "删掉这个字符，或加 --fix-text 自动删除", "E003",
                                excerpt=source.excerpt(line))) from None
    except yaml.YAMLError:  # pragma: no cover - every other YAML error carries a mark
        raise FormError(Problem(Location(source.name, 1, 1), "YAML 格式错误",
                                "对照 docs/form.md 里的表单示例检查格式", "E010")) from None
    except RecursionError:
        raise FormError(Problem(Location(source.name, 1, 1), "表单的嵌套层数太多，无法读取",
                                "表单最多四级标题，检查是否有成百上千层的 [ ] 或缩进", "E011")) from None
    too_large = check_tree(source.name, root, may_alias="*" in source.text)
    if too_large:
        raise FormError([p._replace(excerpt=source.excerpt(p.location.line)) for p in too_large])
    return root


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    """The 1-based line and column of character ``position``, counting lines as YAML does."""
    before = split_lines(text[:position] + "\x00")  # the sentinel keeps a trailing empty line
    return len(before), len(before[-1])


_VALUE = r"^(\s*(?:-\s+)*)([^:#]+?):\s+(.*)$"  # compiled (by re) when met


def _yaml_problem(source: SourceText, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = source.column(line, mark.column + 1) if mark and line else None
    english = " ".join(filter(None, [exc.context, exc.problem]))
    message, hint = "YAML 格式错误：这一行的写法不对", "对照 docs/form.md 里的表单示例检查这一行的格式（缩进、冒号、引号、括号）"
    if mark is not None and "cannot start any token" in english:
        char = source.text[mark.index] if mark.index < len(source.text) else ""
        english = "found a tab character" if char == "\t" else english
        if char and char != "\t":
            message, hint = f"YAML 格式错误：这里的字符“{char}”不能出现在行首", "给这段文字加上引号，如 \"@某某\""
    for needle, chinese, advice in _YAML_PROBLEMS:
        if needle in english:
            message, hint = f"YAML 格式错误：{chinese}", advice
            break
    located = _where_typed(source, line, english)
    if located is not None:
        line, col, message, hint = located
    return Problem(Location(source.name, line, col), message, hint, "E010", excerpt=source.excerpt(line))


def _where_typed(source: SourceText, line: int | None, english: str) -> tuple[int, int, str, str] | None:
    """The habits behind the commonest YAML errors, at the line and column where the user made them."""
    lines = source.lines
    if line is None:
        return None
    for number in range(min(line, len(lines)), max(0, line - 3), -1):  # the mistake is on this line or just above
        typed = re.match(_VALUE, lines[number - 1])
        if typed is None:
            continue
        key, value = typed.group(2).strip(), typed.group(3)
        start = len(lines[number - 1]) - len(value) + 1
        if value.startswith(("{{", "{%")):
            return (number, start, "YAML 格式错误：以 {{ 开头的文字要加引号",
                    f"写成 {key}: \"{value}\"（整段文字放在英文双引号里）")
        if "mapping values are not allowed" in english and ": " in value:
            return (number, start + value.index(": "), "YAML 格式错误：这段文字里有半角冒号加空格“: ”，被当成了又一个字段",
                    "给这段文字加引号，或把“: ”改成全角“：”")
    if "could not find expected ':'" in english:
        for number in range(min(line, len(lines) + 1) - 1, 0, -1):
            text = lines[number - 1]
            if text.strip() and not text.lstrip().startswith("#"):
                if ":" not in text and "：" not in text:
                    indent = len(text) - len(text.lstrip())
                    return (number, indent + 1, "YAML 格式错误：这一行缺少冒号",
                            "每个字段写成“字段名: 内容”，冒号后留一个空格")
                break
    return None


STANDARD_TAGS = frozenset("tag:yaml.org,2002:" + name for name in
                          ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))


def scalar_value(node: yaml.ScalarNode) -> Any:
    """Construct a scalar node's value as PyYAML's safe loader would."""
    # A constructor remembers what it built and toggles its own flags while building: each call gets its
    # own (0.4 µs), so that threads reading forms at once never share one.
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except (ConstructorError, ValueError):
        return node.value
