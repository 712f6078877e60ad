"""指标文件: the 指标 block read from a spreadsheet (.xlsx through openpyxl, or .csv), every value exact.

The first row names the columns — 指标, 数值, 单位, 上期, 去年同期, 来源 (指标 and 数值 required, in any
order; the common other names in ``HEADERS`` are accepted too); each further row is a figure. A number is taken as Excel
shows it: a cell holding 93.6 is 93.6, never 93.599999999999994 (the shortest text that gives back the
same binary value, made a Decimal); a text cell may hold “2966件”. A problem names ``文件!单元格``.
"""
from __future__ import annotations

import csv
import datetime
import io
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..errors import Location, Problem, display_name, os_reason
from ..options import Caches
from .figures import RANGE_HINT, Figure, in_range, looks_numeric, parse_decimal, split_number_unit
from .paths import named_file
from .resolver import FolderResolver, NotRegularFile, Resolver, TooLarge
from .tables import column_letters
from .workbook import MAX_COLUMNS, MAX_ROWS, Unreadable, check_workbook

# The header names each column may have, the usual one first: where two columns name the same thing, the one
# whose header comes earlier in its list wins (来源 over 备注), whatever their order in the sheet.
HEADERS = {
    "name": ("指标", "指标名称", "项目", "名称", "项目名称"),
    "value": ("数值", "本期", "本期数", "本期数值", "完成数", "完成值", "数量", "值", "实际完成"),
    "unit": ("单位", "计量单位", "量词"),
    "previous": ("上期", "上期数", "上期数值"),
    "last_year": ("去年同期", "上年同期", "去年同期数", "上年同期数"),
    "source": ("来源", "数据来源", "备注", "说明"),
}
COLUMNS = {header: key for key, headers in HEADERS.items() for header in headers}
MAX_BYTES = 20_000_000


class SheetError(Exception):
    """A spreadsheet that cannot be read as figures; carries located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class NotANumber(ValueError):
    """A cell in a number column holding a date, a time or a duration."""


class OutOfRange(ValueError):
    """A number no report can hold: NaN, infinite, |x| ≥ 10^31 or more than 40 significant digits."""


def _open_book(raw: bytes, shown: str) -> Any:
    """The workbook in ``raw`` opened read-only by openpyxl, once check_workbook has measured it. Raises SheetError."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:  # measured before openpyxl loads strings or pads rows
            problems = check_workbook(archive, shown)
        if problems:
            raise SheetError(problems)
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, KeyError,
            ValueError, OSError, Unreadable) as exc:  # a damaged, encrypted or oddly compressed part included
        reason = os_reason(exc) if isinstance(exc, OSError) and exc.errno else "不是能读的 .xlsx 文件"
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”无法读取：{reason}",
                                  "用 Excel 或 WPS 另存为 .xlsx（Excel 工作簿），或另存为 .csv", "E160")]) from None


def sheet_names(raw: bytes, shown: str) -> list[str]:
    """The sheets of the .xlsx in ``raw``, by name, read within the reader's budgets. Raises SheetError."""
    book = _open_book(raw, shown)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _rows_xlsx(raw: bytes, sheet: str | None, shown: str, titles: list[str]) -> Iterator[tuple[int, list[Any]]]:
    """The rows of ``sheet`` (the first when None); its name is appended to ``titles``."""
    book = _open_book(raw, shown)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SheetError([Problem(Location(shown), f"指标文件“{shown}”里没有名为“{sheet}”的工作表",
                                      "已有的工作表：" + "、".join(book.sheetnames), "E161")])
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        titles.append(worksheet.title)
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()  # the declared <dimension> is not trusted: every row there is gets read
        # check_workbook refused any cell with content past MAX_COLUMNS or MAX_ROWS, so nothing is left unread here
        for number, row in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if number > MAX_ROWS:
                break
            yield number, list(row)
    finally:
        book.close()


