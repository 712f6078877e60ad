"""A joint signature (联合行文) as LibreOffice prints it, where GB/T 9704 7.3.5 puts it (issue #26 point 13).

Sealed (7.3.5.1): the units' names side by side, two to a line, their seals' centres at least 8 characters
apart, the last name centred over the date, which stands 右空四字; an odd last unit alone over the date.
Unsealed (7.3.5.2): the lead unit first and the others below, one a line, right-aligned, then the date
starting two characters right of the longest name's first character.

Skipped, with the reason, where LibreOffice is absent; .ci/run makes it mandatory.
"""
from __future__ import annotations

import pytest

from drafting.form.validate import load_form
from drafting.office.holder import render_pdfs
from drafting.pipeline.stages import render_bytes
from drafting.writers.layout import Para, layout

from ..conftest import require_soffice

CHAR = 16.0  # one 3号 character, in points
LINE = 28.95  # the body's line pitch, in points (tests/rendering/test_tables.py)
TYPE_RIGHT = (210 - 26) * 72 / 25.4
PARTY, GOVERNMENT, GROUP = "中共白河镇委员会", "白河镇人民政府", "白河镇平安建设领导小组"
DATE = "2026年10月8日"
FORMS = {
    "two-sealed": (f"{PARTY}　{GOVERNMENT}", ""),
    "three-sealed": (f"{PARTY}　{GOVERNMENT}　{GROUP}", ""),
    "two-unsealed": (f"{PARTY}　{GOVERNMENT}", "印章: 否\n"),
    "three-unsealed": (f"{PARTY} {GOVERNMENT} {GROUP}", "印章: 否\n"),
}


def _form(unit: str, extra: str) -> str:
    return ("模板: 通用\n标题: 关于白河镇第三季度平安建设工作情况的报告\n主送: 县委政法委\n正文:\n"
            "  - 今年第三季度，我镇推动平安建设各项任务落地见效。\n结尾: 特此报告。\n"
            f"落款: {unit}\n日期: 2026-10-08\n{extra}")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Each form's first page as rows of characters: {rounded baseline: [(char, x0, x1)]}."""
    import pdfplumber

    require_soffice()
    folder = tmp_path_factory.mktemp("joint")
    documents = []
    for name, (unit, extra) in FORMS.items():
        (folder / f"{name}.yaml").write_text(_form(unit, extra), encoding="utf-8")
        documents.append(folder / f"{name}.docx")
        documents[-1].write_bytes(render_bytes(load_form(folder / f"{name}.yaml")))
    (folder / "scratch").mkdir()
    pdfs, problems = render_pdfs(documents, folder / "scratch")
    assert not problems and all(pdfs)
    pages = {}
    for name, pdf in zip(FORMS, pdfs):
        with pdfplumber.open(pdf) as opened:
            rows: dict[float, list[tuple[str, float, float]]] = {}
            for ch in opened.pages[0].chars:
                if ch["text"].strip():
                    rows.setdefault(round(ch["bottom"]), []).append((ch["text"], ch["x0"], ch["x1"]))
        pages[name] = {baseline: sorted(row, key=lambda c: c[1]) for baseline, row in sorted(rows.items())}
    return pages


def _find(page, text: str) -> tuple[float, float, float]:
    """(baseline, left, right) of ``text`` printed on one line."""
    for baseline, row in page.items():
        joined = "".join(c for c, _, _ in row)
        at = joined.find(text)
        if at >= 0:
            return baseline, row[at][1], row[at + len(text) - 1][2]
    raise AssertionError(f"“{text}” is not printed on one line")


def _centre(found: tuple[float, float, float]) -> float:
    return (found[1] + found[2]) / 2


def test_sealed_names_stand_side_by_side_and_the_last_over_the_date(printed):
    for name in ("two-sealed", "three-sealed"):
        page = printed[name]
        party, government, date = _find(page, PARTY), _find(page, GOVERNMENT), _find(page, DATE)
        body = _find(page, "特此报告。")
        assert party[0] == government[0], f"{name}: the first two units are not side by side"
        assert _centre(government) - _centre(party) >= 8 * CHAR - 2, f"{name}: their seals would touch"
        assert TYPE_RIGHT - date[2] == pytest.approx(4 * CHAR, abs=3), f"{name}: the date is not 右空四字"
        last = government if name == "two-sealed" else _find(page, GROUP)
        assert _centre(last) == pytest.approx(_centre(date), abs=CHAR / 2), f"{name}: the last name is not over the date"
        assert date[0] - last[0] == pytest.approx(LINE, abs=3), f"{name}: the date is not under the last name"
        assert party[0] - body[0] == pytest.approx(3 * LINE, abs=4), f"{name}: not two blank lines under the body"
        if name == "three-sealed":
            group = _find(page, GROUP)
            assert group[0] - government[0] == pytest.approx(LINE, abs=3)
            assert _centre(group) == pytest.approx(_centre(government), abs=CHAR / 2)  # under its column


def test_unsealed_names_go_one_a_line_right_aligned_then_the_date(printed):
    for name, units in (("two-unsealed", (PARTY, GOVERNMENT)), ("three-unsealed", (PARTY, GOVERNMENT, GROUP))):
        page = printed[name]
        found = [_find(page, unit) for unit in units]
        date, body = _find(page, DATE), _find(page, "特此报告。")
        assert [f[0] for f in found] + [date[0]] == pytest.approx(
            [found[0][0] + i * LINE for i in range(len(units) + 1)], abs=3), f"{name}: not one a line in order"
        assert max(f[2] for f in found) - min(f[2] for f in found) < 2, f"{name}: the names are not right-aligned"
        assert date[1] - min(f[1] for f in found) == pytest.approx(2 * CHAR, abs=4), f"{name}: the date's place"
        assert TYPE_RIGHT - max(date[2], found[0][2]) >= 2 * CHAR - 3, f"{name}: closer than 右空二字"
        assert found[0][0] - body[0] == pytest.approx(2 * LINE, abs=4), f"{name}: not one blank line under the body"


def test_one_unit_keeps_its_single_line_and_a_long_pair_goes_one_a_line():
    from drafting.document.ast import Document, Signature
    from drafting.document.ast import Span

    def signature(unit: str, sealed: bool = True) -> list[str]:
        doc = Document((Signature(unit, DATE, Span("x", 1), sealed),))
        return [p.text for p in layout(doc) if isinstance(p, Para) and p.role == "落款"]

    assert signature(PARTY) == [PARTY]
    wide = "青山县社会治安综合治理委员会办公室"  # two of these and their seals are wider than the type area
    assert signature(f"{wide}　{wide}") == [wide, wide]
