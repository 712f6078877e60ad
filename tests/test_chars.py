"""Character tables: what XML and YAML cannot hold, invisible characters, GB2312, widths on the page and the terminal."""
from __future__ import annotations

from drafting.chars import INVISIBLE, UNWANTED, XML_ILLEGAL, in_gb2312, is_cjk, page_width, terminal_width


def test_what_a_form_cannot_hold():
    assert XML_ILLEGAL.findall("a\x00\x08\tb\n\x0b\x1f\ufffe") == ["\x00", "\x08", "\x0b", "\x1f", "\ufffe"]
    assert UNWANTED.findall("\x7f\x80\x85\x9f\xa0") == ["\x7f", "\x80", "\x9f"]  # NEL is a line break, NBSP text
    assert INVISIBLE.findall("甲\u200b乙\u202e丙\ufeff") == ["\u200b", "\u202e", "\ufeff"]


def test_gb2312_and_cjk():
    assert in_gb2312("仿宋政法") and not in_gb2312("䶮") and in_gb2312("")
    assert is_cjk("政") and is_cjk("䶮") and not is_cjk("，") and not is_cjk("a")


def test_widths():
    assert page_width("政法abc") == 3.5 and page_width("（一）") == 3.0
    assert page_width("“两卡”——①") == 7.0  # shared punctuation is set in the Chinese font: full width
    assert terminal_width("政法ab") == 6 and terminal_width("ｱ") == 1


def test_shared_symbols_are_the_ambiguous_width_punctuation_and_symbols():
    from drafting.chars import shared_symbols

    assert shared_symbols().findall("“3·15”——A级…①×2℃，《书》") == ["“", "·", "”——", "…①×", "℃"]
    assert not shared_symbols().search("abc123，。、《》（）αβ")  # wide punctuation and letters are left alone


def test_the_shared_symbols_table_is_unicodes_ambiguous_width_symbols():
    """The written-out ranges are exactly what unicodedata says (letters and marks aside, U+00A1 to U+2FFF)."""
    import re
    import unicodedata

    from drafting.chars import SHARED_SYMBOL_RANGES

    derived = {chr(code) for code in range(0xA1, 0x3000)
               if unicodedata.east_asian_width(chr(code)) == "A" and unicodedata.category(chr(code))[0] not in "LM"}
    table = re.compile("[" + SHARED_SYMBOL_RANGES + "]")
    assert {chr(code) for code in range(0x110000) if table.fullmatch(chr(code))} == derived
