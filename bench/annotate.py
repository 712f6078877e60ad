"""draft check --annotate at scale (issue #28.5): a form with 200 findings annotated; writes bench/ANNOTATE-RESULTS.md.

    python bench/annotate.py [--no-write]

Times the annotation (best of 3, peak memory by tracemalloc), counts the comments and their ids, validates every
part with jing against the ECMA-376 schemas and with Microsoft's Open XML SDK (where Node and the validator are
installed), then has LibreOffice open the copy and print it to PDF with the comments as annotations, timed.
"""
from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from results import measure, publish  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ITEMS = 40  # each carries five findings: 200 in all
ITEM = "第{n}项：三季度,全局开展 次排查，XX工作待核实，发放资料**份。"
SCHEMAS = ROOT / "tests" / "schemas" / "ecma-376"
PART_SCHEMAS = {"word/document.xml": "WordprocessingML_Main_Document.rnc",
                "word/comments.xml": "WordprocessingML_Comments.rnc"}


def form_text() -> str:
    """A form whose body has ITEMS items of five findings each (a blank, a placeholder, a half-width comma, …)."""
    items = "".join(f"  - {ITEM.format(n=n)}\n" for n in range(1, ITEMS + 1))
    return ("模板: 通用\n标题: 青山县司法局2023年第三季度工作总结\n期间: 2023Q3\n落款: 青山县司法局\n日期: 2023-10-08\n"
            f"正文:\n{items}")


def jing_errors(data: bytes, folder: Path) -> list[str]:
    """jing's complaints about the annotated copy's document.xml and comments.xml (['jing not installed'] without it)."""
    import shutil

    jing = shutil.which("jing")
    if jing is None:
        return ["jing not installed"]
    errors = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part, schema in PART_SCHEMAS.items():
            target = folder / part.replace("/", "_")
            target.write_bytes(archive.read(part))
            result = subprocess.run([jing, "-c", str(SCHEMAS / schema), str(target)], capture_output=True, text=True,
                                    timeout=300, env={**os.environ, "JDK_JAVA_OPTIONS": "-XX:-UsePerfData"})
            errors += [line for line in result.stdout.splitlines() if ": error:" in line or ": fatal:" in line]
    return errors


