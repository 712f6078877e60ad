"""What a plain ``draft build`` loads: only what a build uses (issue #24: load what a command needs, when it needs it).

Like click's own tests/test_imports.py, a fresh interpreter builds a report through the command line and lists
``sys.modules``; nothing is timed. A module named here that a build starts to import makes every one-report
build slower: import it where it is used instead.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT

# Not needed to build a report whose figures are typed in the form: other commands' modules, the web server,
# LibreOffice, the readers of Word files, spreadsheets and PDFs, and click (a plain build is read without it).
NOT_LOADED = ("click", "ruamel", "openpyxl", "pdfplumber", "pdfminer", "pypdfium2", "starlette", "uvicorn", "babel",
              "lxml", "docx", "csv", "queue", "traceback", "dataclasses", "calendar", "locale",
              "drafting.serve", "drafting.importing", "drafting.authoring", "drafting.office", "drafting.crash",
              "drafting.cli.app", "drafting.cli.help", "drafting.commands.importing", "drafting.commands.rollup",
              "drafting.commands.templates", "drafting.commands.next", "drafting.commands.layoutcheck",
              "drafting.form.spreadsheet", "drafting.form.workbook", "drafting.pipeline.pdf", "drafting.pipeline.fitting",
              "drafting.check.pagecheck", "drafting.check.pdfpages",
              # used only when a .docx is read back, a template fails or a form is refused
              "drafting.ooxml.parser", "drafting.render.messages", "drafting.pipeline.checking")

_BUILD = """
import json, sys
from drafting.cli import main
try:
    main(sys.argv[1:])
except SystemExit as end:
    code = end.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# Every example but the one that reads its figures from a spreadsheet (openpyxl) and names its quarter (babel).
PLAIN_EXAMPLES = sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "quarterly-report.yaml")


@pytest.mark.parametrize("example", PLAIN_EXAMPLES)
def test_a_build_loads_only_what_it_uses(example: str, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", _BUILD, "build", str(EXAMPLES / example), "-o", f"{tmp_path}/"],
                            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=True)
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0 and (tmp_path / example).with_suffix(".docx").is_file()
    loaded = [m for m in report["modules"] if any(m == n or m.startswith(n + ".") for n in NOT_LOADED)]
    assert loaded == []


def test_the_example_with_a_spreadsheet_loads_its_reader(tmp_path: Path) -> None:
    """The list above is not vacuous: a form that names a spreadsheet does load the spreadsheet readers."""
    result = subprocess.run([sys.executable, "-c", _BUILD, "build", str(EXAMPLES / "quarterly-report.yaml"), "-o",
                             f"{tmp_path}/"], capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=True)
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0 and "drafting.form.spreadsheet" in report["modules"]


def test_rebuilding_over_its_own_unchanged_output_reads_no_docx(tmp_path: Path) -> None:
    """The output already holds the very bytes a rebuild writes: the XML reader (lxml) is not loaded to check it."""
    example = str(EXAMPLES / PLAIN_EXAMPLES[0])
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", _BUILD, "build", example, "-o", f"{tmp_path}/"],
                                capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=True)
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0 and not any(m == "lxml" or m.startswith("lxml.") for m in report["modules"])
