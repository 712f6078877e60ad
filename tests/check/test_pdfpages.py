"""check/pdfpages reads a printed PDF with PDFium (pypdfium2) as pdfplumber read it before (issue #24).

Every example, every built-in template's new form and a few seeded odd forms are printed once by the project's
converters; each PDF is read by ``measure`` and by the pdfplumber reader it replaced, kept here as an independent
oracle, and the pages must agree: lines and their text in order, baselines, edges, fonts, sizes, footers and
named destinations.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path

import pytest

from drafting.authoring.newform import new_form
from drafting.check.pdfpages import (TYPE_BOTTOM, TYPE_TOP, Line, Page, PrintedPages, TooManyPages, load_reader,
                                     measure, printed_chars)
from drafting.form.declarations import find_spec
from drafting.form.validate import load_form
from drafting.pipeline.stages import render_bytes
from drafting.resources import template_folders

from ..conftest import EXAMPLES, require_soffice
from ..helpers import BUILTINS, fuzzed_forms

pytestmark = pytest.mark.render

# Shared punctuation, Latin words broken by a hyphen, digits, and a character outside the BMP (a surrogate pair
# in PDFium's text page).
MIXED = ("开展“3·15”宣传，接听“12345”热线，完成率95%”。“A级”单位3个……以及——123—456‘7’。" * 2
         + "co-operation well-being self-evident 吉野家𠮷野家 state-of-the-art " * 3)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example, each built-in template's new form, seeded odd forms and a mixed-script one, printed to PDF
    in one office: name → PDF."""
    require_soffice()
    from drafting.office.holder import render_pdfs

    out = tmp_path_factory.mktemp("pdfpages")
    forms = {path.stem: path for path in sorted(EXAMPLES.glob("*.yaml"))}
    for template in BUILTINS:
        forms[f"new-{template}"] = out / f"new-{template}.yaml"
        forms[f"new-{template}"].write_text(new_form(find_spec(template, template_folders(None))), encoding="utf-8")
    # Printable ones only: under a bidi override (U+202E) PDFium mirrors "<" and "（" as the Unicode bidi
    # algorithm says, and it leaves out a character no font on the machine has (printed as an empty box).
    for index, text in enumerate(fuzzed_forms(10, printable=True)):
        forms[f"fuzz{index}"] = out / f"fuzz{index}.yaml"
        forms[f"fuzz{index}"].write_text(text, encoding="utf-8")
    forms["mixed"] = out / "mixed.yaml"
    forms["mixed"].write_text(f"模板: 通用\n标题: 混排——“3·15”co-op\n正文:\n  - {MIXED}\n  - {MIXED}\n",
                              encoding="utf-8")
    documents = []
    for name, form in forms.items():
        documents.append(out / f"{name}.docx")
        documents[-1].write_bytes(render_bytes(load_form(form)))
    (out / "scratch").mkdir()
    pdfs, problems = render_pdfs(documents, out / "scratch")
    assert not problems and all(pdfs), problems
    return {name: pdf for name, pdf in zip(forms, pdfs) if pdf is not None}


def _oracle_group(chars: list[dict]) -> list[Line]:
    """pdfpages' grouping as it was with pdfplumber: characters in rows by rounded bottom, each row a Line."""
    rows: dict[float, list[dict]] = defaultdict(list)
    for ch in chars:
        rows[round(ch["bottom"], 0)].append(ch)
    lines = []
    for baseline in sorted(rows):
        row = sorted(rows[baseline], key=lambda c: c["x0"])
        text = "".join(c["text"] for c in row)
        if not text.strip():
            continue
        fonts = tuple(sorted({c["fontname"].split("+")[-1] for c in row if c["text"].strip()}))
        size = max(round(c["size"], 1) for c in row)
        lines.append(Line(baseline, row[0]["x0"], row[-1]["x1"], text, fonts, size))
    return lines


def _oracle_destinations(pdf) -> dict[int, list[tuple[str, float]]]:  # type: ignore[no-untyped-def]
    """The catalog's named destinations as pdfminer reads them: page object id → (name, height from the foot)."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    found: dict[int, list[tuple[str, float]]] = defaultdict(list)
    table = resolve1(pdf.doc.catalog.get("Dests"))
    for name, target in (table.items() if isinstance(table, dict) else ()):
        target = resolve1(target)
        if isinstance(target, dict):
            target = resolve1(target.get("D"))
        if isinstance(target, list) and len(target) >= 4 and isinstance(target[0], PDFObjRef) \
                and isinstance(target[3], (int, float)):
            found[target[0].objid].append((str(name), float(target[3])))
    return found


def _oracle(pdf_path: Path) -> list[Page]:
    """The pdfplumber reader pdfpages used before PDFium, unchanged but for its home."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        marks = _oracle_destinations(pdf)
        for number, page in enumerate(pdf.pages, 1):
            chars = [c for c in page.chars if c["text"].strip()]
            body = [c for c in chars if TYPE_TOP - 2 < c["top"] and c["bottom"] < TYPE_BOTTOM + 6]
            footer = _oracle_group([c for c in chars if c["top"] >= TYPE_BOTTOM + 6])
            on_page = sorted(((name, float(page.height) - y) for name, y in marks.get(page.page_obj.pageid, ())),
                             key=lambda mark: mark[1])
            pages.append(Page(number, float(page.width), tuple(_oracle_group(body)), footer[0] if footer else None,
                              tuple(_oracle_group(chars)), tuple(on_page)))
    return pages


