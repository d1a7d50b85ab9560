"""What every file reader (PDF, Word, Excel, HTML) writes into: a `Document` of lines, each with its heading path
and page, and tables in the one text form `rag.ingest.tables` parses.

A table goes in as a grid of cells, merged cells marked as spans of their origin cell. It comes out as the form of
the text reports: an optional `Table N: title` line, an optional `Unit: ...` line, then one tab-separated line per
row, header rows first. In header rows a cell covered by a column span is left blank (the parser reads a blank
upper cell as the spanning header continuing from the left: `Amount <blank>` over `2021 2022`); in body rows a
cell covered by a row span repeats its origin (a category merged down the label column), and a column span stays
blank (a section row spanning the table has all value cells empty, which is how the parser knows it). So one
table parser serves every format, and a change to it reaches them all.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rag.ingest.documents import find_title
from rag.ingest.table_units import UNIT_LINE
from rag.text.numbers import parse_number
from rag.types import Document

MAX_HEADER_ROWS = 2
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"^(?:19|20)\d\d(?:\s*[年Ee]|[A-Za-z]{0,2})?$")
_TITLE = re.compile(r"^\s*(?:table|表)\s*\S", re.IGNORECASE)
# The same lead-in `rag.ingest.tables` recognises as a unit line: the title must go above it.


@dataclass(frozen=True)
class GridCell:
    """One cell of a table grid. `span` is "" for a cell of its own, "col" for a cell covered by the span of a
    cell to its left, "row" for one covered by a cell above; `text` is the origin's text either way."""

    text: str
    span: str = ""


def clean(text: object) -> str:
    """One line of text: runs of whitespace (tabs and newlines included) become one space."""
    return _SPACES.sub(" ", str(text or "")).strip()


def is_header_row(cells: list[str]) -> bool:
    """A header row names columns: a filled value cell that is not a number, or value cells that are all years."""
    values = [cell for cell in cells[1:] if cell and cell not in "-–—"]
    if not values:
        return False
    return any(parse_number(cell) is None for cell in values) or all(_YEAR.match(cell) for cell in values)


def header_row_count(rows: list[list[GridCell]]) -> int:
    """Leading header rows (1 or 2): a second row counts when it looks like a header and a body follows."""
    texts = [[cell.text for cell in row] for row in rows]
    count = 1
    while count < MAX_HEADER_ROWS and count < len(rows) - 1 and is_header_row(texts[count]):
        count += 1
    return count


def _drop_empty(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    width = max((len(row) for row in rows), default=0)
    rows = [row + [GridCell("")] * (width - len(row)) for row in rows if any(cell.text for cell in row)]
    keep = [i for i in range(width) if any(row[i].text and row[i].span != "col" for row in rows)]
    return [[row[i] for i in keep] for row in rows]


def table_text_rows(rows: list[list[GridCell]]) -> tuple[list[list[str]], list[int]]:
    """(text rows in the canonical layout, index of each into `rows`); see the module docstring."""
    indices = [i for i, row in enumerate(rows) if any(cell.text for cell in row)]
    grid = _drop_empty(rows)
    if not grid:
        return [], []
    n_header = header_row_count(grid)
    out: list[list[str]] = []
    for r, row in enumerate(grid):
        if r < n_header:
            out.append(["" if cell.span else cell.text for cell in row])
        else:
            out.append(["" if cell.span == "col" else cell.text for cell in row])
    if n_header == 2 and out[1][0] and not out[0][0]:
        out[0][0], out[1][0] = out[1][0], ""  # the label column's name belongs to the upper row
    return out, indices


@dataclass
class DocumentBuilder:
    """Collects lines with their heading path and page; `build` makes the `Document`."""

    name: str
    raw: bytes
    format: str
    page: int = 0
    page_count: int = 0
    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    headings: list[tuple[str, ...]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tables: int = 0
    _stack: list[tuple[int, str]] = field(default_factory=list)

    def _path(self) -> tuple[str, ...]:
        return tuple(text for _, text in self._stack)

    def _add(self, line: str, page: int | None = None) -> None:
        self.lines.append(line)
        self.pages.append(self.page if page is None else page)
        self.headings.append(self._path())

    def blank(self, page: int | None = None) -> None:
        if self.lines and self.lines[-1]:
            self._add("", page)

    def heading(self, text: str, level: int) -> None:
        """A heading of `level` (1 = top): it closes headings at its level and below, and is a line itself."""
        text = clean(text)
        if not text:
            return
        self._stack = [(lvl, t) for lvl, t in self._stack if lvl < level] + [(level, text)]
        self.blank()
        self._add(text)

    def paragraph(self, text: str) -> None:
        """A paragraph (or list item, or line of a PDF) as one line; line breaks inside become spaces."""
        text = clean(text)
        if text:
            self._add(text)

    def table(
        self,
        rows: list[list[GridCell]],
        title: str = "",
        unit: str = "",
        row_pages: list[int] | None = None,
    ) -> bool:
        """Write a table in the canonical text form. A grid of one row or one column (a framed box of text, as
        PDFs and Word use for call-outs) is not a table: its cells are written as paragraphs and False returned."""
        text_rows, indices = table_text_rows(rows)
        if len(text_rows) < 2 or len(text_rows[0]) < 2:
            for row, index in zip(text_rows, indices, strict=True):
                self._add(clean(" ".join(cell for cell in row if cell)), row_pages[index] if row_pages else None)
            return False
        self.tables += 1
        first_page = row_pages[indices[0]] if row_pages else None
        self.blank()
        if title:
            self._insert_title(title if _TITLE.match(title) else f"Table {self.tables}: {clean(title)}", first_page)
        if unit:
            self._add(unit if UNIT_LINE.match(unit) else f"Unit: {clean(unit)}", first_page)
        for row, index in zip(text_rows, indices, strict=True):
            self._add("\t".join(row), row_pages[index] if row_pages else None)
        self.blank(row_pages[indices[-1]] if row_pages else None)
        return True

    def _insert_title(self, title: str, page: int | None) -> None:
        """The title line, above any unit or note lines written just before the table (the parser walks up from
        the header over unit and note lines to the title)."""
        at = len(self.lines)
        while at > 0 and (not self.lines[at - 1] or UNIT_LINE.match(self.lines[at - 1])):
            at -= 1
        if at == len(self.lines) or not any(UNIT_LINE.match(line) for line in self.lines[at:]):
            self._add(clean(title), page)
            return
        self.lines.insert(at, clean(title))
        self.pages.insert(at, self.pages[at] if page is None else page)
        self.headings.insert(at, self.headings[at])

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def build(self, title: str = "") -> Document:
        while self.lines and not self.lines[-1]:
            for column in (self.lines, self.pages, self.headings):
                column.pop()
        paged = self.format == "pdf"
        return Document(
            name=self.name,
            title=clean(title) or find_title(self.lines),
            lines=tuple(self.lines),
            headings=tuple(self.headings),
            sha256=hashlib.sha256(self.raw).hexdigest(),
            pages=tuple(self.pages) if paged else (),
            format=self.format,
            page_count=self.page_count if paged else 0,
            warnings=tuple(self.warnings),
        )
