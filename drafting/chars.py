"""Character tables every stage shares: what XML and YAML cannot hold, invisible characters, GB2312, widths."""
from __future__ import annotations

import functools
import re

# Characters XML 1.0 cannot hold (tab, LF and CR are allowed).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Characters a form cannot hold: XML's, plus DEL and the C1 controls that YAML refuses (NEL is a line break).
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
# Invisible characters pasted from web pages and chat apps: zero-width and bidirectional controls.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# Line breaks as YAML counts them: its line numbers are the ones every message quotes.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """``text`` cut into lines exactly where YAML counts a new line (not at \\x0b, \\x0c or \\x1c–\\x1e)."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@functools.cache
def shared_symbols() -> re.Pattern[str]:
    """Runs of characters Chinese and Western text share (“”‘’—…·①×℃ …: Unicode's ambiguous width,
    letters aside). Word draws them in the East Asian font when a run says so (w:hint); LibreOffice
    and WPS take the font of the neighbouring character, so a ” after a digit comes out in Times.
    """
    import unicodedata

    chars = "".join(chr(code) for code in range(0xA1, 0x3000)
                    if unicodedata.east_asian_width(chr(code)) == "A" and unicodedata.category(chr(code))[0] not in "LM")
    return re.compile("([" + re.escape(chars) + "]+)")


def ink(text: str) -> str:
    """The characters of ``text`` that leave ink on a page: no whitespace, no invisible format characters."""
    import unicodedata

    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def in_gb2312(text: str) -> bool:
    """True when every character of ``text`` is in GB2312 (so a _GB2312 font can print it)."""
    try:
        text.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def is_cjk(char: str) -> bool:
    """Whether ``char`` is a Chinese character (CJK unified ideographs, extension A, compatibility)."""
    code = ord(char)
    return 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


# The shared punctuation Chinese text uses most, which the docx writer sets in the Chinese font (full width).
_FULL_WIDTH_SHARED = frozenset("“”‘’—―…·•※×÷±°℃‰§№") | frozenset(map(chr, range(0x2460, 0x24A0)))


def page_width(text: str) -> float:
    """Width on the page in characters: full-width 1 (with the shared punctuation in the Chinese font), ASCII 0.5."""
    return sum(0.5 if ord(c) < 0x2E80 and c not in _FULL_WIDTH_SHARED else 1.0 for c in text)


def terminal_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if ord(c) >= 0x1100 and not 0xFF61 <= ord(c) <= 0xFFDC else 1 for c in text)


SHOWN_CHARS = 40  # a value quoted in a message is cut here: a message never grows with the input


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` as a message quotes it: cut at ``limit`` characters, with “…” when cut."""
    return text if len(text) <= limit else text[:limit] + "…"
