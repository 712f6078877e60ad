"""The 版头 and 版记 of a red-header report read off its first and last lines."""
from __future__ import annotations

from drafting.importing.redheader import take_red_header


def test_masthead_and_imprint_are_taken_off():
    lines = ["000012", "机密★1年", "特急", "中共青山县委政法委员会文件", "", "青政法〔2023〕18号 签发人：李明", "",
             "标题", "正文。", "抄送：县纪委监委。", "中共青山县委政法委员会办公室 2023年9月20日印发"]
    header: dict[str, str] = {}
    assert take_red_header(lines, header) == (6, 9)
    assert header == {"份号": "000012", "密级": "机密", "保密期限": "1年", "紧急程度": "特急",
                      "发文机关标志": "中共青山县委政法委员会文件", "发文字号": "青政法〔2023〕18号", "签发人": "李明",
                      "印发机关": "中共青山县委政法委员会办公室", "印发日期": "2023年9月20日", "抄送": "县纪委监委。"}


def test_a_report_without_a_red_header_keeps_all_its_lines():
    header: dict[str, str] = {}
    assert take_red_header(["标题", "", "正文。"], header) == (0, 3) and header == {}
