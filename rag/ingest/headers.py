"""Header rows of a table: which leading rows are headers, and the header parts of each column.

Two layouts, both seen in real reports:

* The machine-translated seed report: one header row, or two with blank upper cells. A blank upper cell continues the
  spanning header on its left, so `金额 <blank>` over `2021 2022` gives `金额 2021`, `金额 2022`. A lone growth/share
  column right after such a group (`增长率` after `金额 2021, 金额 2022`) is read as that group's rate and becomes
  `金额 增长率`; without this the two `增长率` columns of `金额 … 增长率 数量 … 增长率` could not be told apart.
* Company filings: up to eight header rows (`Years Ended` over `July 27, 2019  July 28, 2018`, or `2019  2018` over
  `$'000  $'000`), often under *cap rows*, rows with only their first cell filled (`($ in millions)`,
  `Year Ended May 31,`). A header row holds no figure: its cells are words, years (`2018(1)`, `F19`), dates or unit
  marks. An upper row whose single cell names a period (`Years Ended December 31,`) spans every value column.
"""

from __future__ import annotations

import re

from rag.text.numbers import read_cell_number
from rag.text.units import PERCENT_WORDS

MAX_HEADER_ROWS = 8
MAX_CAP_ROWS = 3
_DASHES = ("-", "–", "—", "−")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A date as filings print it: `December 31, 2019`, `31 December 2019`, `July 27,2019`, `2019年12月`.
DATE = re.compile(rf"\b{_MONTHS}\s+\d|\d\s+{_MONTHS}(?![a-z])|\d{{4}}年\d{{1,2}}月", re.IGNORECASE)
# A spanning header that names the period of every column under it: `Years Ended December 31,`, `As of June 30,`.
_PERIOD = re.compile(r"\b(?:years?|months|weeks|quarters?|fiscal|ended|ending|as of|as at|at)\b", re.IGNORECASE)
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEAR_WITH_MARK = re.compile(r"^(?:19|20)\d\d\s*(?:\(\w{1,3}\)|\*{1,3})?$")


def is_empty(text: str) -> bool:
    return not text or text in _DASHES


def is_value(text: str) -> bool:
    return read_cell_number(text) is not None


def is_header(cells: list[str]) -> bool:
    """A header names its columns: some non-first cell is text, or at least two are years (`2021 2022`).

    This is what keeps table-of-contents lines (`Section 12 ...<TAB>53`) from being read as tables. A year may
    carry a footnote mark (`2018(1)`).
    """
    rest = [cell for cell in cells[1:] if cell and cell not in "-–—"]
    if any(not is_value(cell) for cell in rest):
        return True
    return sum(bool(_YEAR_WITH_MARK.match(cell)) for cell in rest) >= 2


def is_period(text: str) -> bool:
    return bool(_PERIOD.search(text) or DATE.search(text))


def is_cap(cells: list[str]) -> bool:
    """A cap row: only the first cell is filled (`($ in millions)`, `Year Ended May 31,`)."""
    return bool(cells and cells[0]) and not any(cells[1:])


def cap_count(rows: list[list[str]]) -> int:
    """How many cap rows open the block: at most MAX_CAP_ROWS, and only when a header row and a body row follow."""
    n = 0
    while n < min(MAX_CAP_ROWS, len(rows) - 2) and is_cap(rows[n]):
        n += 1
    return n if n and is_header(rows[n]) else 0


def _is_header_cell(text: str) -> bool:
    """A cell a header row may hold: words, a date, a unit mark (`$'000`), a year (also `2018(1)`)."""
    return read_cell_number(text) is None or bool(_YEAR_WITH_MARK.match(text))


def is_header_row(cells: list[str]) -> bool:
    """A further header row of a filing: some value cell is filled and none holds a figure other than a year."""
    rest = [cell for cell in cells[1:] if not is_empty(cell)]
    return bool(rest) and all(_is_header_cell(cell) for cell in rest)


