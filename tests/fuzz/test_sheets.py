"""Random small spreadsheets (.xlsx through openpyxl, .csv through csv) with odd cells: a build ends in a document or
a located Chinese error, never an internal error (exit 3).

Cells are dates, times, booleans, NaN and infinities typed as text, huge and tiny numbers, formulas, empty headers and
line separators; a numeric cell may be rewritten to a value openpyxl never writes (NaN, 1E999, 5,000 digits). CI runs
a fixed seed; ``DRAFTING_FUZZ_EXAMPLES=N`` runs N fresh cases.
"""
from __future__ import annotations

import csv
import datetime
import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .test_pipeline import _settings, run_cli

HEADERS = ["指标", "数值", "单位", "上期", "去年同期", "来源", "名称", "本期", "", None, "备注"]
ODD_TEXT = ["NaN", "nan", "Infinity", "-inf", "1E999", "1E300", "1e5", "9" * 40, "9" * 5000, "2966件", "二千", " ",
            "1,500", "1,50,0", "12%", "=1/0", "=A1", "县法院\u2028统计", "a\r\nb", "\x00"]
cell = st.one_of(
    st.none(), st.booleans(), st.integers(-10**40, 10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(float),
    st.dates(datetime.date(1900, 3, 1), datetime.date(2100, 1, 1)), st.times(),
    st.sampled_from(ODD_TEXT), st.text(max_size=12))
RAW_NUMBERS = ["NaN", "1E999", "-1E999", "1E300", "1e-400", "9" * 5000, "", "abc", "0x10", "1.5.5"]


def _xlsx(header: list[object], rows: list[list[object]], raw: str | None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in header])
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])  # Excel cannot hold them
    buffer = io.BytesIO()
    book.save(buffer)
    if raw is None:
        return buffer.getvalue()
    out = io.BytesIO()  # a numeric cell rewritten to what openpyxl never writes
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = data.find(b't="n"><v>')
                if start >= 0:
                    end = data.find(b"</v>", start)
                    data = data[:start + 9] + raw.encode() + data[end:]
            target.writestr(info, data)
    return out.getvalue()


def _csv(header: list[object], rows: list[list[object]]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    for row in [header, *rows]:
        writer.writerow(["" if c is None else str(c) for c in row])
    return text.getvalue().encode("utf-8")


@_settings(60)
@given(kind=st.sampled_from(["xlsx", "csv"]),
       header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
       rows=st.lists(st.lists(cell, max_size=7), max_size=6),
       raw=st.one_of(st.none(), st.sampled_from(RAW_NUMBERS)),
       used=st.sampled_from(["数值", "数值(2)", "简写", "简写(2, 余=True)", "同比", "环比", "增减"]))
def test_a_random_spreadsheet_never_ends_in_an_internal_error(kind, header, rows, raw, used):
    names = [str(row[0]) for row in rows if row and row[0] is not None and str(row[0]).strip()]
    name = names[-1].replace("}", "").replace("{", "").replace("'", "") if names and len(rows) % 2 else "案件"
    rows = [["案件", 7, "件", 6, 5], *rows]  # the first numeric cell, which ``raw`` rewrites
    header = [*header[:1], "数值", *header[1:]] if len(header) % 3 else header
    with tempfile.TemporaryDirectory(prefix="draft-fuzz-sheet-") as folder:
        data = _xlsx(header, rows, raw) if kind == "xlsx" else _csv(header, rows)
        (Path(folder) / f"指标.{kind}").write_bytes(data)
        form = Path(folder) / "表.yaml"
        form.write_text(f"模板: 通用\n标题: 随机表格\n落款: 县委\n日期: 2023-07-10\n指标文件: 指标.{kind}\n"
                        f"正文:\n  - \"{{{{ 指标['{name}'] | {used} }}}}，{{{{ 比率(指标['{name}'], 指标['{name}']) }}}}。\"\n",
                        encoding="utf-8")
        for argv in (["check", str(form)], ["build", str(form), "-f", "txt", "-q"]):
            code, out, err = run_cli(argv)
            assert code != 3, (argv, out + err)
            if code == 1:
                assert "错误" in out + err and "Traceback" not in out + err
