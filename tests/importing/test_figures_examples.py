"""draft import --figures on every example's built report: the figures recovered against the form's 指标.

Measured (issue #27, point 11): of the 50 figures with values the seven examples declare, 47 are recovered with the
exact value and unit (94 %) — all 47 the text prints as “value+unit”; the other three are printed otherwise (14.5万余起
through a filter, 96 in a 指标表 whose unit is a column of its own). No unit is changed. 19 recovered names (38 %)
equal or contain the form's name: a form's names are the writer's short ones (电诈发案), the text's are longer
(电信网络诈骗案件); 29 (58 %) are related one way or the other (结案率 in 执行结案率).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafting.form.validate import load_form
from drafting.importing.figures import extract_figures
from drafting.importing.paragraphs import read_paragraphs
from drafting.importing.recognise import recognise
from drafting.options import Session
from drafting.pipeline.stages import run_path

from ..conftest import EXAMPLES
from ..helpers import import_then_build, words

FORMS = sorted(EXAMPLES.glob("*.yaml"))
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)(.*)$")


class Compared:
    """One example's declared figures (name → printed) against those --figures recovered from its report."""

    def __init__(self, declared: dict[str, str], recovered: dict[str, str], text: str) -> None:
        self.declared, self.recovered = declared, recovered
        values = set(recovered.values())
        self.exact = [name for name, printed in declared.items() if printed in values]
        self.verbatim = [name for name, printed in declared.items() if printed in text]  # printed as “value+unit”
        self.named = [name for name, printed in declared.items()
                      if any(value == printed and name in found for found, value in recovered.items())]
        self.related = [name for name, printed in declared.items()
                        if any(value == printed and (name in found or found in name) for found, value in recovered.items())]
        self.unit_errors = [(name, found) for name, printed in declared.items() for found, value in recovered.items()
                            if (name in found or found in name) and _split(value)[0] == _split(printed)[0]
                            and _split(value)[1] != _split(printed)[1]]


def _split(printed: str) -> tuple[str, str]:
    """(number, unit) of a printed figure."""
    found = _NUMBER.match(printed)
    return (found.group(1), found.group(2)) if found else (printed, "")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every example built to .docx, in a folder of the test's own."""
    folder = tmp_path_factory.mktemp("examples")
    documents = {}
    for form in FORMS:
        documents[form.stem] = folder / (form.stem + ".docx")
        documents[form.stem].write_bytes(run_path(form, "docx", Session()).data)
    return documents


def _compare(form: Path, document: Path) -> Compared:
    declared = {name: str(figure) for name, figure in load_form(form).figures.items() if figure.value is not None}
    paragraphs, _ = read_paragraphs(document)
    recovered = extract_figures(recognise(paragraphs))
    text = "\n".join([p.text for p in paragraphs] + [cell for p in paragraphs if p.table for row in p.table.rows
                                                       for cell in row])
    return Compared(declared, recovered, text)


@pytest.fixture(scope="module")
def compared(built) -> dict[str, Compared]:
    return {form.stem: _compare(form, built[form.stem]) for form in FORMS}


def test_every_figure_printed_as_value_and_unit_is_recovered_exactly(compared):
    assert sum(len(r.verbatim) for r in compared.values()) >= 40
    for name, result in compared.items():
        missed = sorted(set(result.verbatim) - set(result.exact))
        assert len(result.exact) >= 0.9 * len(result.verbatim), (name, missed)  # tolerance 90 %; measured 100 %


def test_nine_in_ten_of_all_declared_figures_are_recovered_and_no_unit_is_changed(compared):
    declared = sum(len(r.declared) for r in compared.values())
    exact = sum(len(r.exact) for r in compared.values())
    assert declared >= 40 and exact >= 0.9 * declared, (exact, declared)  # measured 47 of 50
    assert [e for r in compared.values() for e in r.unit_errors] == []


def test_recovered_names_are_the_forms_or_contain_them(compared):
    """The form's names are a writer's short ones; the text's names are what it prints (tolerance: a third)."""
    declared = sum(len(r.declared) for r in compared.values())
    named = sum(len(r.named) for r in compared.values())
    related = sum(len(r.related) for r in compared.values())
    assert named >= declared / 3 and related >= declared / 2, (named, related, declared)  # measured 19, 29 of 50
    for result in compared.values():
        assert all(re.fullmatch(r"[\u4e00-\u9fff]+\d*", name) for name in result.recovered), result.recovered


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.stem)
def test_the_rebuilt_text_is_the_reports(form, built, tmp_path):
    """The figures taken out print back where they were: the form built again gives the same text."""
    document = built[form.stem]
    with_figures = import_then_build(document, tmp_path, figures=True).decode("utf-8")
    (tmp_path / (document.stem + ".yaml")).unlink()
    without = import_then_build(document, tmp_path).decode("utf-8")
    assert words(with_figures) == words(without)

