"""Jinja's English syntax errors in Chinese, with the piece of text they are about (to put the caret under it)."""
from __future__ import annotations

import re

from ..records import NamedTuple

_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of comment": "#}",
           "begin of print statement": "{{", "name": "名称", "integer": "数字", "float": "数字", "string": "文字",
           "end of template": "文字末尾", "rparen": ")", "rbracket": "]", "rbrace": "}", "comma": ","}


class Translated(NamedTuple):
    """A syntax error in Chinese, and what in the text it points at (None: the text as a whole)."""

    message: str
    snippet: str | None = None
    offset: int | None = None


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


def translate(message: str, filters: list[str] | None = None) -> Translated:
    """Jinja's ``message`` in Chinese; ``filters`` are the names a misspelt filter is matched against."""
    text = message.strip()
    found = re.match(r"^No (filter|test) named '(.+?)'\.?", text)
    if found:
        from ..form.nodes import suggest

        kind = "过滤器" if found.group(1) == "filter" else "判断"
        return Translated(f"没有叫“{found.group(2)}”的{kind}{suggest(found.group(2), filters or [])}", found.group(2))
    found = re.match(r"^unexpected char '(.+?)' at (\d+)", text)
    if found:
        char = found.group(1)
        advice = "（竖线要用半角的“|”）" if char == "｜" else "（{{ }} 里只能写半角符号）" if ord(char[0]) > 0x2000 else ""
        return Translated(f"{{{{ }}}} 里有不能用的字符“{char}”{advice}", char, int(found.group(2)))
    found = re.match(r"^unexpected end of template, expected '(.+?)'\.?", text)
    if found:
        return Translated(f"{{{{ }}}} 没有写完：缺少“{_token(found.group(1))}”")
    if text.startswith("Unexpected end of template"):
        return Translated("{% %} 没有写完：缺少对应的结束标记（如 {% endfor %}、{% endif %}）")
    found = re.match(r"^Expected an expression, got '(.+?)'", text)
    if found:
        return Translated(f"{{{{ }}}} 里缺少内容：在“{_token(found.group(1))}”之前应有要写出的指标或文字", _token(found.group(1)))
    found = re.match(r"^expected token '(.+?)', got '(.+?)'", text)
    if found:
        return Translated(f"{{{{ }}}} 写法不对：这里应是“{_token(found.group(1))}”，实际是“{_token(found.group(2))}”",
                          found.group(2))
    found = re.match(r"^unexpected '(.+?)'(?:, expected '(.+?)')?", text)
    if found:
        expected = f"，这里应是“{_token(found.group(2))}”" if found.group(2) else ""
        return Translated(f"{{{{ }}}} 写法不对：多了“{_token(found.group(1))}”{expected}", found.group(1))
    found = re.match(r"^Encountered unknown tag '(.+?)'", text)
    if found:
        return Translated(f"不认识的标记“{{% {found.group(1)} %}}”", found.group(1))
    if text.startswith(("tag name expected", "expected name or number", "expected subscript expression")):
        return Translated("{{ }} 或 {% %} 里的写法不完整")
    if "missing end of comment tag" in text:
        return Translated("注释 {# 没有用 #} 结束")
    return Translated("{{ }} 或 {% %} 的写法不对")


def python_error(exc: BaseException) -> str:
    """What a calculation's error means, in Chinese (never Python's English)."""
    if isinstance(exc, ZeroDivisionError):
        return "除数为 0"
    if isinstance(exc, OverflowError):
        return "数字或范围太大（range 最多 10 万项）"
    if isinstance(exc, TypeError):
        return "这两样东西不能这样计算（比如把文字和数字相加）"
    if isinstance(exc, LookupError):
        return "取的项不存在（下标超出范围，或没有这个名称）"
    if isinstance(exc, ValueError):
        return "值不对（比如把文字当成数字）"
    return "无法计算"
