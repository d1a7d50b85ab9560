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

from rag.read.aggregates import (
    RowTest,
    column_rows,
    counted_figure,
    joint_condition,
    row_condition,
    row_name,
    state_group_share,
    stated_growth,
    table_level,
    tested_row,
    threshold_of,
)
from rag.read.cells import CellPick, cell_candidates, cell_kind, row_years
from rag.read.clauses import clause_parts, condition_clauses
from rag.read.compose import AnswerDraft, operands_subject, state_formula
from rag.read.evidence import Evidence
from rag.read.operations import asks_operation, change_direction, item_names, operation_words
from rag.read.question import Question, asks_mean, items_asked, question_measures
from rag.read.refusals import NO_OPERANDS, NO_ROW, Refusal
from rag.read.spans import asks_cause
from rag.read.subsets import asks_extreme_row, counts_rows, row_test_named, whole_pick
from rag.text.glossary import Glossary
from rag.text.numbers import mean, total
from rag.text.sentences import split_sentences
from rag.text.tokens import token_set
from rag.types import Answer, Table

_WHICH_ROWS = re.compile(r"^\s*which\b|哪些|哪几")  # `what caused the increase` asks a reason, not rows


def asks_rows_meeting(question: Question) -> bool:
    """A `which` question (`Which sectors ...`, `哪些...`) that states a test for each row and no superlative."""
    low = question.text.lower()
    if not _WHICH_ROWS.search(low) or asks_extreme_row(question) or asks_cause(question):
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
    picks = column_rows(anchor)
    verdicts = [test.verdict(pick) for pick in picks]
    if len(picks) < 2 or any(verdict is None for verdict in verdicts):
        return NO_OPERANDS
    met = [pick for pick, verdict in zip(picks, verdicts, strict=True) if verdict]
    if not met:
        return NO_OPERANDS  # no row passes: the reader's other paths may say what the report states
    draft.spans = say_tested_rows(draft, question, evidence, test, picks, met)
    draft.confidence = 0.5
    return draft.answer()


@lru_cache(maxsize=2)
def _relative() -> re.Pattern[str]:
    words = sorted((w.strip() for w in operation_words().get("condition_relative", ())), key=len, reverse=True)
    return re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in words) or r"(?!)")


def split_condition(text: str) -> tuple[str, str] | None:
    """(the part naming the figure, the condition) of `the total X of the rows whose Y rose`; else of a premise
    sentence that sets a threshold before the sentence asking (`Four provinces each sent over 5 billion. What did
    they send together?`); None without either."""
    match = _relative().search(text.lower())
    if match:
        return text[: match.start()], text[match.end() :]
    sentences = split_sentences(text)
    premises = [s for s in sentences[:-1] if threshold_named(s)]
    if len(sentences) < 2 or len(premises) != 1 or threshold_named(sentences[-1]):
        return None
    return " ".join(s for s in sentences if s not in premises), premises[0]


def figure_text(head: str, condition: str) -> str:
    """The words naming the figure added up: those before the relative word, and the clauses after the condition
    that state neither a change nor a threshold (`..., how much did they take in together?`)."""
    rest = [part for part in clause_parts(condition)[1:] if not change_direction(part) and not threshold_named(part)]
    return " ".join([head, *rest])


def threshold_named(text: str) -> bool:
    return asks_operation(text.lower(), "above") or asks_operation(text.lower(), "below")


def condition_test(
    question: Question, condition: str, anchor: CellPick, templates: dict[str, str], glossary: Glossary
) -> RowTest | None:
    """The test the condition after a relative word sets each row of the anchor's column: a threshold (on the row's
    growth rate when the condition names a change: `whose sales rose over 15 %`), else the changes of its
    clauses, each in its own column group (`whose number of deals rose`). None when it is not found in full."""
    probe = replace(question, text=condition, measures=question_measures(condition))
    if threshold_named(condition) and threshold_of(probe) is not None:
        grows = bool(change_direction(condition)) or "growth" in probe.measures
        if not grows:
            return row_condition(probe, anchor, templates, glossary)
        rate = stated_growth(anchor, glossary)
        test = row_condition(probe, rate, templates, glossary) if rate is not None else None
        if test is None:
            return None

        def on_rate(pick: CellPick) -> bool | None:
            found = stated_growth(pick, glossary)
            return None if found is None else test.verdict(found)

        return RowTest(on_rate, test.stated, lambda pick: tuple(filter(None, [stated_growth(pick, glossary)])))
    clauses = condition_clauses(condition, minimum=1)
    return joint_condition(question, clauses, anchor, templates, glossary) if clauses else None


