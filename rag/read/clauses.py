"""Conditions joined in one question: each row of a set must pass every one (`the number rose while the value
fell`, `出口增长而进口下降`).

A question is split into clauses at the join words (`condition_join` of `rag/data/operations.tsv`: `while`, `and`,
`but`, `而`, `同时`, ...). A clause that names one direction of change (`rag/data/change_words.tsv`) is a condition;
the measure it names (`number`, `value`, `stock`: `rag/data/measures.tsv`) or, failing one, its other words pick
the column group it tests (`rag.read.aggregates.joint_condition`). Two or more conditions make a joint test; a
question with one direction of change is left to the single-condition tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.read.operations import change_direction, change_words, operation_words
from rag.read.question import question_measures
from rag.text.numbers import years_in
from rag.text.tokens import token_set

# measures that say how a figure changed, not which figure: every clause of a joint test names a change
_CHANGE_MEASURES = frozenset({"growth"})


@dataclass(frozen=True)
class Clause:
    """One condition of a joint test: its text, the direction of change it asks (`rise` / `fall`), the measures it
    names (the change itself left out), the year it names (0 when none) and its words (change words left out)."""

    text: str
    direction: str
    measures: tuple[str, ...]
    year: int = 0
    words: frozenset[str] = frozenset()


@lru_cache(maxsize=2)
def _join_pattern() -> re.Pattern[str]:
    words = sorted(operation_words().get("condition_join", ()), key=len, reverse=True)
    parts = [rf"\b{re.escape(w.strip())}\b" if w.strip().isascii() else re.escape(w.strip()) for w in words]
    return re.compile("|".join(parts) or r"(?!)")


@lru_cache(maxsize=2)
def _change_tokens() -> frozenset[str]:
    return frozenset(token for words in change_words().values() for word in words for token in token_set(word))


def clause_parts(text: str) -> list[str]:
    """The lower-cased text split at the join words (`condition_join`)."""
    return _join_pattern().split(text.lower())


def _uncounted(part: str) -> str:
    """The clause without the words that count the rows (`how many`, `有几个`): they name no measure of a row."""
    words = operation_words()
    for word in sorted((*words.get("count_rows", ()), *words.get("count_members", ())), key=len, reverse=True):
        part = part.replace(word, " ")
    return part


def condition_clauses(text: str, minimum: int = 2) -> tuple[Clause, ...]:
    """The conditions a question joins: its clauses (split at `condition_join` words) that each name exactly one
    direction of change; () unless there are `minimum` or more (a condition after a relative word may be one)."""
    found = []
    for part in clause_parts(text):
        direction = change_direction(part)
        if not direction:
            continue
        measures = tuple(m for m in question_measures(_uncounted(part)) if m not in _CHANGE_MEASURES)
        years = sorted(years_in(part))
        words = token_set(part) - _change_tokens()
        found.append(Clause(part.strip(), direction, measures, years[-1] if years else 0, words))
    return tuple(found) if len(found) >= minimum else ()


def column_fits(clause: Clause, column_text: str) -> bool:
    """The column (its header and gloss, years left out) is the one the clause tests: it names a measure the clause
    names; when the clause names none, it shares a word with the clause."""
    named = set(question_measures(column_text)) - _CHANGE_MEASURES
    if clause.measures:
        return bool(named & set(clause.measures))
    stripped = re.sub(r"(?:19|20)\d\d", " ", column_text)
    return bool(token_set(stripped) & clause.words)


__all__ = ["Clause", "clause_parts", "column_fits", "condition_clauses"]
