"""Parse the tab-separated tables of a machine-translated report into structured `Table` records.

A table is a run of consecutive lines containing tabs whose first line is a real header (some header cell is text
or a year). Around it the parser looks back for the `Table X-Y` title, the `Unit:` line and parenthetical notes,
and forward for the `Source:` line. The printed titles are unreliable (wrong numbers, garbled years), so ids come
from the document's own list of tables in the table of contents when there is one; see `_assign_ids`.

Layout conventions handled (the seed report's, and company filings' as analysts' files print them):

* Header rows, spanning headers and cap rows (`($ in millions)` above the header): see `rag.ingest.headers`.
* Two records side by side (`排名 国家 流出流量 排名 国家 流出流量`): each line becomes two rows with the same `line`;
  rows are emitted in reading order (the whole left half, then the right half), so ranks run 1..20.
* Section rows (a label with all value cells empty) are not records; the rows under them carry the label in
  `section`. `其中：半导体` opens a sub-section of the current section: `电子和电气设备 / 半导体`.
* Dash rows (`- 欧洲`) are sub-rows of the preceding plain row: label `欧洲`, section `发达经济体`.
* Cells as filings print them (`$1,452.4`, `(2,020)`, `13.0%`, `1,234(a)`, `—`): `rag.text.numbers.read_cell_number`.
* Units: the `Unit:` line above the table (the seed report). Without one, the scale a filing states in a cap row,
  a header cell (`$'000`, `(in thousands)`), the sentence before the table or, failing those, the one scale the
  document's notes state (`(in thousands, except per share data)`; the rows it excepts keep scale 1); currency and
  percent from the cells' own marks. See `rag.ingest.table_units`.
* Markdown pipe tables (`| a | b |` under `|---|---|`) in `.md` files read like tab-separated ones.
* A table without a `Table ...` title line takes the last sentence of the text before it as its title.

`parse_tables` never raises on arbitrary text; malformed blocks are skipped or padded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rag.ingest.headers import (
    cap_count,
    combine_headers,
    header_row_count,
    is_header,
    is_value,
    split_halves,
)
from rag.ingest.table_units import (
    UNIT_LINE,
    column_unit,
    document_unit,
    marked_rows,
    read_caps,
    table_unit,
    unit_of,
    wide_unit,
)
from rag.text.numbers import parse_number, to_base
from rag.text.sentences import split_sentences
from rag.text.units import COUNT_WORDS, assign_column_units, main_unit, parse_unit_line, percent_unit_from_note
from rag.types import Cell, Column, Document, Table, TableRow, Unit

_TITLE = re.compile(r"^\s*(?:table|表)(?:\s|\d|$)", re.IGNORECASE)
_PRINTED_ID = re.compile(r"^\s*(?:table|表)\s*(\d+-\d+)(?=[:：\s]|$)", re.IGNORECASE)
# A TOC entry ends in a tab and page number (or an empty cell), or in dot leaders and a page number.
_TOC_ENTRY = re.compile(
    r"^\s*(?:table|表)\s*(\d+-\d+)\s*[:：]?\s*(.*?)(?:[\s.…·]*\t\s*\d*|\s*(?:\.{2,}|…+)\s*\d+)\s*$", re.IGNORECASE
)
_NOTE_LINE = re.compile(r"^\s*[(（].*[)）]\s*$")
_SOURCE_LINE = re.compile(r"^\s*(?:(?:data\s+)?sources?|(?:资料|数据)?来源)\s*[:：]\s*(.*)$", re.IGNORECASE)
_DASH_LABEL = re.compile(r"^[-–—−]\s+(\S.*)$")
_OF_WHICH = re.compile(r"^\s*其中\s*[:：,，]?\s*(\S.*)$")

_LOOKBACK = 8  # non-table lines searched above a header for its title / unit / notes
_SOURCE_GAP = 2  # blank lines allowed between the last row and the source line
_TITLE_CHARS = 100  # a title taken from the sentence before a table is cut to this length


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


_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")

# A block is a list of (1-based line number, cells) in document order.
Block = list[tuple[int, list[str]]]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def table_line_cells(doc: Document) -> list[list[str] | None]:
    """Per line: its cells when it is a table line, else None. A table line contains a tab, or in a Markdown file is
    a pipe row (`| a | b |`); a Markdown rule row (`|---|---|`) is `[]`, part of the table but no row of it."""
    markdown = doc.name.lower().endswith(".md")
    found: list[list[str] | None] = []
    for line in doc.lines:
        pipe = _PIPE_ROW.match(line) if markdown else None
        if markdown and _PIPE_RULE.match(line) and "|" in line:
            found.append([])
        elif pipe and "|" in pipe.group(1):
            found.append([cell.strip() for cell in pipe.group(1).split("|")])
        elif "\t" in line:
            found.append(_cells(line))
        else:
            found.append(None)
    return found


def table_blocks(doc: Document) -> list[Block]:
    """Every run of two or more consecutive table lines (rule rows left out), whether or not it reads as a table."""
    view = table_line_cells(doc)
    blocks: list[Block] = []
    run: Block = []
    for number, cells in enumerate([*view, None], 1):
        if cells is not None:
            if cells:
                run.append((number, cells))
            continue
        if len(run) >= 2:
            blocks.append(run)
        run = []
    return blocks


def _blocks(doc: Document) -> list[Block]:
    """The table blocks that start with a header, after at most a few cap rows (`($ in millions)`)."""
    return [block for block in table_blocks(doc) if is_header(block[cap_count([cells for _, cells in block])][1])]


def _rect(rows: list[list[str]], width: int) -> list[list[str]]:
    """Pad or truncate ragged rows to `width` cells."""
    return [(row + [""] * width)[:width] for row in rows]


def _drop_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    keep = [i for i in range(len(rows[0])) if any(row[i] for row in rows)]
    return [[row[i] for i in keep] for row in rows]


def _label_column(body: list[list[str]], width: int) -> int:
    """The first column whose body cells are mostly text (`-` placeholders ignored); column 0 if none is."""
    for i in range(width):
        filled = [row[i] for row in body if row[i] and row[i] not in "-–—"]
        if filled and sum(not is_value(cell) for cell in filled) * 2 > len(filled):
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
    return label_sum_rows([row for row in rows if row is not None])


SUM_ROW_LABEL = "Total"
_SUM_TOLERANCE = 0.006  # relative: rounded parts may miss their printed sum by a little


def label_sum_rows(rows: list[TableRow]) -> list[TableRow]:
    """Rows printed without a label whose figures are the sums of the rows above them in their section labelled as
    the total they are: `Total`, or the section itself when it names the total (`Total assets:` over regions and an
    unlabelled sum line: `Total assets`). A sum row is the first part of what follows it (a subtotal less a
    deduction printed as a second unlabelled sum). An unlabelled row that is no sum keeps its empty label."""
    out: list[TableRow] = []
    parts: list[TableRow] = []
    for row in rows:
        section_parts = [part for part in parts if part.section == row.section]
        if row.label or not is_sum(row, section_parts):
            out.append(row)
            parts.append(row)
            continue
        section = row.section.strip().rstrip(":：").strip()
        label = section if section.lower().startswith(SUM_ROW_LABEL.lower()) else SUM_ROW_LABEL
        out.append(replace(row, label=label))
        parts = [part for part in parts if part.section != row.section] + [row]
    return out


def is_sum(row: TableRow, parts: list[TableRow]) -> bool:
    """At least half of `row`'s figures, and one at least, are the sums of `parts`' figures in their columns (of
    two parts or more; a part's cell without a figure, `—`, counts as nil). Columns of rates or changes beside the
    amounts need not add up."""
    if len(parts) < 2:
        return False
    figures = [(index, cell.value) for index, cell in enumerate(row.cells) if cell.value is not None]
    summed = 0
    for index, value in figures:
        total = sum(part.cells[index].value or 0.0 for part in parts if index < len(part.cells))
        summed += abs(total - value) <= _SUM_TOLERANCE * max(abs(value), 1.0)
    return summed > 0 and summed * 2 >= len(figures)


def cell_unit(table: Table, row: TableRow, index: int, inferred: bool = False) -> Unit | None:
    """The unit of `row.cells[index]`: the cell's own (`Cell.unit`, from its printed marks) first; then a percent
    column stays percent; otherwise a row unit overrides the column's.

    Row units exist for rows like `项目数量` in a table whose columns are amounts (table 1-7). With `inferred`, a
    currency unit printed without a scale takes the scale `rag.ingest.scales` read from the prose
    (`Table.scale_evidence`); without it the unit is exactly as printed.
    """
    own = row.cells[index].unit if index < len(row.cells) else None
    unit = own or unit_of(table.columns, row, index)
    if inferred and is_inferred(table, unit):
        evidence = table.scale_evidence
        return replace(unit, scale=evidence.scale, label=evidence.label)
    return unit


def scaled_value(table: Table, row: TableRow, index: int) -> float | None:
    """The cell's value in base units (`$1,452.4` in a table `($ in millions)`: 1452400000.0) where its unit states a
    scale; the value as printed where it states none (percentages, or a scale the document never gave)."""
    cell = row.cells[index]
    unit = cell_unit(table, row, index)
    if cell.value is None or unit is None or unit.scale is None or unit.kind == "percent":
        return cell.value
    return to_base(cell.value, unit.scale)


def is_inferred(table: Table, unit: Unit | None) -> bool:
    """The unit is a currency printed without a scale that the table's scale evidence supplies."""
    return table.scale_evidence is not None and unit is not None and unit.kind == "currency" and unit.scale is None


# --- context around a block ---------------------------------------------------------------------------------


@dataclass
class _Context:
    title: str = ""
    title_line: int = 0
    unit_line: str = ""
    notes: tuple[str, ...] = ()
    prose: str = ""  # the text line just above the table (and its title): the sentence that introduces it


def _context_above(lines: tuple[str, ...], first: int, floor: int) -> _Context:
    """Walk up from the header over blanks, unit and note lines to the `Table ...` title (stopping at prose), and
    note the prose line that introduces the table."""
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
        if UNIT_LINE.match(text) and not ctx.unit_line:
            ctx.unit_line = text
        elif _NOTE_LINE.match(text):
            notes.insert(0, text)
        elif _TITLE.match(text) and "\t" not in lines[i + 1]:
            ctx.title, ctx.title_line = text, i + 2
            ctx.prose = _prose_above(lines, i, floor)
            break
        else:
            ctx.prose = "" if "\t" in text else text
            break
    ctx.notes = tuple(notes)
    return ctx


def _prose_above(lines: tuple[str, ...], i: int, floor: int) -> str:
    """The first non-blank line at or above 0-based `i` (not below `floor`) when it is prose, else ""."""
    while i >= floor and not lines[i].strip():
        i -= 1
    return lines[i].strip() if i >= floor and "\t" not in lines[i] else ""


def _title_from(text: str) -> str:
    """The last sentence of `text`, cut to at most _TITLE_CHARS characters at a word boundary."""
    sentences = split_sentences(text)
    title = sentences[-1] if sentences else text
    if len(title) > _TITLE_CHARS:
        title = title[: _TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return title


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


def _parse_block(doc: Document, block: Block, floor: int, doc_unit: Unit | None) -> _Draft | None:
    """Parse one block of table lines into a draft table; None when there are no records."""
    numbers = [number for number, _ in block]
    raw_rows = [cells for _, cells in block]
    width = max(len(raw_rows[0]), Counter(len(row) for row in raw_rows).most_common(1)[0][0])
    rows = _drop_empty_columns(_rect(raw_rows, width))
    if not rows[0]:
        return None
    n_caps = cap_count(rows)
    cap_rows = rows[:n_caps]
    caps = read_caps([row[0] for row in cap_rows])
    rows, numbers = rows[n_caps:], numbers[n_caps:]
    n_header = header_row_count(rows)
    header_rows, body_rows = rows[:n_header], rows[n_header:]
    lines = numbers[n_header:]
    halves = split_halves(header_rows)
    width = len(rows[0]) // 2 if halves else len(rows[0])
    body = [(line, row[:width]) for line, row in zip(lines, body_rows, strict=True)]
    if halves:
        body += [(line, row[width:]) for line, row in zip(lines, body_rows, strict=True)]
    parts = combine_headers([row[:width] for row in header_rows])
    label_col = _label_column([cells for _, cells in body], width)

    first, last = block[0][0] - 1, block[-1][0] - 1
    ctx = _context_above(doc.lines, first, floor)
    units = _units(ctx)
    value_parts = [caps.spans + p for i, p in enumerate(parts) if i != label_col]
    headers = [" ".join(p) for p in value_parts]
    assigned = assign_column_units(headers, units)
    label_parts = parts[label_col]
    wide = None if ctx.unit_line else wide_unit(caps, label_parts, ctx.notes, value_parts, ctx.prose, doc_unit)
    if not ctx.unit_line:
        value_cells = [[cells[i] for _, cells in body] for i in range(width) if i != label_col]
        assigned = [
            column_unit(parts, cells, wide, unit)
            for parts, cells, unit in zip(value_parts, value_cells, assigned, strict=True)
        ]
    columns = tuple(Column(header=h, parts=p, unit=u) for h, p, u in zip(headers, value_parts, assigned, strict=True))
    count_unit = next((unit for unit in units if unit.kind == "count"), None)
    table_rows = marked_rows(_rows(body, label_col, count_unit), columns, wide)
    if not table_rows:
        return None
    source, source_index = _source_below(doc.lines, last)
    start_line = first + 1
    title = ctx.title or next(iter(caps.titles), "") or (_title_from(ctx.prose) if ctx.prose else "")
    headline = main_unit(units) if ctx.unit_line or wide is None else table_unit(wide, columns)
    fields = {
        "doc_name": doc.name,
        "title": title,
        "unit": headline,
        "unit_line": ctx.unit_line or (wide.raw if wide is not None else ""),
        "source": source,
        "label_header": " ".join(parts[label_col]),
        "header_rows": tuple(tuple(row) for row in cap_rows + header_rows),
        "columns": columns,
        "rows": tuple(table_rows),
        "title_line": ctx.title_line or start_line,
        "start_line": start_line,
        "end_line": source_index + 1 if source_index >= 0 else last + 1,
        "notes": ctx.notes + tuple(text for text in caps.titles if text != title),
    }
    return _Draft(printed_id=_printed_id(ctx.title), fields=fields)


def parse_tables(doc: Document) -> list[Table]:
    """All tables of `doc`, in document order, with canonical ids (see `_assign_ids`)."""
    drafts: list[_Draft] = []
    floor = 0
    blocks = _blocks(doc)
    doc_unit = document_unit(doc.lines, {number for block in table_blocks(doc) for number, _ in block})
    for block in blocks:
        draft = _parse_block(doc, block, floor, doc_unit)
        if draft is not None:
            drafts.append(draft)
            floor = draft.fields["end_line"]
    ids = _assign_ids([draft.printed_id for draft in drafts], _toc_entries(doc.lines))
    return [
        Table(table_id=table_id, printed_id=draft.printed_id, toc_title=toc_title, **draft.fields)
        for draft, (table_id, toc_title) in zip(drafts, ids, strict=True)
    ]
