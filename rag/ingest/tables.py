"""Parse the tab-separated tables of a machine-translated report into structured `Table` records.

A table is a run of consecutive lines containing tabs whose first line is a real header (some header cell is text
or a year). Around it the parser looks back for the `Table X-Y` title, the `Unit:` line and parenthetical notes,
and forward for the `Source:` line. The printed titles are unreliable (wrong numbers, garbled years), so ids come
from the document's own list of tables in the table of contents when there is one; see `_assign_ids`.

Layout conventions handled (all seen in the seed report):

* Two header rows with blank upper cells: a blank upper cell continues the spanning header on its left, so
  `金额 <blank>` over `2021 2022` gives `金额 2021`, `金额 2022`. A lone growth/share column right after such a
  group (`增长率` after `金额 2021, 金额 2022`) is read as that group's rate and becomes `金额 增长率`; without this the
  two `增长率` columns of `金额 … 增长率 数量 … 增长率` could not be told apart.
* Two records side by side (`排名 国家 流出流量 排名 国家 流出流量`): each line becomes two rows with the same `line`;
  rows are emitted in reading order (the whole left half, then the right half), so ranks run 1..20.
* Section rows (a label with all value cells empty) are not records; the rows under them carry the label in
  `section`. `其中：半导体` opens a sub-section of the current section: `电子和电气设备 / 半导体`.
* Dash rows (`- 欧洲`) are sub-rows of the preceding plain row: label `欧洲`, section `发达经济体`.

`parse_tables` never raises on arbitrary text; malformed blocks are skipped or padded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rag.text.numbers import parse_number
from rag.text.units import (
    COUNT_WORDS,
    PERCENT_WORDS,
    assign_column_units,
    main_unit,
    parse_unit_line,
    percent_unit_from_note,
)
from rag.types import Cell, Column, Document, Table, TableRow, Unit

_YEAR = re.compile(r"^(?:19|20)\d\d$")

_TITLE = re.compile(r"^\s*(?:table|表)(?:\s|\d|$)", re.IGNORECASE)
_PRINTED_ID = re.compile(r"^\s*(?:table|表)\s*(\d+-\d+)(?=[:：\s]|$)", re.IGNORECASE)
# A TOC entry ends in a tab and page number (or an empty cell), or in dot leaders and a page number.
_TOC_ENTRY = re.compile(
    r"^\s*(?:table|表)\s*(\d+-\d+)\s*[:：]?\s*(.*?)(?:[\s.…·]*\t\s*\d*|\s*(?:\.{2,}|…+)\s*\d+)\s*$", re.IGNORECASE
)
_UNIT_LINE = re.compile(r"^\s*[(（]?\s*(?:unit|units|单位)\s*[:：]", re.IGNORECASE)
_NOTE_LINE = re.compile(r"^\s*[(（].*[)）]\s*$")
_SOURCE_LINE = re.compile(r"^\s*(?:(?:data\s+)?sources?|(?:资料|数据)?来源)\s*[:：]\s*(.*)$", re.IGNORECASE)
_DASH_LABEL = re.compile(r"^[-–—−]\s+(\S.*)$")
_OF_WHICH = re.compile(r"^\s*其中\s*[:：,，]?\s*(\S.*)$")

_LOOKBACK = 8  # non-table lines searched above a header for its title / unit / notes
_SOURCE_GAP = 2  # blank lines allowed between the last row and the source line


def table_line_ranges(tables: Iterable[Table]) -> set[int]:
    """Every 1-based line from each table's title line to its end line (for the prose chunker to skip)."""
    return {line for table in tables for line in range(table.title_line, table.end_line + 1)}


# --- table of contents -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TocEntry:
    table_id: str
    title: str


def _toc_entries(lines: tuple[str, ...]) -> list[_TocEntry]:
    """The list of tables in the table of contents: `Table 1-1: Title .....<TAB>9` lines, first mention only."""
    entries: dict[str, _TocEntry] = {}
    for line in lines:
        match = _TOC_ENTRY.match(line)
        if match and match.group(1) not in entries:
            entries[match.group(1)] = _TocEntry(match.group(1), match.group(2).strip())
    return list(entries.values())


