"""The signature never stands alone: one form, its closing paragraph grown line by line across two page
breaks, in each signature layout, rendered in LibreOffice (GB/T 9704 7.3.5).

Converted by drafting's own resident LibreOffice (two side by side), not one-shot soffice. Skipped, with the
reason printed, only where LibreOffice or python3-uno is absent; mandatory under .ci/run.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafting.pipeline.stages import render_bytes
from drafting.form.validate import load_form

from ..conftest import require_soffice, require_uno

pytestmark = pytest.mark.render

BODY = "坚持系统治理依法治理综合治理源头治理推动平安建设各项任务落地见效"  # 32 characters, no punctuation
UNIT = "青山县平安建设领导小组办公室"
LAYOUTS = {
    "sealed": "",
    "unsealed": "印章: 否\n",
    "attachments": "附件:\n  - 青山县平安建设任务分解表\n  - 青山县平安建设考核办法\n",
    "red-header": "版头:\n  发文机关标志: 青山县平安建设领导小组文件\n  发文字号: 青平安〔2024〕2号\n"
                  "  抄送: 县委办公室，县政府办公室\n  印发机关: 青山县平安建设领导小组办公室\n  印发日期: 2024-03-02\n",
}
GROWTH = range(1, 51)  # closing paragraph of 1 … 50 lines: the signature crosses two page breaks


def _form(layout: str, lines: int) -> str:
    closing = (BODY * 60)[: lines * 28 - 2] + "。"
    body = "".join(f"  - {(BODY * 3)[:80]}。\n" for _ in range(3))
    return (f"模板: 通用\n标题: 关于平安建设工作情况的报告\n正文:\n{body}结尾: {closing}\n落款: {UNIT}\n"
            f"日期: 2024-03-01\n{LAYOUTS[layout]}")


JOBS = 2  # resident converters side by side, as draft build --pdf -j 2 runs them


def convert(documents: list[Path], out: Path) -> list[Path]:
    """PDFs of ``documents`` made by drafting's own resident LibreOffice converters, in order."""
    from drafting.office.holder import Office

    require_uno()
    out.mkdir(exist_ok=True)
    with Office(JOBS) as office:
        pdfs, problems = office.render(documents, out)
    missing = [d.stem for d, pdf in zip(documents, pdfs) if pdf is None]
    assert not problems and not missing, f"LibreOffice did not convert {missing}: {problems}"
    return pdfs  # type: ignore[return-value]


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    require_soffice()
    require_uno()
    out = tmp_path_factory.mktemp("sweep")
    names = []
    for layout in LAYOUTS:
        for lines in GROWTH:
            name = f"{layout}-{lines:02d}"
            (out / f"{name}.yaml").write_text(_form(layout, lines), encoding="utf-8")
            (out / f"{name}.docx").write_bytes(render_bytes(load_form(out / f"{name}.yaml")))
            names.append(name)
    pdfs = convert([out / f"{n}.docx" for n in names], out / "pdf")
    from drafting.check.pdfpages import measure

    return {name: (measure(pdf), out / f"{name}.docx") for name, pdf in zip(names, pdfs)}


def _is_body(text: str) -> bool:
    return bool(text) and set(text) <= set(BODY + "。")


def _kept_body(docx_path) -> bool:
    """Whether the body's last paragraph is in the keep chain (it carries w:widowControl)."""
    import zipfile

    return "<w:keepNext/><w:widowControl/>" in zipfile.ZipFile(docx_path).read("word/document.xml").decode("utf-8")


