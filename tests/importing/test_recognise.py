"""draft import: structure recognition on real sentences, exact round trips, hostile files."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest

from drafting.pipeline.stages import render_bytes
from drafting.importing.recognise import recognise
from drafting.importing.toform import report_to_yaml
from drafting.form.validate import load_form

from ..conftest import EXAMPLES, FIXTURES
from ..helpers import SAMPLES, import_then_build, words


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_samples_round_trip_exactly(sample, tmp_path):
    rebuilt = import_then_build(sample, tmp_path).decode("utf-8")
    assert words(rebuilt) == words(sample.read_text(encoding="utf-8"))


def test_sample_heading_counts():
    counts = {s.name[:3]: recognise(s.read_text(encoding="utf-8").split("\n")).heading_counts() for s in SAMPLES}
    assert counts == {"001": {1: 3, 2: 7, 3: 0, 4: 0}, "003": {1: 4, 2: 6, 3: 16, 4: 0}}


EXAMPLE_FORMS = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLE_FORMS, ids=lambda p: p.name)
def test_example_outputs_round_trip_through_text(example, tmp_path):
    original = render_bytes(load_form(example), "txt")
    (tmp_path / "原稿.txt").write_bytes(original)
    assert words(import_then_build(tmp_path / "原稿.txt", tmp_path).decode("utf-8")) == words(original.decode("utf-8"))


@pytest.mark.parametrize("example", EXAMPLE_FORMS, ids=lambda p: p.name)
def test_example_outputs_round_trip_through_word(example, tmp_path):
    form = load_form(example)
    (tmp_path / "原稿.docx").write_bytes(render_bytes(form, "docx"))
    rebuilt = import_then_build(tmp_path / "原稿.docx", tmp_path, "docx")
    before = docx.Document(tmp_path / "原稿.docx")
    after = docx.Document(io.BytesIO(rebuilt))
    levels = lambda d: [(p.style.name, p.text) for p in d.paragraphs if p.text.strip()]  # noqa: E731
    assert levels(after) == levels(before)


@pytest.mark.parametrize("line, level, title, text", [
    ("一、上半年工作开展情况", 1, "上半年工作开展情况", None),
    ("十一、其他工作", 1, "其他工作", None),
    ("（一）坚决维护社会大局和谐*", 2, "坚决维护社会大局和谐*", None),
    ("(二)半角括号的二级标题", 2, "半角括号的二级标题", None),
    ("（一）政法干警违规违纪现象未完全遏制。个别政法单位落实不够到位。", 2, "政法干警违规违纪现象未完全遏制。", "个别政法单位落实不够到位。"),
    ("1.从政法部门自身看：执法司法规范化建设有待加强。", 3, "从政法部门自身看：", "执法司法规范化建设有待加强。"),
    ("1、开展重点整治工作", 3, "开展重点整治工作", None),
    ("１．全角数字的三级标题", 3, "全角数字的三级标题", None),
    ("（1）四级标题", 4, "四级标题", None),
    ("一、在防范化解风险方面，坚持关口前移。全县累计排查矛盾纠纷。", 1, "在防范化解风险方面，坚持关口前移。", "全县累计排查矛盾纠纷。"),
])
def test_heading_recognition(line, level, title, text):
    (node,) = recognise(["标题", "", line]).body
    assert (node.level, node.title, node.text) == (level, title, text)


def test_numbers_in_running_text_are_not_headings():
    report = recognise(["标题", "", "2023年是开局之年。", "4.15国家安全教育日期间开展宣传。"])
    assert report.body == [] and report.opening == ["2023年是开局之年。", "4.15国家安全教育日期间开展宣传。"]


def test_lead_sentences_and_enumerations():
    report = recognise(["标题", "", "一、工作情况",
                        "强化理论学习和理论武装。深入学习贯彻党的二十大精神。",
                        "严守政治纪律和政治规矩。持续巩固教育整顿成果。",
                        "主要做法：一是建立台账；二是定期调度；三是严格考核。",
                        "一是加强领导。", "二是压实责任。"])
    first, second, listed, separate = report.body[0].children
    assert (first.lead, first.text) == ("强化理论学习和理论武装。", "深入学习贯彻党的二十大精神。")
    assert second.lead == "严守政治纪律和政治规矩。"
    assert (listed.text, listed.items) == ("主要做法：", ["建立台账", "定期调度", "严格考核"])
    assert (separate.items, separate.separate) == (["加强领导。", "压实责任。"], True)


def test_a_list_that_would_not_rebuild_exactly_stays_text():
    report = recognise(["标题", "", "一是加强学习。二是压实责任。"])
    assert report.opening == ["一是加强学习。二是压实责任。"]


def test_continuous_and_skipped_levels():
    report = recognise(["标题", "", "一、原因", "1.甲：乙", "2.丙：丁", "二、措施", "（一）组一", "1.甲。乙", "2.丙。丁",
                        "（二）组二", "3.戊。己"])
    causes, measures = report.body
    assert causes.children_level == 3 and measures.continuous


def test_renumbered_headings_are_noted():
    report = recognise(["标题", "", "一、甲", "三、乙"])
    assert report.body[1].notes == ["原文编号为“三、”，重建后按顺序编号为第2项"]


def test_frame_of_the_report():
    report = recognise(["关于某项工作的报告", "", "县委：", "现将有关情况报告如下：", "一、工作情况", "正文。",
                        "特此报告。", "", "附件：1.甲表", "2.乙表", "", "中共青山县委政法委员会", "2023年7月10日"])
    assert report.title == ["关于某项工作的报告"] and report.recipient == "县委："
    assert report.opening == ["现将有关情况报告如下："] and report.closing == ["特此报告。"]
    assert report.attachments == ["甲表", "乙表"]
    assert (report.unit, report.date) == ("中共青山县委政法委员会", "2023年7月10日")


def test_summary_sections_use_the_template_names(tmp_path):
    lines = ["青山县2023年上半年工作总结", "", "开头。", "一、上半年工作", "正文。", "二、存在问题", "（一）问题。说明。",
             "三、下半年工作打算", "打算。"]
    text = report_to_yaml(recognise(lines), "x.txt")
    assert "模板: 工作总结" in text and "期间: 2023H1" in text and "存在问题:\n" in text and "下一步:\n" in text
    path = tmp_path / "总结.yaml"
    path.write_text(text, encoding="utf-8")
    assert words(render_bytes(load_form(path), "txt").decode("utf-8")) == words("\n".join(lines))


def test_a_report_from_the_previous_release_imports_as_a_new_one(tmp_path):
    """drafting before #14 named the body 正文 and the title 标题 and set the 版记 in a text box:
    its reports still import to the form today's reports import to."""
    old = FIXTURES / "drafting-0.1-rectification.docx"
    styles = zipfile.ZipFile(old).read("word/styles.xml").decode("utf-8")
    assert 'w:styleId="Normal"><w:name w:val="正文"/>' in styles and "txbxContent" in zipfile.ZipFile(old).read(
        "word/document.xml").decode("utf-8")
    (tmp_path / "新.docx").write_bytes(render_bytes(load_form(EXAMPLES / "rectification-report.yaml"), "docx"))
    rebuilt_old = import_then_build(old, tmp_path)
    rebuilt_new = import_then_build(tmp_path / "新.docx", tmp_path)
    assert rebuilt_old == rebuilt_new
    assert "抄送：县纪委监委，县委组织部。" in rebuilt_new.decode("utf-8")
