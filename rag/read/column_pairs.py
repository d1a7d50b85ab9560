"""Two figures of one table row that the question names by their columns: `how much more A than B in 2031` where a
table prints, in the row of 2031 (or of the entity asked), a column group for A and one for B (`A / 金额`, `B /
金额`). The answer is the difference of the two cells (the first named less the second, or the larger less the
smaller for a gap), both cited: a difference from the closed set of operations, its operands chosen by column.

A column group is named when its first header part is named in the question (in either language, as
`rag.read.matching.mentions` reads names); exactly two groups of one table must be named, and within each the
column of the kind asked is taken (the amount, not the share, for an amount). The row is a clean cell's row: the
question's year and entity are its constraints, as for any cell."""

from __future__ import annotations

from rag.read.cells import CellPick, cell_candidates, cell_kind
from rag.read.evidence import Evidence
from rag.read.matching import mentions, names_of
from rag.read.question import Question
from rag.types import Table


def column_group(table: Table, index: int) -> str:
    """The first header part of a column (`新增股权` of `新增股权 / 金额`); `` for a column of one part."""
    parts = table.columns[index].parts
    return parts[0].strip() if len(parts) >= 2 else ""


def named_at(group: str, question: Question, evidence: Evidence) -> int | None:
    """Where the question names the column group, by any of its names (its position orders the operands); None if
    it does not name it."""
    if not group or not mentions(group, question.text, evidence.glossary):
        return None
    low = question.text.lower()
    found = [at for name in names_of(group, evidence.glossary) if (at := low.find(name.lower())) >= 0]
    return min(found, default=len(low))


def column_pair(question: Question, evidence: Evidence, asked: str) -> tuple[CellPick, CellPick] | None:
    """The two cells of one row in the two column groups the question names, in the question's order."""
    kind = "percent" if asked == "points" else asked  # a difference of shares, in points, is of share columns
    picks = [p for p in cell_candidates(question, evidence, asked) if not p.problems and p.value is not None]
    for anchor in picks:
        table = anchor.table
        groups = {g for i in range(len(table.columns)) if (g := column_group(table, i))}
        named = {g: at for g in groups if (at := named_at(g, question, evidence)) is not None}
        # a group named only as part of another named group (`股权` in `新增股权`) is no second column
        named = {g: at for g, at in named.items() if not any(g != other and g in other for other in named)}
        if len(named) != 2:
            continue
        cells = {}
        for pick in picks:
            group = column_group(table, pick.index) if pick.table is table else ""
            if pick.row is anchor.row and group in named and cell_kind(table, pick.row, pick.index) == kind:
                cells.setdefault(group, pick)
        if len(cells) == 2:
            first, second = sorted(cells, key=named.get)
            return cells[first], cells[second]
    return None
