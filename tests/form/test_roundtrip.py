"""Round-trip YAML follows how the form indents its lists, so an unchanged form is written back as it was."""
from __future__ import annotations

from drafting.form.roundtrip import dump_round_trip, load_round_trip

INDENTED = "正文:\n  - 标题: 甲\n    下级:\n      - 乙\n指标:\n  化解: 13件  # 注释\n"
FLUSH = "正文:\n- 标题: 甲\n  下级:\n  - 乙\n开头: >-\n  一段\n  折行的文字\n"


def test_both_list_styles_come_back_unchanged():
    for text in (INDENTED, FLUSH):
        yaml, data = load_round_trip(text)
        assert dump_round_trip(yaml, data) == text


def test_a_new_list_follows_the_forms_style():
    yaml, data = load_round_trip(FLUSH)
    data["附件"] = ["一", "二"]
    assert dump_round_trip(yaml, data).endswith("附件:\n- 一\n- 二\n")


def test_copied_writes_back_the_same_text_and_shares_nothing_with_the_original():
    """The copy draft serve merges into: comments, quoting, flow lists and anchors kept; editing it leaves the form."""
    from drafting.form.roundtrip import copied, dump_round_trip, load_round_trip

    text = ("标题: '青山县'  # 标题\n默认: &d {单位: 次}\n指标:\n  甲: *d\n行:\n  - [甲, \"乙\"]  # 第一行\n"
            "  - [丙, 丁]\n段落: >-\n  很长的\n  一段\n")
    yaml, data = load_round_trip(text)
    copy = copied(data)
    assert dump_round_trip(yaml, copy) == text
    assert copy["指标"]["甲"] is copy["默认"]  # the alias still names the anchored mapping
    copy["行"][0][0] = "改"
    copy["行"].append(["戊", "己"])
    assert dump_round_trip(yaml, data) == text
