"""The parts of a whole a table prints: `What are the components of X?` answered with the labels of the rows that
make up X.

A whole is either a section of the table (the rows printed under a `Non-current` heading row) or a total row, found
by arithmetic, not by its wording: the rows just above it whose figures add up to its own in every column it fills
(`Raw materials`, `Finished goods` above `Total inventories`). The whole the question names best answers; its parts
are listed as printed, each row cited.

A table often leaves its grand total unlabelled (a row of figures only, which ingest labels `Total`) or calls it
`Total`: that whole, never a part of a larger one, is named by the question's `total` or else by the table's topic,
the heading, title and sentence that introduce the table (`Personnel expenses can be broken down as follows:`).
`How many components ...` counts the parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.ingest.scales import printed_decimals
from rag.read.cells import CellPick, is_total
from rag.read.compose import AnswerDraft, cell_citation
from rag.read.evidence import Evidence
from rag.read.matching import name_match, term_in
from rag.read.operations import operation_words
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.spans import table_intro
from rag.text.tokens import token_set, tokenize
from rag.types import Answer, Table, TableRow

MIN_PARTS = 2
NAMED_WHOLE = 0.5  # how fully the question must name the whole (its label, `total` left out)
NAMED_TOPIC = 0.6  # share of the question's subject words the topic of a table with an unnamed total must hold
# A footnote number glued to a label's last word (`Accruals1`, `Other payables2`) or a bracketed footnote mark after
# it (`Receivables, current (1)`, `Other (a)`): not part of the name.
_GLUED_NOTE = re.compile(r"(?<=[a-z])\d{1,2}$|\s*\((?:\d{1,2}|[a-z])\)$")
_TOTAL_WORD = re.compile(r"^\s*(?:sub-?)?total\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Whole:
    """A whole a table prints and the rows that make it up."""

    table: Table
    name: str
    parts: tuple[TableRow, ...]
    rank: int
    summed: bool = False  # the parts add up to a total row (a section's rows may run past its total)


def clean_label(label: str) -> str:
    """A row label as a name: without a footnote mark after it."""
    return _GLUED_NOTE.sub("", label.strip()).strip()


def adds_up(total: TableRow, parts: Sequence[TableRow]) -> bool:
    """Every figure of `total` is the sum of the parts' figures in its column (to the printed rounding: half a unit
    of the last printed digit per figure), and at least one column has figures."""
    checked = 0
    for index, cell in enumerate(total.cells):
        if cell.value is None:
            continue
        figures = [row.cells[index] for row in parts if index < len(row.cells)]
        figures = [figure for figure in figures if figure.value is not None]
        if not figures:
            continue
        # each printed figure is off its exact value by at most half a unit of its last printed digit
        step = 10.0 ** -max(printed_decimals(figure.text) for figure in (cell, *figures))
        if abs(sum(figure.value for figure in figures) - cell.value) > 0.5 * step * len(figures) + 1e-9:
            return False
        checked += 1
    return checked > 0


def summed_parts(rows: Sequence[TableRow], at: int) -> tuple[TableRow, ...]:
    """The rows just above `rows[at]` (two or more, labelled, with figures) that add up to it; () when none do. A
    bare `Total` among them (a subtotal) adds up with them but is no part to list."""
    above: list[TableRow] = []
    for row in reversed(rows[:at]):
        if not any(cell.value is not None for cell in row.cells):
            break
        above.insert(0, row)
        if len(above) >= MIN_PARTS and adds_up(rows[at], above):
            return tuple(row for row in above if row.label.strip() and not is_total(row))
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
            wholes.append(Whole(table, _TOTAL_WORD.sub("", row.label), parts, rank, summed=True))
    return wholes


def whole_score(whole: Whole, question: Question) -> tuple[float, bool]:
    """How fully the question names the whole, a longer name named as fully winning (`Non-current` over `Current`);
    of equals, the total whose parts add up to it over a section of the same name."""
    name = whole.name.rstrip(" :")
    return round(name_match(name, question) + 0.01 * len(name), 6), whole.summed


def grand_total_parts(table: Table) -> tuple[TableRow, ...]:
    """The parts of the table's widest unnamed or `Total` row: the most rows just above one that add up to it."""
    found = [
        summed_parts(table.rows, at) for at, row in enumerate(table.rows) if not row.label.strip() or is_total(row)
    ]
    return max(found, key=len, default=())


def subject_words(question: Question) -> frozenset[str]:
    """The question's terms less the words asking for parts (`types of`, `components`)."""
    asking = {token for phrase in operation_words().get("components", ()) for token in tokenize(phrase)}
    return frozenset(term for term in question.terms if term not in asking)


def topic_wholes(question: Question, evidence: Evidence) -> list[tuple[float, Whole]]:
    """The grand totals of the retrieved tables as wholes named by each table's topic (heading, title, introducing
    sentences), with the share of the question's subject words the topic holds, when that is `NAMED_TOPIC` or more."""
    subject = subject_words(question)
    found = []
    for table, rank, heading in evidence.tables():
        parts = grand_total_parts(table)
        if len(parts) < MIN_PARTS or not subject:
            continue
        intro = table_intro(table, evidence)
        topic = " ".join([*heading, table.title, *(intro[1] if intro else ())])
        words = token_set(topic)
        share = sum(term_in(term, words) for term in subject) / len(subject)
        if share >= NAMED_TOPIC:
            found.append((share, Whole(table, table.title, parts, rank)))
    return found


def derive_components(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What are the components of X?`: the labels of the rows that make up the whole X, as printed, each cited; a
    whole the question names by its label first, else a grand total named by its table's topic."""
    wholes = [whole for table, rank, _ in evidence.tables() for whole in table_wholes(table, rank)]
    named = [whole for whole in wholes if name_match(whole.name, question) >= NAMED_WHOLE]
    if named:
        best = max(named, key=lambda whole: (*whole_score(whole, question), -whole.rank))
    else:
        topics = topic_wholes(question, evidence)
        if not topics:
            return NO_OPERANDS
        best = max(topics, key=lambda found: (found[0], -found[1].rank))[1]
    items = []
    for row in best.parts:
        index = next((i for i, cell in enumerate(row.cells) if cell.value is not None), 0)
        n = draft.cite(cell_citation(CellPick(best.table, row, index, 0.0), evidence))
        items.append(f"{clean_label(row.label)} [{n}]")
    listed = draft.templates["list_joiner"].join(items)
    if question.asked == "count":
        draft.say("counted_parts", count=len(items), items=listed)
        draft.value = draft.source_value = float(len(items))
        draft.unit = draft.source_unit = "count"
    else:
        draft.say("listed", items=listed)
        draft.spans = tuple(clean_label(row.label) for row in best.parts)
    draft.confidence = 0.6
    return draft.answer()
