"""The clause that names what a prose figure is about: its own clause, or, when that goes on about the subject of
the clause before (`X grew 55%, accounting for more than 40%`), that clause with it. Which item of a sentence listing
several (`A grew 70%, accounting for 28%, and B grew 55%, accounting for 40%`) a figure belongs to is read there.
The words that open such a clause are data (`rag/data/continuations.tsv`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.text.numbers import Quantity
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "continuations.tsv"
_BREAK = re.compile(r"[,;，；:：]|\band\b|\bwhile\b|而")


@lru_cache(maxsize=1)
def continuation_words() -> tuple[str, ...]:
    return grouped_words(WORDS_PATH, "continuation words").get("continuation", ())


def subject_clause(sentence: str, quantity: Quantity) -> str:
    """The figure's clause, joined to the clauses before it while each opens with a continuation word."""
    cuts = [0, *(m.end() for m in _BREAK.finditer(sentence, 0, quantity.start))]
    after = _BREAK.search(sentence, quantity.end)
    end = after.start() if after else len(sentence)
    n = len(cuts) - 1
    while n > 0 and _continues(sentence[cuts[n] : end if n == len(cuts) - 1 else cuts[n + 1]]):
        n -= 1
    return sentence[cuts[n] : end]


def _continues(clause: str) -> bool:
    low = clause.strip().lower()
    return any(low.startswith(word) for word in continuation_words())