def text_annotations(pdf: Path) -> int:
    """How many text annotations (the comments, as LibreOffice exports them) the PDF's pages carry."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with open(pdf, "rb") as handle:
        return sum(1 for page in PDFPage.create_pages(PDFDocument(PDFParser(handle)))
                   for annotation in resolve1(page.annots) or []
                   if str(resolve1(annotation).get("Subtype")) == "/'Text'")


def word_verdict(path: Path) -> str:
    """What the Open XML SDK says (through tests/helpers.py), or why it could not be asked."""
    try:
        from tests.helpers import word_errors

        errors = word_errors(path)
    except BaseException as why:  # pytest.skip raises an exception of its own outside a test
        return f"not run ({type(why).__name__}: {str(why).splitlines()[0] if str(why) else ''})"
    return "no errors (Microsoft 365, Office 2010)" if not errors else f"{len(errors)} errors: {errors[:3]}"


def main() -> None:
    """Annotate, validate and print the 200-finding form; publish the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    from drafting.commands.annotate import annotate_document, annotate_form
    from drafting.office.holder import Office
    from drafting.office.soffice import find_soffice
    from drafting.ooxml.comments import read_comments
    from drafting.options import Session

    lines = ["# draft check --annotate at scale (issue #28.5)", "",
             f"{datetime.date.today()} · Python {platform.python_version()} · {platform.machine()} · "
             f"{os.cpu_count()} cores (shared) · `python bench/annotate.py`", ""]
    with tempfile.TemporaryDirectory(prefix="draft-annotate-bench-") as scratch:
        folder = Path(scratch)
        form = folder / "表单.yaml"
        form.write_text(form_text(), encoding="utf-8")
        date = "2024-04-10T09:30:00Z"
        annotated = annotate_form(form, Session(), date)
        seconds, peak = measure(lambda: annotate_form(form, Session(), date))
        copy = folder / "审核稿.docx"
        copy.write_bytes(annotated.data)
        comments = read_comments(annotated.data)
        ids = {c.id for c in comments}
        lines += ["## The form", "",
                  f"{ITEMS} body items, each `{ITEM.format(n='N')}`: {len(annotated.findings)} findings "
                  f"(C201, C202 ×3 and C203 in each item), {annotated.exact} anchored on their own text.", "",
                  "| Measure | Value |", "|---|---|",
                  f"| annotate (check, build, anchor, write comments), best of 3 | {seconds:.2f} s |",
                  f"| peak memory allocated (tracemalloc) | {peak:.1f} MB |",
                  f"| comments written / unique ids | {len(comments)} / {len(ids)} |",
                  f"| comments whose range encloses exactly the finding's text | "
                  f"{sum(c.anchored == p.subject.text for c, p in zip(comments, annotated.findings) if p.subject)} |",
                  f"| annotated copy | {len(annotated.data) / 1024:.0f} KB |", ""]
        again = folder / "再审.docx"
        started = time.perf_counter()
        twice = annotate_document(copy, date)
        second = time.perf_counter() - started
        again.write_bytes(twice.data)
        lines += [f"Annotating that copy again as a .docx (its 200 comments kept, the plain checks added): "
                  f"{second:.2f} s, {twice.kept} kept + {len(twice.findings)} new = {len(read_comments(twice.data))} "
                  f"comments, ids unique: {len({c.id for c in read_comments(twice.data)}) == len(read_comments(twice.data))}.",
                  "", "## Valid for Word", "",
                  f"- jing (ECMA-376 transitional: document.xml, comments.xml): "
                  f"{'no errors' if not (errors := jing_errors(annotated.data, folder)) else errors[:3]}",
                  f"- Open XML SDK: {word_verdict(copy)}", ""]
        lines += ["## LibreOffice opens it", ""]
        if find_soffice() is None:
            lines += ["LibreOffice is not installed here: not measured.", ""]
        else:
            version = subprocess.run([find_soffice(), "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
            rows = []
            for label, document in (("the form's copy (200 comments)", copy), ("the copy annotated again (400)", again)):
                out = folder / f"pdf-{document.stem}"
                out.mkdir()
                started = time.perf_counter()
                with Office(resident=False) as office:
                    (pdf,), problems = office.render([document], out, notes=True)
                took = time.perf_counter() - started
                annotations = text_annotations(pdf) if pdf else 0
                rows.append(f"| {label} | {took:.1f} s | {'yes' if pdf else 'no: ' + problems[0].message} | "
                            f"{annotations} |")
            lines += [f"{version}; one-shot `soffice --convert-to pdf` with `ExportNotes` (7.4 has no "
                      "`ExportNotesInMargin`), a fresh profile each time (its start included).", "",
                      "| Document | Open and print to PDF | PDF made | comment annotations in the PDF |", "|---|---|---|---|",
                      *rows, ""]
            (folder / "resident").mkdir()
            started = time.perf_counter()
            with Office() as office:  # the resident UNO converter, as draft build --pdf and --layout use it
                (pdf,), problems = office.render([copy], folder / "resident")
            lines += ["The resident converter (UNO, `loadComponentFromURL` with `Hidden`): "
                      + (f"printed it in {time.perf_counter() - started:.1f} s." if pdf else
                         f"did not print it ({problems[0].code}, {time.perf_counter() - started:.1f} s): Debian's "
                         "`libreoffice-writer-nogui` 7.4 lacks the comment window's `.ui` file and aborts "
                         "(`NoSuchElementException` in `InterimItemWindow`) when a view shows comments; the one-shot "
                         "converter has no view and prints them."), ""]
    lines += ["Times are wall-clock on a machine whose two cores other work shared: LibreOffice's varied from run to run "
              "(the 200-comment copy took 2.3 s on a quieter run, 5–6 s on a loaded one).", ""]
    publish(lines, "ANNOTATE-RESULTS.md", not arguments.no_write)


if __name__ == "__main__":
    main()
