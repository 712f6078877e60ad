"""What users would pick instead of drafting, each writing N copies of the same report.

    python bench/competitors.py TOOL N WORKDIR

TOOL is docxtpl (a template prepared once, loops for the sections), python-docx (used
naively, paragraph by paragraph, on a reference document), or join (a lower bound: the
same document.xml by string joins, zipped). WORKDIR holds report.json (the report's
paragraphs with their styles, numbers already in the text), template.docx and
reference.docx, written by bench.py. Outputs go to WORKDIR/out-TOOL/.
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path


def run_docxtpl(work: Path, count: int, out: Path) -> None:
    from docxtpl import DocxTemplate, RichText

    report = json.loads((work / "report.json").read_text(encoding="utf-8"))
    template = DocxTemplate(work / "template.docx")
    for i in range(count):
        paragraphs = []
        for para in report["paragraphs"]:
            rich = RichText()
            for run in para["runs"]:
                rich.add(run["text"], style=run["style_id"])
            paragraphs.append({"style_id": para["style_id"], "rich": rich})
        template.render({"paragraphs": paragraphs})
        template.save(out / f"{i:03d}.docx")


def run_python_docx(work: Path, count: int, out: Path) -> None:
    import docx

    report = json.loads((work / "report.json").read_text(encoding="utf-8"))
    for i in range(count):
        document = docx.Document(work / "reference.docx")
        body = document.element.body
        for paragraph in list(body.iterchildren())[:-1]:  # keep sectPr
            body.remove(paragraph)
        for para in report["paragraphs"]:
            p = document.add_paragraph(style=para["style"])
            for run in para["runs"]:
                p.add_run(run["text"], style=run["style"])
        document.save(out / f"{i:03d}.docx")


def run_join(work: Path, count: int, out: Path) -> None:
    parts = json.loads((work / "parts.json").read_text(encoding="utf-8"))
    paragraphs = parts["paragraphs"]
    for i in range(count):
        document = parts["head"] + "".join(paragraphs) + parts["tail"]
        with zipfile.ZipFile(out / f"{i:03d}.docx", "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts["other"].items():
                archive.writestr(name, data)
            archive.writestr("word/document.xml", document)


if __name__ == "__main__":
    tool, count, work = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    out = work / f"out-{tool}"
    out.mkdir(exist_ok=True)
    {"docxtpl": run_docxtpl, "python-docx": run_python_docx, "join": run_join}[tool](work, count, out)
