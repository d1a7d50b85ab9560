"""The head noun of the noun phrase an English question names with a possessive (`Freedonia's offshore wind
farms`: farms): the noun a figure answering it must be bound to in its own clause, not another noun of the same
sentence (`Freedonia's investment in the region reached $30 billion, and its 12 wind farms drew $4 billion`: the
$4 billion for a wind-farm question). The words that end such a phrase are data (`rag/data/head_nouns.tsv`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.read.question import Question, question_measures
from rag.text.glossary import has_cjk
from rag.text.tokens import token_set
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "head_nouns.tsv"

_POSSESSIVE = re.compile(r"\b[A-Z][\w-]*(?:'s|’s)\s+([^?,;:.]+)")
_WORD = re.compile(r"[A-Za-z][\w-]*")
MAX_PHRASE_WORDS = 6  # a longer run is no noun phrase but the rest of the question


@lru_cache(maxsize=1)
def phrase_ends() -> frozenset[str]:
    return frozenset(grouped_words(WORDS_PATH, "head noun words").get("phrase_end", ()))


@lru_cache(maxsize=1024)  # asked once per sentence of every passage the reader scores
def asked_head(text: str) -> str:
    """The stem of the last word of the noun phrase after the question's first possessive (`China's overseas
    cooperation zones in ...`: zone), or "" for a Chinese question, one with no possessive, a phrase of one word
    or none (`Freedonia's growth`) or longer than MAX_PHRASE_WORDS, or one ending in a measure (`Freedonia's FDI
    flow`)."""
    if has_cjk(text):
        return ""
    match = _POSSESSIVE.search(text)
    if match is None:
        return ""
    words: list[str] = []
    for word in _WORD.findall(match.group(1)):
        low = word.lower()
        ends_verb = words and low.endswith("ed") and not words[-1].lower().endswith("ly")
        if low in phrase_ends() or ends_verb:
            break
        words.append(word)
    if not 2 <= len(words) <= MAX_PHRASE_WORDS or question_measures(words[-1]):
        return ""  # a measure (`flow`, `exports`) is bound by `rag.read.bound_measures`, not as a head noun
    stems = token_set(words[-1])
    return next(iter(stems)) if len(stems) == 1 else ""


def question_head(question: Question) -> str:
    """`asked_head` of a question asking an amount or a rate; "" for a count, whose counted noun binds its figure
    (`rag.read.counted`: `how many workers did X's firms send`: workers, not firms)."""
    return "" if question.asked == "count" else asked_head(question.text)