def _printed_id(title: str) -> str:
    match = _PRINTED_ID.match(title)
    return match.group(1) if match else ""


def _assign_ids(printed: list[str], toc: list[_TocEntry]) -> list[tuple[str, str]]:
    """(table_id, toc_title) for each body table, in order.

    A printed id is trusted only if it is in the TOC, not yet used and after the previously assigned entry;
    otherwise the table takes the next unused TOC entry. Without a TOC (or once it runs out) a clean, unused
    printed id is kept and anything else becomes `T{n}` (n = 1-based table order).
    """
    index = {entry.table_id: i for i, entry in enumerate(toc)}
    used: set[str] = set()
    last = -1
    result: list[tuple[str, str]] = []
    for n, pid in enumerate(printed, start=1):
        pos = index.get(pid, -1)
        if pos <= last or pid in used:
            pos = next((i for i in range(last + 1, len(toc)) if toc[i].table_id not in used), -1)
        if pos >= 0:
            last = pos
            table_id, toc_title = toc[pos].table_id, toc[pos].title
        else:
            table_id = pid if pid and pid not in used else f"T{n}"
            toc_title = ""
        used.add(table_id)
        result.append((table_id, toc_title))
    return result


# --- blocks and headers --------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _is_value(text: str) -> bool:
    return parse_number(text) is not None


def _is_header(cells: list[str]) -> bool:
    """A header names its columns: some non-first cell is text, or at least two are years (`2021 2022`).

    This is what keeps table-of-contents lines (`Section 12 ...<TAB>53`) from being read as tables.
    """
    rest = [cell for cell in cells[1:] if cell and cell not in "-–—"]
    if any(not _is_value(cell) for cell in rest):
        return True
    return sum(bool(_YEAR.match(cell)) for cell in rest) >= 2


def _blocks(lines: tuple[str, ...]) -> list[tuple[int, int]]:
    """(first, last) 0-based indices of each run of consecutive lines that contain a tab and start with a header."""
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and "\t" in lines[j + 1]:
            j += 1
        if j > i and _is_header(_cells(lines[i])):
            blocks.append((i, j))
        i = j + 1
    return blocks


def _count_header_rows(rows: list[list[str]]) -> int:
    """1, or 2 when the first row has blank spanning cells and the next row has no label (`<TAB>2021<TAB>2022`)."""
    if len(rows) < 3:
        return 1
    first, second = rows[0], rows[1]
    spans = any(not cell for cell in first[1:])
    return 2 if spans and not second[0] and any(second[1:]) else 1


def _rect(rows: list[list[str]], width: int) -> list[list[str]]:
    """Pad or truncate ragged rows to `width` cells."""
    return [(row + [""] * width)[:width] for row in rows]


def _drop_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    keep = [i for i in range(len(rows[0])) if any(row[i] for row in rows)]
    return [[row[i] for i in keep] for row in rows]


def _is_relative(header: str) -> bool:
    return any(word in header.lower() for word in PERCENT_WORDS)


def _combine_headers(header_rows: list[list[str]]) -> list[tuple[str, ...]]:
    """Header parts per column position; see the module docstring for forward fill and group growth columns."""
    if len(header_rows) == 1:
        return [(cell,) if cell else () for cell in header_rows[0]]
    upper, lower = header_rows[0], header_rows[1]
    parts: list[tuple[str, ...]] = []
    group, group_width = "", 0
    for i, (top, bottom) in enumerate(zip(upper, lower, strict=True)):
        if top:
            lone_rate = not bottom and group_width >= 2 and _is_relative(top) and not _is_relative(group)
            parts.append((group, top) if lone_rate else tuple(p for p in (top, bottom) if p))
            group, group_width = (top, 1) if bottom and i > 0 else ("", 0)
        elif bottom and group:
            parts.append((group, bottom))
            group_width += 1
        else:
            parts.append((bottom,) if bottom else ())
            group, group_width = "", 0
    return parts


