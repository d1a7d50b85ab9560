"""Units of a company filing's table: what its notes, cap rows, header cells and cells' own marks state.

The seed report states units in a `Unit:` line (`rag.text.units.parse_unit_line`); a filing states them anywhere
around and inside the table, nearest first:

* the table's scale: a cap row (`($ in millions)`), the label column's header (`(in thousands, except per share
  data)`), a note line, a value header cell in words (`(dollars in millions)`), the sentence before the table, or the
  one scale the document's notes state (`wide_unit`, `document_unit`);
* a column's own unit: a header mark (`$'000`, `US$000`, `$M`, `€`), percent where most of its figures print `%` or
  its header says so, the currency its cells print (`column_unit`);
* a row the scale note excepts keeps scale 1 (`except per share data`, `except share data`), and a cell whose own
  marks state another unit than its column (`12.7%` among amounts) carries it (`marked_rows`, `Cell.unit`);
* a row's own label states its unit: a percentage (`Gross margin (%)`, `% of revenue`, `Percentage of sales`), a
  scale (`Total bookings (in millions)`), or an amount per share, which no table scale applies to (`row_unit`).

A scale is never guessed: a bare `$9.87` table keeps `USD (scale not stated)`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from rag.text.numbers import CELL_CURRENCIES, read_cell_number
from rag.text.units import currency_label, main_unit, normalize_unit, parse_unit_line, stated_scale
from rag.text.wordlists import grouped_words
from rag.types import Column, TableRow, Unit

UNIT_LINE = re.compile(r"^\s*[(（]?\s*(?:unit|units|单位)\s*[:：]", re.IGNORECASE)
_CAP_TITLE_WORDS = 6  # a cap row longer than this, or naming a year, is the table's title, not a spanning header
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_PERCENT = Unit(raw="%", label="%", kind="percent")
_MARK_UNITS = {
    "multiple": Unit(raw="x", label="x", kind="multiple"),
    "points": Unit(raw="pts", label="pp", kind="points"),
    "basis_points": Unit(raw="bps", label="bps", kind="basis_points"),
}
_PER_SHARE = re.compile(r"\bper\s+(?:common\s+|ordinary\s+)?share\b", re.IGNORECASE)
_EXCEPT = re.compile(r"\bexcept\b", re.IGNORECASE)
_EXCEPT_SHARES = re.compile(r"\bexcept(?:\s+for)?\s+shares?\b", re.IGNORECASE)
_SHARES = re.compile(r"\bshares\b", re.IGNORECASE)
_NOT_PER_SHARE = re.compile(r"\bshares\b|\bused\b|\bcalculat", re.IGNORECASE)
# A label marking its figures as percentages: a `%` that follows no figure (`ROCE (%)`, `% of revenue`; not
# `3.5% notes`) or a percent word (`Percentage of sales`).
_PERCENT_LABEL = re.compile(r"(?<![\d.\s])\s*%|^\s*%|\bpercent(?:age)?s?\b", re.IGNORECASE)


def unit_of(columns: tuple[Column, ...], row: TableRow, index: int) -> Unit | None:
    """The unit column and row give a cell: a percent column stays percent, else the row's unit, else the column's."""
    column_unit = columns[index].unit if index < len(columns) else None
    if column_unit is not None and column_unit.kind == "percent":
        return column_unit
    return row.unit or column_unit


@dataclass(frozen=True)
class Caps:
    """What a table's cap rows say: words spanning every value column, a title, a stated unit."""

    spans: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    unit: Unit | None = None


def read_caps(texts: list[str]) -> Caps:
    """Cap rows: a stated unit; a long cap or one naming a year is a title (kept as a note); others span."""
    spans, titles, unit = [], [], None
    for text in texts:
        stated = main_unit(parse_unit_line(text)) if UNIT_LINE.match(text) else stated_scale(text, whole=True)
        if stated is not None:
            unit = unit or stated
        elif _YEAR_IN.search(text) or len(text.split()) > _CAP_TITLE_WORDS:
            titles.append(text)
        else:
            spans.append(text)
    return Caps(tuple(spans), tuple(titles), unit)


HEADER_UNITS_PATH = Path(__file__).resolve().parents[1] / "data" / "header_units.tsv"
_BRACKETED = re.compile(r"[(（]\s*(?:in\s+)?([^()（）]+?)\s*[)）]", re.IGNORECASE)


@cache
def _header_groups() -> dict[str, tuple[str, ...]]:
    """`rag/data/header_units.tsv`: unit label (or `scoped`) -> its words."""
    return grouped_words(HEADER_UNITS_PATH, "header units")


_WORD_GROUPS = ("scoped", "counting")  # groups of header_units.tsv that are words, no unit


@cache
def _header_unit_words() -> dict[str, str]:
    """word -> the unit it names in a header's brackets; see `rag/data/header_units.tsv`."""
    groups = _header_groups().items()
    return {word: unit for unit, words in groups if unit not in _WORD_GROUPS for word in words}


