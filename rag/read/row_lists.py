"""Operations over the rows of a table that meet a condition.

* listed: `which sectors saw the number of deals rise while the value fell`, `哪些行业的金额下降`. The selection is the
  count's (`rag.read.aggregates`: the best matching table and column, the condition a threshold, a change, two years
  compared, or joined clauses); the rows that pass are listed, each with the cells its verdict read, all cited, and
  the rows that fail after them (every row is an operand). Only a `which` question with a condition and no
  superlative (a superlative asks for one row: `rag.read.subsets`, `rag.read.ranks`).
* summed or averaged: `the total value of the sectors whose number of deals rose`. The question is split at a
  relative word (`condition_relative` of `rag/data/operations.tsv`: `whose`, `that`, `where`); the part before names
  the figure added up, the part after the condition, each clause of it a change of its own column group of the same
  table (`rag.read.aggregates.joint_condition`). A condition not resolved in full leaves the question to the
  reader's other paths; no row is added on a guess."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from rag.read.aggregates import column_rows as item_rows
from rag.read.aggregates import counted_figure, joint_condition, row_condition, row_name, table_level, tested_row
from rag.read.cells import cell_candidates
from rag.read.clauses import condition_clauses
from rag.read.compose import AnswerDraft, operands_subject, state_formula
from rag.read.evidence import Evidence
from rag.read.operations import asks_operation, operation_words
from rag.read.question import Question, asks_mean
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.subsets import asks_extreme_row, row_test_named
from rag.text.numbers import mean, total
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


@lru_cache(maxsize=2)
def _relative() -> re.Pattern[str]:
    words = sorted((w.strip() for w in operation_words().get("condition_relative", ())), key=len, reverse=True)
    return re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in words) or r"(?!)")


def split_condition(text: str) -> tuple[str, str] | None:
    """(the part naming the figure, the condition) of `the total X of the rows whose Y rose`; None without a
    relative word."""
    match = _relative().search(text.lower())
    return (text[: match.start()], text[match.end() :]) if match else None


def derive_conditional_aggregate(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The sum (mean) of the asked figure over the rows meeting the condition after a relative word (module doc);
    NO_OPERANDS when the question asks no sum or mean, or its figure or condition is not found in one table."""
    low = question.text.lower()
    averaged = asks_mean(low, question.lang) or question.operation in ("average", "per_count")
    summed = question.operation == "sum" or asks_operation(low, "subset_total")
    operation = "mean" if averaged else "sum" if summed else ""
    parts = split_condition(question.text) if operation else None
    clauses = condition_clauses(parts[1], minimum=1) if parts else ()
    if not clauses:
        return NO_OPERANDS
    figure = counted_figure(replace(question, text=parts[0]))
    anchor = table_level(cell_candidates(figure, evidence, figure.asked))
    if anchor is None:
        return NO_OPERANDS
    test = joint_condition(question, clauses, anchor, draft.templates, evidence.glossary)
    picks = item_rows(anchor)
    verdicts = [test.verdict(pick) for pick in picks] if test is not None else [None]
    if len(picks) < 2 or any(verdict is None for verdict in verdicts):
        return NO_OPERANDS
    met = [pick for pick, verdict in zip(picks, verdicts, strict=True) if verdict]
    if len(met) < (2 if operation == "mean" else 1):
        return NO_OPERANDS
    formula = mean([p.value for p in met]) if operation == "mean" else total([p.value for p in met])
    state_formula(draft, formula, met, evidence, operands_subject(met, evidence.glossary, question.lang))

    def name(pick) -> str:
        return row_name(pick.row.label, evidence.glossary, question.lang)

    shown = [tested_row(draft, pick, test, evidence, name) for pick in met]
    rest = [tested_row(draft, pick, test, evidence, name) for pick in picks if pick not in met]
    draft.say("counted_rows", count=len(met), total=len(picks), condition=test.stated, items="; ".join(shown))
    if rest:
        draft.say("counted_rest", items="; ".join(rest))
    draft.confidence = 0.5
    return draft.answer()


__all__ = ["asks_rows_meeting", "derive_conditional_aggregate", "derive_rows_meeting", "split_condition"]
