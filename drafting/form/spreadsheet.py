"""指标文件: the 指标 block read from a spreadsheet (.xlsx through openpyxl, or .csv), every value exact.

The first row names the columns — 指标, 数值, 单位, 上期, 去年同期, 来源 (指标 and 数值 required, in any
order; 本期 and 名称 are accepted too); each further row is a figure. A number is taken as Excel
shows it: a cell holding 93.6 is 93.6, never 93.599999999999994 (the shortest text that gives back the
same binary value, made a Decimal); a text cell may hold “2966件”. A problem names ``文件!单元格``.
"""
from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..errors import Location, Problem, display_name, os_reason
from .figures import Figure, parse_decimal, split_number_unit
from .paths import named_file
from .resolver import FolderResolver, NotRegularFile, Resolver, TooLarge
from .tables import column_letters

COLUMNS = {"指标": "name", "名称": "name", "指标名称": "name", "数值": "value", "本期": "value", "值": "value",
           "单位": "unit", "上期": "previous", "去年同期": "last_year", "来源": "source", "数据来源": "source"}
MAX_ROWS = 5000
MAX_BYTES = 20_000_000
MAX_UNPACKED = 100_000_000  # an .xlsx unpacked (a zip bomb is refused before openpyxl opens it)


class SheetError(Exception):
    """A spreadsheet that cannot be read as figures; carries located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _rows_xlsx(raw: bytes, sheet: str | None, shown: str) -> Iterator[tuple[int, list[Any]]]:
    import io
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:  # a workbook is a zip: its parts unpacked must stay a sheet's size
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise SheetError([Problem(Location(shown), f"指标文件“{shown}”解压后太大（{unpacked // 1_000_000} MB），不像一张指标表",
                                      "只保留指标那一张表，另存为 .xlsx 或 .csv", "E160")])
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) and exc.errno else "不是能读的 .xlsx 文件"
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”无法读取：{reason}",
                                  "用 Excel 或 WPS 另存为 .xlsx（Excel 工作簿），或另存为 .csv", "E160")]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SheetError([Problem(Location(shown), f"指标文件“{shown}”里没有名为“{sheet}”的工作表",
                                      "已有的工作表：" + "、".join(book.sheetnames), "E161")])
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
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
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        if number > MAX_ROWS:
            break
        yield number, row


def _exact(value: Any) -> Decimal | None:
    """A cell's number as a Decimal, as the sheet shows it; None when empty or not a number."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that reads back as the same float
    return parse_decimal(str(value))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).strip()


def read_sheet(path: Path, sheet: str | None = None, resolver: Resolver | None = None) -> dict[str, Figure]:
    """The figures in ``path``'s sheet (the first, unless ``sheet`` is named), read through ``resolver``. Raises SheetError."""
    shown = display_name(path)
    try:
        raw = (resolver or FolderResolver()).read_bytes(path, MAX_BYTES)
        rows = list(_rows_csv(raw, shown) if path.suffix.lower() == ".csv" else _rows_xlsx(raw, sheet, shown))
    except TooLarge:
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”太大", "只保留指标那一张表", "E160")]) from None
    except NotRegularFile:
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”无法读取：不是普通文件", "请给出一个 .xlsx 或 .csv 文件",
                                  "E160")]) from None
    except OSError as exc:
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”无法读取：{os_reason(exc)}", "检查文件权限", "E160")]) from None
    except SyntaxError:  # broken XML in a part (lxml's and expat's errors both are SyntaxErrors), read lazily too
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”无法读取：不是能读的 .xlsx 文件",
                                  "用 Excel 或 WPS 另存为 .xlsx（Excel 工作簿），或另存为 .csv", "E160")]) from None
    rows = [(n, row) for n, row in rows if any(_text(cell) for cell in row)]
    if not rows:
        raise SheetError([Problem(Location(shown), f"指标文件“{shown}”是空的", "第一行写列名：指标、数值、单位、上期、去年同期、来源", "E162")])
    header_number, header = rows[0]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = COLUMNS.get(_text(cell))
        if key is not None and key not in columns:
            columns[key] = index
    if "name" not in columns or "value" not in columns:
        raise SheetError([Problem(Location(f"{shown}!A{header_number}"), f"指标文件“{shown}”的第一行没有“指标”和“数值”两列",
                                  "第一行写列名：指标、数值、单位、上期、去年同期、来源", "E162")])
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
            number_value = _exact(raw)
            if number_value is None and _text(raw):
                parsed = split_number_unit(_text(raw))
                if parsed is None:
                    problems.append(Problem(where(key), f"“{_text(raw)[:20]}”不是数字",
                                            "只写数字（可带单位，如 2966件）；还不知道就空着", "E165"))
                    continue
                number_value, typed_unit = parsed
                unit = unit or typed_unit
            numbers[key] = number_value
        figures[name] = Figure(name, numbers.get("value"), unit, numbers.get("previous"), numbers.get("last_year"),
                               _text(cell("source")) or None, Location(f"{shown}!{column_letters(columns['name'])}{number}"))
    if problems:
        raise SheetError(problems)
    return figures


def figures_from_file(reader: Any, node: yaml.Node, form_dir: Path, resolver: Resolver) -> dict[str, Figure]:
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
        return read_sheet(path, sheet, resolver)
    except SheetError as error:
        reader.problems.extend(error.problems)
        return {}
