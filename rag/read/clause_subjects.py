"""The clause that names what a prose figure is about: its own clause, or, when that goes on about the subject of
the clause before (`X grew 55%, accounting for more than 40%`), that clause with it. Which item of a sentence listing
several (`A grew 70%, accounting for 28%, and B grew 55%, accounting for 40%`) a figure belongs to is read there.
The words that open such a clause are data (`rag/data/continuations.tsv`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rag.read.clause_binding import SUBJECT_BREAK, continued_clause
from rag.text.numbers import Quantity
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "continuations.tsv"


@lru_cache(maxsize=1)
def continuation_words() -> tuple[str, ...]:
    return grouped_words(WORDS_PATH, "continuation words").get("continuation", ())


def subject_clause(sentence: str, quantity: Quantity) -> str:
    """The figure's clause, joined to the clauses before it while each opens with a continuation word."""
    return continued_clause(sentence, quantity.start, quantity.end, SUBJECT_BREAK, _continues)


def _continues(clause: str) -> bool:
    low = clause.strip().lower()
    return any(low.startswith(word) for word in continuation_words())
