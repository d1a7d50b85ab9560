"""The rows of a table that meet a condition, listed: `which sectors saw the number of deals rise while the value
fell`, `哪些行业的金额下降`. The selection is the count's (`rag.read.aggregates`: the best matching table and column,
the condition a threshold, a change, two years compared, or joined clauses); the operation lists the rows that pass,
each with the cells its verdict read, all cited, and the rows that fail after them (every row is an operand).

Only a `which` question with a condition and no superlative is listed here (a superlative asks for one row:
`rag.read.subsets`, `rag.read.ranks`)."""

from __future__ import annotations

import re

from rag.read.aggregates import column_rows as item_rows
from rag.read.aggregates import counted_figure, row_condition, row_name, table_level, tested_row
from rag.read.cells import cell_candidates
from rag.read.clauses import condition_clauses
from rag.read.compose import AnswerDraft
from rag.read.evidence import Evidence
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.subsets import asks_extreme_row, row_test_named
from rag.types import Answer

_WHICH_ROWS = re.compile(r"^\s*(?:which|what)\b|哪些|哪几")


def asks_rows_meeting(question: Question) -> bool:
    """A `which` question (`Which sectors ...`, `哪些...`) that states a test for each row and no superlative."""
    low = question.text.lower()
    if not _WHICH_ROWS.search(low) or asks_extreme_row(question):
        return False
    return bool(condition_clauses(question.text)) or row_test_named(question)


def derive_rows_meeting(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The rows meeting the question's condition, listed (module doc); NO_OPERANDS when it asks no such list, no
    table fits, or a row cannot be tested (a list of part of the rows is no answer)."""
    if not asks_rows_meeting(question):
        return NO_OPERANDS
    figure = counted_figure(question)
    anchor = table_level(cell_candidates(figure, evidence, figure.asked))
    if anchor is None:
        return NO_OPERANDS
    test = row_condition(question, anchor, draft.templates, evidence.glossary)
    if test is None:
        return NO_OPERANDS
    picks = item_rows(anchor)
    verdicts = [test.verdict(pick) for pick in picks]
    if len(picks) < 2 or any(verdict is None for verdict in verdicts):
        return NO_OPERANDS
    met = [pick for pick, verdict in zip(picks, verdicts, strict=True) if verdict]
    if not met:
        return NO_OPERANDS  # no row passes: the reader's other paths may say what the report states

    def name(pick) -> str:
        return row_name(pick.row.label, evidence.glossary, question.lang)

    shown = [tested_row(draft, pick, test, evidence, name) for pick in met]
    rest = [tested_row(draft, pick, test, evidence, name) for pick in picks if pick not in met]
    draft.say("counted_rows", count=len(met), total=len(picks), condition=test.stated, items="; ".join(shown))
    if rest:
        draft.say("counted_rest", items="; ".join(rest))
    draft.spans = tuple(name(pick) for pick in met)
    draft.confidence = 0.5
    return draft.answer()


__all__ = ["asks_rows_meeting", "derive_rows_meeting"]
