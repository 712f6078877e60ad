"""Origin markers in LibreOffice: the printed pages are the same with and without them, and a re-save keeps them.

Skipped where LibreOffice is absent (DRAFTING_REQUIRE_RENDER=1 makes that a failure).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from drafting.pipeline.stages import document as build_document
from drafting.document.ast import Signature
from drafting.form.validate import load_form
from drafting.ooxml.origins import read_properties
from drafting.ooxml.reader import docx_text_digest
from drafting.ooxml.reader import read_docx
from drafting.resources import fontconfig_file
from drafting.writers.docx import write_docx

from ..conftest import EXAMPLES

pytestmark = pytest.mark.render
FORMS = {"summary": EXAMPLES / "half-year-summary.yaml", "plan": EXAMPLES / "implementation-plan.yaml",
         "rectification": EXAMPLES / "rectification-report.yaml"}


def _soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("DRAFTING_REQUIRE_RENDER") == "1":
            pytest.fail("DRAFTING_REQUIRE_RENDER=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice


def _convert(soffice: str, target: str, folder: Path, out: Path, documents: list[Path]) -> None:
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file()))
    result = subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                             "--convert-to", target, "--outdir", str(out), *map(str, documents)],
                            env=env, capture_output=True, text=True, timeout=600)
    missing = [d.name for d in documents if not (out / d.name).with_suffix("." + target.split(":")[0]).is_file()]
    assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"



def _without_origin(block):  # type: ignore[no-untyped-def]
    """``block`` as a template that names no fields prints it."""
    return block._replace(origin=None, **({"date_origin": None} if isinstance(block, Signature) else {}))

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """Each form's .docx with its markers (NAME.docx) and without (NAME-bare.docx)."""
    folder = tmp_path_factory.mktemp("origins")
    packages = {}
    for name, path in FORMS.items():
        form = load_form(path)
        document = build_document(form)
        bare = document._replace(blocks=tuple(_without_origin(block) for block in document.blocks))
        packages[name] = write_docx(document, form.profile)
        (folder / f"{name}.docx").write_bytes(packages[name])
        (folder / f"{name}-bare.docx").write_bytes(write_docx(bare, form.profile))
    return folder, packages


def test_the_markers_leave_every_printed_line_where_it_was(built):
    from drafting.check.pdfpages import measure

    folder, _ = built
    documents = sorted(folder.glob("*.docx"))
    _convert(_soffice(), "pdf", folder, folder, documents)
    for name in FORMS:
        marked, bare = measure(folder / f"{name}.pdf"), measure(folder / f"{name}-bare.pdf")
        assert len(marked) == len(bare), name
        for page, other in zip(marked, bare):
            assert [(round(line.baseline, 2), round(line.x0, 2), line.text) for line in page.lines] == \
                   [(round(line.baseline, 2), round(line.x0, 2), line.text) for line in other.lines], name


def test_a_libreoffice_resave_keeps_the_bookmarks_and_the_properties(built):
    folder, packages = built
    out = folder / "saved"
    out.mkdir()
    _convert(_soffice(), 'docx:MS Word 2007 XML', folder, out, [folder / f"{name}.docx" for name in FORMS])
    for name, data in packages.items():
        saved = (out / f"{name}.docx").read_bytes()
        assert read_properties(saved) == read_properties(data), name
        assert docx_text_digest(saved) == read_properties(data).text_sha256, name  # the text did not change
        before = [(p.text, p.origin) for p in read_docx(data).paragraphs if p.text]
        after = [(p.text, p.origin) for p in read_docx(saved).paragraphs if p.text]
        assert after == before, name