def header_row_count(rows: list[list[str]]) -> int:
    """Header rows at the top of `rows` (cap rows already removed); at least one body row is left.

    A further row with a label and nothing but words (`Contractual Obligations | Total | Less than 1 Year`) is a
    header only as the second row, under a spanning one; deeper down it is more likely a record of a table of words.
    """
    n = seed_header_count(rows)
    while n < min(MAX_HEADER_ROWS, len(rows) - 1) and is_header_row(rows[n]):
        if n > 1 and rows[n][0] and not any(_names_period(cell) for cell in rows[n][1:]):
            break
        n += 1
    return n


def _names_period(text: str) -> bool:
    """A year, a date or a unit mark: what a header cell holds and a record of words does not."""
    return bool(_YEAR_WITH_MARK.match(text) or DATE.search(text) or _YEAR_IN.search(text) or "$" in text)


def seed_header_count(rows: list[list[str]]) -> int:
    """1, or 2 when the first row has blank spanning cells and the next row has no label (`<TAB>2021<TAB>2022`)."""
    if len(rows) < 3:
        return 1
    first, second = rows[0], rows[1]
    spans = any(not cell for cell in first[1:])
    return 2 if spans and not second[0] and any(second[1:]) else 1


def is_relative(header: str) -> bool:
    return any(word in header.lower() for word in PERCENT_WORDS)


def _fill(
    upper: list[str], lower: list[str], relaxed: bool, stops: frozenset[int] = frozenset()
) -> list[tuple[str, ...]]:
    """What an upper header row gives each column, given the row below it (module doc).

    A blank upper cell takes the spanning cell on its left when the cell below it is filled. In two-row headers (the
    seed layout) a span opens only where the row below is filled under it; in deeper headers (`31 December 2019
    <blank>` over `<blank> % of`) any filled upper cell opens one. A span ends where a row above opens another
    (`stops`): `% of total` under `2019` does not reach the `Amount` column under `2018`.
    """
    filled = [i for i, cell in enumerate(upper) if i > 0 and cell]
    if len(filled) == 1 and len(upper) > 2 and is_period(upper[filled[0]]):
        return [(upper[0],) if upper[0] else ()] + [(upper[filled[0]],)] * (len(upper) - 1)
    parts: list[tuple[str, ...]] = []
    group, group_width = "", 0
    for i, (top, bottom) in enumerate(zip(upper, lower, strict=True)):
        if top:
            lone_rate = not bottom and group_width >= 2 and is_relative(top) and not is_relative(group)
            parts.append((group, top) if lone_rate else (top,))
            group, group_width = (top, 1) if (bottom or relaxed) and i > 0 else ("", 0)
        elif bottom and group and i not in stops:
            parts.append((group,))
            group_width += 1
        else:
            parts.append(())
            group, group_width = "", 0
    return parts


def span_starts(rows: list[list[str]]) -> frozenset[int]:
    """The value columns where a cell of one of `rows` opens a span (a filled cell), a lone period cell that spans
    every column (`Years Ended December 31,`) left out."""
    starts: set[int] = set()
    for row in rows:
        filled = [i for i, cell in enumerate(row) if i > 0 and cell]
        if not (len(filled) == 1 and len(row) > 2 and is_period(row[filled[0]])):
            starts.update(filled)
    return frozenset(starts)


def combine_headers(header_rows: list[list[str]]) -> list[tuple[str, ...]]:
    """Header parts per column position, top row first (module doc for spans and group growth columns)."""
    if len(header_rows) == 1:
        return [(cell,) if cell else () for cell in header_rows[0]]
    relaxed = len(header_rows) > 2
    fills = [
        _fill(upper, lower, relaxed, span_starts(header_rows[:k]))
        for k, (upper, lower) in enumerate(zip(header_rows, header_rows[1:], strict=False))
    ]
    last = header_rows[-1]
    return [
        tuple(part for fill in fills for part in fill[i]) + ((last[i],) if last[i] else ()) for i in range(len(last))
    ]


def split_halves(header_rows: list[list[str]]) -> bool:
    """True when every header row is two identical halves: two records per line."""
    width = len(header_rows[0])
    if width < 4 or width % 2:
        return False
    half = width // 2
    return all(row[:half] == row[half:] and any(row[:half]) for row in header_rows)