def _same_lines(got: tuple[Line, ...], want: tuple[Line, ...], where: str) -> None:
    assert [line.text for line in got] == [line.text for line in want], where
    for mine, theirs in zip(got, want):
        assert abs(mine.baseline - theirs.baseline) <= 0.5, (where, mine, theirs)
        assert abs(mine.x0 - theirs.x0) <= 1 and abs(mine.x1 - theirs.x1) <= 1, (where, mine, theirs)
        assert (mine.fonts, mine.size) == (theirs.fonts, theirs.size), (where, mine, theirs)


def _same_pages(got: list[Page], want: list[Page], name: str) -> None:
    assert len(got) == len(want), name
    for mine, theirs in zip(got, want):
        where = f"{name} 第{mine.number}页"
        assert mine.number == theirs.number and abs(mine.width - theirs.width) < 0.01, where
        _same_lines(mine.lines, theirs.lines, where)
        _same_lines(mine.printed, theirs.printed, where + "（整页）")
        assert (mine.footer is None) == (theirs.footer is None), where
        if mine.footer is not None and theirs.footer is not None:
            _same_lines((mine.footer,), (theirs.footer,), where + "（页码）")
        assert [mark for mark, _ in mine.marks] == [mark for mark, _ in theirs.marks], where
        assert all(abs(a - b) <= 0.5 for (_, a), (_, b) in zip(mine.marks, theirs.marks)), where


def test_pdfium_reads_every_printed_example_as_pdfplumber_did(printed):
    for name, pdf in printed.items():
        _same_pages(measure(pdf), _oracle(pdf), name)


def test_each_pages_characters_are_pdfplumbers(printed):
    """printed_chars (what annotate --pdf counts its comments with) gives each page's characters as pdfplumber
    does: the same characters, at the same places and sizes."""
    import pdfplumber

    for name, pdf in printed.items():
        with pdfplumber.open(pdf) as opened:
            theirs = [[c for c in page.chars if c["text"].strip()] for page in opened.pages]
        mine = printed_chars(pdf)
        assert len(mine) == len(theirs), name
        for number, (got, want) in enumerate(zip(mine, theirs), 1):
            key = lambda c: (round(c["top"]), c["x0"], c["text"])  # noqa: E731
            got, want = sorted(got, key=key), sorted(want, key=key)
            assert "".join(c["text"] for c in got) == "".join(c["text"] for c in want), (name, number)
            assert all(abs(a[k] - b[k]) <= 0.5 for a, b in zip(got, want) for k in ("x0", "x1", "top", "bottom")), \
                (name, number)
            assert [round(c["size"], 1) for c in got] == [round(c["size"], 1) for c in want], (name, number)
    with pytest.raises(TooManyPages):
        printed_chars(printed["half-year-summary"], max_pages=0)


def test_the_comparison_is_not_vacuous(printed):
    """The PDFs compared hold what the comparison is about: several pages, footers, marks, several fonts, a
    character outside the BMP."""
    pages = {name: measure(pdf) for name, pdf in printed.items()}
    assert len(pages) >= 10 and max(len(p) for p in pages.values()) >= 3
    assert all(page.footer is not None for page in pages["half-year-summary"])
    assert any(page.marks for page in pages["half-year-summary"])
    assert {font for page in pages["mixed"] for line in page.printed for font in line.fonts} >= \
        {"FandolSong-Regular", "FandolFang-Regular"}
    assert "𠮷野家" in "".join(line.text for page in pages["mixed"] for line in page.printed)


def test_pages_read_in_many_threads_are_the_same(printed):
    """PDFium is not thread-safe: measuring in the converters' and the servers' threads at once goes through one
    lock and reads the same pages as one thread does."""
    load_reader()
    alone = {name: measure(pdf) for name, pdf in printed.items()}
    together: dict[tuple[int, str], list[Page]] = {}
    failed: list[BaseException] = []

    def read(worker: int) -> None:
        try:
            for name, pdf in (list(printed.items())[::-1] if worker % 2 else printed.items()):
                together[(worker, name)] = measure(pdf)
        except BaseException as error:  # said by the main thread
            failed.append(error)

    threads = [threading.Thread(target=read, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed
    assert all(pages == alone[name] for (_, name), pages in together.items()) and len(together) == 4 * len(alone)


def test_a_document_is_read_lazily_and_closed(printed):
    """PrintedPages reads a page when asked, keeps what it read after closing, and refuses a PDF that is too long."""
    pdf = printed["half-year-summary"]
    with PrintedPages(pdf) as pages:
        last = pages[-1]
        assert pages.laid_out == 1 and last.number == len(pages)
    assert pages[-1] is last
    with pytest.raises(TooManyPages):
        measure(pdf, max_pages=len(pages) - 1)
