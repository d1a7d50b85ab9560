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
    return continued_clause(sentence, quantity.start, quantity.end, SUBJECT_BREAK, opens_continuation)


def opens_continuation(clause: str) -> bool:
    """The clause opens with a continuation word: a whole English word (`with`, not `within`), any Chinese one."""
    low = clause.strip().lower()
    return any(low.startswith(word) and not _word_goes_on(low, word) for word in continuation_words())


def _word_goes_on(text: str, word: str) -> bool:
    """An English word at the start of `text` that is only the start of a longer one (`with` of `within`)."""
    return word.isascii() and text[len(word) : len(word) + 1].isalpha()
