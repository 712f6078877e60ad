"""draft build --pdf fits the printed pages: the 版记's own page unnumbered and even; --tighten pulls back
a stray last line of one or two characters by setting its paragraph 0.3 pt tighter."""
from __future__ import annotations

import io
import zipfile

import pytest

from drafting.cli import main
from drafting.pipeline.fitting import plan_fitting
from drafting.document.ast import Document, Paragraph, Signature, Span
from drafting.form.validate import load_form
from drafting.pipeline.stages import document as build_document
from drafting.writers.docx import Fitting, write_docx
from drafting.writers.layout import layout

from ..check.test_pagecheck import FOOTER, line, page, right
from ..conftest import EXAMPLES, require_soffice
from ..rendering.test_signature_sweep import _form

SPAN = Span("测试", 1)


def test_the_plan_follows_the_pages():
    paras = layout(Document((Paragraph("坚持系统治理依法治理综合治理源头治理推动平安建设各项任务高。", SPAN),
                             Signature("青山县司法局", "2024年3月1日", SPAN))))
    pages = [page(1, line(1, "坚持系统治理依法治理综合治理源头治理推动平安建设各项任务", x0=79.4 + 32),
                  line(2, "高。"), right(4, "青山县司法局"), right(5, "2024年3月1日")),
             page(2, line(21, "抄送：县委办公室。", x0=79.4 + 16), footer=FOOTER)]
    assert plan_fitting(pages, paras, tighten=True) == Fitting(frozenset({0}), "next")
    assert plan_fitting(pages, paras, tighten=False) == Fitting(frozenset(), "next")
    odd = [pages[0], page(3, *pages[1].lines)]
    assert plan_fitting(odd, paras, tighten=False).imprint_page == "even"