_SAID_OF = re.compile(r"[(（]\s*(?:(?:the\s+)?number\s+of\s+)?([a-z]+)\s+in\s+(?:thousands|millions|billions)\b")


def scale_scope(wide: Unit | None) -> str | None:
    """The counted thing a scale note is said of alone (`shares` of `(number of shares in millions)`), or None for a
    note about the table's amounts (`(dollars in millions)`); the words: group `scoped` of
    `rag/data/header_units.tsv`."""
    if wide is None or wide.scale in (None, 1.0):
        return None
    match = _SAID_OF.search(wide.raw.lower())
    return match.group(1) if match and match.group(1) in _header_groups().get("scoped", ()) else None


def bracketed_count_unit(part: str) -> Unit | None:
    """The unit of time a header names in brackets for its own figures (`Estimated life (in years)`), or None: its
    figures are counts of that unit, which the table's scale note (`dollars in millions`) does not scale."""
    for note in _BRACKETED.findall(part):
        unit = _header_unit_words().get(note.strip().lower())
        if unit is not None:
            return Unit(raw=f"({note})", label=unit, kind="count", scale=1.0)
    return None


def _header_unit(part: str) -> Unit | None:
    """The unit a header cell states: a scale (`$'000`, `(in thousands)`, `NZ$ MILLION`), a currency alone (`€`),
    or a unit of time in brackets (`bracketed_count_unit`)."""
    counted = bracketed_count_unit(part)
    if counted is not None:
        return counted
    stated = stated_scale(part, whole=True)
    if stated is not None:
        return stated
    if part.upper() in {mark for mark, _ in CELL_CURRENCIES} | {code for _, code in CELL_CURRENCIES}:
        return normalize_unit(part)
    return None


def _with_currency(unit: Unit | None, currency: str, mark: str) -> Unit:
    """`unit`'s scale (if any) in `currency`, printed as `mark` when the unit itself names none."""
    scale = unit.scale if unit is not None else None
    raw = unit.raw if unit is not None else mark
    return Unit(raw, currency_label(currency, scale), "currency", currency, scale, currency)


def wide_unit(
    caps: Caps,
    label_parts: tuple[str, ...],
    notes: tuple[str, ...],
    value_parts: list[tuple[str, ...]],
    prose: str,
    doc_unit: Unit | None,
) -> Unit | None:
    """The unit a filing states for the whole table, nearest statement first: a cap row, the label column's header,
    a note line, a value header cell in words, the sentence before the table, the document's one stated scale."""
    if caps.unit is not None:
        return caps.unit
    for text in (*label_parts, *notes):
        stated = stated_scale(text, whole=True)
        if stated is not None:
            return stated
    # A value header cell states the whole table's scale in words (`(dollars in millions)`); a mark there (`$M`,
    # `$'000`) is its own column's.
    in_words = (stated_scale(part) for parts in value_parts for part in parts)
    return next((unit for unit in in_words if unit is not None), None) or stated_scale(prose) or doc_unit


def column_unit(parts: tuple[str, ...], cells: list[str], wide: Unit | None, assigned: Unit | None) -> Unit | None:
    """A filing column's unit: its own header's, else the table's; percent where most figures print `%` or the
    header says so; the currency its cells print where the unit names none; the seed assignment without evidence."""
    own = next((unit for unit in map(_header_unit, parts) if unit is not None), None)
    if own is not None and own.kind == "count":
        return own
    scope = scale_scope(wide)
    if scope is not None and not any(re.search(rf"\b{scope}\b", part.lower()) for part in parts):
        wide = None  # `(number of shares in millions)` does not scale a price column beside the share counts
    unit = own if own is None or own.scale is not None or wide is None else _with_currency(wide, own.currency, own.raw)
    unit = unit or wide
    readings = [reading for reading in map(read_cell_number, cells) if reading is not None]
    if not readings:
        return own or assigned
    currencies = Counter((r.currency, r.mark) for r in readings if r.currency)
    percent = sum(r.kind == "percent" for r in readings)
    header = " ".join(parts).lower()
    if (assigned is not None and assigned.kind == "percent") or (readings and 2 * percent > len(readings)):
        return assigned if assigned is not None and assigned.kind == "percent" else _PERCENT
    if not currencies and ("%" in header or "percent" in header):
        return _PERCENT
    if currencies and (unit is None or not unit.currency):
        (currency, mark), _ = currencies.most_common(1)[0]
        return _with_currency(unit, currency, mark)
    return unit or assigned


def _cell_mark_unit(text: str, unit: Unit | None) -> Unit | None:
    """The unit a cell's own marks state where it differs from `unit` (its column's or row's), else None."""
    reading = read_cell_number(text)
    if reading is None:
        return None
    if reading.kind == "percent":
        return None if unit is not None and unit.kind == "percent" else _PERCENT
    if reading.kind != "number":
        return _MARK_UNITS[reading.kind]
    if reading.currency and (unit is None or unit.currency != reading.currency):
        base = unit if unit is not None and unit.kind != "percent" else None
        return _with_currency(base, reading.currency, reading.mark)
    return None