def tested_set(
    question: Question, condition: str, candidates: list[CellPick], draft: AnswerDraft, evidence: Evidence
) -> tuple[list[CellPick], RowTest, list[CellPick]] | None:
    """(the item rows of the first table and column fitting the figure asked, but for the row, whose every row the
    condition can test; the test; the rows that pass it), None when no such table: a table of year rows is no set
    of items, and a condition not tested on every row is not tested."""
    seen: set[tuple[int, int]] = set()
    for anchor in candidates:
        key = (id(anchor.table), anchor.index)
        if key in seen or any(problem != NO_ROW for problem in anchor.problems) or row_years(anchor.row):
            continue
        seen.add(key)
        test = condition_test(question, condition, anchor, draft.templates, evidence.glossary)
        picks = column_rows(anchor)
        verdicts = [test.verdict(pick) for pick in picks] if test is not None else [None]
        if len(picks) >= 2 and all(verdict is not None for verdict in verdicts):
            return picks, test, [pick for pick, verdict in zip(picks, verdicts, strict=True) if verdict]
    return None


def rows_count(table: Table, items: frozenset[str]) -> bool:
    """Whether a table's rows may be the items a value per item is spread over: its title or label header names
    one of them (`top ten gadget firms`, `企业名称`); a table of destinations counts no firms. True when no item is
    asked."""
    if not items:
        return True
    names = " ".join((table.title, table.toc_title, table.label_header))
    chinese = {zh for zh, english in item_names().items() if items & set(english)}
    return bool(token_set(names) & items) or any(zh in names for zh in chinese)


def derive_conditional_aggregate(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The sum (mean) of the asked figure over the rows meeting the condition after a relative word (module doc);
    NO_OPERANDS when the question asks no sum or mean, or its figure or condition is not found in one table."""
    low = question.text.lower()
    averaged = asks_mean(low, question.lang) or question.operation in ("average", "per_count")
    summed = question.operation == "sum" or asks_operation(low, "subset_total")
    operation = "mean" if averaged else "sum" if summed else ""
    if counts_rows(low):
        return NO_OPERANDS  # `how many items had a total that exceeded N`: a count of rows, not a sum
    parts = split_condition(question.text) if operation else None
    if parts is None:
        return NO_OPERANDS
    named = figure_text(*parts)
    figure = counted_figure(replace(question, text=named))
    found = tested_set(question, parts[1], cell_candidates(figure, evidence, figure.asked), draft, evidence)
    if found is None:
        return NO_OPERANDS
    picks, test, met = found
    if len(met) < (2 if operation == "mean" else 1):
        return NO_OPERANDS
    if operation == "mean" and not rows_count(met[0].table, items_asked(low)):
        return NO_OPERANDS  # `each of the firms above N`: the mean of other rows (destinations) is no value per firm
    if operation == "sum" and "share" in question_measures(named):  # the condition's `rose` asks no share
        return share_of_met(draft, question, evidence, (picks, test, met))
    formula = mean([p.value for p in met]) if operation == "mean" else total([p.value for p in met])
    state_formula(draft, formula, met, evidence, operands_subject(met, evidence.glossary, question.lang))
    say_tested_rows(draft, question, evidence, test, picks, met)
    draft.confidence = 0.5
    return draft.answer()


def share_of_met(
    draft: AnswerDraft, question: Question, evidence: Evidence, found: tuple[list[CellPick], RowTest, list[CellPick]]
) -> Answer | Refusal:
    """`What share did the sectors above N take together?`: the met rows' amounts summed over the whole of their
    column (the table's total row, else another table's of the same unit), every operand cited; NO_OPERANDS when the
    column holds shares already or no whole is found (a sum is no share)."""
    picks, test, met = found
    if cell_kind(met[0].table, met[0].row, met[0].index) == "percent":
        return NO_OPERANDS
    whole = whole_pick(met, question, evidence)
    if whole is None:
        return NO_OPERANDS
    state_group_share(draft, met, whole, evidence, question.lang)
    say_tested_rows(draft, question, evidence, test, picks, met)
    draft.confidence = 0.5
    return draft.answer()


def say_tested_rows(
    draft: AnswerDraft, question: Question, evidence: Evidence, test, picks: list[CellPick], met: list[CellPick]
) -> tuple[str, ...]:
    """State the rows that meet the test and those that do not, each with its tested cells; the met rows' names."""

    def name(pick) -> str:
        return row_name(pick.row.label, evidence.glossary, question.lang, bare=True)

    shown = [tested_row(draft, pick, test, evidence, name) for pick in met]
    rest = [tested_row(draft, pick, test, evidence, name) for pick in picks if pick not in met]
    draft.say("counted_rows", count=len(met), total=len(picks), condition=test.stated, items="; ".join(shown))
    if picks:
        draft.record_count(picks[0].table, [pick.row for pick in met])
        draft.record_count(picks[0].table, [pick.row for pick in picks])
    if rest:
        draft.say("counted_rest", items="; ".join(rest))
    return tuple(name(pick) for pick in met)


__all__ = ["asks_rows_meeting", "derive_conditional_aggregate", "derive_rows_meeting", "split_condition"]
