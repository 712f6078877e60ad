"""draft import --figures: numbers with units become figures only where the text rebuilds exactly."""
from __future__ import annotations

import pytest

from drafting.importing.figures import extract_figures
from drafting.importing.recognise import recognise
from ..helpers import SAMPLES, import_then_build, words


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


class _CountingPattern:
    """A compiled pattern that counts the characters each search may scan."""

    def __init__(self, pattern):
        self.pattern, self.scanned = pattern, 0

    def search(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        self.scanned += max(end - pos, 0)
        return self.pattern.search(string, pos, end)


@pytest.mark.parametrize("count", [1000, 2000])
def test_figure_extraction_scans_each_character_a_bounded_number_of_times(monkeypatch, count):
    """Bug: the name before each figure was searched for in the whole text before it (quadratic)."""
    from drafting.importing import figures as module

    counting = _CountingPattern(module._NAME_BEFORE)
    monkeypatch.setattr(module, "_NAME_BEFORE", counting)
    text = "受理执行案件2343件，" * count + "完毕。"
    report = recognise(["关于执行工作的报告", "", "一、工作", text])
    found = extract_figures(report)
    assert len(found) == count and found[f"受理执行案件{count}"] == "2343件"
    assert counting.scanned <= 10 * count  # the few characters a name can take, not the text before it
