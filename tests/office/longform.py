"""A legitimate form with a long table: what takes LibreOffice a while to print."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import EXAMPLES

_FIRST_ROW = "            - [风险隐患排查, 县综治中心, 已完成, 100%]\n"


def long_form(folder: Path, rows: int) -> Path:
    """examples/quarterly-report.yaml with ``rows`` more table rows, copied into ``folder`` with its spreadsheet."""
    shutil.copy(EXAMPLES / "quarterly-figures.xlsx", folder / "quarterly-figures.xlsx")
    text = (EXAMPLES / "quarterly-report.yaml").read_text(encoding="utf-8")
    extra = "".join(f"            - [第{n}项工作, 第{n % 40}责任单位, 推进中, {n % 100}%]\n" for n in range(rows))
    form = folder / "长表.yaml"
    form.write_text(text.replace(_FIRST_ROW, _FIRST_ROW + extra, 1), encoding="utf-8")
    return form