def _excepted_unit(wide: Unit | None, row: TableRow, currency: str) -> Unit | None:
    """The unit of a row the table's scale note excepts, or None: per-share amounts of `(in thousands, except per
    share data)` and share counts of `(in thousands, except share and per share data)` are not scaled."""
    if wide is None or not _EXCEPT.search(wide.raw):
        return None
    if _PER_SHARE.search(wide.raw) and _is_per_share(row):
        kind = "currency" if currency else "unknown"
        return Unit("per share", f"{currency} per share".strip(), kind, currency, 1.0, currency)
    if _EXCEPT_SHARES.search(wide.raw) and _SHARES.search(row.label):
        return Unit("shares", "shares", "count", scale=1.0)
    return None


def row_unit(wide: Unit | None, row: TableRow, currency: str) -> Unit | None:
    """The unit a row states for its own figures, or None: what the table's scale note excepts
    (`_excepted_unit`); a percentage its label marks; a scale its label states (`Bookings (in millions)`); an amount
    per share in a table whose scale note names no exception (per-share amounts are never printed in thousands)."""
    excepted = _excepted_unit(wide, row, currency)
    if excepted is not None:
        return excepted
    if _PERCENT_LABEL.search(row.label):
        return _PERCENT
    stated = stated_scale(row.label)
    if stated is not None:
        return _with_currency(stated, currency, "") if currency and not stated.currency else stated
    if wide is not None and (wide.scale or 1.0) != 1.0 and _is_per_share(row):
        kind = "currency" if currency else "unknown"
        return Unit("per share", f"{currency} per share".strip(), kind, currency, 1.0, currency)
    return None


def counted_row_unit(money: Unit | None, row: TableRow) -> Unit | None:
    """Counts at the scale of the table's money unit where the row's label says its figures count things, else None."""
    if money is None or not _counts_things(row):
        return None
    scaled = money.scale not in (None, 1.0)
    return Unit(money.raw, currency_label("", money.scale).strip() if scaled else "count", "count", scale=money.scale)


def _counts_things(row: TableRow) -> bool:
    """The row's label says its figures count things (`Number of options granted`; group `counting` of
    `rag/data/header_units.tsv`): a currency scale note above the table makes them no amounts of money."""
    label = row.label.lower()
    return any(re.search(rf"\b{re.escape(word)}\b", label) for word in _header_groups().get("counting", ()))


def _is_per_share(row: TableRow) -> bool:
    """The row states an amount per share (`Diluted earnings per share`, `Basic` under `Net loss per share:`), not a
    share count or total used for one (`Weighted average shares used to compute net loss per share`)."""
    parts = (row.label, row.section.rsplit(" / ", 1)[-1])
    return any(_PER_SHARE.search(part) and not _NOT_PER_SHARE.search(part) for part in parts)


def marked_rows(rows: list[TableRow], columns: tuple[Column, ...], wide: Unit | None) -> list[TableRow]:
    """Rows with the units their labels state or a scale note excepts (`row_unit`) and cell units from the cells'
    own marks (see `Cell.unit`)."""
    currency = next((c.unit.currency for c in columns if c.unit is not None and c.unit.currency), "")
    money = next((c.unit for c in columns if c.unit is not None and c.unit.kind == "currency"), None)
    marked = []
    for row in rows:
        own = (row_unit(wide, row, currency) or counted_row_unit(money, row)) if row.unit is None else None
        if own is not None:
            row = replace(row, unit=own)
        cells = tuple(
            replace(cell, unit=_cell_mark_unit(cell.text, unit_of(columns, row, i))) if cell.value is not None else cell
            for i, cell in enumerate(row.cells)
        )
        marked.append(replace(row, cells=cells))
    return marked


def table_unit(wide: Unit, columns: tuple[Column, ...]) -> Unit:
    """A filing table's headline unit: the unit most of its non-percent columns have, else the stated one."""
    units = Counter(c.unit for c in columns if c.unit is not None and c.unit.kind != "percent")
    return units.most_common(1)[0][0] if units else wide


def document_unit(lines: tuple[str, ...], inside: set[int]) -> Unit | None:
    """The scale a filing's notes state for the whole document (`NOTES TO ... (in thousands, except per share data)`):
    parenthesised notes on lines outside the tables (`inside`: 1-based table lines); None unless they all state the
    same scale."""
    stated = [
        unit
        for number, line in enumerate(lines, 1)
        if number not in inside and "(" in line
        for unit in [stated_scale(line)]
        if unit is not None and unit.raw.startswith("(")
    ]
    return stated[0] if stated and len({unit.scale for unit in stated}) == 1 else None
