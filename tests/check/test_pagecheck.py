"""draft check --layout's rules on measured pages (synthetic pages: each rule, and where it stays silent)."""
from __future__ import annotations

from drafting.check.pagecheck import (LINE_PITCH, line_findings, missing_characters, page_findings,
                                      signature_findings, title_findings)
from drafting.check.pdfpages import TYPE_BOTTOM, TYPE_LEFT, TYPE_RIGHT, TYPE_TOP, Line, Page

FIRST = TYPE_TOP + 0.8 * LINE_PITCH  # a 3号 line's baseline on the type area's first row


def line(row: int, text: str, *, x0: float = TYPE_LEFT, x1: float | None = None, size: float = 16.0) -> Line:
    return Line(FIRST + (row - 1) * LINE_PITCH, x0, x1 if x1 is not None else x0 + 15.75 * len(text), text,
                ("FandolFang-Regular",), size)


def right(row: int, text: str) -> Line:
    return line(row, text, x0=TYPE_RIGHT - 4 * 16 - 16 * len(text), x1=TYPE_RIGHT - 4 * 16)


FOOTER = Line(TYPE_BOTTOM + 25, TYPE_RIGHT - 60, TYPE_RIGHT - 14, "—1—", ("FandolSong-Regular",), 14.0)


def page(number: int, *lines: Line, footer: Line | None = FOOTER) -> Page:
    return Page(number, 595.3, tuple(lines), footer)


def codes(problems) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in problems]


def test_a_character_the_pdf_does_not_print_is_named_with_its_page_and_line():
    pages = [page(1, line(1, "全县政法系统坚持以习近平新时代中国特色社会主义思想为指导"), line(2, "深入贯彻习近平法治思想"))]
    written = "全县政法系统坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想"
    assert codes(missing_characters("报告.docx", pages, written)) == [
        ("L101", "第1页第2行：“义思想为指导”之后的“，”没有印出来")]
    assert missing_characters("报告.docx", pages, written.replace("，", "")) == []


def test_a_signature_page_without_body_text_and_a_split_signature():
    body = [line(row, "坚持系统治理依法治理综合治理源头治理推动平安建设各项") for row in range(1, 21)]
    alone = [page(1, *body), page(2, right(3, "青山县司法局"), right(4, "2024年3月1日"))]
    assert [c for c, _ in codes(signature_findings("报告.docx", alone))] == ["L103"]
    split = [page(1, *body[:19], right(21, "青山县司法局")), page(2, right(1, "2024年3月1日"))]
    assert [c for c, _ in codes(signature_findings("报告.docx", split))] == ["L102", "L103"]
    kept = [page(1, *body[:18]), page(2, *body[:2], right(5, "青山县司法局"), right(6, "2024年3月1日"))]
    assert signature_findings("报告.docx", kept) == []


def test_title_lines_that_wrap_or_break_a_word():
    lines = [line(1, "青山县委政法委2023年上半年工作", size=22), line(2, "总结及下半年工作打算", size=22)]
    found = codes(title_findings("报告.docx", [page(1, *lines)], title_paragraphs=1))
    assert [c for c, _ in found] == ["L104", "L105"]
    assert found[1][1] == "第1页第2行：标题在“工作|总结”处分行，拆开了一个词"
    good = [line(1, "青山县委政法委2023年上半年", size=22), line(2, "工作总结及下半年工作打算", size=22)]
    assert title_findings("报告.docx", [page(1, *good)], title_paragraphs=2) == []


def test_a_one_character_last_line_and_a_line_not_of_28_characters():
    text = "坚持系统治理依法治理综合治理源头治理推动平安建设各项任务落地见效" * 2
    pages = [page(1, line(1, text[:28], x1=TYPE_RIGHT), line(2, "高。"), line(3, text[:26], x0=TYPE_LEFT + 32),
                  line(4, text[:26], x1=TYPE_RIGHT))]
    found = codes(line_findings("报告.docx", pages))
    assert found == [("L106", "第1页第2行只有“高。”一两个字"), ("L107", "第1页第4行排了 26 个字，不是 28 个")]


def test_short_pages_a_misplaced_imprint_and_numbered_imprint_pages():
    body = [line(row, "坚持系统治理依法治理") for row in range(1, 21)]
    short = [page(1, *body), page(2, line(1, "坚持系统治理依法治理"))]
    assert [c for c, _ in codes(page_findings("报告.docx", short))] == ["L108"]
    imprint = line(22, "抄送：县委办公室。", x0=TYPE_LEFT + 16)
    misplaced = [page(1, *body[:3], imprint), page(2, *body)]
    assert [c for c, _ in codes(page_findings("报告.docx", misplaced))] == ["L109"]
    alone = [page(1, *body, line(21, "坚持"), line(22, "坚持")), page(2, imprint)]
    assert codes(page_findings("报告.docx", alone)) == [("L110", "第2页是只有版记的一页，却印了页码“—1—”")]
    assert page_findings("报告.docx", [page(1, *body[:3], imprint)]) == []


class _Counted(list):
    """Pages that note which ones were looked at, as PrintedPages reads only those."""

    def __init__(self, pages) -> None:
        super().__init__(pages)
        self.seen: set[int] = set()

    def __getitem__(self, index):
        self.seen.add(index % len(self))
        return super().__getitem__(index)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __reversed__(self):
        return (self[i] for i in range(len(self) - 1, -1, -1))


def test_the_date_is_found_from_the_end_looking_at_no_page_before_it():
    """draft build --pdf reads the pages lazily: finding the 成文日期 reads the last pages only, back to its page,
    and finds the same date as reading every page (the last one set on the right)."""
    from drafting.check.pagecheck import imprint_page, signature_alone, signature_date

    body = [line(row, "坚持系统治理依法治理综合治理源头治理推动平安建设各项") for row in range(1, 23)]
    pages = _Counted([page(1, *body), page(2, *body[:5], right(7, "青山县司法局"), right(8, "2024年3月1日"),
                                               right(9, "2024年3月2日")),
                      page(3, line(21, "抄送：县委办公室。", x0=TYPE_LEFT + 16))])
    found = signature_date(pages)
    assert found is not None and (found[0].number, found[1]) == (2, 7) and pages.seen == {1, 2}
    assert imprint_page(pages).number == 3 and not signature_alone(pages) and pages.seen == {1, 2}
