"""A share whose part and whole stand in two tables: `A's X as a share of the national X` (`云南省采矿业流量占全国
采矿业流量的比重`), where one table gives A's rows and another the whole country's rows with the same labels.

The part is the row the question names in a table whose title names the question's scope (a province, a city);
the whole is the row with the same label and column in a table of the same document and period whose title names
no region at all (the national table). A `whole` word (`rag/data/operations.tsv`: `全国`, `national total`) asks
for it. Every constraint must hold, or no answer comes from here: a whole of another region or year is a near one.
"""

from __future__ import annotations

from rag.read.cells import CellPick, cell_kind, cell_years, column_text
from rag.read.compose import AnswerDraft, state_formula, subject_of
from rag.read.derived import COMPUTED_DECIMALS
from rag.read.evidence import Evidence
from rag.read.matching import mentions
from rag.read.operations import asks_operation
from rag.read.question import Question, question_measures
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.subsets import labelled
from rag.text.glossary import Glossary
from rag.text.numbers import share, years_in
from rag.types import Answer, Table


def asks_share_of_whole(question: Question) -> bool:
    """A share question naming the whole by a `whole` word and two or more entities (the scope and the row)."""
    low = question.text.lower()
    return "share" in question.measures and asks_operation(low, "whole") and len(question.entities) >= 2


def _title(table: Table) -> str:
    return f"{table.title} {table.toc_title}"


def _names_region(table: Table, glossary: Glossary) -> bool:
    """The table's title names a region (a province, a continent): its rows are no national figures."""
    title = _title(table)
    return any(label in title or (glossary.gloss(label) or "\0") in title for label in labelled(glossary, "region"))


def _of_year(table: Table, index: int, year: int) -> bool:
    own = cell_years(table, table.rows[0], index) if table.rows else set()
    return year in own if own else year in years_in(_title(table))


def _measure_columns(table: Table, question: Question, glossary: Glossary) -> list[int]:
    """The amount columns whose header names a measure the question names (not the share itself)."""
    asked = {m for m in question.measures if m not in ("share", "amount")}
    return [
        i
        for i in range(len(table.columns))
        if asked & set(question_measures(column_text(table, i, glossary)))
        and "share" not in question_measures(column_text(table, i, glossary))
    ]


def cross_table_operands(question: Question, evidence: Evidence) -> tuple[CellPick, CellPick] | None:
    """(part, whole): the scoped table's row and the national table's row of the same label, column and period."""
    glossary = evidence.glossary
    if len(question.years) != 1:
        return None
    year = question.years[0]
    tables = evidence.index.tables
    scopes = [e for e in question.entities if any(mentions(e, _title(t), glossary) for t in tables)]
    for part_table in tables:
        scope = [e for e in scopes if mentions(e, _title(part_table), glossary)]
        if not scope:
            continue
        rows = [e for e in question.entities if e not in scope]
        for index in _measure_columns(part_table, question, glossary):
            if not _of_year(part_table, index, year):
                continue
            for row in part_table.rows:
                if not any(mentions(e, row.label, glossary) for e in rows) or index >= len(row.cells):
                    continue
                if row.cells[index].value is None or cell_kind(part_table, row, index) != "amount":
                    continue
                whole = national_row(part_table, row.label, part_table.columns[index].header, year, evidence)
                if whole is not None:
                    return CellPick(part_table, row, index, 1.0), whole
    return None


def national_row(part_table: Table, label: str, header: str, year: int, evidence: Evidence) -> CellPick | None:
    """The row `label` in column `header` of the one other table of the document that names no region and is of
    `year`; None when there is none or more than one."""
    found = []
    for table in evidence.index.tables:
        if table is part_table or table.doc_name != part_table.doc_name or _names_region(table, evidence.glossary):
            continue
        for index, column in enumerate(table.columns):
            if column.header != header or not _of_year(table, index, year):
                continue
            for row in table.rows:
                if row.label == label and index < len(row.cells) and row.cells[index].value:
                    found.append(CellPick(table, row, index, 1.0))
    return found[0] if len(found) == 1 else None


def derive_cross_share(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """part / whole × 100 from two tables (see the module), both cells cited; units must agree."""
    found = cross_table_operands(question, evidence)
    if found is None:
        return NO_OPERANDS
    part, whole = found
    if part.unit != whole.unit:
        return NO_OPERANDS
    formula = share(part.value, whole.value, COMPUTED_DECIMALS)
    state_formula(draft, formula, [part, whole], evidence, subject_of(part, evidence.glossary, question.lang))
    draft.confidence = 0.5
    return draft.answer()
