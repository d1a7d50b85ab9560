"""The whole of a breakdown table that prints no total row, taken from a sibling table's total row.

A report may print one measure broken down twice (projects by group of economies, then by industry) and the total
in only one of the two tables. The other table's total is the breakdown's whole only where the two print the same
column (measure, year and unit) and the breakdown's rows add up to that total at the precision it is printed with;
a total of another measure, year or unit, or one the rows do not add up to, is never taken.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from rag.read.cells import CellPick, is_total
from rag.read.evidence import Evidence
from rag.read.printed_rates import agrees_printed


@dataclass(frozen=True)
class SiblingWhole:
    """A sibling table's total row (`whole`) and the rows of the part's table that add up to it (`rows`)."""

    whole: CellPick
    rows: tuple[CellPick, ...]


def breakdown_rows(part: CellPick) -> tuple[CellPick, ...] | None:
    """Every row of the part's table in its column, when the table is one flat breakdown: no total row, no nested
    sections, two rows or more, a figure in each."""
    rows = part.table.rows
    if len(rows) < 2 or any(is_total(row) or row.section for row in rows):
        return None
    if any(part.index >= len(row.cells) or row.cells[part.index].value is None for row in rows):
        return None
    return tuple(replace(part, row=row, problems=()) for row in rows)


def sibling_whole(part: CellPick, evidence: Evidence) -> SiblingWhole | None:
    """The total row of another table of the evidence whose column at the part's index has the part's header and
    unit, and whose printed figure the part table's rows add up to."""
    rows = breakdown_rows(part)
    if rows is None:
        return None
    column = part.table.columns[part.index]
    summed = math.fsum(row.value for row in rows)
    for table, _, heading in evidence.tables():
        if table is part.table or part.index >= len(table.columns):
            continue
        other = table.columns[part.index]
        if other.header != column.header or other.unit != column.unit:
            continue
        for row in table.rows:
            cell = row.cells[part.index] if part.index < len(row.cells) else None
            if is_total(row) and cell is not None and cell.value and agrees_printed(summed, cell.value, cell.text):
                whole = replace(part, table=table, row=row, problems=(), heading=heading, chunk=None, related=False)
                return SiblingWhole(whole, rows)
    return None
