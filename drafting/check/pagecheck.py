"""`draft check --layout`: what a reviewer circles on the printed pages of any GB/T 9704 report.

Works on the PDF LibreOffice printed and the text the .docx holds, so a report from any tool can be
checked, not only drafting's own. Each finding names the page and line (counted from the type
area's top) in its message; its location is the file checked.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from ..chars import ink
from ..document.titles import split_words
from ..errors import ERROR, WARNING, Location, Problem, Subject
from ..geometry import BODY_SIZE_PT, LINE_PITCH_TWIPS
from .pdfpages import TYPE_BOTTOM, TYPE_LEFT, TYPE_RIGHT, TYPE_TOP, Line, Page

LINE_PITCH = LINE_PITCH_TWIPS / 20
BODY_SIZE = BODY_SIZE_PT
TITLE_SIZES = (20.0, 24.0)  # 2号 is 22 pt
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")
IMPRINT = re.compile(r"^抄送[:：]|印发$")


def _row(line: Line) -> int:
    """The line's grid row, 1 at the type area's top (a 3号 baseline sits 0.8 of a line below a row's top)."""
    return max(1, round((line.baseline - TYPE_TOP) / LINE_PITCH + 0.2))


def _at(page: Page, line: Line | None = None) -> str:
    return f"第{page.number}页" + (f"第{_row(line)}行" if line is not None else "")


def _is_right_aligned(line: Line) -> bool:
    return line.x0 > TYPE_LEFT + 4 * BODY_SIZE and abs(line.x1 - TYPE_RIGHT) < 12 * BODY_SIZE


def _is_body(line: Line) -> bool:
    """A line of body text: 3号, from the left edge or a two-character indent, not a 附件说明 or 版记 line."""
    return (abs(line.size - BODY_SIZE) < 0.6 and line.x0 < TYPE_LEFT + 2.5 * BODY_SIZE
            and not line.text.startswith("附件") and not IMPRINT.search(line.text))


def missing_characters(name: str, pages: list[Page], written: str) -> list[Problem]:
    """Characters the document holds that the PDF does not print (L101), each with where it went missing."""
    printed_at = [(page, line, char) for page in pages for line in (page.printed or page.lines)
                  for char in ink(line.text)]
    printed = "".join(char for *_, char in printed_at)
    expected = ink(written)
    problems = []
    matcher = difflib.SequenceMatcher(None, expected, printed, autojunk=False)
    for operation, start, end, at, _ in matcher.get_opcodes():
        if operation not in ("delete", "replace"):
            continue
        page, line, _ = printed_at[min(at, len(printed_at) - 1)] if printed_at else (None, None, "")
        where = _at(page, line) if page else "文稿"
        problems.append(Problem(Location(name), f"{where}：“{expected[max(0, start - 6):start]}”之后的"
                                f"“{expected[start:end][:10]}”没有印出来",
                                "多为行末标点被 LibreOffice 挤掉：用 draft build 重新生成，或在这一段前后调整一两个字",
                                "L101", ERROR, subject=Subject(expected[start:end][:10], 0, None,
                                                               expected[max(0, start - 6):start])))
    return problems


def signature_date(pages: Sequence[Page]) -> tuple[Page, int] | None:
    """The page holding the 成文日期 (the last date set on the right) and the date's place among its lines."""
    for page in reversed(pages):  # from the end: pages read lazily (PrintedPages) are read only back to it
        for index in range(len(page.lines) - 1, -1, -1):
            if DATE.match(page.lines[index].text) and _is_right_aligned(page.lines[index]):
                return page, index
    return None


def signature_alone(pages: Sequence[Page]) -> bool:
    """Whether the 成文日期's page holds fewer than two lines of body text above it."""
    found = signature_date(pages)
    return found is not None and sum(_is_body(line) for line in found[0].lines[:found[1]]) < 2


def signature_findings(name: str, pages: list[Page]) -> list[Problem]:
    """落款 and 成文日期 on different pages (L102); a signature page without body text (L103)."""
    found = signature_date(pages)
    if found is None:
        return []
    page, index = found
    problems = []
    if index == 0 and page.number > 1:
        before = pages[page.number - 2].lines[-1] if pages[page.number - 2].lines else None
        if before is not None and _is_right_aligned(before):
            problems.append(Problem(Location(name), f"落款“{before.text}”在第{page.number - 1}页，成文日期在{_at(page)}",
                                    "落款和成文日期必须在同一页（GB/T 9704 7.3.5）", "L102", ERROR,
                                    subject=Subject(before.text)))
    if signature_alone(pages):
        problems.append(Problem(Location(name), f"{_at(page)}的落款和成文日期上面不到两行正文",
                                "落款页上要有正文（GB/T 9704 7.3.5）：把前一页末尾的一两行挪过来，或删减几个字",
                                "L103", ERROR))
    return problems


def title_findings(name: str, pages: list[Page], title_paragraphs: int | None) -> list[Problem]:
    """Title lines that wrap (L104) or break inside a word (L105)."""
    if not pages:
        return []
    title = [line for line in pages[0].lines if TITLE_SIZES[0] <= line.size <= TITLE_SIZES[1]]
    problems = []
    if title_paragraphs is not None and len(title) > title_paragraphs:
        problems.append(Problem(Location(name), f"标题写了 {title_paragraphs} 行，印出来是 {len(title)} 行：有一行回行了",
                                "把回行的那一行在词与词之间拆成两行（GB/T 9704 7.3.1）", "L104", WARNING))
    if len(title) > 1:
        for index in split_words(tuple(line.text for line in title)):
            line, following = title[index], title[index + 1]
            problems.append(Problem(Location(name), f"{_at(pages[0], following)}：标题在“{line.text[-2:]}|"
                                    f"{following.text[:2]}”处分行，拆开了一个词",
                                    "在词与词之间分行（GB/T 9704 7.3.1：回行时词意完整）", "L105", WARNING,
                                    subject=Subject(following.text)))
    return problems


def stray_last_lines(pages: list[Page]) -> list[tuple[Page, Line]]:
    """Body lines of one or two characters that end a paragraph (“高。”)."""
    stray = []
    for page in pages:
        for index, (line, following) in enumerate(zip(page.lines, page.lines[1:] + (None,))):
            if index == 0 or not _is_body(line) or HEADING.match(line.text) or line.x0 >= TYPE_LEFT + BODY_SIZE / 2:
                continue
            ends_paragraph = following is None or following.x0 > line.x0 + BODY_SIZE or not _is_body(following)
            if len(ink(line.text)) <= 2 and ends_paragraph:
                stray.append((page, line))
    return stray


def _line_before(page: Page, line: Line) -> str:
    """The text of the line above ``line`` on its page (empty for the first): where its paragraph's text runs on."""
    index = page.lines.index(line)
    return page.lines[index - 1].text if index > 0 else ""


def imprint_page(pages: Sequence[Page]) -> Page | None:
    """The last page when the 版记 is all it holds."""
    last = pages[-1] if pages else None
    return last if last is not None and last.lines and all(IMPRINT.search(line.text) for line in last.lines) else None


def line_findings(name: str, pages: list[Page]) -> list[Problem]:
    """A paragraph's last line of one or two characters (L106); a full line not of 28 characters (L107)."""
    problems = [Problem(Location(name), f"{_at(page, line)}只有“{line.text}”一两个字",
                        "删减或增加这一段里的一两个字，把它收回上一行；draft build --pdf --tighten 会收紧这一段的字距",
                        "L106", WARNING, subject=Subject(line.text, 0, None, _line_before(page, line)[-6:]))
                for page, line in stray_last_lines(pages)]
    for page in pages:
        for line in page.lines:
            chars = len(ink(line.text))
            full = abs(line.x0 - TYPE_LEFT) < 3 and abs(line.x1 - TYPE_RIGHT) < 4
            if _is_body(line) and full and chars == len(line.text) and all(ord(c) >= 0x2E80 for c in line.text) \
                    and chars not in (27, 28):
                problems.append(Problem(Location(name), f"{_at(page, line)}排了 {chars} 个字，不是 28 个",
                                        "检查正文字号（三号）、字距和页边距（GB/T 9704 5.2.2：每行 28 个字）",
                                        "L107", WARNING, subject=Subject(line.text)))
    return problems


def page_findings(name: str, pages: list[Page]) -> list[Problem]:
    """Full pages short of 22 lines (L108), a 版记 not at the foot of the last page (L109), page numbers
    on a blank or 版记-only page (L110)."""
    problems = []
    for page, following in zip(pages, pages[1:]):
        if not page.lines or not following.lines:
            continue
        rows = _row(page.lines[-1])
        opens = following.lines[0].text
        explained = HEADING.match(opens) or opens.startswith("附件") or _is_right_aligned(following.lines[0]) or any(
            DATE.match(line.text) for line in following.lines)
        if rows < 22 and not explained:
            problems.append(Problem(Location(name), f"第{page.number}页只排了 {rows} 行，不是 22 行",
                                    "检查行距（固定值 28.95 磅）和是否有多余的分页符（GB/T 9704 5.2.2）", "L108", WARNING,
                                    subject=Subject(page.lines[-1].text)))
    imprint = [(page, line) for page in pages for line in page.lines if IMPRINT.search(line.text)]
    if imprint:
        page, line = imprint[-1]
        if page.number != len(pages) or abs(line.baseline - TYPE_BOTTOM) > 12:
            problems.append(Problem(Location(name), f"版记在{_at(page, line)}，不在最后一页的版心底部",
                                    "版记排在最后一页，最后一条线与版心下边缘重合（GB/T 9704 7.4）", "L109", ERROR,
                                    subject=Subject(line.text)))
    for page in pages:
        lines = page.lines
        if page.footer is not None and (not lines or all(IMPRINT.search(line.text) for line in lines)):
            what = "空白页" if not lines else "只有版记的一页"
            problems.append(Problem(Location(name), f"第{page.number}页是{what}，却印了页码“{page.footer.text}”",
                                    "版记页和它前面的空白页不编页码（GB/T 9704 7.5）", "L110", WARNING))
    return problems


def layout_findings(name: str, pages: list[Page], written: str, title_paragraphs: int | None) -> list[Problem]:
    """Every layout finding for one printed document, in page order."""
    return (missing_characters(name, pages, written) + signature_findings(name, pages)
            + title_findings(name, pages, title_paragraphs) + line_findings(name, pages) + page_findings(name, pages))
