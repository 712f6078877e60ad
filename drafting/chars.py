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


# Characters Chinese and Western text share (“”‘’—…·①×℃ …): Unicode's ambiguous width (East Asian Width
# "A") from U+00A1 to U+2FFF, letters and marks aside, as ranges. Written out because working it out from
# unicodedata at every start cost more than the whole first build's writing (tests/test_chars.py derives it
# again and compares).
SHARED_SYMBOL_RANGES = (
    "\xa1\xa4\xa7\xa8\xad\xae\xb0-\xb4\xb6-\xb9\xbc-\xbf\xd7\xf7\u02c4\u02d8-\u02db\u02dd\u02df\u2010"
    "\u2013-\u2016\u2018\u2019\u201c\u201d\u2020-\u2022\u2024-\u2027\u2030\u2032\u2033\u2035\u203b"
    "\u203e\u2074\u2081-\u2084\u20ac\u2103\u2105\u2109\u2116\u2121\u2122\u2153\u2154\u215b-\u215e"
    "\u2160-\u216b\u2170-\u2179\u2189\u2190-\u2199\u21b8\u21b9\u21d2\u21d4\u21e7\u2200\u2202\u2203"
    "\u2207\u2208\u220b\u220f\u2211\u2215\u221a\u221d-\u2220\u2223\u2225\u2227-\u222c\u222e"
    "\u2234-\u2237\u223c\u223d\u2248\u224c\u2252\u2260\u2261\u2264-\u2267\u226a\u226b\u226e\u226f"
    "\u2282\u2283\u2286\u2287\u2295\u2299\u22a5\u22bf\u2312\u2460-\u24e9\u24eb-\u254b\u2550-\u2573"
    "\u2580-\u258f\u2592-\u2595\u25a0\u25a1\u25a3-\u25a9\u25b2\u25b3\u25b6\u25b7\u25bc\u25bd"
    "\u25c0\u25c1\u25c6-\u25c8\u25cb\u25ce-\u25d1\u25e2-\u25e5\u25ef\u2605\u2606\u2609\u260e\u260f"
    "\u261c\u261e\u2640\u2642\u2660\u2661\u2663-\u2665\u2667-\u266a\u266c\u266d\u266f\u269e\u269f"
    "\u26bf\u26c6-\u26cd\u26cf-\u26d3\u26d5-\u26e1\u26e3\u26e8\u26e9\u26eb-\u26f1\u26f4\u26f6-\u26f9"
    "\u26fb\u26fc\u26fe\u26ff\u273d\u2776-\u277f\u2b56-\u2b59"
)


@functools.cache
def shared_symbols() -> re.Pattern[str]:
    """Runs of characters Chinese and Western text share (:data:`SHARED_SYMBOL_RANGES`). Word draws them in
    the East Asian font when a run says so (w:hint); LibreOffice and WPS take the font of the neighbouring
    character, so a ” after a digit comes out in Times.
    """
    return re.compile("([" + SHARED_SYMBOL_RANGES + "]+)")


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
