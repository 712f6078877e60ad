"""An .xlsx measured before openpyxl reads it: its size unpacked, its shared strings and cells, streamed and counted.

openpyxl loads every shared string and pads every row to its last column, so a small zip can claim
millions of strings or a cell in column XFD. Every XML part is streamed once here (lxml iterparse, no
entities, no DTD, no network) and counting stops at the first budget passed; the sheet's declared
``<dimension>`` is never trusted (the reader ignores it and reads the cells there are).
"""
from __future__ import annotations

import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import Location, Problem
from .figures import RANGE_HINT, in_range
from .tables import column_letters

MAX_UNPACKED = 100_000_000  # an .xlsx unpacked (a zip bomb is refused before openpyxl opens it)
MAX_STRINGS = 100_000       # shared strings (<si>) in the workbook: 5,000 rows of 20 texts
MAX_CELLS = 200_000         # cells (<c>) in all the workbook's sheets
MAX_COLUMNS = 64            # a cell with content past column BL is refused: a 指标 table has six columns
MAX_ROWS = 5000             # rows of a 指标 table; a row past it holding anything is refused, never dropped
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TOO_MUCH_HINT = "只保留指标那一张表（指标、数值、单位、上期、去年同期、来源六列），另存为 .xlsx 或 .csv"


class Unreadable(ValueError):
    """A part that is not XML where XML was expected, or declares a DTD."""


def _cell(reference: str) -> tuple[int, int]:
    """(column, row) of a cell reference (``XFD12`` → (16384, 12)); 0 for a part that is missing."""
    letters = reference.rstrip("0123456789")
    digits = reference[len(letters):]
    column = 0
    for char in letters[:4]:
        column = column * 26 + (ord(char) - 64 if "A" <= char <= "Z" else 0)
    return column, int(digits[:8]) if digits else 0


def _number(text: str | None) -> int:
    return int(text[:8]) if text and text[:8].isdigit() else 0


def _number_problem(text: str, shown: str) -> Problem | None:
    """A numeric cell's value openpyxl could not read or no report can hold (NaN, 1E999, 5,000 digits), as a problem."""
    if len(text) <= 16:
        try:
            if abs(float(text)) < 1e15:  # the usual cell: plainly in range, without building a Decimal
                return None
        except ValueError:
            pass
    try:
        number = Decimal(text.strip()) if len(text) <= 200 else None
    except InvalidOperation:
        number = None
    if number is not None and in_range(number):
        return None
    shown_value = text.strip()[:20] + ("…" if len(text.strip()) > 20 else "")
    return Problem(Location(shown), f"“{shown_value}”超出了指标数值的范围", RANGE_HINT, "E168")


def _refusal(shown: str, where: str | None, message: str) -> Problem:
    return Problem(Location(f"{shown}!{where}" if where else shown), message, _TOO_MUCH_HINT, "E167")


def _scan(stream: Any, shown: str, counts: dict[str, int]) -> Problem | None:
    """Count the shared strings and cells of one part into ``counts``; the first budget passed, as a problem."""
    from lxml import etree

    row_tag, string_tag = _MAIN + "row", _MAIN + "si"
    events = etree.iterparse(stream, events=("end",), tag=(row_tag, string_tag), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    first = True
    for _, element in events:
        if first:
            first = False
            info = element.getroottree().docinfo
            if info.doctype or info.internalDTD is not None:
                raise Unreadable("the part declares a document type")
        if element.tag == row_tag:
            counts["row"] = _number(element.get("r")) or counts["row"] + 1
            counts["column"] = 0
            problem = _row_problem(element, shown, counts)
            if problem is not None:
                return problem
        else:
            counts["strings"] += 1
            if counts["strings"] > MAX_STRINGS:
                return _refusal(shown, None, f"指标文件“{shown}”的文字超过 {MAX_STRINGS:,} 条，不像一张指标表；没有读取")
        element.clear()  # done with the row or string: the stream keeps one path of elements, not the tree
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]
    return None


def _row_problem(row: Any, shown: str, counts: dict[str, int]) -> Problem | None:
    """The first budget a row's cells pass (too many, past the columns or rows read, a number out of range)."""
    cell_tag, value_tag = _MAIN + "c", _MAIN + "v"
    for cell in row:
        if cell.tag != cell_tag:
            continue
        counts["cells"] += 1
        if counts["cells"] > MAX_CELLS:
            return _refusal(shown, None, f"指标文件“{shown}”的单元格超过 {MAX_CELLS:,} 个，不像一张指标表；没有读取")
        column, number = _position(cell, counts)
        counts["column"] = column
        if (column > MAX_COLUMNS or number > MAX_ROWS) and len(cell):
            where = f"{column_letters(column - 1)}{number}"
            if column > MAX_COLUMNS:
                return _refusal(shown, where, f"指标文件“{shown}”的单元格 {where} 超出了前 {MAX_COLUMNS} 列（A 到 "
                                              f"{column_letters(MAX_COLUMNS - 1)}）；指标文件只读这些列，没有读取")
            return _refusal(shown, where, f"指标文件“{shown}”的单元格 {where} 超出了前 {MAX_ROWS:,} 行；"
                                          "指标文件只读这些行，没有读取")
        if cell.get("t", "n") == "n":
            value = cell.find(value_tag)
            problem = _number_problem(value.text or "", shown) if value is not None else None
            if problem is not None:
                return problem._replace(location=Location(f"{shown}!{column_letters(column - 1)}{number}"))
    return None


def _position(cell: Any, counts: dict[str, int]) -> tuple[int, int]:
    """(column, row) of a <c>: its reference, or, as openpyxl reads them, the one after the cell before and its row's."""
    column, row = _cell(cell.get("r") or "")
    return column or counts["column"] + 1, row or counts["row"]


def check_workbook(archive: zipfile.ZipFile, shown: str) -> list[Problem]:
    """Problems that make ``archive`` (an opened .xlsx) too large to read as figures; empty when it may be read.

    Raises Unreadable, or lxml's XMLSyntaxError for a part that is not XML.
    """
    from lxml.etree import XMLSyntaxError

    members = archive.infolist()
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED:
        return [Problem(Location(shown), f"指标文件“{shown}”解压后太大（{unpacked // 1_000_000} MB），不像一张指标表",
                        "只保留指标那一张表，另存为 .xlsx 或 .csv", "E160")]
    counts = {"strings": 0, "cells": 0}
    for info in members:  # every part, whatever its name: a sheet may be stored under any name the package lists
        counts["row"] = counts["column"] = 0
        with archive.open(info) as stream:
            try:
                problem = _scan(stream, shown, counts)
            except XMLSyntaxError:
                if info.filename.lower().endswith((".xml", ".rels")):
                    raise
                continue  # a picture or printer settings: not XML, and openpyxl reads no cells from it
        if problem is not None:
            return [problem]
    return []
