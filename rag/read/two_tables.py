"""A share whose part and whole stand in two tables: `A's X as a share of the national X` (`云南省采矿业流量占全国
采矿业流量的比重`), where one table gives A's rows and another the whole country's rows with the same labels.

The part is the row the question names in a table whose title names the question's scope (a province, a city);
the whole is the row with the same label and column in a table of the same document and period whose title names
no region at all (the national table). A `whole` word (`rag/data/operations.tsv`: `全国`, `national total`) asks
for it. Every constraint must hold, or no answer comes from here: a whole of another region or year is a near one.
"""

from __future__ import annotations

from dataclasses import replace

from rag.read.cells import CellPick, cell_kind, cell_years, column_text, is_total
from rag.read.compose import AnswerDraft, state_formula, subject_of
from rag.read.derived import COMPUTED_DECIMALS
from rag.read.entity_operands import entity_cells, own_row, period
from rag.read.evidence import Evidence
from rag.read.matching import SPECIFIC_MEASURES, mentions
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


# The share of a whole row another table prints (`A's share of the world's X`): the part is the entity's own row of
# one table (a ranking of economies), the whole the total row the question names (`世界`, `world`) in another table
# of the same document, of the question's year and in the same unit. The whole must be the only such row: two
# candidate wholes (inflows and outflows) are no answer.


def _specific_measures(pick: CellPick, glossary: Glossary) -> tuple[set[str], set[str]]:
    """The specific measures (`flow`, `stock`) the pick's table title and its column name."""
    specific = set(SPECIFIC_MEASURES)
    title = set(question_measures(_title(pick.table))) & specific
    return title, set(question_measures(column_text(pick.table, pick.index, glossary))) & specific


def measure_clash(part: CellPick, whole: CellPick, glossary: Glossary) -> bool:
    """The two cells name two different specific measures, by their titles or their columns (a stock over a flow);
    a table of year columns may name none, which is no clash."""
    named = zip(_specific_measures(part, glossary), _specific_measures(whole, glossary), strict=True)
    return any(a and b and not a & b for a, b in named)


def named_whole_rows(question: Question, part: CellPick, evidence: Evidence) -> list[CellPick]:
    """The total rows the question names (`world` for `世界`) in the other tables of the part's document, in a column
    of the question's year and the part's unit, each an amount."""
    glossary = evidence.glossary
    found = []
    for table in evidence.index.tables:
        if table is part.table or table.doc_name != part.table.doc_name:
            continue
        for row in table.rows:
            if not is_total(row) or not mentions(row.label, question.text, glossary):
                continue
            for index, cell in enumerate(row.cells):
                whole = CellPick(table, row, index, 1.0)
                if cell.value is None or period(whole) != set(question.years) or whole.unit != part.unit:
                    continue
                if cell_kind(table, row, index) == "amount" and not measure_clash(part, whole, glossary):
                    found.append(whole)
    return found


def one_name(a: str, b: str, glossary: Glossary) -> bool:
    """Two names of one entity (`US` and `United States`): each names the other, as `China` and `Hong Kong, China`
    do not."""
    return mentions(a, b, glossary) and mentions(b, a, glossary)


def world_share_operands(question: Question, evidence: Evidence) -> tuple[CellPick, CellPick] | None:
    """(part, whole): the entity's own amount cell of the asked year and the one whole row the question names in
    another table; None unless the question names one entity (its names aside) and each side is found once."""
    glossary = evidence.glossary
    entities = question.entities
    if len(question.years) != 1 or not entities or "share" not in question.measures:
        return None
    if not all(one_name(entities[0], other, glossary) for other in entities[1:]):
        return None
    amounts = replace(question, asked="amount", measures=tuple(m for m in question.measures if m != "share"))
    for part in entity_cells(amounts, evidence, entities[0], "", "amount"):
        if not own_row(part, entities[0], glossary) or is_total(part.row) or period(part) != set(question.years):
            continue
        if cell_kind(part.table, part.row, part.index) != "amount" or part.unit is None:
            continue
        if any(is_total(row) and mentions(row.label, question.text, glossary) for row in part.table.rows):
            return None  # the whole stands in the part's own table: a share that table gives or implies
        wholes = named_whole_rows(question, part, evidence)
        return (part, wholes[0]) if len(wholes) == 1 else None
    return None


def derive_world_share(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """part / whole × 100 with the whole a total row of another table (see above), both cells cited."""
    found = world_share_operands(question, evidence)
    if found is None:
        return NO_OPERANDS
    part, whole = found
    formula = share(part.value, whole.value, COMPUTED_DECIMALS)
    state_formula(draft, formula, [part, whole], evidence, subject_of(part, evidence.glossary, question.lang))
    draft.confidence = 0.5
    return draft.answer()
