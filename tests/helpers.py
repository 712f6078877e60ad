"""Helpers several test modules share: building a form's bytes, reading a .docx back, import round trips."""
from __future__ import annotations

from pathlib import Path

import pytest

from drafting.pipeline.stages import render_bytes
from drafting.errors import FormError
from drafting.form.declarations import template_names
from drafting.form.validate import load_form
from drafting.resources import template_folders

from .conftest import FIXTURES

BUILTINS = [name for name, _ in template_names(template_folders(None))]
SAMPLES = sorted((FIXTURES / "samples").glob("*.txt"))


def build(path: Path, fmt: str = "docx") -> bytes:
    """The bytes ``draft build`` writes for the form at ``path``."""
    return render_bytes(load_form(path), fmt)


def problems(path: Path) -> list[tuple[str, str, str | None]]:
    """The (location, message, hint) of every problem loading the form raises."""
    with pytest.raises(FormError) as info:
        load_form(path)
    return [(str(p.location), p.message, p.hint) for p in info.value.problems]


def east_asian(style) -> str:  # type: ignore[no-untyped-def]
    """The East Asian font of a python-docx style."""
    from docx.oxml.ns import qn

    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def paragraph_texts(document) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of every paragraph, the 版记's framed rows included, less the empty paragraph that
    anchors those frames at the end of the body; a table gives a line per row, its cells' texts joined
    (as the txt writer's row reads with its padding removed)."""
    from docx.oxml.ns import qn

    lines: list[str] = []
    body = list(document.element.body.iterchildren())
    paragraphs = [child for child in body if child.tag == qn("w:p")]
    anchor = paragraphs[-1] if len(paragraphs) > 1 and not "".join(paragraphs[-1].itertext()) \
        and paragraphs[-2].xpath("./w:pPr/w:framePr") else None
    for child in body:
        if child.tag == qn("w:p") and child is not anchor:
            lines.append("".join("\t" if node.tag == qn("w:tab") else node.text or ""
                                 for node in child.iter(qn("w:t"), qn("w:tab")) if node.getparent().tag == qn("w:r")))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                lines.append("".join(t.text or "" for cell in row.iter(qn("w:tc")) for t in cell.iter(qn("w:t"))))
    return lines


def laid_out_texts(form: Path) -> list[str]:
    """What the writers print of ``form``, a line per paragraph and per table row (a row's cells joined)."""
    from drafting.pipeline.stages import document as build_document
    from drafting.writers.layout import layout
    from drafting.writers.tablelayout import Grid

    lines: list[str] = []
    for laid in layout(build_document(load_form(form))):
        if isinstance(laid, Grid):
            lines.extend("".join(cell.text for cell in row if cell.covered != "beside") for row in laid.rows)
        else:
            lines.append(laid.text)
    return lines


def words(text: str) -> list[str]:
    """Non-empty paragraphs with whitespace at the ends removed (blank lines are layout)."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def import_then_build(path: Path, tmp_path: Path, fmt: str = "txt", figures: bool = False) -> bytes:
    """Import a report as a form, write the form, build it again."""
    from drafting.importing.figures import extract_figures
    from drafting.importing.paragraphs import read_paragraphs
    from drafting.importing.recognise import recognise
    from drafting.importing.toform import report_to_yaml

    paragraphs, _ = read_paragraphs(path)
    form_path = tmp_path / (path.stem + ".yaml")
    report = recognise(paragraphs)
    extracted = extract_figures(report) if figures else None
    form_path.write_text(report_to_yaml(report, path.name, extracted), encoding="utf-8")
    return render_bytes(load_form(form_path), fmt)


def fuzzed_forms(count: int, printable: bool = False) -> list[str]:
    """Seeded random forms: odd characters, deep nesting, lists, red headers (valid, so that they build).

    ``printable``: only characters the test machine's fonts can draw (no bidi controls, emoji or
    characters outside GB2312), for comparing a PDF's text with the form's.
    """
    import random

    import yaml

    rng = random.Random(9704 + printable)
    pool = list("的一是在工作推进全面加强县委政法委员会，。、；：“”（）《》——…abcXYZ0123456789 .%") + \
        ["&", "<", ">", "\\", "'", '"', "一是", "二是", "*", "XX"]
    if not printable:
        pool += ["\u200b", "\u202e", "😀", "䶮", "喆"]

    def words(n: int = 30) -> str:
        return "".join(rng.choice(pool) for _ in range(rng.randint(1, n))).strip() or "字"

    def items(depth: int) -> list:
        out = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.random()
            if depth < 4 and kind < 0.4:
                out.append({"标题": words(15), "下级": items(depth + 1)})
            elif kind < 0.6:
                out.append({"标题": words(15), "内容": words(200)})
            elif kind < 0.8:
                out.append({"引语": words(12), "内容": words(300), "列举": [words(20) for _ in range(rng.randint(0, 3))]})
            else:
                out.append(words(400))
        return out

    forms = []
    for index in range(count):
        form = {"模板": "通用", "标题": [words(18) for _ in range(rng.randint(1, 3))], "开头": words(300),
                "正文": items(1), "落款": words(20), "日期": f"20{rng.randint(10, 30)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "附件": [words(20) for _ in range(rng.randint(0, 3))], "印章": rng.random() < 0.5}
        if index % 3 == 0:
            form["版头"] = {"发文机关标志": words(20), "发文字号": words(12), "抄送": words(30), "印发机关": words(15)}
        forms.append(yaml.safe_dump(form, allow_unicode=True, sort_keys=False))
    return forms


def word_errors(docx: Path | bytes) -> list[str]:
    """The Open XML SDK's errors for a .docx (a path or its bytes) for every version in ``WORD_VERSIONS``
    (Microsoft 365 and Office 2010), a line each: version, error id, part, XPath and description."""
    import tempfile

    from .conftest import word_validator

    validator = word_validator()
    if isinstance(docx, bytes):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "document.docx"
            path.write_bytes(docx)
            results = validator.validate(path)
    else:
        results = validator.validate(Path(docx).resolve())
    return [f"{version}: {error['id']} at {error['part']} {error['xpath']}: {error['description']}"
            for version, errors in results.items() for error in errors]


def assert_valid_for_word(docx: Path | bytes) -> None:
    """Fail with the Open XML SDK's messages unless the .docx validates for Microsoft 365 and Office 2010
    (skipped, with the reason, where Node or the validator is missing; mandatory under .ci/run)."""
    errors = word_errors(docx)
    assert not errors, "the Open XML SDK refuses the document:\n" + "\n".join(errors[:20])


def verify_downloaded_docx(data: bytes, form: Path, folder: Path) -> None:
    """The checks the CLI's output passes, run on a .docx that came another way (a browser's download).

    It is the document ``draft build`` makes of ``form`` (every part's XML), every part validates
    against the ECMA-376 schemas, the Open XML SDK accepts it for Microsoft 365 and Office 2010, pandoc reads the txt writer's paragraphs, and LibreOffice prints
    every character with nothing a reviewer would circle.
    """
    import io
    import re
    import subprocess
    import zipfile

    from drafting.check.pagecheck import layout_findings
    from drafting.check.pdfpages import measure
    from drafting.office.holder import render_pdfs
    from drafting.ooxml.reader import read_docx

    from .conftest import require_program, require_soffice
    from .ooxml.test_schema import _schema_for, _validate

    expected = build(form)
    with zipfile.ZipFile(io.BytesIO(data)) as got, zipfile.ZipFile(io.BytesIO(expected)) as want:
        assert sorted(got.namelist()) == sorted(want.namelist())
        for part in want.namelist():
            assert got.read(part) == want.read(part), f"{part} differs from draft build's"
        parts = folder / "parts"
        by_schema: dict[str, list[Path]] = {}
        for part in got.namelist():
            target = parts / part
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(got.read(part))
            by_schema.setdefault(_schema_for(part), []).append(target)
    jing = require_program("jing", "jing")
    for schema, files in by_schema.items():
        assert not _validate(jing, schema, files), schema
    assert_valid_for_word(data)
    written = build(form, "txt").decode("utf-8")
    pandoc = require_program("pandoc", "pandoc")
    (folder / "read.docx").write_bytes(data)
    read = subprocess.run([pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(folder / "read.docx")],
                          capture_output=True, text=True, timeout=120, check=True).stdout
    squeeze = lambda text: [re.sub(r"\s", "", line) for line in text.split("\n") if line.strip()]  # noqa: E731
    assert squeeze(read) == squeeze(written)
    require_soffice()
    (folder / "scratch").mkdir()
    pdfs, problems = render_pdfs([folder / "read.docx"], folder / "scratch")
    assert not problems and pdfs[0] is not None
    pages = measure(pdfs[0])
    printed = "".join(line.text for page in pages for line in page.lines)
    assert "".join(printed.split()) == "".join(written.split())
    titles = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8").count('"GwTitle"')
    found = layout_findings(form.name, pages, "".join(p.text for p in read_docx(data).paragraphs), titles)
    circled = {"L101", "L102", "L103", "L104", "L105", "L107", "L109", "L110"}
    assert not [p for p in found if p.code in circled], [p.message for p in found]


def typed_into(docx_path: Path, words: str) -> bytes:
    """``words`` typed at the end of the first run of ``docx_path`` and saved, as a person editing it in Word would
    (python-docx keeps docProps and custom properties as they were); the file's new bytes."""
    import docx

    document = docx.Document(str(docx_path))
    next(p for p in document.paragraphs if p.runs).runs[0].text += words
    document.save(str(docx_path))
    return docx_path.read_bytes()