def _split_halves(header_rows: list[list[str]]) -> bool:
    """True when every header row is two identical halves: two records per line."""
    width = len(header_rows[0])
    if width < 4 or width % 2:
        return False
    half = width // 2
    return all(row[:half] == row[half:] and any(row[:half]) for row in header_rows)


def _label_column(body: list[list[str]], width: int) -> int:
    """The first column whose body cells are mostly text (`-` placeholders ignored); column 0 if none is."""
    for i in range(width):
        filled = [row[i] for row in body if row[i] and row[i] not in "-–—"]
        if filled and sum(not _is_value(cell) for cell in filled) * 2 > len(filled):
            return i
    return 0


# --- rows ---------------------------------------------------------------------------------------------------


@dataclass
class _RowState:
    """Sections in force while walking the rows of one table (or one half of a side-by-side table)."""

    top: str = ""
    section: str = ""
    parent: str = ""
    parent_section: str = ""


def _join(*parts: str) -> str:
    return " / ".join(part for part in parts if part)


def _row(line: int, cells: list[str], label_col: int, state: _RowState, count_unit: Unit | None) -> TableRow | None:
    """One record, or None for a section row (whose label updates `state`) or an empty row."""
    raw = cells[label_col]
    values = [cell for i, cell in enumerate(cells) if i != label_col]
    of_which = _OF_WHICH.match(raw)
    if not any(values):
        if of_which:
            state.section = _join(state.top, of_which.group(1).strip())
        elif raw:
            state.top = state.section = raw
        state.parent = state.parent_section = ""
        return None
    dash = _DASH_LABEL.match(raw)
    sub = dash or of_which
    if sub and state.parent:
        label, section = sub.group(1).strip(), _join(state.parent_section, state.parent)
    else:
        label, section = (sub.group(1).strip() if sub else raw), state.section
        state.parent, state.parent_section = label, section
    unit = count_unit if count_unit and any(word in label.lower() for word in COUNT_WORDS) else None
    cell_tuple = tuple(Cell(text, parse_number(text)) for text in values)
    return TableRow(line=line, label=label, cells=cell_tuple, section=section, raw_label=raw, unit=unit)


def _rows(body: list[tuple[int, list[str]]], label_col: int, count_unit: Unit | None) -> list[TableRow]:
    state = _RowState()
    rows = (_row(line, cells, label_col, state, count_unit) for line, cells in body)
    return [row for row in rows if row is not None]


def cell_unit(table: Table, row: TableRow, index: int, inferred: bool = False) -> Unit | None:
    """The unit of `row.cells[index]`: a percent column stays percent; otherwise a row unit overrides the column's.

    Row units exist for rows like `项目数量` in a table whose columns are amounts (table 1-7). With `inferred`, a
    currency unit printed without a scale takes the scale `rag.ingest.scales` read from the prose
    (`Table.scale_evidence`); without it the unit is exactly as printed.
    """
    column_unit = table.columns[index].unit if index < len(table.columns) else None
    if column_unit is not None and column_unit.kind == "percent":
        return column_unit
    unit = row.unit or column_unit
    if inferred and is_inferred(table, unit):
        evidence = table.scale_evidence
        return replace(unit, scale=evidence.scale, label=evidence.label)
    return unit


def is_inferred(table: Table, unit: Unit | None) -> bool:
    """The unit is a currency printed without a scale that the table's scale evidence supplies."""
    return (
        table.scale_evidence is not None
        and unit is not None
        and unit.kind == "currency"
        and unit.scale is None
    )


# --- context around a block ---------------------------------------------------------------------------------


@dataclass
class _Context:
    title: str = ""
    title_line: int = 0
    unit_line: str = ""
    notes: tuple[str, ...] = ()


def _context_above(lines: tuple[str, ...], first: int, floor: int) -> _Context:
    """Walk up from the header over blanks, unit and note lines to the `Table ...` title (stopping at prose)."""
    ctx = _Context()
    notes: list[str] = []
    seen = 0
    i = first - 1
    while i >= floor and seen < _LOOKBACK:
        text = lines[i].strip()
        i -= 1
        if not text:
            continue
        seen += 1
        if _UNIT_LINE.match(text) and not ctx.unit_line:
            ctx.unit_line = text
        elif _NOTE_LINE.match(text):
            notes.insert(0, text)
        elif _TITLE.match(text) and "\t" not in lines[i + 1]:
            ctx.title, ctx.title_line = text, i + 2
            break
        else:
            break
    ctx.notes = tuple(notes)
    return ctx


