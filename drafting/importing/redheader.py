"""The 版头 and 版记 of a red-header report, read off the first and last lines of its text."""
from __future__ import annotations

import re

_DOC_NUMBER = re.compile(r"^(\S*〔\d{4}〕\d+号)(?:\s*签发人[：:]\s*(\S+))?$")
_SECRECY = re.compile(r"^(绝密|机密|秘密)(?:★(.+))?$")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_PRINTED = re.compile(r"^(.+?)\s+(\d{4}年\d{1,2}月\d{1,2}日)印发$")


def take_red_header(lines: list[str], header: dict[str, str]) -> tuple[int, int]:
    """Take a red header's 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人) and 版记 off the lines.

    What is found goes into ``header``; returns the first and past-the-last index of the lines that remain.
    """
    content = list(lines)
    head = [i for i, line in enumerate(content) if line.strip()][:6]
    found: dict[str, str] = {}
    last = -1
    for i in head:
        line = content[i].strip()
        number = _DOC_NUMBER.match(line.replace("\t", " "))
        if re.fullmatch(r"\d{6}", line) and not found:
            found["份号"], last = line, i
        elif _SECRECY.match(line):
            secrecy = _SECRECY.match(line)
            found["密级"], last = secrecy.group(1), i
            if secrecy.group(2):
                found["保密期限"] = secrecy.group(2)
        elif _URGENCY.match(line):
            found["紧急程度"], last = line, i
        elif line.endswith("文件") and len(line) <= 30 and "发文机关标志" not in found:
            found["发文机关标志"], last = line, i
        elif number and "发文机关标志" in found:
            found["发文字号"], last = number.group(1), i
            if number.group(2):
                found["签发人"] = number.group(2)
            break
        else:
            break
    if "发文机关标志" not in found:
        return 0, len(lines)
    header.update(found)
    first = last + 1
    content = content[first:]
    while content and not content[-1].strip():
        content.pop()
    if content and _PRINTED.match(content[-1].strip().replace("\t", " ")):
        printed = _PRINTED.match(content.pop().strip().replace("\t", " "))
        header["印发机关"], header["印发日期"] = printed.group(1), printed.group(2)
        if content and content[-1].strip().startswith("抄送："):
            header["抄送"] = content.pop().strip()[3:]
    return first, first + len(content)
