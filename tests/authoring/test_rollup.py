"""The rollup's parts: unit names, exact sums, rates recomputed or refused, headings matched, items prefixed."""
from __future__ import annotations

from decimal import Decimal

from drafting.authoring import headings
from drafting.authoring.headings import heading_key, names_pattern, same_heading
from drafting.authoring.rollup import Unit, gather_body, opening, scope, short_name, sum_figures
from drafting.errors import Location
from drafting.form.figures import Figure
from drafting.form.model import Item

HERE = Location("甲.yaml", 1, 1)


def _unit(name, figures=(), body=()):
    return Unit(name, f"{name}.yaml", {f.name: f for f in figures}, tuple(body), (), (), (None, None))


def test_short_names_drop_party_and_office_words():
    assert [short_name(n) for n in ("中共白河镇委员会", "青石镇人民政府", "柳溪乡党委", "县公安局", "中共委员会")] == \
        ["白河镇", "青石镇", "柳溪乡", "县公安局", "中共委员会"]


def test_sums_are_exact_and_rates_are_recomputed_from_their_parts_or_refused():
    a = _unit("甲", [Figure("损失", Decimal("0.1"), "万元"), Figure("化解", Decimal(2), "件"), Figure("受理", Decimal(3), "件"),
                     Figure("化解率", Decimal("66.7"), "%", parts=("化解", "受理")), Figure("结案率", Decimal(90), "%", location=HERE)])
    b = _unit("乙", [Figure("损失", Decimal("0.2"), "万元"), Figure("化解", Decimal(5), "件"), Figure("受理", Decimal(6), "件"),
                     Figure("化解率", Decimal("83.3"), "%", parts=("化解", "受理")), Figure("结案率", Decimal(80), "%")])
    summed, problems = sum_figures([a, b])
    assert summed["损失"].figure.value == Decimal("0.3")  # not 0.30000000000000004
    assert summed["化解率"].figure.value == Decimal("77.8")  # 7/9, not the mean 75.0
    assert "结案率" not in summed and [(p.code, p.location) for p in problems] == [("R005", HERE)]


def test_near_identical_headings_are_one_group_and_items_carry_their_unit():
    first = _unit("甲", body=[Item(HERE, heading="坚决维护社会稳定", children=(Item(HERE, lead="加强排查", text="排查12件"),)),
                              Item(HERE, text="一段没有标题的话")])
    second = _unit("乙", body=[Item(HERE, heading="坚决维护社会大局稳定", children=(Item(HERE, text="乙的段落"),)),
                               Item(HERE, heading="另一项工作", text="连排的内容")])
    groups = gather_body([first, second])
    assert [heading for heading, _ in groups] == ["坚决维护社会稳定", None, "另一项工作"]
    assert [(i.lead, i.text) for i in groups[0][1]] == [("甲：加强排查", "排查12件"), (None, "乙：乙的段落")]
    assert groups[1][1][0].text == "甲：一段没有标题的话" and groups[2][1][0].text == "乙：连排的内容"


def test_a_joint_signature_is_named_by_its_government_or_its_common_place():
    assert short_name("中共白河镇委员会　白河镇人民政府") == "白河镇"  # not “白河镇委员会　白河镇”
    assert short_name("中共白河镇委员会、白河镇人民政府") == "白河镇"
    assert short_name("白河镇人民政府 中共白河镇委员会") == "白河镇"
    assert short_name("中共白河镇委员会　白河镇纪律检查委员会") == "白河镇"  # no government: the first signer
    assert short_name("青山县 公安局") == "青山县 公安局"  # not bodies that sign together: one name, kept whole


def test_headings_match_at_every_level_by_their_words_not_their_period_or_unit():
    assert heading_key("2026年第三季度主要工作") == heading_key("工作开展情况。") == ""
    assert heading_key("白河镇：坚持源头治理", names_pattern(["白河镇", "白河"])) == "坚持源头治理"
    assert same_heading(heading_key("坚决维护社会稳定"), heading_key("坚决维护社会大局稳定"))
    assert not same_heading(heading_key("坚持源头治理"), heading_key("加强队伍建设"))
    first = _unit("甲", body=[Item(HERE, heading="第三季度主要工作", children=(
        Item(HERE, heading="坚持源头治理", children=(Item(HERE, lead="网格排查", text="甲排查"),)),
        Item(HERE, heading="加强队伍建设", text="甲培训"),))])
    second = _unit("乙", body=[Item(HERE, heading="工作开展情况", children=(
        Item(HERE, heading="坚持源头治理。", children=(Item(HERE, text="乙排查"),)),))])
    groups = gather_body([first, second])
    assert [heading for heading, _ in groups] == ["第三季度主要工作"]  # one 一级 section, not two
    second_level = groups[0][1]
    assert [item.heading for item in second_level] == ["坚持源头治理", "加强队伍建设"]  # not （一）…（三）
    assert [(c.lead, c.text) for c in second_level[0].children] == [("甲：网格排查", "甲排查"), (None, "乙：乙排查")]
    assert [c.text for c in second_level[1].children] == ["甲：甲培训"]


def test_the_opening_gives_the_totals_as_expressions_and_names_the_whole():
    summed, _ = sum_figures([_unit("甲", [Figure("排查风险隐患", Decimal(201), "处")]),
                             _unit("乙", [Figure("排查风险隐患", Decimal(90), "处")])])
    text = opening([_unit("甲"), _unit("乙")], summed, "中共青山县委政法委员会")
    assert text.startswith("全县共计排查风险隐患{{ 指标.排查风险隐患 }}。现将甲、乙等2个单位")
    assert scope("青山市人民政府") == "全市" and scope("县公安局") == "全县" and scope("政法委") == "各单位"


def test_a_figure_only_some_units_gave_is_no_total_of_the_whole():
    """“全县共计安全隐患排查64处” when only one unit of three reported it misleads the reader: left to the table."""
    units = [_unit("甲", [Figure("排查纠纷", Decimal(412), "件"), Figure("安全隐患排查", Decimal(64), "处")]),
             _unit("乙", [Figure("排查纠纷", Decimal(286), "件")]), _unit("丙", [Figure("排查纠纷", Decimal(198), "件")])]
    summed, problems = sum_figures(units)
    text = opening(units, summed, "中共青山县委政法委员会")
    assert text.startswith("全县共计排查纠纷{{ 指标.排查纠纷 }}。现将甲、乙、丙等3个单位")
    assert "安全隐患排查" in summed and [p.code for p in problems] == ["R006"]


def test_likeness_is_tried_against_a_bounded_number_of_headings(monkeypatch):
    calls = []
    alike = headings._alike
    monkeypatch.setattr(headings, "_alike", lambda matcher, other: calls.append(1) or alike(matcher, other))
    count = headings.FUZZY_GROUPS * 3
    unlike = ["".join(chr(0x4E00 + 6 * i + j) for j in range(6)) for i in range(count)]  # no two share a character
    units = [_unit(f"单位{i}", body=[Item(HERE, heading=unlike[i], text="内容"), Item(HERE, heading=unlike[0], text="再")])
             for i in range(count)]
    groups = gather_body(units)
    assert len(groups) == count and len(groups[0][1]) == count + 1  # the shared heading found by its key, past the bound
    assert len(calls) <= count * headings.FUZZY_GROUPS < count * (count - 1) // 2  # not every pair of headings
