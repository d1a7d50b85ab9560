"""Reading spreadsheets (.xlsx/.xlsm with openpyxl, .xls with xlrd, .csv with the standard library): every sheet
a table, under the sheet name as heading; a sheet of text (notes) becomes prose.

Values, not formulas: a workbook is read with `data_only=True`, which gives the value the spreadsheet program
saved beside each formula. A file written by a program that saves no values (a script using openpyxl, for one)
has none: simple formulas (cell arithmetic, SUM, AVERAGE, MIN, MAX over a range) are computed here, and any
other is left empty with a warning that names the cell. Dates are written as dates (2023-03-14), percentages as
printed (12.5%).

Above the header, single-cell rows are the table's title (`Table 3: ...`) and unit (`Unit: ...`) lines, as in a
text report. The header row is the first row with two or more filled cells; merged header cells span their
columns.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import operator
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from rag.ingest.builder import DocumentBuilder, GridCell, clean, is_header_row
from rag.ingest.documents import DocumentError
from rag.text.numbers import parse_number
from rag.types import Document

_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)")
_FUNCTIONS: dict[str, Callable[[list[float]], float]] = {
    "SUM": sum,
    "AVERAGE": lambda values: sum(values) / len(values),
    "MIN": min,
    "MAX": max,
}
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_UNIT_WORDS = re.compile(r"^\s*[(（]?\s*(?:unit|units|单位)\s*[:：]", re.IGNORECASE)
_MAX_CELLS = 200_000  # a sheet larger than this is cut, with a warning


# ---------------------------------------------------------------------------------------------------- values


def _number_text(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


def value_text(value: object, number_format: str = "") -> str:
    """A cell value as the sheet shows it: dates as ISO dates, percentages with `%`, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if "%" in number_format:
            return _number_text(round(value * 100, 10)) + "%"
        return _number_text(value)
    return clean(value)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def evaluate(formula: str, lookup: Callable[[int, int], object]) -> float | None:
    """The value of a simple formula (`=B6+B7`, `=SUM(C6:C7)*2`), cells read through `lookup(row, column)`;
    None for anything else (a function not listed, text, a reference to an empty or uncomputable cell)."""

    def number(row: str, column: str) -> float:
        value = lookup(int(row), _column_number(column))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("not a number")
        return float(value)

    def function(match: re.Match) -> str:
        name, argument = match.group(1).upper(), match.group(2)
        ranged = _RANGE.fullmatch(argument.strip())
        if name not in _FUNCTIONS or not ranged:
            raise ValueError("unsupported function")
        c0, r0, c1, r1 = ranged.groups()
        values = [
            number(str(r), _letters(c))
            for r in range(int(r0), int(r1) + 1)
            for c in range(_column_number(c0), _column_number(c1) + 1)
        ]
        return repr(_FUNCTIONS[name](values))

    try:
        expression = re.sub(r"([A-Za-z]+)\(([^()]*)\)", function, formula.lstrip("="))
        expression = _REF.sub(lambda m: repr(number(m.group(2), m.group(1))), expression)
        return _arithmetic(ast.parse(expression, mode="eval").body)
    except (ValueError, SyntaxError, ZeroDivisionError, TypeError, RecursionError):
        return None


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _arithmetic(node: ast.AST) -> float:
    """Numbers, + - * / and unary minus; anything else raises (no names, calls or attributes are evaluated)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _arithmetic(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right))
    raise ValueError("unsupported expression")


# ---------------------------------------------------------------------------------------------------- sheets


def _trim(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """Without empty rows at the end and empty columns at the right."""
    while rows and not any(cell.text for cell in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, cell in enumerate(row) if cell.text and cell.span != "col"), default=0)
    return [row[:width] for row in rows]


def _is_notes(rows: list[list[GridCell]]) -> bool:
    """A sheet of text: fewer than two rows with two or more filled cells, or no number anywhere."""
    wide = sum(sum(bool(cell.text) and not cell.span for cell in row) >= 2 for row in rows)
    numbers = any(parse_number(cell.text) is not None for row in rows for cell in row[1:] if cell.text)
    return wide < 2 or not numbers


def _filled(row: list[GridCell]) -> int:
    return sum(bool(cell.text) and cell.span != "col" for cell in row)


def _blocks(rows: list[list[GridCell]]) -> list[list[list[GridCell]]]:
    """The sheet cut at empty rows into blocks, each a table (with the title and unit rows above it) or text.

    A block after an empty row starts a new table only when it opens with a title row or a header row; one that
    opens with a body row (a table spaced out by an empty row) continues the block before it, and title and unit
    rows stay with the table below them.
    """
    blocks: list[list[list[GridCell]]] = []
    current: list[list[GridCell]] = []
    gap = False
    for row in rows:
        if not _filled(row):
            gap = bool(current)
            continue
        texts = [cell.text for cell in row]
        has_table = any(_filled(done) >= 2 for done in current)  # title and unit rows stay with their table
        if gap and has_table and (_filled(row) < 2 or is_header_row(texts)):
            blocks.append(current)
            current = []
        current.append(row)
        gap = False
    if current:
        blocks.append(current)
    return blocks


def write_sheet(builder: DocumentBuilder, name: str, rows: list[list[GridCell]], single: bool = False) -> None:
    """One sheet: its name as heading, then each block: single-cell rows above a header as the table's title and
    unit, then the table; a block of text as prose."""
    rows = _trim(rows)
    if not rows:
        return
    if not single:
        builder.heading(name, 1)
    if _is_notes(rows):
        for row in rows:
            builder.paragraph(" ".join(cell.text for cell in row if cell.text and not cell.span))
        return
    for block in _blocks(rows):
        _write_block(builder, name, block)


def _write_block(builder: DocumentBuilder, name: str, rows: list[list[GridCell]]) -> None:
    title, unit = "", ""
    start = 0
    while start < len(rows) and _filled(rows[start]) < 2:
        text = next((cell.text for cell in rows[start] if cell.text), "")
        if _UNIT_WORDS.match(text) and not unit:
            unit = text
        elif text and not title:
            title = text
        elif text:
            builder.paragraph(text)
        start += 1
    if start == len(rows):
        for text in (title, unit):
            builder.paragraph(text)
        return
    builder.table(rows[start:], title=title or name, unit=unit)


def _merged_spans(sheet) -> dict[tuple[int, int], tuple[int, int, str]]:
    """(row, column) of every cell a merged range covers, except its origin -> (origin row, origin column, span)."""
    spans = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    span = "col" if column > merged.min_col else "row"
                    spans[row, column] = (merged.min_row, merged.min_col, span)
    return spans


def _xlsx_rows(values_sheet, formulas_sheet, builder: DocumentBuilder) -> list[list[GridCell]]:
    spans = _merged_spans(values_sheet)
    cache: dict[tuple[int, int], object] = {}

    def lookup(row: int, column: int, depth: int = 0) -> object:
        if (row, column) in cache:
            return cache[row, column]
        value = values_sheet.cell(row, column).value
        formula = formulas_sheet.cell(row, column).value
        if value is None and isinstance(formula, str) and formula.startswith("=") and depth < 50:
            value = evaluate(formula, lambda r, c: lookup(r, c, depth + 1))
        cache[row, column] = value
        return value

    rows = []
    n_rows, n_columns = values_sheet.max_row, values_sheet.max_column
    if n_rows * n_columns > _MAX_CELLS:
        n_rows = max(1, _MAX_CELLS // max(n_columns, 1))
        builder.warn(f"sheet {values_sheet.title}: only the first {n_rows} rows were read")
    for r in range(1, n_rows + 1):
        out = []
        for c in range(1, n_columns + 1):
            if (r, c) in spans:
                origin_row, origin_column, span = spans[r, c]
                out.append(GridCell(value_text(lookup(origin_row, origin_column)), span))
                continue
            value = lookup(r, c)
            formula = formulas_sheet.cell(r, c).value
            if value is None and isinstance(formula, str) and formula.startswith("="):
                builder.warn(
                    f"sheet {values_sheet.title} cell {_letters(c)}{r}: formula {formula} has no saved value and is "
                    "not one this reader computes; left empty (open and save the file in Excel or LibreOffice)"
                )
            out.append(GridCell(value_text(value, values_sheet.cell(r, c).number_format)))
        rows.append(out)
    return rows


def _read_xlsx(raw: bytes, label: str, builder: DocumentBuilder) -> str:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        hint = "it looks like CSV text; rename it to .csv" if _looks_like_csv(raw) else "save it again as .xlsx"
        raise DocumentError(f"{label}: not an Excel workbook ({hint}); skipped")
    try:
        with warnings.catch_warnings():  # openpyxl warns about features it drops (validation, styles): not ours
            warnings.simplefilter("ignore")
            values = load_workbook(io.BytesIO(raw), data_only=True)
            formulas = load_workbook(io.BytesIO(raw), data_only=False)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as err:
        raise DocumentError(f"{label}: not a readable Excel workbook; skipped (save it again as .xlsx)") from err
    sheets = list(values.worksheets)
    for sheet in sheets:
        write_sheet(builder, sheet.title, _xlsx_rows(sheet, formulas[sheet.title], builder), single=len(sheets) == 1)
    return (values.properties.title or "").strip()


def _read_xls(raw: bytes, label: str, builder: DocumentBuilder) -> str:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True)
    except (xlrd.XLRDError, ValueError, KeyError, IndexError, AssertionError) as err:
        raise DocumentError(f"{label}: not a readable Excel 97-2003 workbook; skipped (save it as .xlsx)") from err
    sheets = book.sheets()
    for sheet in sheets:
        spans = {}
        for r0, r1, c0, c1 in sheet.merged_cells:
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if (r, c) != (r0, c0):
                        spans[r, c] = (r0, c0, "col" if c > c0 else "row")
        rows = []
        for r in range(sheet.nrows):
            out = []
            for c in range(sheet.ncols):
                origin = spans.get((r, c))
                cell = sheet.cell(*origin[:2]) if origin else sheet.cell(r, c)
                value: object = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    value = None
                out.append(GridCell(value_text(value), origin[2] if origin else ""))
            rows.append(out)
        write_sheet(builder, sheet.name, rows, single=len(sheets) == 1)
    return ""


def _looks_like_csv(raw: bytes) -> bool:
    try:
        text = raw[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and "\x00" not in text and all(line.count(",") or line.count(";") for line in lines[:5])


def _read_csv(raw: bytes, label: str, builder: DocumentBuilder, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DocumentError(f"{label}: not UTF-8 text; skipped (save it as UTF-8 CSV)") from err
    if "\x00" in text:
        raise DocumentError(f"{label}: looks like a binary file, not CSV; skipped (check the file)")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = [[GridCell(clean(cell)) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    if not any(cell.text for row in rows for cell in row):
        raise DocumentError(f"{label}: empty; skipped (add rows or remove the file)")
    write_sheet(builder, Path(name).stem, rows, single=True)
    return ""


def read_sheets(path: Path, raw: bytes, label: str) -> Document:
    fmt = {".xls": "xls", ".csv": "csv"}.get(path.suffix.lower(), "xlsx")
    builder = DocumentBuilder(path.name, raw, fmt)
    if fmt == "xlsx":
        title = _read_xlsx(raw, label, builder)
    elif fmt == "xls":
        title = _read_xls(raw, label, builder)
    else:
        title = _read_csv(raw, label, builder, path.name)
    if not any(builder.lines):
        raise DocumentError(f"{label}: no cells with content; skipped (add data or remove the file)")
    return builder.build(title or Path(path.name).stem)
