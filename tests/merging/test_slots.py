"""Form paths as the merge reads them: list positions are plain ASCII numbers; any other step is a key."""
from __future__ import annotations

from drafting.merging.slots import resolve, split_path


def test_digits_that_are_not_ascii_or_too_long_for_int_are_keys_not_a_crash():
    """Bug: "²".isdigit() is true but int("²") raises, and so does int() of 5,000 digits."""
    assert split_path("指标/²") == ["指标", "²"]
    assert split_path("正文/０") == ["正文", "０"]
    assert split_path("正文/" + "9" * 5000) == ["正文", "9" * 5000]
    assert split_path("正文/12/内容") == ["正文", 12, "内容"]
    data = {"指标": {"²": 1}, "正文": [{"内容": "甲"}]}
    assert resolve(data, "指标/²").key == "²"
    assert resolve(data, "正文/" + "9" * 5000) is None


def test_an_item_path_ending_in_a_digit_that_is_not_ascii_is_no_list_item():
    from drafting.merging.slots import item_path, list_of

    assert list_of("指标/²") is None and list_of("正文/3") == ("正文", 3)
    assert item_path("指标/²") is None