def test_a_fitted_document_ends_with_an_unnumbered_section_for_its_imprint(write_form):
    form = load_form(EXAMPLES / "rectification-report.yaml")
    document = build_document(form)
    body = [i for i, p in enumerate(layout(document)) if p.text.startswith("（三）压实整改责任")]
    data = write_docx(document, form.profile, None, Fitting(frozenset(body), "even"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:sectPr>") == 2 and xml.count('r:id="rIdFooterBlank"') == 2
    assert xml.index('<w:br w:type="page"/>') < xml.index("抄送：") and '<w:type w:val="nextPage"/>' in xml
    tightened = xml[xml.index("（三）压实整改责任") - 400:xml.index("（三）压实整改责任")]
    assert '<w:spacing w:val="-11"/>' in tightened


def run(argv: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out + err


def test_an_imprint_alone_on_its_page_prints_without_a_page_number(write_form, capsys):
    """Measured in the signature sweep: this red-header form's 版记 falls alone on page 4."""
    require_soffice()
    from drafting.check.pdfpages import measure

    path = write_form(_form("red-header", 39), "红头.yaml")
    code, out = run(["build", str(path), "--pdf"], capsys)
    assert code == 0 and "提示[P010]：版记单独成页，这一页不编页码" in out
    pages = measure(path.with_suffix(".pdf"))
    assert len(pages) == 4 and pages[-1].footer is None and pages[-1].lines[0].text.startswith("抄送：")
    assert all(p.footer is not None for p in pages[:-1])


def test_tighten_needs_pdf(write_form, capsys):
    path = write_form("模板: 通用\n标题: 测试\n正文:\n  - 内容。\n")
    code, out = run(["build", str(path), "--tighten"], capsys)
    assert code == 2 and "--tighten 要和 --pdf 一起用" in out


def test_a_pdf_only_build_is_fitted_too_and_names_the_pdf(write_form, capsys):
    """-o 报告.pdf prints through the same fitting; its notices name the PDF, not the scratch .docx."""
    require_soffice()
    from drafting.check.pagecheck import signature_alone
    from drafting.check.pdfpages import measure

    path = write_form(_form("sealed", 29), "报告.yaml")
    code, out = run(["build", str(path), "-o", "报告.pdf"], capsys)
    assert code == 0 and "报告.pdf: 提示[P010]：" in out and "最后两行移到落款页" in out and "draft-pdf-only" not in out
    assert not signature_alone(measure(path.with_name("报告.pdf")))


@pytest.mark.render
def test_printed_lines_are_matched_to_paragraphs_by_their_origin_as_by_counting(tmp_path):
    """Every example printed by LibreOffice carries its paragraphs' bookmarks as named destinations; the lines
    they place agree, line for line, with counting characters — and a mark that moves moves the line."""
    require_soffice()
    from drafting.check.pdfpages import Page, measure
    from drafting.office.holder import render_pdfs
    from drafting.pipeline.fitting import _by_characters, _by_origin
    from drafting.pipeline.stages import run

    built = {}
    for example in ("half-year-summary.yaml", "quarterly-report.yaml", "rectification-report.yaml", "work-plan.yaml"):
        built[example] = run(load_form(EXAMPLES / example))
        (tmp_path / example).with_suffix(".docx").write_bytes(built[example].data)
    (tmp_path / "pdf").mkdir()
    names = list(built)
    pdfs, problems = render_pdfs([(tmp_path / n).with_suffix(".docx") for n in names], tmp_path / "pdf")
    assert not problems
    for name, pdf in zip(names, pdfs):
        pages, paras = measure(pdf), built[name].laid
        assert sum(len(p.marks) for p in pages) >= sum(1 for p in paras if p.origin) - 2, name
        by_origin = _by_origin(pages, paras)
        assert by_origin is not None and by_origin == _by_characters(pages, paras), name
        _read_lazily_as_in_full(pdf, pages, paras, name)
    first = pages[0]
    second = next(line for line in first.lines if line.baseline > first.marks[1][1])  # the 2nd paragraph's first line
    its = by_origin[(1, round(second.baseline))]
    moved = first.marks[1][0], first.lines[0].baseline - 1  # its mark moved above the page's first line
    shifted = [Page(first.number, first.width, first.lines, first.footer, first.printed,
                    (first.marks[0], moved, *first.marks[2:])), *pages[1:]]
    assert _by_origin(shifted, paras)[(1, round(first.lines[0].baseline))] == its != by_origin[(1, round(
        first.lines[0].baseline))]


def _read_lazily_as_in_full(pdf, pages, paras, name: str) -> None:
    """PrintedPages reads a page only when asked, in any order, as ``measure`` reads them all; planned from it,
    the fitting is the same, and without --tighten only the pages back to the 成文日期 are read."""
    from drafting.check.pagecheck import signature_date
    from drafting.check.pdfpages import PrintedPages
    from drafting.pipeline.fitting import plan_printed

    with PrintedPages(pdf) as lazy:
        assert len(lazy) == len(pages) and lazy.laid_out == 0
        assert [lazy[i] for i in range(len(pages) - 1, -1, -1)][::-1] == pages == lazy[:], name
    for tighten in (False, True):
        assert plan_printed(pdf, paras, tighten) == plan_fitting(pages, paras, tighten), name
        with PrintedPages(pdf) as lazy:
            plan_fitting(lazy, paras, tighten)
            dated = signature_date(pages)
            assert lazy.laid_out == (len(pages) if tighten else len(pages) - dated[0].number + 1), name


def test_each_pdf_is_read_once_in_the_thread_that_printed_it(tmp_path, capsys, monkeypatch):
    """draft build --pdf -j 2: each PDF is measured as soon as it is printed, by the thread that converted it (while
    the other converter works), once, and only its last page: the examples end with their 成文日期's page."""
    require_soffice()
    import shutil
    import threading

    from drafting.check import pdfpages
    from drafting.check.pagecheck import signature_date

    opened: list[str] = []
    laid: list[tuple[str, int]] = []
    real_init, real_page = pdfpages.PrintedPages.__init__, pdfpages._page

    def counted_init(self, pdf_path, max_pages=None):
        opened.append(threading.current_thread().name)
        real_init(self, pdf_path, max_pages)

    def counted_page(page, number, marks):
        laid.append((threading.current_thread().name, number))
        return real_page(page, number, marks)

    monkeypatch.setattr(pdfpages.PrintedPages, "__init__", counted_init)
    monkeypatch.setattr(pdfpages, "_page", counted_page)
    for name in ("half-year-summary.yaml", "half-year-summary-2022.yaml", "work-plan.yaml", "rectification-report.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    paths = [tmp_path / n for n in ("half-year-summary.yaml", "work-plan.yaml", "rectification-report.yaml")]
    code, out = run(["build", *map(str, paths), "--pdf", "-j", "2"], capsys)
    assert code == 0 and "已生成 PDF 3 份" in out
    assert len(opened) == 3 and threading.main_thread().name not in opened
    read = sorted(number for _, number in laid)
    assert {thread for thread, _ in laid} <= set(opened)
    wanted = []  # each PDF's pages from its 成文日期's page to its end
    for path in paths:
        pages = pdfpages.measure(path.with_suffix(".pdf"))
        wanted += range(signature_date(pages)[0].number, len(pages) + 1)
    assert read == sorted(wanted) and len(read) < sum(len(pdfpages.measure(p.with_suffix(".pdf"))) for p in paths)


def test_a_template_that_names_no_form_paths_is_fitted_by_counting():
    from drafting.pipeline.fitting import _by_origin

    paras = layout(Document((Paragraph("坚持系统治理。", SPAN),)))
    assert paras[0].origin is None and _by_origin([page(1, line(1, "坚持系统治理。"))], paras) is None
