"""The parts of a whole a table prints: `What are the components of X?` answered with the labels of the rows that
make up X.

A whole is either a section of the table (the rows printed under a `Non-current` heading row) or a total row, found
by arithmetic, not by its wording: the rows just above it whose figures add up to its own in every column it fills
(`Raw materials`, `Finished goods` above `Total inventories`). The whole the question names best answers; its parts
are listed as printed, each row cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.read.cells import CellPick, is_total
from rag.read.compose import AnswerDraft, cell_citation
from rag.read.evidence import Evidence
from rag.read.matching import name_match
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.types import Answer, Table, TableRow

MIN_PARTS = 2
NAMED_WHOLE = 0.5  # how fully the question must name the whole (its label, `total` left out)
# A footnote number glued to a label's last word (`Accruals1`, `Other payables2`): not part of the name.
_GLUED_NOTE = re.compile(r"(?<=[a-z])\d{1,2}$")
_TOTAL_WORD = re.compile(r"^\s*(?:sub-?)?total\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Whole:
    """A whole a table prints and the rows that make it up."""

    table: Table
    name: str
    parts: tuple[TableRow, ...]
    rank: int


def clean_label(label: str) -> str:
    """A row label as a name: without a footnote number glued to it."""
    return _GLUED_NOTE.sub("", label.strip()).strip()


def adds_up(total: TableRow, parts: Sequence[TableRow]) -> bool:
    """Every figure of `total` is the sum of the parts' figures in its column (to the printed rounding), and at
    least one column has figures."""
    checked = 0
    for index, cell in enumerate(total.cells):
        if cell.value is None:
            continue
        values = [row.cells[index].value for row in parts if index < len(row.cells)]
        values = [value for value in values if value is not None]
        if not values:
            continue
        if abs(sum(values) - cell.value) > max(0.011, 0.0005 * abs(cell.value)) * len(values):
            return False
        checked += 1
    return checked > 0


def summed_parts(rows: Sequence[TableRow], at: int) -> tuple[TableRow, ...]:
    """The rows just above `rows[at]` (two or more, labelled, with figures) that add up to it; () when none do."""
    above: list[TableRow] = []
    for row in reversed(rows[:at]):
        if not any(cell.value is not None for cell in row.cells):
            break
        above.insert(0, row)
        if len(above) >= MIN_PARTS and adds_up(rows[at], above):
            return tuple(row for row in above if row.label.strip())
    return ()


def table_wholes(table: Table, rank: int) -> list[Whole]:
    """The sections and the summed totals of a table, each with its parts."""
    wholes = []
    sections: dict[str, list[TableRow]] = {}
    for row in table.rows:
        if row.section and row.label.strip():
            sections.setdefault(row.section.split(" / ")[-1], []).append(row)
    for name, rows in sections.items():
        parts = tuple(row for row in rows if not is_total(row) and not _TOTAL_WORD.match(row.label))
        if len(parts) >= MIN_PARTS:
            wholes.append(Whole(table, name, parts, rank))
    for at, row in enumerate(table.rows):
        parts = summed_parts(table.rows, at)
        if row.label.strip() and len(parts) >= MIN_PARTS:
            wholes.append(Whole(table, _TOTAL_WORD.sub("", row.label), parts, rank))
    return wholes


def whole_score(whole: Whole, question: Question) -> float:
    """How fully the question names the whole; a longer name named as fully wins (`Non-current` over `Current`)."""
    return name_match(whole.name, question) + 0.01 * len(whole.name)


def derive_components(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What are the components of X?`: the labels of the rows that make up the whole X, as printed, each cited."""
    wholes = [whole for table, rank, _ in evidence.tables() for whole in table_wholes(table, rank)]
    named = [whole for whole in wholes if name_match(whole.name, question) >= NAMED_WHOLE]
    if not named:
        return NO_OPERANDS
    best = max(named, key=lambda whole: (whole_score(whole, question), -whole.rank))
    items = []
    for row in best.parts:
        index = next((i for i, cell in enumerate(row.cells) if cell.value is not None), 0)
        n = draft.cite(cell_citation(CellPick(best.table, row, index, 0.0), evidence))
        items.append(f"{clean_label(row.label)} [{n}]")
    draft.say("listed", items=draft.templates["list_joiner"].join(items))
    draft.spans = tuple(clean_label(row.label) for row in best.parts)
    draft.confidence = 0.6
    return draft.answer()
