"""The edits a change makes to the form's round-trip data (drafting/merging/ops.py)."""
from __future__ import annotations

import pytest

from drafting.form.roundtrip import dump_round_trip, load_round_trip
from drafting.merging.ops import apply, delete_entry

FORM = """正文:
  - 标题: 甲
    列举:
      - 一  # 第一项
      - 二{second}
      - 三{third}

# 结尾的说明
结尾: 好。
"""


@pytest.mark.parametrize("second", ["", "  # 第二项"])
@pytest.mark.parametrize("third", ["", "  # 第三项"])
@pytest.mark.parametrize("gone", [0, 1, 2])
def test_a_deleted_list_entry_takes_only_its_own_line(gone: int, second: str, third: str) -> None:
    text = FORM.format(second=second, third=third)
    yaml, data = load_round_trip(text)
    assert apply(data, [delete_entry("正文/0/列举", gone)]) == []
    lines = text.splitlines(keepends=True)
    assert dump_round_trip(yaml, data) == "".join(lines[:3 + gone] + lines[4 + gone:])


def test_an_entry_no_longer_there_is_not_deleted() -> None:
    _, data = load_round_trip(FORM.format(second="", third=""))
    assert apply(data, [delete_entry("正文/0/列举", 3), delete_entry("正文/5/列举", 0)]) == [0, 1]