def _rows_csv(raw: bytes, shown: str) -> Iterator[tuple[int, list[Any]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError([Problem(Location(shown), f"无法识别“{shown}”的文字编码", "另存为 UTF-8 编码的 .csv", "E160")])
    # newline="" keeps U+2028 and line breaks inside quoted cells in their cell (str.splitlines would cut the row there)
    rows = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, row in enumerate(rows, start=1):
            if number > MAX_ROWS:
                if any(cell.strip() for cell in row):
                    raise SheetError([Problem(Location(f"{shown}!A{number}"),
                                              f"指标文件“{shown}”超过 {MAX_ROWS:,} 行：第 {number} 行起没有读取",
                                              "只保留指标那一张表；指标多于 5,000 个时拆成几个文件", "E167")])
                continue
            yield number, row
    except csv.Error as exc:  # a field past csv's size limit, a NUL byte
        raise SheetError([Problem(Location(f"{shown}!A{rows.line_num}"),
                                  f"指标文件“{shown}”第 {rows.line_num} 行无法读取（{'单元格内容太长' if 'larger' in str(exc) else '格式不对'}）",
                                  "一个单元格只写一个指标的名称、数值或单位；另存为 UTF-8 编码的 .csv", "E160")]) from None


def _exact(value: Any) -> Decimal | None:
    """A cell's number as a Decimal, as the sheet shows it; None when empty or not a number. Raises OutOfRange."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise NotANumber(f"“{_text(value)[:20]}”是日期或时间，不是数字")
    if isinstance(value, int):
        if value.bit_length() > 100:  # 10^30 < 2^100: str() of a 5,000-digit int is refused by Python itself
            raise OutOfRange("一个位数过多的整数")
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest text that reads back as the same float
    else:
        return parse_decimal(str(value))
    if not in_range(number):
        raise OutOfRange(f"“{number if number.is_finite() or number.is_nan() else value}”")
    return number


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).strip()


def read_sheet(path: Path, sheet: str | None = None, resolver: Resolver | None = None,
               caches: Caches | None = None) -> dict[str, Figure]:
    """The figures in ``path``'s sheet (the first, unless ``sheet`` is named), read through ``resolver``. Raises SheetError.

    With ``caches`` a sheet is read once per change of the file (its mtime and size), not once per preview.
    """
    resolver = resolver or FolderResolver()
    try:
        status = resolver.status(path)
    except OSError:
        return _read_sheet(path, sheet, resolver)
    key = (str(path), sheet, status.mtime_ns, status.size)
    table = caches.bounded(caches.sheets, 16) if caches is not None else {}
    if key not in table:
        try:
            table[key] = _read_sheet(path, sheet, resolver)
        except SheetError as error:
            table[key] = error.problems
    if isinstance(table[key], list):
        raise SheetError(list(table[key]))
    return dict(table[key])


def _read_sheet(path: Path, sheet: str | None, resolver: Resolver) -> dict[str, Figure]:
    """read_sheet without the cache."""
    shown = display_name(path)
    try:
        raw = resolver.read_bytes(path, MAX_BYTES)
        titles: list[str] = []
        rows = list(_rows_csv(raw, shown) if path.suffix.lower() == ".csv" else _rows_xlsx(raw, sheet, shown, titles))
    except TooLarge:
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”太大", "只保留指标那一张表", "E160")]) from None
    except NotRegularFile:
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”无法读取：不是普通文件", "请给出一个 .xlsx 或 .csv 文件",
                                  "E160")]) from None
    except OSError as exc:
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”无法读取：{os_reason(exc)}", "检查文件权限", "E160")]) from None
    except (SyntaxError, ValueError, KeyError, EOFError, zlib.error, zipfile.BadZipFile):
        # broken XML in a part (lxml's and expat's errors both are SyntaxErrors), a damaged part, a value openpyxl
        # cannot convert: all met while the rows are read lazily
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”无法读取：不是能读的 .xlsx 文件",
                                  "用 Excel 或 WPS 另存为 .xlsx（Excel 工作簿），或另存为 .csv", "E160")]) from None
    rows = [(n, row) for n, row in rows if any(_text(cell) for cell in row)]
    if not rows:
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”是空的", "第一行写列名：指标、数值、单位、上期、去年同期、来源", "E162")])
    header_number, header = rows[0]
    columns: dict[str, int] = {}
    ranks: dict[str, int] = {}
    for index, cell in enumerate(header):
        title = "".join(_text(cell).split())  # “指 标” and “数值 ” as typed in a header row
        key = COLUMNS.get(title)
        if key is not None and HEADERS[key].index(title) < ranks.get(key, len(HEADERS[key])):
            columns[key], ranks[key] = index, HEADERS[key].index(title)
    if "name" not in columns or "value" not in columns:
        raise SheetError([Problem(Location(f"{shown}!A{header_number}"), f"指标文件“{shown}”的第一行没有“指标”和“数值”两列",
                                  "第一行写列名：指标（或 指标名称、项目、名称）、数值（或 本期、本期数、完成数、数量），"
                                  "可再加 单位、上期、去年同期、来源", "E162")])
    figures: dict[str, Figure] = {}
    problems: list[Problem] = []
    for number, row in rows[1:]:
        cell = lambda key: row[columns[key]] if key in columns and columns[key] < len(row) else None  # noqa: E731
        where = lambda key: Location(f"{shown}!{column_letters(columns[key])}{number}")  # noqa: E731
        name = _text(cell("name"))
        if not name:
            problems.append(Problem(where("name"), "这一行没有指标名称",
                                    "填上名称，或删掉这一行", "E163"))
            continue
        if name in figures:
            problems.append(Problem(where("name"), f"指标“{name}”在指标文件里出现了两次", "删掉重复的一行", "E164"))
            continue
        numbers: dict[str, Decimal | None] = {}
        unit = _text(cell("unit"))
        for key in ("value", "previous", "last_year"):
            raw = cell(key)
            try:
                number_value = _exact(raw)
            except NotANumber as exc:
                problems.append(Problem(where(key), str(exc), "只写数字（可带单位，如 2966件）；把单元格格式改为“常规”或“数值”",
                                        "E165"))
                continue
            except OutOfRange as exc:
                problems.append(Problem(where(key), f"{exc}超出了指标数值的范围", RANGE_HINT, "E168"))
                continue
            if number_value is None and _text(raw):
                parsed = split_number_unit(_text(raw))
                if parsed is None and looks_numeric(_text(raw)):
                    problems.append(Problem(where(key), f"“{_text(raw)[:20]}”超出了指标数值的范围", RANGE_HINT, "E168"))
                    continue
                if parsed is None:
                    problems.append(Problem(where(key), f"“{_text(raw)[:20]}”不是数字",
                                            "只写数字（可带单位，如 2966件）；还不知道就空着", "E165"))
                    continue
                number_value, typed_unit = parsed
                unit = unit or typed_unit
            numbers[key] = number_value
        figures[name] = Figure(name, numbers.get("value"), unit, numbers.get("previous"), numbers.get("last_year"),
                               _text(cell("source")) or None, Location(f"{shown}!{column_letters(columns['name'])}{number}"),
                               value_location=where("value"),
                               cell=f"{titles[0] if titles else path.stem}!{column_letters(columns['value'])}{number}")
    if problems:
        raise SheetError(problems)
    return figures


def figures_from_file(reader: Any, node: yaml.Node, form_dir: Path, resolver: Resolver,
                      caches: Caches | None = None) -> dict[str, Figure]:
    """The figures of the 指标文件 (a file, or {文件, 表}) a form in ``form_dir`` names, read through ``resolver``.

    Its problems are recorded with the reader.
    """
    sheet = None
    if isinstance(node, yaml.MappingNode):
        from .fields import FIGURES_FILE_FIELDS

        values = reader.mapping(node, FIGURES_FILE_FIELDS, "指标文件")
        name = reader.text(values["文件"], "指标文件") if "文件" in values else None
        sheet = reader.text(values["表"], "工作表") if "表" in values else None
        node = values.get("文件", node)
    else:
        name = reader.text(node, "指标文件")
    if not name:
        return {}
    if not name.lower().endswith((".xlsx", ".xlsm", ".csv")):
        reader.error(node, f"指标文件“{name}”不是 .xlsx 或 .csv 文件", "用 Excel 或 WPS 另存为 .xlsx 或 .csv", "E160")
        return {}
    path = named_file(reader, node, name, form_dir, resolver, "指标文件", "写相对本表单的文件名，如 一季度指标.xlsx", "E160")
    if path is None:
        return {}
    try:
        return read_sheet(path, sheet, resolver, caches)
    except SheetError as error:
        reader.problems.extend(error.problems)
        return {}
