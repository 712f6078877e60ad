"""Chinese numerals and heading labels."""
import pytest

from drafting.document.numerals import (chinese_numeral, enumeration_label, heading_label, parse_numeral,
                                        read_heading_label)


@pytest.mark.parametrize("n, text", [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1000, "一千"), (1001, "一千零一"),
    (10000, "一万"), (10001, "一万零一"), (120300, "十二万零三百"), (99999, "九万九千九百九十九"), (100000000, "一亿"),
    (10010, "一万零一十"), (20015, "二万零一十五"), (100010, "十万零一十"), (1000000010, "十亿零一十"),
])
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


@pytest.mark.parametrize("n", [0, -1])
def test_chinese_numeral_rejects_out_of_range(n):
    with pytest.raises(ValueError):
        chinese_numeral(n)


@pytest.mark.parametrize("level, n, two_level, label", [
    (1, 1, False, "一、"), (1, 11, False, "十一、"), (1, 20, False, "二十、"),
    (2, 1, False, "（一）"), (2, 12, False, "（十二）"),
    (3, 1, False, "1."), (3, 12, False, "12."),
    (4, 3, False, "（3）"),
    (1, 2, True, "二、"), (2, 3, True, "3."), (3, 4, True, "（4）"),
])
def test_heading_label(level, n, two_level, label):
    assert heading_label(level, n, two_level) == label


def test_heading_label_rejects_level_five():
    with pytest.raises(ValueError):
        heading_label(5, 1)


@pytest.mark.parametrize("n, label", [(1, "一是"), (3, "三是"), (10, "十是"), (11, "十一是")])
def test_enumeration_label(n, label):
    assert enumeration_label(n) == label


@pytest.mark.parametrize("n", [*range(1, 1200, 7), 10010, 20015, 100010, 120300, 100000000, 123456789])
def test_numerals_read_back_to_their_value(n):
    """Reading is the inverse of writing: what chinese_numeral writes, parse_numeral reads."""
    assert parse_numeral(chinese_numeral(n)) == n


@pytest.mark.parametrize("level", [1, 2, 3, 4])
@pytest.mark.parametrize("n", [1, 9, 10, 11, 20, 105])
def test_heading_labels_read_back_to_level_and_number(level, n):
    label = heading_label(level, n)
    assert read_heading_label(label + "工作") == (level, n, label)


@pytest.mark.parametrize("typed, expected", [
    ("一，工作", (1, 1, "一，")), ("十一.工作", (1, 11, "十一.")), ("(三)工作", (2, 3, "(三)")),
    ("１２．工作", (3, 12, "１２．")), ("3、工作", (3, 3, "3、")), ("(4)工作", (4, 4, "(4)")),
    ("1.5万人", None), ("一是健全", None), ("一、", None), ("工作一、", None),
])
def test_typed_variants_of_heading_numbers(typed, expected):
    assert read_heading_label(typed) == expected
