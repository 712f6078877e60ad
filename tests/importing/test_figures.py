"""draft import --figures: numbers with units become figures named whole, only where the text rebuilds exactly."""
from __future__ import annotations

import pytest

from drafting.importing.figures import extract_figures
from drafting.importing.recognise import recognise
from ..helpers import SAMPLES, import_then_build, words


def _figures(text: str) -> tuple[dict[str, str], str]:
    """The figures taken from a report whose opening is ``text``, and the opening as the form writes it."""
    report = recognise(["关于有关情况的报告", "", text])
    figures = extract_figures(report)
    return figures, report.opening[0]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_figures_extraction_keeps_the_text(sample, tmp_path):
    rebuilt = import_then_build(sample, tmp_path, figures=True).decode("utf-8")
    assert words(rebuilt) == words(sample.read_text(encoding="utf-8"))


def test_figures_are_extracted_conservatively():
    report = recognise(["标题", "", "开头：受理执行案件2343件，执结2193件，结案率93.6%，同比下降11.81%，第3次会议，编号007件，金额1.50万元。"])
    figures = extract_figures(report)
    assert figures == {"受理执行案件": "2343件", "执结": "2193件", "结案率": "93.6%"}
    assert report.opening[0].startswith("开头：受理执行案件{{ 指标.受理执行案件 }}，执结{{ 指标.执结 }}")
    assert "同比下降11.81%" in report.opening[0] and "第3次" in report.opening[0] and "1.50万元" in report.opening[0]


@pytest.mark.parametrize("text, name, value", [
    ("全县秸秆综合利用率达92.3%，比上年有所提高。", "秸秆综合利用率", "92.3%"),  # was “秆综合利用率”
    ("城乡居民医保参保率稳定在95.1%。", "城乡居民医保参保率", "95.1%"),  # was “民医保参保率”
    ("今年以来，招商签约项目12个，总投资35.6亿元。", "招商签约项目", "12个"),
    ("今年以来，招商签约项目12个，总投资35.6亿元。", "总投资", "35.6亿元"),
    ("人均可支配收入21456元。", "人均可支配收入", "21456元"),
    ("常态化开展反恐演练18次。", "开展反恐演练", "18次"),  # 常态|化: cut after a word, never from a lone 化
    ("完成22个县级部门的普法考核。", "县级部门", "22个"),  # a classifier's noun follows it
])
def test_names_are_taken_whole(text, name, value):
    figures, _ = _figures(text)
    assert figures[name] == value


def test_units_are_kept_as_printed():
    figures, opening = _figures("实现地区生产总值86.5亿元，完成固定资产投资3200万元，其中500万元以上项目仅3个。")
    assert figures["地区生产总值"] == "86.5亿元" and figures["固定资产投资"] == "3200万元"  # 万元 never read as 亿元
    assert "500万元以上" in opening  # a bound, not a figure
    assert not any(name.startswith("元") or name.endswith("仅") for name in figures)  # was “元以上项目仅”


def test_not_figures_ordinals_changes_bounds():
    figures, _ = _figures("第3次会议上，发案数同比下降11.8%，化解率提高0.7个百分点，每个乡镇选取不少于5个村，参训20人左右。")
    assert figures == {}


def test_a_figure_printed_twice_is_one_figure_used_twice():
    figures, opening = _figures("受理执行案件2343件，执结2193件。全年受理执行案件2343件，创历史新高。")
    assert figures == {"受理执行案件": "2343件", "执结": "2193件"}
    assert opening.count("{{ 指标.受理执行案件 }}") == 2


def test_a_name_met_with_another_value_is_told_apart():
    figures, opening = _figures("排查涉法涉诉风险隐患56件，化解4件；排查道路安全隐患185处，化解12件；另化解4件。")
    assert figures["化解"] == "4件" and figures["化解2"] == "12件"
    assert opening.count("{{ 指标.化解 }}") == 2 and opening.count("{{ 指标.化解2 }}") == 1


def test_a_classifier_counts_the_noun_after_it_and_the_next_figure_is_not_named_by_it():
    figures, _ = _figures("对照反馈的3个方面12个问题，逐条制定措施。全县7个人民法庭结案2149件。")
    assert figures == {"方面": "3个", "问题": "12个", "人民法庭": "7个", "人民法庭结案": "2149件"}


def test_table_cells_that_are_figures_are_named_by_their_row():
    report = recognise(["关于有关情况的报告", "", "一、总体情况", "正文。"])
    from drafting.importing.recognise import Node
    from drafting.ooxml.reader import ReadTable

    table = ReadTable((("任务", "完成情况", "完成率"), ("法律援助扩面", "183件", "95.5%"), ("隐患整治", "91处", "—")), 1)
    report.body[0].children.append(Node(table=table))
    figures = extract_figures(report)
    assert figures == {"法律援助扩面完成情况": "183件", "法律援助扩面完成率": "95.5%", "隐患整治": "91处"}
    assert report.body[0].children[-1].table.rows[2] == ("隐患整治", "{{ 指标.隐患整治 }}", "—")


@pytest.mark.parametrize("count", [1000, 2000])
def test_figure_extraction_looks_at_a_bounded_window_per_figure(monkeypatch, count):
    """Bug: the name before each figure was searched for in the whole text before it (quadratic). The segmenter
    sees at most a window on either side of each figure; a thousand figures of one name are numbered in one pass."""
    from drafting.importing import figures as module

    tagged = []
    real = module._tag
    monkeypatch.setattr(module, "_tag", lambda text: tagged.append(len(text)) or real(text))
    text = "".join(f"受理执行案件{n}件，" for n in range(1, count + 1)) + "受理执行案件1件。"
    report = recognise(["关于执行工作的报告", "", "一、工作", text])
    found = extract_figures(report)
    assert len(found) == count and found["受理执行案件"] == "1件" and found[f"受理执行案件{count}"] == f"{count}件"
    assert sum(tagged) <= 2 * module._WINDOW * (count + 1)  # the characters segmented: linear in the figures
    assert len(tagged) <= 2 * (count + 1)