def test_the_signature_page_carries_body_text_and_the_signature_never_splits(swept):
    """落款 and 成文日期 never part, 附件说明 stays with them, and whenever the body's end is in the keep
    chain (a closing paragraph of up to eight lines) the signature's page holds at least two body lines.
    LibreOffice moves a kept paragraph whole and parts 落款 from 成文日期 when the chain outgrows the
    page, so longer closing paragraphs stay out of the chain; `draft check --layout` is where a
    signature page without body text is then reported, and where draft build --pdf carries the
    paragraph's last two printed lines over (checked here for every such document)."""
    from drafting.check.pdfpages import TYPE_BOTTOM

    pages_seen = {layout: set() for layout in LAYOUTS}
    unkept = {layout: [] for layout in LAYOUTS}
    alone: list[str] = []
    for name, (pages, docx_path) in swept.items():
        layout, lines = name.rsplit("-", 1)
        unit = [p.number for p in pages for line in p.lines if line.text == UNIT]
        pages_seen[layout].update(unit)
        date = [p.number for p in pages for line in p.lines if line.text == "2024年3月1日"]
        assert len(unit) == 1 and unit == date, f"{name}: 落款 on page {unit}, 成文日期 on page {date}"
        page = pages[unit[0] - 1]
        body = [line for line in page.lines if _is_body(line.text)]
        if _kept_body(docx_path):
            assert len(body) >= 2, f"{name}: page {page.number} holds the signature with {len(body)} body lines"
        else:
            unkept[layout].append(int(lines))
            if len(body) < 2:
                alone.append(name)
        if layout == "attachments":
            notes = [p.number for p in pages for line in p.lines if line.text.startswith(("附件：", "2.青山县"))]
            assert set(notes) == {page.number}, f"{name}: 附件说明 on pages {notes}, the signature on {page.number}"
        if layout == "red-header":
            printed = [line for line in pages[-1].lines if line.text.startswith("青山县平安建设领导小组办公室")]
            assert printed and abs(printed[-1].baseline - TYPE_BOTTOM) < 12, f"{name}: 版记 not at the foot"
    assert all(len(seen) >= 3 for seen in pages_seen.values()), pages_seen  # the signature crossed two breaks
    # Closing paragraphs of up to eight lines are always kept (LibreOffice moves a kept paragraph whole).
    assert all(min(sizes) >= 8 for sizes in unkept.values()), unkept
    _fitted_signatures_carry_body_text(swept, alone)


def _fitted_signatures_carry_body_text(swept, alone: list[str]) -> None:
    """What draft build --pdf does where the chain could not hold: the last two printed lines of the
    closing paragraph are carried over to the signature's page. Every such document then passes."""
    import tempfile

    from drafting.check.pagecheck import signature_alone
    from drafting.check.pdfpages import measure
    from drafting.pipeline.stages import document as build_document
    from drafting.pipeline.fitting import plan_fitting
    from drafting.writers.docx import write_docx
    from drafting.writers.layout import layout

    assert alone, "the sweep should meet closing paragraphs the keep chain cannot hold"
    with tempfile.TemporaryDirectory() as scratch:
        fitted = []
        for name in alone:
            pages, docx_path = swept[name]
            form = load_form(docx_path.with_suffix(".yaml"))
            document = build_document(form)
            fitting = plan_fitting(pages, layout(document), tighten=False)
            assert fitting.carried is not None, name
            target = Path(scratch, f"{name}.docx")
            target.write_bytes(write_docx(document, form.profile, None, fitting))
            fitted.append(target)
        for name, pdf in zip(alone, convert(fitted, Path(scratch, "pdf"))):
            pages = measure(pdf)
            unit = [p.number for p in pages for line in p.lines if line.text == UNIT]
            date = [p.number for p in pages for line in p.lines if line.text == "2024年3月1日"]
            assert len(unit) == 1 and unit == date, f"{name} fitted: 落款 on {unit}, 成文日期 on {date}"
            assert not signature_alone(pages), f"{name} fitted: the signature's page still has no body text"


def test_the_sweep_forms_are_what_they_say():
    assert re.fullmatch(r"[\u4e00-\u9fff]+", BODY) and len(_form("sealed", 3).split("结尾: ")[1].split("\n")[0]) == 83
