"""How much of a document's tables the parser read: tables found, tab blocks it missed, numbers it could not read.

A report whose table was skipped, or whose `$1,452.4` cells came back as text, answers nothing from them and says
nothing about it. This report makes the gap visible per document (`rag index` prints it; the index manifest keeps
it, so `rag documents` can show it without re-reading the files). The goal is every table and at least 99 % of
numeric-looking cells with a value.

* A *tab block* is a run of two or more consecutive table lines (`rag.ingest.tables.table_blocks`: lines with a
  tab, or Markdown pipe rows): every table is printed as one. A block that no parsed table covers is a missed
  table; blocks in a table of contents (`Section 2 ...<TAB>53`) are not tables and are not counted.
* A *numeric-looking cell* is a value cell (not the row label) whose text holds a digit, is no date (`December 31,
  2019`, `1 July 2017`) and has at most two words (`Vice President since 2016` is text). `—` and `n/a` are empty,
  not numbers; `2.15 years` or `1.74%-1.94%` count as numeric-looking and without a value: no single figure is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from rag.ingest.documents import CONTENTS
from rag.ingest.headers import DATE
from rag.ingest.tables import table_blocks
from rag.types import Document, Table

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]{2,}")
MAX_WORDS = 2
GOAL = 0.99


@dataclass(frozen=True)
class TableCoverage:
    """One document's table coverage. `missed_lines`: first lines (1-based) of the tab blocks read as no table."""

    doc_name: str
    tables: int
    blocks: int
    numeric_cells: int
    cells_without_value: int
    missed_blocks: int = 0
    missed_lines: tuple[int, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def cell_share(self) -> float:
        """Share of numeric-looking cells that have a value (1.0 when there are none)."""
        return 1.0 - self.cells_without_value / self.numeric_cells if self.numeric_cells else 1.0

    @property
    def complete(self) -> bool:
        return not self.missed_blocks and self.cell_share >= GOAL

    def line(self) -> str:
        """One line for a person: `name: 3 tables, 0 missed; 120/120 numeric cells read (100.0 %)`."""
        read = self.numeric_cells - self.cells_without_value
        text = (
            f"{self.doc_name}: {self.tables} tables, {self.missed_blocks} tab blocks not read as a table; "
            f"{read}/{self.numeric_cells} numeric cells read ({100 * self.cell_share:.1f} %)"
        )
        if self.missed_lines:
            text += " — missed at line " + ", ".join(str(n) for n in self.missed_lines[:5])
        if self.examples:
            text += " — e.g. " + ", ".join(repr(e) for e in self.examples[:3])
        return text

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> TableCoverage:
        lines, examples = tuple(data.get("missed_lines", ())), tuple(data.get("examples", ()))
        return cls(**{**data, "missed_lines": lines, "examples": examples})


def numeric_looking(text: str) -> bool:
    """A cell that should read as a figure (module doc): a digit, no date, at most MAX_WORDS words."""
    return bool(_DIGIT.search(text)) and not DATE.search(text) and len(_WORD.findall(text)) <= MAX_WORDS


def table_coverage(doc: Document, tables: Iterable[Table]) -> TableCoverage:
    """Coverage of `doc` by its parsed `tables` (module doc for what counts)."""
    tables = [table for table in tables if table.doc_name == doc.name]
    covered = [(table.start_line, table.end_line) for table in tables]
    spans = ((block[0][0], block[-1][0]) for block in table_blocks(doc))
    blocks = [(first, last) for first, last in spans if doc.heading_at(first) != (CONTENTS,)]
    missed = tuple(first for first, last in blocks if not any(a <= last and first <= b for a, b in covered))
    numeric, unread = 0, []
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                if numeric_looking(cell.text):
                    numeric += 1
                    if cell.value is None:
                        unread.append(cell.text)
    examples = tuple(dict.fromkeys(unread))[:5]
    return TableCoverage(doc.name, len(tables), len(blocks), numeric, len(unread), len(missed), missed, examples)


def total(coverages: Iterable[TableCoverage]) -> TableCoverage:
    """All documents together (examples and missed lines left out)."""
    coverages = list(coverages)
    return TableCoverage(
        f"{len(coverages)} document{'s' if len(coverages) != 1 else ''}",
        sum(c.tables for c in coverages),
        sum(c.blocks for c in coverages),
        sum(c.numeric_cells for c in coverages),
        sum(c.cells_without_value for c in coverages),
        sum(c.missed_blocks for c in coverages),
    )


__all__ = ["GOAL", "TableCoverage", "numeric_looking", "table_coverage", "total"]
