"""draft diff on every example paired with a changed copy: accepting every tracked change gives NEW's text and
rejecting every one gives OLD's — read by pandoc and by LibreOffice (UNO accept-all / reject-all, through the
project's resident converter) — and the 对照稿 validates with jing and the Open XML SDK, its ids unique."""
from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from drafting.comparing.diff import compare, marked_lines, revised_docx
from drafting.ooxml.comparable import open_docx
from drafting.ooxml.names import W
from drafting.options import Options, Session
from drafting.pipeline.stages import read, run

from ..conftest import require_program, require_soffice, require_uno
from ..helpers import assert_valid_for_word
from ..ooxml.test_schema import _schema_for, _validate
from .pairs import ADDED, EXAMPLE_FORMS, changed_copy

DATE = "2024-07-10T01:30:00Z"


def built(path: Path) -> bytes:
    """The .docx draft build makes of the form (forced: a changed copy may leave a figure unused)."""
    session = Session(Options(force=True))
    return run(read(path, session), "docx", session).data


@pytest.fixture(scope="module")
def pairs(tmp_path_factory) -> dict[str, tuple[bytes, bytes, bytes]]:
    """Each example's (OLD, NEW, 对照稿): the example built, its changed copy built, and their diff."""
    made = {}
    for form in EXAMPLE_FORMS:
        folder = tmp_path_factory.mktemp(form.stem)
        changed = changed_copy(form, folder)
        old, new = built(folder / form.name), built(changed)
        made[form.stem] = (old, new, revised_docx(compare(open_docx(old), open_docx(new)), "draft diff", DATE, "旧"))
    return made


def normalised(text: str) -> list[str]:
    """A plain text's lines without whitespace, blank lines and table rules (pandoc draws a table's grid, and a
    row whose every cell was taken away is a blank line)."""
    lines = (re.sub(r"\s", "", line) for line in text.split("\n"))
    return [line for line in lines if line and not set(line) <= set("-+|=:")]


def pandoc_text(data: bytes, folder: Path, changes: str | None = None) -> list[str]:
    """pandoc's plain text of a .docx, with ``--track-changes=accept|reject`` when given."""
    pandoc = require_program("pandoc", "pandoc")
    path = folder / "document.docx"
    path.write_bytes(data)
    args = [pandoc, "-t", "plain", "--wrap=none", str(path)] + ([f"--track-changes={changes}"] if changes else [])
    return normalised(subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout)


def test_every_pair_has_the_five_kinds_of_change(pairs):
    for name, (old, new, _) in pairs.items():
        counted = compare(open_docx(old), open_docx(new)).counted
        assert counted.changed >= 1 and counted.inserted >= 1, name
        assert ADDED in "\n".join(marked_lines(compare(open_docx(old), open_docx(new)))), name


@pytest.mark.parametrize("form", [f.stem for f in EXAMPLE_FORMS])
def test_pandoc_accepting_gives_new_and_rejecting_gives_old(pairs, form, tmp_path):
    old, new, revised = pairs[form]
    assert pandoc_text(revised, tmp_path, "accept") == pandoc_text(new, tmp_path)
    assert pandoc_text(revised, tmp_path, "reject") == pandoc_text(old, tmp_path)
    assert pandoc_text(old, tmp_path) != pandoc_text(new, tmp_path)


def test_libreoffice_accepting_gives_new_and_rejecting_gives_old(pairs, tmp_path):
    from drafting.office.resident import ResidentConverter
    from drafting.office.soffice import find_soffice

    require_soffice()
    python = require_uno()
    wrong = []
    with ResidentConverter(find_soffice(), python, tmp_path) as converter:
        for name, (old, new, revised) in pairs.items():
            texts = {}
            for label, data, changes in (("old", old, None), ("new", new, None), ("accepted", revised, "accept"),
                                         ("rejected", revised, "reject")):
                source, target = tmp_path / f"{name}-{label}.docx", tmp_path / f"{name}-{label}.txt"
                source.write_bytes(data)
                assert converter.convert(source, target, revisions=changes) is None, (name, label)
                texts[label] = normalised(target.read_text(encoding="utf-8-sig"))
            if texts["accepted"] != texts["new"] or texts["rejected"] != texts["old"]:
                wrong.append(name)
            assert texts["old"] != texts["new"], name
    assert not wrong


def test_the_diff_validates_with_jing(pairs, tmp_path):
    jing = require_program("jing", "jing")
    by_schema: dict[str, list[Path]] = {}
    for name, (_, _, revised) in pairs.items():
        with zipfile.ZipFile(io.BytesIO(revised)) as archive:
            for part in archive.namelist():
                target = tmp_path / name / part
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(part))
                by_schema.setdefault(_schema_for(part), []).append(target)
    for schema, files in by_schema.items():
        assert not _validate(jing, schema, files), schema


@pytest.mark.parametrize("form", [f.stem for f in EXAMPLE_FORMS])
def test_the_diff_validates_for_word(pairs, form):
    assert_valid_for_word(pairs[form][2])


def test_revision_ids_are_unique_and_apart_from_bookmarks(pairs):
    for name, (_, _, revised) in pairs.items():
        with zipfile.ZipFile(io.BytesIO(revised)) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        revisions = [node.get(W + "id") for node in root.iter(W + "ins", W + "del")]
        bookmarks = {node.get(W + "id") for node in root.iter(W + "bookmarkStart")}
        assert revisions and not [i for i, n in Counter(revisions).items() if n > 1], name
        assert not bookmarks & set(revisions), name
        assert all(node.get(W + "author") == "draft diff" and node.get(W + "date") == DATE
                   for node in root.iter(W + "ins", W + "del")), name


def test_the_diff_is_new_s_package_with_only_the_body_and_its_record_changed(pairs):
    old, new, revised = pairs["quarterly-report"]
    with zipfile.ZipFile(io.BytesIO(new)) as before, zipfile.ZipFile(io.BytesIO(revised)) as after:
        assert before.namelist() == after.namelist()
        changed = [part for part in before.namelist() if before.read(part) != after.read(part)]
    assert changed == ["word/document.xml", "docProps/custom.xml"]
    from drafting.ooxml.comparable import compared_with

    assert compared_with(revised) == "旧" and compared_with(new) is None


def test_libreoffice_opens_the_diff_and_prints_it(pairs, tmp_path):
    """A 对照稿 converts to PDF through the project's converter (LibreOffice opens it)."""
    from drafting.office.holder import render_pdfs

    require_soffice()
    path = tmp_path / "对照稿.docx"
    path.write_bytes(pairs["half-year-summary"][2])
    pdfs, problems = render_pdfs([path], tmp_path)
    assert not problems and pdfs[0] is not None and pdfs[0].stat().st_size > 1000