def _source_below(lines: tuple[str, ...], last: int) -> tuple[str, int]:
    """(source text, 0-based line index) of a `Source:` line just below the rows, or ("", -1)."""
    i, gap = last + 1, 0
    while i < len(lines) and gap <= _SOURCE_GAP:
        text = lines[i].strip()
        if text:
            match = _SOURCE_LINE.match(text)
            return (match.group(1).strip(), i) if match else ("", -1)
        gap += 1
        i += 1
    return "", -1


def _units(ctx: _Context) -> list[Unit]:
    if ctx.unit_line:
        return parse_unit_line(ctx.unit_line)
    derived = (percent_unit_from_note(note) for note in ctx.notes)
    return [unit for unit in derived if unit is not None][:1]


# --- assembling a table -------------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A parsed block before its id is known."""

    printed_id: str
    fields: dict


def _parse_block(doc: Document, first: int, last: int, floor: int) -> _Draft | None:
    """Parse lines[first..last] (0-based) into a draft table; None when there are no records."""
    raw_rows = [_cells(line) for line in doc.lines[first : last + 1]]
    width = max(len(raw_rows[0]), Counter(len(row) for row in raw_rows).most_common(1)[0][0])
    rows = _drop_empty_columns(_rect(raw_rows, width))
    if not rows[0]:
        return None
    n_header = _count_header_rows(rows)
    header_rows, body_rows = rows[:n_header], rows[n_header:]
    lines = list(range(first + 1 + n_header, last + 2))
    halves = _split_halves(header_rows)
    width = len(rows[0]) // 2 if halves else len(rows[0])
    body = [(line, row[:width]) for line, row in zip(lines, body_rows, strict=True)]
    if halves:
        body += [(line, row[width:]) for line, row in zip(lines, body_rows, strict=True)]
    parts = _combine_headers([row[:width] for row in header_rows])
    label_col = _label_column([cells for _, cells in body], width)

    ctx = _context_above(doc.lines, first, floor)
    units = _units(ctx)
    value_parts = [p for i, p in enumerate(parts) if i != label_col]
    headers = [" ".join(p) for p in value_parts]
    columns = tuple(
        Column(header=h, parts=p, unit=u)
        for h, p, u in zip(headers, value_parts, assign_column_units(headers, units), strict=True)
    )
    count_unit = next((unit for unit in units if unit.kind == "count"), None)
    table_rows = _rows(body, label_col, count_unit)
    if not table_rows:
        return None
    source, source_index = _source_below(doc.lines, last)
    start_line = first + 1
    fields = {
        "doc_name": doc.name,
        "title": ctx.title,
        "unit": main_unit(units),
        "unit_line": ctx.unit_line,
        "source": source,
        "label_header": " ".join(parts[label_col]),
        "header_rows": tuple(tuple(row) for row in header_rows),
        "columns": columns,
        "rows": tuple(table_rows),
        "title_line": ctx.title_line or start_line,
        "start_line": start_line,
        "end_line": source_index + 1 if source_index >= 0 else last + 1,
        "notes": ctx.notes,
    }
    return _Draft(printed_id=_printed_id(ctx.title), fields=fields)


def parse_tables(doc: Document) -> list[Table]:
    """All tables of `doc`, in document order, with canonical ids (see `_assign_ids`)."""
    drafts: list[_Draft] = []
    floor = 0
    for first, last in _blocks(doc.lines):
        draft = _parse_block(doc, first, last, floor)
        if draft is not None:
            drafts.append(draft)
            floor = draft.fields["end_line"]
    ids = _assign_ids([draft.printed_id for draft in drafts], _toc_entries(doc.lines))
    return [
        Table(table_id=table_id, printed_id=draft.printed_id, toc_title=toc_title, **draft.fields)
        for draft, (table_id, toc_title) in zip(drafts, ids, strict=True)
    ]
